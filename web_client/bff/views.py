"""The BFF's endpoints: sign in and out at the API, say who is signed in, and forward the
page's API calls with the bearer token only the BFF holds (contract: docs of issue 14, §B)."""

import contextlib
import json
from urllib.parse import quote

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST, require_safe

from backend.common.headers import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, RETRY_AFTER, X_REPLICA
from web_client.bff import tokens, upstream
from web_client.bff.guard import bff_endpoint, error
from web_client.bff.sessions import delete_cookie, sent_cookie, session_for, set_cookie

LOGIN_PATH = "/api/auth/jwt/token/"
LOGOUT_PATH = "/api/auth/jwt/logout/"
# What the page may send the API through the BFF, and what comes back from the API's answer.
FORWARDED_HEADERS = ("Content-Type", IDEMPOTENCY_KEY)
RETURNED_HEADERS = (X_REPLICA, RETRY_AFTER, IDEMPOTENT_REPLAYED)

# The token endpoints are the BFF's own business: forwarded, they would hand the page a token
# pair of its own (a login there answers with one in the body).
TOKEN_PATHS = ("auth/jwt/",)

NOT_SIGNED_IN = "bff_not_signed_in"
SESSION_ENDED = "bff_session_ended"
BAD_REQUEST = "bff_bad_request"
NOT_FOUND = "bff_not_found"


def _hostname(request) -> str:
    return request.get_host().rsplit(":", 1)[0].lower()


def _relayed(exchange: upstream.Exchange, *, refreshed=None) -> HttpResponse:
    """The API's answer as the page gets it: status, body and the headers it may read."""
    content_type = exchange.headers.get("Content-Type", "application/json")
    response = HttpResponse(exchange.body, status=exchange.status, content_type=content_type)
    for name in RETURNED_HEADERS:
        if name in exchange.headers:
            response[name] = exchange.headers[name]
    response[upstream.UPSTREAM_HEADER] = exchange.describe(refreshed=refreshed)
    return response


def _failed(failure: upstream.UpstreamFailed) -> JsonResponse:
    response = error(failure.status, failure.code, failure.detail)
    response[upstream.UPSTREAM_HEADER] = failure.exchange.describe()
    return response


def _not_signed_in(request) -> JsonResponse:
    response = error(401, NOT_SIGNED_IN, "Not signed in to the BFF.")
    if sent_cookie(request):
        delete_cookie(response)
    return response


def _ended(request, ended: tokens.SessionEnded) -> JsonResponse:
    """The API refused to renew the sign-in: the BFF session is over (401, cookie deleted)."""
    if ended.exchange is None:
        return _not_signed_in(request)
    reason = ended.exchange.json()
    response = error(
        401, SESSION_ENDED,
        f"The API ended this sign-in: {reason.get('detail', 'refresh refused')} "
        "Sign in to the BFF again.",
        api_code=reason.get("code"),
    )  # fmt: skip
    response[upstream.UPSTREAM_HEADER] = ended.exchange.describe()
    delete_cookie(response)
    return response


@bff_endpoint
@require_POST
def login(request):
    try:
        data = json.loads(request.body)
        credentials = {"username": data["username"], "password": data["password"]}
    except (ValueError, TypeError, KeyError):
        return error(400, BAD_REQUEST, 'Send JSON {"username": …, "password": …}.')
    try:
        exchange = upstream.post_json(_hostname(request), LOGIN_PATH, credentials)
    except upstream.UpstreamFailed as failure:
        return _failed(failure)
    if exchange.status != 200:
        return _relayed(exchange)  # the API's 400/401/429: no token in those
    _replace_earlier_sign_in(request)
    pair = exchange.json()
    store = session_for(request).__class__()  # a new key for every sign-in: no fixation
    tokens.keep(store, username=credentials["username"], access=pair["access"],
                refresh=pair["refresh"])  # fmt: skip
    response = JsonResponse({"username": credentials["username"], "auth": "bff"})
    response[upstream.UPSTREAM_HEADER] = exchange.describe()
    set_cookie(response, store)
    return response


def _replace_earlier_sign_in(request) -> None:
    """A sign-in over an earlier one of this browser: blacklist the earlier refresh token if
    the API can be asked, and forget it either way."""
    earlier = session_for(request)
    with contextlib.suppress(upstream.UpstreamFailed):
        _forget(request, earlier)
    earlier.delete()


def _forget(request, store) -> upstream.Exchange | None:
    """Blacklist `store`'s refresh token at the API and delete the session.

    Raises UpstreamFailed (the session is kept, so that signing out again can still blacklist).
    Returns None if there was nothing to forget, else the API's answer (204, or 401 if the API
    had already ended the sign-in; any other answer keeps the session).
    """
    held = tokens.held(store)
    if held is None:
        return None
    exchange = upstream.post_json(_hostname(request), LOGOUT_PATH, {"refresh": held.refresh})
    if exchange.status in (200, 204, *tokens.REFUSED):
        store.delete()
    return exchange


@bff_endpoint
@require_POST
def logout(request):
    try:
        exchange = _forget(request, session_for(request))
    except upstream.UpstreamFailed as failure:
        return _failed(failure)
    if exchange is None:
        response = JsonResponse({"detail": "Not signed in to the BFF: nothing to sign out."})
    elif exchange.status in (200, 204, *tokens.REFUSED):
        done = ("the API blacklisted the refresh token" if exchange.status in (200, 204)
                else "the API had already ended this sign-in")  # fmt: skip
        response = JsonResponse({"detail": f"Signed out: {done}, and the BFF forgot its tokens."})
        response[upstream.UPSTREAM_HEADER] = exchange.describe()
    else:
        return _relayed(exchange)  # e.g. a 503: still signed in, sign out again later
    delete_cookie(response)
    return response


@bff_endpoint
@require_safe
def session(request):
    held = tokens.held(session_for(request))
    if held is None:
        response = JsonResponse({"signed_in": False})
        if sent_cookie(request):
            delete_cookie(response)
        return response
    return JsonResponse({
        "signed_in": True,
        "username": held.username,
        # When the BFF will renew it (never the token itself): for the page's inspector.
        "access_expires_in": round(max(0.0, tokens.expires_in(held.access)), 1),
    })  # fmt: skip


def _clean(path: str) -> bool:
    """No dot or empty segments: the BFF forwards under /api/ and nowhere else."""
    segments = path.split("/")
    if "\\" in path or any(segment in (".", "..") for segment in segments):
        return False
    return "" not in segments[:-1]


@bff_endpoint
def proxy(request, path: str):
    if not _clean(path):
        return error(404, NOT_FOUND, "The BFF forwards paths under /api/ only.")
    if path.startswith(TOKEN_PATHS):
        return error(404, NOT_FOUND, "The BFF keeps the tokens: sign in at /bff/login/.")
    store = session_for(request)
    if tokens.held(store) is None:
        return _not_signed_in(request)
    hostname = _hostname(request)
    try:
        access, refreshed = tokens.access_for(store, hostname)
        exchange = _forward(request, path, access)
        if exchange.status == 401 and refreshed is None:
            # Refused although not yet due (a clock apart, a revoked token): renew once.
            again, refreshed = tokens.access_for(store.__class__(store.session_key), hostname,
                                                 rejected=access)  # fmt: skip
            if again != access:
                exchange = _forward(request, path, again)
    except tokens.SessionEnded as ended:
        return _ended(request, ended)
    except tokens.RefreshUnanswered as unanswered:
        return _relayed(unanswered.exchange)
    except upstream.UpstreamFailed as failure:
        return _failed(failure)
    return _relayed(exchange, refreshed=refreshed)


def _forward(request, path: str, access: str) -> upstream.Exchange:
    headers = {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}
    return upstream.call(
        _hostname(request), request.method, f"/api/{quote(path)}",
        query=request.META.get("QUERY_STRING", ""), body=request.body, headers=headers,
        access=access,
    )  # fmt: skip

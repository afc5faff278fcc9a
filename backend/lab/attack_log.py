"""The lab's record of what arrived for an attack marker: names and verdicts, never a secret.

A page on another site cannot read the API's answer to its cross-site form or fetch, so the
attacker's site (infra/attacker_site/) tags each attempt with `?lab_attack=<marker>` and its
*server* reads this record afterwards: which cookies arrived (their names), the Origin and
Sec-Fetch-Site the browser sent, the content type, the status and the API's own refusal
(`CSRF Failed: …`). A cookie value, a token or a request body is never recorded, and a
successful answer's body (which may hold tokens) is never read.

The record lives in Django's default cache for a few minutes (per process in the demo, Redis
in the replica lab). LAB_ATTACK_LOG off (production) removes the middleware and the read
endpoint answers 404.
"""

import json
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed

from backend.lab.apis import authorization_scheme
from backend.lab.attack_marker import MARKER_PARAM, MARKER_PATTERN
from backend.lab.echo_diagnosis import request_relation

_MARKER = re.compile(rf"^{MARKER_PATTERN}$")
# Enough for one attack (a preflight, the request, a redirect); the rest is dropped.
ATTEMPTS_PER_MARKER = 10
RETENTION_SECONDS = 600
DETAIL_MAX_CHARS = 300
_CACHE_PREFIX = "lab-attack-log:"
# get-append-set is not atomic; in one process this lock makes it so (the demo's case).
_LOCK = threading.Lock()


def is_marker(value: str | None) -> bool:
    return bool(value) and bool(_MARKER.match(value))


def enabled() -> bool:
    return settings.LAB_ATTACK_LOG


def _refusal(response) -> tuple[str | None, str | None]:
    """`detail` and `code` of an error answer in the API's JSON shape (never a 2xx body)."""
    if response.status_code < 400 or "json" not in response.get("Content-Type", ""):
        return None, None
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    detail, code = body.get("detail"), body.get("code")
    detail = detail[:DETAIL_MAX_CHARS] if isinstance(detail, str) else None
    return detail, code if isinstance(code, str) else None


def attempt_record(request, response) -> dict:
    """What arrived and how the API answered, in names only."""
    meta = request.META
    host = meta.get("HTTP_HOST", "")
    origin = meta.get("HTTP_ORIGIN")
    sec_fetch_site = meta.get("HTTP_SEC_FETCH_SITE")
    detail, code = _refusal(response)
    # Only a request that got through says who it acted as; a refused one acted as nobody.
    user = getattr(request, "user", None) if response.status_code < 400 else None
    return {
        "at": time.time(),
        "method": request.method,
        "host": host,
        "path": request.path,
        "origin": origin,
        "sec_fetch_site": sec_fetch_site,
        "sec_fetch_mode": meta.get("HTTP_SEC_FETCH_MODE"),
        "sec_fetch_dest": meta.get("HTTP_SEC_FETCH_DEST"),
        "relation": request_relation(
            origin=origin, scheme=request.scheme, host=host, sec_fetch_site=sec_fetch_site
        ),
        "content_type": meta.get("CONTENT_TYPE") or None,
        "cookies": sorted(request.COOKIES),
        "authorization_scheme": authorization_scheme(meta.get("HTTP_AUTHORIZATION", "")),
        "status": response.status_code,
        "detail": detail,
        "code": code,
        "authenticated_as": user.get_username() if user and user.is_authenticated else None,
        "cors_allowed_origin": response.get("Access-Control-Allow-Origin"),
    }


def attempts_for(marker: str) -> list[dict]:
    return cache.get(_CACHE_PREFIX + marker, [])


def _append(marker: str, record: dict) -> None:
    with _LOCK:
        attempts = attempts_for(marker)[-(ATTEMPTS_PER_MARKER - 1) :]
        cache.set(_CACHE_PREFIX + marker, [*attempts, record], RETENTION_SECONDS)


class AttackLogMiddleware:
    """Records each request whose query string carries a well-formed `lab_attack` marker.

    It sits outermost but one, so it sees the CORS middleware's answer to a preflight and the
    CSRF refusals, as the browser would have.
    """

    def __init__(self, get_response):
        if not enabled():
            raise MiddlewareNotUsed("LAB_ATTACK_LOG is off.")
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marker = request.GET.get(MARKER_PARAM)
        if is_marker(marker):
            _append(marker, attempt_record(request, response))
        return response

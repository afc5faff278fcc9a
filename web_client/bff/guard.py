"""What every /bff/ request passes first: no CORS preflight, and the BFF's CSRF rule; and
what a store outage becomes (a 503, never a 500).

The rule (Duende BFF's convention): an unsafe request must carry `X-CSRF: 1` and an `Origin`
equal to the BFF's own origin.
- A cross-site HTML form cannot add a header at all, whatever its enctype (urlencoded,
  multipart, text/plain).
- A cross-site `fetch` that adds one is not "simple" (Fetch standard, CORS-safelisted request
  headers), so the browser first sends an OPTIONS preflight; the BFF answers it with no
  Access-Control-* header, so the browser never sends the real request.
- The Origin check refuses what a browser marks as coming from another origin, and a request
  that names none (browsers send Origin on every POST/PUT/PATCH/DELETE fetch).
The session cookie is SameSite=Strict as well; this rule does not lean on it. The BFF does not
use Django's CSRF token (the page would have to fetch and carry one for nothing more): its
views are exempt from CsrfViewMiddleware, which runs in the API process, *because* this
rule replaces it, never to let a cross-site request through.
"""

from functools import wraps

from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from redis.exceptions import RedisError

CSRF_HEADER = "X-CSRF"
SAFE_METHODS = ("GET", "HEAD")

CSRF_HEADER_MISSING = "bff_csrf_header_missing"
ORIGIN_REFUSED = "bff_origin_refused"
PREFLIGHT_REFUSED = "bff_preflight_refused"
STORE_UNAVAILABLE = "bff_store_unavailable"
# The session store's failures: its database (SQLite file, the API's database) or Redis.
STORE_ERRORS = (DatabaseError, RedisError)


def error(status: int, code: str, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code, **extra}, status=status)


def own_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def refusal(request) -> JsonResponse | None:
    """The 403 for a request the BFF must not act on, or None."""
    if request.method == "OPTIONS":
        return error(403, PREFLIGHT_REFUSED, "The BFF answers its own origin only: no CORS.")
    if request.method in SAFE_METHODS:
        return None
    if request.headers.get(CSRF_HEADER) != "1":
        detail = f"Unsafe requests to the BFF must carry the header {CSRF_HEADER}: 1."
        return error(403, CSRF_HEADER_MISSING, detail)
    if request.headers.get("Origin") != own_origin(request):
        detail = f"Unsafe requests to the BFF must come from {own_origin(request)}."
        return error(403, ORIGIN_REFUSED, detail)
    return None


def bff_endpoint(view):
    """A BFF view: guarded by `refusal`, never cached, exempt from Django's CSRF (see above)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return refusal(request) or view(request, *args, **kwargs)
        except STORE_ERRORS:
            detail = "The BFF's session store is unavailable; try again shortly."
            return error(503, STORE_UNAVAILABLE, detail)

    return csrf_exempt(never_cache(guarded))

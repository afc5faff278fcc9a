"""Serves the web client under the API's own origin (/app/): the same-origin topology."""

import posixpath

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.static import serve

# The same strict policy the web client's own server sends: no inline script, no eval.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# Cross-Origin-Opener-Policy, as web_client/site_config.py sends it for the other two pages: a
# matrix run opens the other topologies' pages as windows and talks to them by postMessage. The
# page keeps handles to the windows it opens (same-origin-allow-popups), and a page opened for a
# run (?matrix-helper=<topology>) keeps its opener, which Chromium allows only for unsafe-none.
# SecurityMiddleware's default (same-origin) would sever both.
OPENER_POLICY = "same-origin-allow-popups"
MATRIX_HELPER_PARAM = "matrix-helper"
MATRIX_HELPER_OPENER_POLICY = "unsafe-none"
# Only the page and its assets: never the web client's server, its tests or dotfiles.
PUBLIC_DIRS = ("scripts/", "styles/")
SERVED_SUFFIXES = (".html", ".js", ".css", ".png", ".svg", ".ico", ".json", ".woff2")


def _secure(response, request):
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    helper = MATRIX_HELPER_PARAM in request.GET
    response["Cross-Origin-Opener-Policy"] = (
        MATRIX_HELPER_OPENER_POLICY if helper else OPENER_POLICY
    )
    return response


def web_client_config(request):
    own_origin = f"{request.scheme}://{request.get_host()}"
    config = {
        "apiBaseUrl": own_origin,
        "topology": "same-origin",
        "topologies": {
            "cross-site": f"{settings.WEB_CLIENT_CROSS_SITE_ORIGIN}/",
            "same-site": f"{settings.WEB_CLIENT_SAME_SITE_ORIGIN}/",
            "same-origin": f"{own_origin}/app/",
        },
    }
    return _secure(JsonResponse(config), request)


def web_client_file(request, path: str = ""):
    path = path or "index.html"
    # Django hands the view a decoded path with its dot segments intact: `scripts/../tests/…`
    # would otherwise pass a prefix check and be normalised by `serve` into tests/.
    if posixpath.normpath(path) != path or "\\" in path:
        raise Http404("Not part of the web client.")
    if path != "index.html" and not path.startswith(PUBLIC_DIRS):
        raise Http404("Not part of the web client.")
    if not path.endswith(SERVED_SUFFIXES):
        raise Http404("Not part of the web client.")
    return _secure(serve(request, path, document_root=settings.WEB_CLIENT_DIR), request)

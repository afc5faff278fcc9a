"""Serves the web client under the API's own origin (/app/): the same-origin topology."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.static import serve

from web_client.site_config import (
    MATRIX_HELPER_PARAM,
    PAGE_FILE,
    SAME_ORIGIN,
    bff_base_url,
    collector_url,
    page_asset,
    security_headers,
    topology_urls,
)

SERVED_SUFFIXES = (".html", ".js", ".css", ".png", ".svg", ".ico", ".json", ".woff2")


def _secure(response, request):
    """The web client's own headers: its Content-Security-Policy, and the opener policy a
    matrix run needs (web_client/site_config.py explains both)."""
    helper = MATRIX_HELPER_PARAM in request.GET
    for name, value in security_headers(None, matrix_helper=helper).items():
        response[name] = value
    return response


def web_client_config(request):
    own_origin = f"{request.scheme}://{request.get_host()}"
    config = {
        "apiBaseUrl": own_origin,
        # The same-origin page's BFF is this API process's (web_client.bff, mounted at bff/).
        "bffBaseUrl": bff_base_url(own_origin),
        "topology": SAME_ORIGIN,
        "topologies": topology_urls(settings.WEB_CLIENT_PORT, own_origin),
        # The XSS demo's collector: the page's own server settings say where the attacker's
        # site runs (ATTACKER_SITE_PORT), here as on the web client's server.
        "collectorUrl": collector_url(settings.ATTACKER_SITE_PORT, settings.LAB_SCHEME),
    }
    return _secure(JsonResponse(config), request)


def web_client_file(request, path: str = ""):
    # Django hands the view a decoded path with its dot segments intact (`scripts/../tests/…`),
    # which `serve` would normalise into another folder: the web client's own rule refuses it.
    path = page_asset(path or PAGE_FILE)
    if path is None or not path.endswith(SERVED_SUFFIXES):
        raise Http404("Not part of the web client.")
    return _secure(serve(request, path, document_root=settings.WEB_CLIENT_DIR), request)

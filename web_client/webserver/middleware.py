"""Every answer of the web client's server: only for a page host (others are sent to the
cross-site page), with the page's security headers and no caching."""

from django.conf import settings
from django.http import HttpResponseRedirect

from web_client.site_config import (
    MATRIX_HELPER_PARAM,
    PAGE_HOSTS,
    api_origin,
    page_host,
    security_headers,
)


class PageHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before Django validates the host: an unknown name gets a redirect, not a 400.
        hostname = page_host(request.META.get("HTTP_HOST"))
        if hostname is None:
            # 127.0.0.1 or localhost is neither topology (and not in the API's CORS allowlist).
            hostname = next(iter(PAGE_HOSTS))
            location = f"{settings.WEB_CLIENT.scheme}://{hostname}:{settings.WEB_CLIENT_PORT}/"
            response = HttpResponseRedirect(location, preserve_request=True)  # 307
        else:
            request.page_hostname = hostname
            response = self.get_response(request)
        helper = MATRIX_HELPER_PARAM in request.GET
        api = api_origin(hostname, settings.WEB_CLIENT)
        for name, value in security_headers(api, matrix_helper=helper).items():
            response[name] = value
        # No stale scripts while editing, and config.json must follow the Host every time
        # (the BFF's answers say no-store themselves).
        response.headers.setdefault("Cache-Control", "no-cache")
        return response

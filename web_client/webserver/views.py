"""The page, its assets and its config.json."""

from django.conf import settings
from django.http import Http404, HttpResponseNotFound, JsonResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

from web_client.site_config import BFF_PATH, PAGE_FILE, client_config, page_asset


@require_safe
def config(request):
    return JsonResponse(client_config(request.page_hostname, settings.WEB_CLIENT))


@require_safe
def page_file(request, path: str = ""):
    # Django hands the view a decoded path with its dot segments intact (`scripts/../x`,
    # `scripts/%2e%2e/x`): the page-asset rule refuses those before the disk is asked.
    relative = page_asset(path or PAGE_FILE)
    if relative is None:
        raise Http404("Not part of the web client.")
    # The resolved file must still lie where the rule allowed it (no symlink escape).
    root = settings.WEB_CLIENT_DIR
    file = (root / relative).resolve()
    if not file.is_relative_to(root / relative.split("/", 1)[0]) or not file.is_file():
        raise Http404("Not part of the web client.")
    return serve(request, relative, document_root=root)


def not_found(request, exception=None):
    if request.path.startswith(f"{BFF_PATH}/"):
        return JsonResponse({"detail": "Not found.", "code": "bff_not_found"}, status=404)
    return HttpResponseNotFound("Not found\n", content_type="text/plain; charset=utf-8")

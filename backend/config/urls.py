from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.lab.apis import HealthApi
from backend.lab.web_client_app import web_client_config, web_client_file

urlpatterns = [
    path("api/health/", HealthApi.as_view(), name="health"),
    path("api/auth/", include("backend.authentication.urls")),
    path("api/notes/", include("backend.notes.urls")),
    path("api/lab/", include("backend.lab.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("bff/", include("web_client.bff.urls")),
    path("app/config.json", web_client_config, name="web-client-config"),
    path("app/", web_client_file, name="web-client"),
    path("app/<path:path>", web_client_file),
]

handler400 = "backend.common.errors.bad_request"
handler403 = "backend.common.errors.permission_denied"
handler404 = "backend.common.errors.not_found"
handler500 = "backend.common.errors.server_error"

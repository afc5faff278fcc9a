from django.urls import include, path

from web_client.webserver import views

urlpatterns = [
    path("config.json", views.config, name="config"),
    path("bff/", include("web_client.bff.urls")),
    path("", views.page_file, name="page"),
    path("<path:path>", views.page_file),
]

handler404 = "web_client.webserver.views.not_found"

"""The BFF's routes, mounted at /bff/ by every server that serves the page."""

from django.urls import path

from web_client.bff import views

urlpatterns = [
    path("login/", views.login, name="bff-login"),
    path("logout/", views.logout, name="bff-logout"),
    path("session/", views.session, name="bff-session"),
    path("api/<path:path>", views.proxy, name="bff-api"),
]

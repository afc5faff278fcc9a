from django.urls import path

from infra.attacker_site import loot_views, views
from web_client.site_config import COLLECTOR_PATH

urlpatterns = [
    path("", views.page, name="attacks"),
    path("config.json", views.config),
    path("static/<path:path>", views.static_file),
    path("forms/attack/", views.attack_form),
    path("verdict/", views.verdict),
    path("frames/", views.frame_headers),
    path(COLLECTOR_PATH.removeprefix("/"), loot_views.collect),
    path("loot/", loot_views.loot),
    path("replay/", loot_views.replay),
]

from django.urls import path, re_path

from backend.lab.account_switch_apis import DeactivateMeApi, ReactivateApi
from backend.lab.apis import BenchNoAuthApi, EchoApi
from backend.lab.attack_log_apis import AttackLogApi
from backend.lab.attack_marker import MARKER_PATTERN
from backend.lab.authenticator_apis import MeDbApi, MeStatelessApi
from backend.lab.cookie_probe_apis import CookieProbeApi

urlpatterns = [
    path("echo/", EchoApi.as_view(), name="lab-echo"),
    path("me-db/", MeDbApi.as_view(), name="lab-me-db"),
    path("me-stateless/", MeStatelessApi.as_view(), name="lab-me-stateless"),
    path("deactivate-me/", DeactivateMeApi.as_view(), name="lab-deactivate-me"),
    path("reactivate/", ReactivateApi.as_view(), name="lab-reactivate"),
    path("cookie-probe/", CookieProbeApi.as_view(), name="lab-cookie-probe"),
    path("bench/noauth/", BenchNoAuthApi.as_view(), name="lab-bench-noauth"),
    re_path(
        rf"^attack-log/(?P<marker>{MARKER_PATTERN})/$",
        AttackLogApi.as_view(),
        name="lab-attack-log",
    ),
]

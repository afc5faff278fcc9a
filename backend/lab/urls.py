from django.urls import path

from backend.lab.apis import BenchNoAuthApi, EchoApi

urlpatterns = [
    path("echo/", EchoApi.as_view(), name="lab-echo"),
    path("bench/noauth/", BenchNoAuthApi.as_view(), name="lab-bench-noauth"),
]

from django.urls import path

from backend.lab.apis import EchoApi

urlpatterns = [
    path("echo/", EchoApi.as_view(), name="lab-echo"),
]

"""The BFF's routes, mounted at /bff/ by every server that serves the page."""

urlpatterns: list = []

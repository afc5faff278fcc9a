"""Names the replica that served each response, so load-balancer behaviour is visible."""

from django.conf import settings

from backend.common.headers import X_REPLICA as REPLICA_HEADER


class ReplicaHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.replica = settings.REPLICA_NAME

    def __call__(self, request):
        response = self.get_response(request)
        response[REPLICA_HEADER] = self.replica
        return response

"""Another device of the same user: it signs in with JWT and uses "log out everywhere", which
ends every sign-in of the user (the API contract of issue 12)."""

import tempfile

from infra.cluster.client import lab_client, request
from mobile_client.apiclient.transport import Reply

LOGOUT_ALL = "/api/auth/logout-all/"
# What a device signed out this way must tell its user (issue 12), word for word.
SIGNED_OUT_ELSEWHERE = "You were signed out on all devices (from another device). Sign in again."


def sign_out_everywhere(base_url: str, username: str, password: str) -> Reply:
    """The answer to POST /api/auth/logout-all/ (204 when it worked) sent from this device."""
    with tempfile.TemporaryDirectory(prefix="other-device-") as token_dir:
        device = lab_client(base_url, mode="jwt", token_dir=token_dir)
        device.login(username, password)
        return request(device, "POST", LOGOUT_ALL)

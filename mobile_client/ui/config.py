"""The UI's settings: the one place in mobile_client that reads the environment."""

import os

from kivy.utils import platform

# The Android emulator reaches the development machine's loopback at 10.0.2.2.
DESKTOP_SERVER_URL = "http://127.0.0.1:8000"
EMULATOR_SERVER_URL = "http://10.0.2.2:8000"
SERVER_URL_VARIABLE = "LAB_SERVER_URL"
MODE_VARIABLE = "LAB_CLIENT_MODE"
# A CA certificate (PEM) to trust for an https server: the lab's, for `make demo HTTPS=1`
# (`make mobile HTTPS=1` names .dev-secrets/tls/ca/rootCA.pem). Empty: the system's CAs.
CA_FILE_VARIABLE = "LAB_CA_FILE"


def default_server_url() -> str:
    """LAB_SERVER_URL if set, else the address of the demo API as seen from this device."""
    fallback = EMULATOR_SERVER_URL if platform == "android" else DESKTOP_SERVER_URL
    return os.environ.get(SERVER_URL_VARIABLE) or fallback


def default_mode() -> str:
    return os.environ.get(MODE_VARIABLE) or "jwt"


def ca_file() -> str | None:
    """LAB_CA_FILE: the CA the client trusts for an https server, besides the system's."""
    return os.environ.get(CA_FILE_VARIABLE) or None

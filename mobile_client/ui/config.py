"""The UI's settings: the one place in mobile_client that reads the environment."""

import os

from kivy.utils import platform

# The Android emulator reaches the development machine's loopback at 10.0.2.2.
DESKTOP_SERVER_URL = "http://127.0.0.1:8000"
EMULATOR_SERVER_URL = "http://10.0.2.2:8000"
SERVER_URL_VARIABLE = "LAB_SERVER_URL"
MODE_VARIABLE = "LAB_CLIENT_MODE"


def default_server_url() -> str:
    """LAB_SERVER_URL if set, else the address of the demo API as seen from this device."""
    fallback = EMULATOR_SERVER_URL if platform == "android" else DESKTOP_SERVER_URL
    return os.environ.get(SERVER_URL_VARIABLE) or fallback


def default_mode() -> str:
    return os.environ.get(MODE_VARIABLE) or "jwt"

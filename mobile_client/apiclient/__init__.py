"""Pure-Python client of the lab API (no Kivy import): JWT, session and naive-session modes."""

from .client import MODES, ApiClient
from .errors import (
    ApiError,
    AuthError,
    BadResponseError,
    CsrfRejected,
    InsecureServerUrl,
    InvalidCredentials,
    InvalidServerUrl,
    NetworkError,
    NotAuthenticated,
    RateLimited,
    RequestRejected,
    ServerError,
    SignInExpired,
)
from .exchange import Exchange
from .jwt_claims import decode_claims

__all__ = [
    "MODES",
    "ApiClient",
    "ApiError",
    "AuthError",
    "BadResponseError",
    "CsrfRejected",
    "Exchange",
    "InsecureServerUrl",
    "InvalidCredentials",
    "InvalidServerUrl",
    "NetworkError",
    "NotAuthenticated",
    "RateLimited",
    "RequestRejected",
    "ServerError",
    "SignInExpired",
    "decode_claims",
]

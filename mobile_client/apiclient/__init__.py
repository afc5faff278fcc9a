"""Pure-Python client of the lab API (no Kivy import): JWT, session, cookie-JWT and naive-session
modes."""

from .client import ACCESS_TOKEN_MODES, MODES, ApiClient
from .errors import (
    AccountDeleted,
    AccountDisabled,
    ApiError,
    AuthError,
    BadResponseError,
    CsrfRejected,
    InsecureServerUrl,
    InvalidCredentials,
    InvalidServerUrl,
    NetworkError,
    NotAuthenticated,
    PasswordChanged,
    RateLimited,
    RefreshReused,
    RequestRejected,
    ServerError,
    SignedOutElsewhere,
    SignInEnded,
    SignInExpired,
)
from .exchange import Exchange
from .jwt_claims import decode_claims

__all__ = [
    "ACCESS_TOKEN_MODES",
    "MODES",
    "AccountDeleted",
    "AccountDisabled",
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
    "PasswordChanged",
    "RateLimited",
    "RefreshReused",
    "RequestRejected",
    "ServerError",
    "SignInEnded",
    "SignInExpired",
    "SignedOutElsewhere",
    "decode_claims",
]

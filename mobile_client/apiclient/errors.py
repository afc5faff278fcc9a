"""Typed failures of the API client; each message tells a person what happened and what to do."""


class ApiError(Exception):
    """Base of every failure the client reports; `str(error)` is the sentence to show."""

    def __init__(self, message: str, *, status: int | None = None, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail


class InvalidServerUrl(ApiError):
    """The server address typed in the settings is not a usable http(s) URL."""


class InsecureServerUrl(InvalidServerUrl):
    """The address asks for plain http:// to a host that is not this device or the emulator's."""


class NetworkError(ApiError):
    """The server could not be reached (refused, timed out, name not found)."""


class BadResponseError(ApiError):
    """The server answered, but not with the JSON the API promises."""


class ServerError(ApiError):
    """The server failed (5xx); retrying later may help, the request itself was fine."""


class RequestRejected(ApiError):
    """The server refused the request's content (400 validation, 404 not found)."""


class RateLimited(ApiError):
    """Too many attempts; `retry_after` says how many seconds to wait."""

    def __init__(self, message: str, *, retry_after: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class AuthError(ApiError):
    """Base of the failures that mean: you are not (or no longer) signed in."""


class InvalidCredentials(AuthError):
    """The username or password is wrong."""


class NotAuthenticated(AuthError):
    """The server did not recognise the credentials on a request; `reasons` is its diagnosis."""

    def __init__(self, message: str, *, reasons: list[str] | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.reasons = reasons or []


class SignInEnded(AuthError):
    """The server refused to renew this device's sign-in; its tokens are gone from the device.

    `code` is the server's reason (see refresh_refusals.py); the message says what to do.
    """

    def __init__(self, message: str, *, code: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.code = code


class SignInExpired(SignInEnded):
    """The refresh token expired, reached its sign-in's lifetime or was refused for no given
    reason: the user has to log in again."""


class SignedOutElsewhere(SignInEnded):
    """Someone used "log out everywhere" (on this account, from any device)."""


class PasswordChanged(SignInEnded):
    """The account's password was changed, which ends every sign-in made with the old one."""


class RefreshReused(SignInEnded):
    """A refresh token came back after it had been used: the server ended the sign-in as stolen."""


class AccountDisabled(SignInEnded):
    """The account was deactivated; signing in again will not work until it is reactivated."""


class AccountDeleted(SignInEnded):
    """The account no longer exists."""


class CsrfRejected(AuthError):
    """The server's CSRF check refused an unsafe session request."""

"""Why the server would not renew a sign-in: the refresh endpoint's refusal codes (the API
contract of issue 12), each as a typed error with a sentence a person can act on.

The one module that knows these codes. Any other refusal (an expired or blacklisted token, a
code added to the server later) is a plain SignInExpired: the user is still told to sign in.
"""

from .errors import (
    AccountDeleted,
    AccountDisabled,
    PasswordChanged,
    RefreshReused,
    SignedOutElsewhere,
    SignInEnded,
    SignInExpired,
)
from .status_errors import server_detail
from .transport import Reply

REFUSALS: dict[str, tuple[type[SignInEnded], str]] = {
    "signed_out_everywhere": (
        SignedOutElsewhere,
        "You were signed out on all devices (from another device). Sign in again.",
    ),
    "password_changed": (
        PasswordChanged,
        "Your password was changed, which signed you out on all devices. "
        "Sign in again with the new password.",
    ),
    "refresh_reused": (
        RefreshReused,
        "You were signed out for safety: a refresh token of this sign-in was used twice, which "
        "can mean someone copied it. Sign in again, and change your password if this was not you.",
    ),
    "user_inactive": (
        AccountDisabled,
        "This account has been deactivated, so you were signed out. Signing in works again "
        "once it is reactivated.",
    ),
    "user_not_found": (
        AccountDeleted,
        "This account no longer exists, so you were signed out. Sign in with another account.",
    ),
    "family_expired": (
        SignInExpired,
        "Your sign-in reached its maximum lifetime and cannot be renewed any more. Sign in again.",
    ),
}
EXPIRED_OR_REVOKED = "Your sign-in has expired or was revoked; please log in again."


def refusal_error(reply: Reply) -> SignInEnded:
    """The error for a refresh the server refused (400/401): its `code` picks type and message."""
    data = reply.data if isinstance(reply.data, dict) else {}
    code = data.get("code") if isinstance(data.get("code"), str) else None
    detail = server_detail(reply)
    if code in REFUSALS:
        kind, message = REFUSALS[code]
    else:
        said = f" The server said: {detail}" if detail else ""
        kind, message = SignInExpired, EXPIRED_OR_REVOKED + said
    return kind(message, status=reply.status, detail=detail, code=code)

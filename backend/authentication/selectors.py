"""Reads of the authentication state that other apps' writes depend on."""

from django.contrib.auth import get_user_model
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.models import TokenUser

from backend.authentication.models import SessionUser

ACCOUNT_GONE = (
    "This account no longer exists. The stateless authenticator accepted the token because it "
    "consults nothing on the server until the token expires, but this request writes a row "
    "that must belong to the account."
)


def session_user(*, user_id) -> SessionUser | None:
    """The user with this id as sessions see it, or None: Django's ModelBackend.get_user query
    with the sign-out generation joined in (one query, not a second one for the generation)."""
    users = SessionUser._default_manager.select_related("session_generation")
    try:
        return users.get(pk=user_id)
    except SessionUser.DoesNotExist:
        return None


def account_row_required(*, user) -> None:
    """401 `user_not_found` when the request's user has no row any more.

    Only a TokenUser (the stateless authenticator) can be a deleted user: it is built from the
    token's claims alone, and stays valid until the token expires. Reads simply find nothing
    of it; a write that references the user's row would fail on the foreign key.
    """
    if not isinstance(user, TokenUser):
        return  # loaded from its row on this request
    if not get_user_model()._default_manager.filter(pk=user.pk).exists():
        raise AuthenticationFailed(ACCOUNT_GONE, code="user_not_found")

"""What Django and simplejwt do not keep: refresh-token families and per-user session generations.

Only bookkeeping lives here; the rules that read and write it are in `refresh_families.py`
(families) and `services.py` (sign-out everywhere).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.crypto import salted_hmac

# Where the generation is folded into Django's session hash; changing it ends every session.
SESSION_HASH_SALT = "backend.authentication.models.SessionUser.get_session_auth_hash"


class RefreshFamily(models.Model):
    """The chain of refresh tokens one JWT login started, and which of them may be used now."""

    # The `family` claim of every refresh token of the chain (32 hex digits).
    id = models.CharField(primary_key=True, max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="refresh_families"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Absolute: fixed at login, never moved by rotation (also the `family_exp` claim).
    expires_at = models.DateTimeField(db_index=True)
    # The jti of the one refresh token that may be used; "" once it was logged out.
    current_jti = models.CharField(max_length=255, blank=True)
    # Why the family was ended early: the 401 code every later use answers; "" while live.
    revoked_reason = models.CharField(max_length=32, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.id}"


class SessionGeneration(models.Model):
    """A counter per user; raising it ends every session of the user, in every session store."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="session_generation",
    )
    generation = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.generation}"


class SessionUser(get_user_model()):
    """Django's user as the session layer sees it: the session auth hash covers the generation.

    Django stores a hash of the password field in each session at login and compares it on
    every request, which is how a password change ends the other sessions in any store — the
    signed-cookie store included, which cannot be enumerated. Folding the generation into that
    hash lets "log out everywhere" do the same without touching the password. At generation 0
    the hash is Django's own, so sessions made before this existed stay valid.
    """

    class Meta:
        proxy = True

    def sign_out_generation(self) -> int:
        try:
            return self.session_generation.generation
        except ObjectDoesNotExist:
            return 0

    def get_session_auth_hash(self) -> str:
        return self._with_generation(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        for fallback in super().get_session_auth_fallback_hash():
            yield self._with_generation(fallback)

    def _with_generation(self, django_hash: str) -> str:
        generation = self.sign_out_generation()
        if generation == 0:
            return django_hash
        # Keyed by Django's hash (itself keyed by SECRET_KEY or a fallback), so the fallback
        # hashes Django tries after a key rotation fold the same way.
        return salted_hmac(
            SESSION_HASH_SALT, str(generation), secret=django_hash, algorithm="sha256"
        ).hexdigest()

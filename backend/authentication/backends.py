"""The authentication backend: Django's ModelBackend, handing out SessionUsers.

Correctness, not tuning. "Log out everywhere" ends every session by folding a per-user
generation into Django's session auth hash (models.SessionUser). Django stores the hash of the
user `login()` is given and compares it with the hash of the user `get_user()` returns on every
request, so both must be SessionUsers. Per request this is Django's own work: one query for the
user (its generation joined in). The tuning app's snapshot backend subclasses this one.
"""

from django.contrib.auth.backends import ModelBackend

from backend.authentication.selectors import session_user


class SessionUserBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return None if user is None else session_user(user_id=user.pk)

    def get_user(self, user_id):
        return self.active_or_none(session_user(user_id=user_id))

    def active_or_none(self, user):
        """`user` if it may be authenticated (Django's is_active rule), else None."""
        return user if user is not None and self.user_can_authenticate(user) else None

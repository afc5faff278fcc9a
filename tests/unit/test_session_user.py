"""The session hash of a SessionUser: Django's own at generation 0, a new one per generation,
and still verifiable through Django's fallback keys after SECRET_KEY rotates."""

from django.contrib.auth.models import User
from django.test import override_settings

from backend.authentication.models import SessionGeneration, SessionUser

OLD_KEY = "an-old-secret-key-that-signed-yesterdays-sessions-0123456789"
NEW_KEY = "a-new-secret-key-that-signs-todays-sessions-9876543210-abcdef"


def user_at(generation: int) -> SessionUser:
    user = SessionUser(pk=7, username="alice", password="md5$salt$digest")
    user.session_generation = SessionGeneration(user_id=7, generation=generation)
    return user


def test_generation_zero_is_djangos_own_hash():
    # Sessions made before sign-out generations existed stay valid.
    plain = User(pk=7, username="alice", password="md5$salt$digest")
    assert user_at(0).get_session_auth_hash() == plain.get_session_auth_hash()


def test_each_generation_has_its_own_hash():
    hashes = {user_at(generation).get_session_auth_hash() for generation in range(4)}
    assert len(hashes) == 4


def test_a_hash_made_before_a_key_rotation_is_a_fallback_hash_after_it():
    with override_settings(SECRET_KEY=OLD_KEY):
        stored = user_at(3).get_session_auth_hash()
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        assert user_at(3).get_session_auth_hash() != stored
        assert stored in list(user_at(3).get_session_auth_fallback_hash())
        assert stored not in list(user_at(4).get_session_auth_fallback_hash())

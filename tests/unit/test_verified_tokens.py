"""Verify-once access tokens (LAB_TUNING): the cache never lets a bad or expired token through."""

import time

import jwt as pyjwt
import pytest
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenBackendExpiredToken

from backend.tuning import verified_tokens
from backend.tuning.verified_tokens import VerifiedOnceTokenBackend

KEY = "unit-test-key-0123456789abcdef0123456789"


def backend() -> VerifiedOnceTokenBackend:
    return VerifiedOnceTokenBackend("HS256", KEY, None, "aud", "iss", None, 0)


def token(**claims) -> str:
    base = {"aud": "aud", "iss": "iss", "exp": int(time.time()) + 60, "user_id": "1"}
    return pyjwt.encode({**base, **claims}, KEY, algorithm="HS256")


def test_a_cached_token_is_refused_once_it_expires(monkeypatch):
    checker = backend()
    good = token(exp=int(time.time()) + 30)
    assert checker.decode(good)["user_id"] == "1"
    later = time.time() + 31
    monkeypatch.setattr(verified_tokens, "_now", lambda: later)
    with pytest.raises(TokenBackendExpiredToken):
        checker.decode(good)


def test_a_bad_signature_is_refused_every_time_and_never_cached():
    checker = backend()
    forged = pyjwt.encode({"aud": "aud", "iss": "iss", "user_id": "2"}, "other-key" * 5)
    for _ in range(2):
        with pytest.raises(TokenBackendError):
            checker.decode(forged)
    assert checker.verified_claims.cache_info().currsize == 0


def test_wrong_audience_is_refused_even_after_a_good_token_was_cached():
    checker = backend()
    checker.decode(token())
    with pytest.raises(TokenBackendError):
        checker.decode(token(aud="someone-else"))


def test_callers_cannot_change_the_cached_claims():
    checker = backend()
    good = token()
    checker.decode(good)["user_id"] = "999"
    assert checker.decode(good)["user_id"] == "1"


def test_a_repeated_token_is_verified_once():
    checker = backend()
    good = token()
    for _ in range(5):
        checker.decode(good)
    info = checker.verified_claims.cache_info()
    assert (info.misses, info.hits) == (1, 4)

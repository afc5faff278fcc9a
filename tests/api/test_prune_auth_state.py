"""The housekeeping command removes expired sessions, refresh tokens and refresh-token
families, and only those."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from backend.authentication.models import RefreshFamily
from backend.authentication.refresh_families import FamilyRefreshToken
from web_client.bff.models import BffSession

pytestmark = pytest.mark.django_db


def test_prune_deletes_expired_rows_and_keeps_live_ones(alice):
    now = timezone.now()
    Session.objects.create(
        session_key="expired" * 4, session_data="", expire_date=now - timedelta(1)
    )
    Session.objects.create(session_key="alive" * 6, session_data="", expire_date=now + timedelta(1))
    # The BFF of the API's same-origin page keeps its sign-ins in the API's database too.
    BffSession.objects.create(session_key="ended" * 6, session_data="", expire_date=now)
    BffSession.objects.create(
        session_key="going" * 6, session_data="", expire_date=now + timedelta(1)
    )
    live = RefreshToken.for_user(alice)
    OutstandingToken.objects.create(
        user=alice,
        jti="old-jti",
        token="x",
        created_at=now - timedelta(3),
        expires_at=now - timedelta(2),
    )
    call_command("prune_auth_state")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["alive" * 6]
    assert list(BffSession.objects.values_list("session_key", flat=True)) == ["going" * 6]
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [live["jti"]]


def test_prune_deletes_refresh_families_past_their_absolute_end(alice):
    live = FamilyRefreshToken.for_user(alice)
    ended = FamilyRefreshToken.for_user(alice)
    RefreshFamily.objects.filter(pk=ended["family"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("prune_auth_state")
    assert list(RefreshFamily.objects.values_list("pk", flat=True)) == [live["family"]]


@pytest.mark.postgres
def test_prune_removes_more_expired_tokens_than_one_statement_may_bind(alice):
    # 65,535 is PostgreSQL's limit of bound parameters per statement; simplejwt's own
    # flushexpiredtokens deleted every expired token (and its blacklist row) in one.
    expired_at = timezone.now() - timedelta(days=1)
    count = 65_536 + 100
    tokens = OutstandingToken.objects.bulk_create(
        OutstandingToken(
            user=alice, jti=f"old-{n}", token="x", created_at=expired_at, expires_at=expired_at
        )
        for n in range(count)
    )
    BlacklistedToken.objects.bulk_create(BlacklistedToken(token=token) for token in tokens)
    live = RefreshToken.for_user(alice)
    call_command("prune_auth_state")
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [live["jti"]]
    assert not BlacklistedToken.objects.exists()

"""One store's filler for `make scale`, inside Django in a process of its own (settings are per
process): JSON commands in on stdin, one JSON answer per line on stdout.

    {"op": "start", "store": "db", "seed": "…", "session_key": "…"}   -> {"data": {…}}
    {"op": "fill", "live": 100000}     -> bytes of state now, seconds spent filling
    {"op": "prune", "expired": 10000}  -> adds that many expired items, times prune_auth_state

Items go in through the lab's own code paths, in bulk: session rows are the session model's
(`SessionStore.get_model_class()`), their data encoded by the store's own `SessionStore.encode`;
Redis copies are written with the session cache's `set_many` under the keys Django's cache
session stores use (`SessionStore.cache_key_prefix`); refresh tokens are minted by simplejwt
and recorded as simplejwt's `OutstandingToken` / `BlacklistedToken` rows, as rotation leaves
them. Every store's sessions carry the data of one real login through the API.
"""

import hashlib
import io
import json
import sys
import time
from datetime import timedelta
from importlib import import_module

import django
from django.db import DatabaseError

BATCH = 10_000
# Redis drops keys whose time is up by itself; a 1 s lifetime makes them expired at once.
EXPIRED_CACHE_TIMEOUT_S = 1


def session_key(seed: str, index: int | str) -> str:
    """The index-th filled session's key: 32 characters from [0-9a-f], as Django's keys are,
    the same in every process of a run (cached_db's Redis copies name the db store's rows)."""
    return hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=16).hexdigest()


class Filler:
    def __init__(self, store: str, seed: str, data: dict):
        self.store, self.seed, self.data, self.live = store, seed, data, 0
        self.expired_made = 0
        self.meter = self._meter()
        self.baseline = self.meter()

    def fill(self, live: int) -> dict:
        started = time.perf_counter()
        while self.live < live:
            count = min(BATCH, live - self.live)
            self._add(range(self.live, self.live + count), expired=False)
            self.live += count
        self._settle()
        seconds = time.perf_counter() - started
        answer = {"bytes": self.meter() - self.baseline, "fill_s": round(seconds, 2)}
        if self.store != "jwt":
            answer["load_us"] = self.load_us(session_key(self.seed, live // 2))
        return answer

    def load_us(self, key: str) -> float:
        """Wall µs of the store's own `SessionStore(key).load()` for one filled session: the
        store read a request makes, without the HTTP around it."""
        from infra.bench.timing import WALL, per_call_us

        store = _engine().SessionStore
        if not store(session_key=key).load():
            raise RuntimeError(f"filled session {key} does not load from the {self.store} store")
        return per_call_us(lambda: store(session_key=key).load(), clock=WALL)

    def prune(self, expired: int) -> dict:
        from django.core.management import call_command

        first = self.expired_made
        for start in range(first, first + expired, BATCH):
            stop = min(start + BATCH, first + expired)
            self._add([f"x{index}" for index in range(start, stop)], expired=True)
        self.expired_made += expired
        before = self._count()
        started = time.perf_counter()
        try:
            call_command("prune_auth_state", stdout=io.StringIO())
        except DatabaseError as error:
            # A prune that fails at this size is a finding, not a reason to stop measuring.
            return {
                "prune_s": None,
                "removed": 0,
                "prune_error": f"{type(error).__name__}: {error}",
            }
        seconds = time.perf_counter() - started
        return {"prune_s": round(seconds, 3), "removed": before - self._count()}

    def _settle(self) -> None:
        """VACUUM ANALYZE the filled tables, as autovacuum soon would after a bulk load: its
        work then does not land in the latency measured next."""
        from django.db import connection

        if self.store not in ("db", "jwt") or connection.vendor != "postgresql":
            return
        models = (
            _token_models() if self.store == "jwt" else [_engine().SessionStore.get_model_class()]
        )
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(
                    f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}"
                )

    # --- per store ------------------------------------------------------------------------
    def _meter(self):
        from django.conf import settings

        from infra.cluster.state_meters import RedisMeter, table_bytes

        if self.store == "jwt":
            tables = [model._meta.db_table for model in _token_models()]
            return lambda: table_bytes(tables)
        if self.store == "db":
            table = _engine().SessionStore.get_model_class()._meta.db_table
            return lambda: table_bytes([table])
        return RedisMeter(settings.REDIS_URL).used_memory

    def _add(self, indexes, *, expired: bool) -> None:
        if self.store == "db":
            self._add_rows(indexes, expired)
        elif self.store == "jwt":
            self._add_tokens(len(indexes), expired)
        else:
            self._add_cache_entries(indexes, expired)

    def _add_rows(self, indexes, expired: bool) -> None:
        from django.conf import settings
        from django.utils import timezone

        store = _engine().SessionStore
        model = store.get_model_class()
        encoded = store().encode(self.data)
        age = -3600 if expired else settings.SESSION_COOKIE_AGE
        expire_date = timezone.now() + timedelta(seconds=age)
        rows = [model(session_key=session_key(self.seed, i), session_data=encoded,
                      expire_date=expire_date) for i in indexes]  # fmt: skip
        model.objects.bulk_create(rows, batch_size=BATCH)

    def _add_cache_entries(self, indexes, expired: bool) -> None:
        from django.conf import settings
        from django.core.cache import caches

        prefix = _engine().SessionStore.cache_key_prefix
        timeout = EXPIRED_CACHE_TIMEOUT_S if expired else settings.SESSION_COOKIE_AGE
        entries = {prefix + session_key(self.seed, i): self.data for i in indexes}
        caches[settings.SESSION_CACHE_ALIAS].set_many(entries, timeout)

    def _add_tokens(self, count: int, expired: bool) -> None:
        """Rotated refresh tokens: each an outstanding row, blacklisted by its rotation."""
        from rest_framework_simplejwt.tokens import RefreshToken
        from rest_framework_simplejwt.utils import datetime_from_epoch

        outstanding_model, blacklisted_model = _token_models()
        user = _demo_user()
        rows = []
        for _ in range(count):
            token = RefreshToken()
            token.payload.update(self.data)
            if expired:
                token.set_exp(from_time=token.current_time - timedelta(days=2))
            rows.append(outstanding_model(
                user=user, jti=token["jti"], token=str(token), created_at=token.current_time,
                expires_at=datetime_from_epoch(token["exp"]),
            ))  # fmt: skip
        made = outstanding_model.objects.bulk_create(rows, batch_size=BATCH)
        blacklisted_model.objects.bulk_create(
            [blacklisted_model(token=row) for row in made], batch_size=BATCH
        )

    def _count(self) -> int:
        if self.store == "db":
            return _engine().SessionStore.get_model_class().objects.count()
        if self.store == "jwt":
            return _token_models()[0].objects.count()
        # Cache stores: prune has nothing to remove; Redis expires entries itself.
        return 0


def _engine():
    from django.conf import settings

    return import_module(settings.SESSION_ENGINE)


def _token_models():
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    return OutstandingToken, BlacklistedToken


def _demo_user():
    from django.contrib.auth import get_user_model

    from infra.config import DEMO_USER

    return get_user_model().objects.get(username=DEMO_USER)


def session_data(session_key_of_login: str) -> dict:
    """The session a real login made (db store): what every filled session carries."""
    from django.contrib.sessions.backends.db import SessionStore

    data = SessionStore(session_key=session_key_of_login).load()
    if not data:
        raise SystemExit("The logged-in session could not be read back from the database.")
    return data


def token_claims(user) -> dict:
    """The claims the lab's login puts in a refresh token besides simplejwt's own."""
    from rest_framework_simplejwt.tokens import RefreshToken

    from backend.authentication.services import jwt_pair_issue

    issued = RefreshToken(jwt_pair_issue(user=user)["refresh"])
    return {k: v for k, v in issued.payload.items() if k not in ("exp", "iat", "jti")}


def main() -> None:
    django.setup()
    filler = None
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "start":
            if command["store"] == "jwt":
                data = token_claims(_demo_user())
            else:
                data = command.get("data") or session_data(command["session_key"])
            filler = Filler(command["store"], command["seed"], data)
            answer = {"data": data}
        elif command["op"] == "fill":
            answer = filler.fill(command["live"])
        else:
            answer = filler.prune(command["expired"])
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()

"""What a BFF session holds, read from the web client's SQLite store as the BFF wrote it
(the tests sign it with a key they know: conftest.SECRET_KEY)."""

import sqlite3

from django.core import signing

from tests.bff.conftest import SECRET_KEY

# Django's session engines sign their data with this salt (SessionBase.key_salt).
SESSION_SALT = "django.contrib.sessions.SessionStore"


def held_tokens(web_client, session_key: str) -> dict:
    path = web_client.env["BFF_SQLITE_PATH"]
    with sqlite3.connect(path) as db:
        (data,) = db.execute(
            "SELECT session_data FROM bff_session WHERE session_key = ?", (session_key,)
        ).fetchone()
    return signing.loads(data, key=SECRET_KEY, salt=SESSION_SALT,
                         serializer=signing.JSONSerializer, fallback_keys=[])  # fmt: skip

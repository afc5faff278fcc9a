"""The real Kivy window, driven like a person would: it runs in a subprocess (kivy_driver.py)
with SDL's offscreen driver, and these tests assert on the widget states and screenshots it
wrote."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mobile_client.apiclient import ApiClient
from tests.mobile.conftest import REFRESH_TTL_SECONDS
from tests.mobile.other_device import SIGNED_OUT_ELSEWHERE
from tests.mobile.png_pixels import color_census
from tests.support.live_api import REPO_ROOT

pytestmark = pytest.mark.mobile

ARTIFACTS = Path(__file__).parent / "artifacts"
APP_DATA_FOLDER = "sessiontokenlab"  # App.user_data_dir under XDG_CONFIG_HOME


def run_driver(scenario, tmp_path, server, password, *extra) -> tuple[dict, Path]:
    out = ARTIFACTS / scenario
    shutil.rmtree(out, ignore_errors=True)
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "offscreen",
        "KIVY_HOME": str(tmp_path / "kivy"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "LAB_SERVER_URL": server,
    }
    (tmp_path / "xdg").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "tests.mobile.kivy_driver", scenario, "--server", server,
         "--password", password, "--out", str(out), *extra],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    (out / "driver.log").write_text(done.stdout + done.stderr)
    observations = out / "observations.json"
    assert observations.exists(), done.stderr[-4000:]
    seen = json.loads(observations.read_text())
    assert not seen["errors"], "\n".join(seen["errors"]) + done.stderr[-3000:]
    assert done.returncode == 0
    return seen, out


def assert_is_a_real_picture(png: Path) -> None:
    colours, not_background = color_census(png)
    assert colours > 100, f"{png} has only {colours} colours"
    assert not_background > 0.2, f"{png} is {1 - not_background:.0%} one colour"


def logged(step: dict, fragment: str) -> bool:
    return any(fragment in row for row in step["log_rows"])


def cookies_in(row: str) -> set[str]:
    """The cookie names a log row says its request sent."""
    listed = re.search(r"  cookies: (\w+(?:, \w+)*)", row)
    return set(listed.group(1).split(", ")) if listed else set()


def test_login_me_notes_and_logout_in_jwt_session_and_cookie_jwt_mode(live_api, tmp_path):
    seen, out = run_driver("flows", tmp_path, live_api.base_url, live_api.password)

    jwt = {key.split(".", 1)[1]: value for key, value in seen.items() if key.startswith("jwt.")}
    assert jwt["after_login"]["screen"] == "notes"
    assert jwt["after_login"]["settings_locked"]
    assert "alice" in jwt["after_login"]["me"] and "auth: jwt" in jwt["after_login"]["me"]
    assert re.search(r"access token expires in 4:[45]\d", jwt["after_login"]["countdown"])
    assert "username: alice" in jwt["after_login"]["claims"]
    assert "token_type: access" in jwt["after_login"]["claims"]
    assert jwt["after_login"]["token_file"]
    assert logged(jwt["after_login"], "POST /api/auth/jwt/token/  200 OK")
    assert any(title.startswith("Kivy jwt note") for title in jwt["after_create"]["note_rows"])
    assert jwt["after_create"]["draft_title"] == jwt["after_create"]["draft_text"] == ""
    assert jwt["after_spoil"]["log_rows"][-3:][0].startswith("GET /api/auth/me/  401")
    assert jwt["after_spoil"]["log_rows"][-2].startswith("POST /api/auth/jwt/refresh/  200")
    assert jwt["after_spoil"]["log_rows"][-1].startswith("GET /api/auth/me/  200")
    assert "why: retry with the refreshed access token" in jwt["after_spoil"]["log_detail"]
    assert not any(t.startswith("Kivy jwt note") for t in jwt["after_delete"]["note_rows"])
    assert jwt["after_logout"]["screen"] == "login"
    assert not jwt["after_logout"]["token_file"]
    assert not jwt["after_logout"]["settings_locked"]
    assert jwt["after_logout"]["log_rows"][-1].startswith("POST /api/auth/jwt/logout/  204")

    session = {k.split(".", 1)[1]: v for k, v in seen.items() if k.startswith("session.")}
    assert session["after_login"]["screen"] == "notes"
    assert "auth: session" in session["after_login"]["me"]
    assert session["after_login"]["credentials"] == "Cookie jar (memory): csrftoken, sessionid"
    assert session["after_login"]["countdown"] == session["after_login"]["claims"] == ""
    assert not session["after_login"]["token_file"]
    assert any(t.startswith("Kivy session note") for t in session["after_create"]["note_rows"])
    assert not any(t.startswith("Kivy session note") for t in session["after_delete"]["note_rows"])
    assert session["after_logout"]["screen"] == "login"
    assert session["after_logout"]["log_rows"][-1].startswith("POST /api/auth/session/logout/  204")

    cookie_jwt = {k.split(".", 1)[1]: v for k, v in seen.items() if k.startswith("cookie-jwt.")}
    after_login = cookie_jwt["after_login"]
    assert after_login["screen"] == "notes"
    assert "auth: cookie-jwt" in after_login["me"]
    assert after_login["credentials"] == (
        "Cookie jar (memory): csrftoken (Path=/), jwt_access (Path=/api/), "
        "jwt_refresh (Path=/api/auth/cookie-jwt/). Each goes only to URLs under its Path."
    )
    assert after_login["countdown"] == after_login["claims"] == ""
    assert not after_login["token_file"]  # the tokens live in the jar, in memory
    login_row = next(r for r in after_login["log_rows"] if "/api/auth/cookie-jwt/login/" in r)
    assert login_row.startswith("POST /api/auth/cookie-jwt/login/  200 OK")
    assert "cookies: csrftoken" in login_row
    assert cookies_in(after_login["log_rows"][-1]) == {"csrftoken", "jwt_access"}  # notes list
    spoiled = cookie_jwt["after_spoil"]["log_rows"][-3:]
    assert spoiled[0].startswith("GET /api/auth/me/  401")
    assert spoiled[1].startswith("POST /api/auth/cookie-jwt/refresh/  200")
    assert cookies_in(spoiled[1]) == {"csrftoken", "jwt_access", "jwt_refresh"}
    assert spoiled[2].startswith("GET /api/auth/me/  200")
    assert cookies_in(spoiled[2]) == {"csrftoken", "jwt_access"}  # jwt_refresh: not its path
    detail = cookie_jwt["after_spoil"]["log_detail"]
    assert re.search(r"^    jwt_access = \S+…\S+ \(\d+ chars\)$", detail, re.MULTILINE)
    assert re.search(r"^    csrftoken = \S+…\S+ \(32 chars\)$", detail, re.MULTILINE)
    refresh = cookie_jwt["refresh_selected"]["log_detail"]  # the row tapped in the log
    assert refresh.startswith("> POST ") and "/api/auth/cookie-jwt/refresh/" in refresh
    assert re.search(r"^    jwt_refresh = \S+…\S+ \(\d+ chars\)$", refresh, re.MULTILINE)
    assert re.search(r"^< Set-Cookie: jwt_refresh=\S+…\S+ \(\d+ chars\);", refresh, re.MULTILINE)
    assert "Path=/api/auth/cookie-jwt/" in refresh
    for name, value in cookie_jwt["jar"].items():  # masked everywhere, never shown whole
        assert value not in cookie_jwt["log_text"], name
    assert any(
        t.startswith("Kivy cookie-jwt note") for t in cookie_jwt["after_create"]["note_rows"]
    )
    assert cookie_jwt["after_logout"]["screen"] == "login"
    after_logout_rows = cookie_jwt["after_logout"]["log_rows"]
    assert re.match(r"POST /api/auth/cookie-jwt/logout/  20[05]", after_logout_rows[-1])

    assert_is_a_real_picture(out / "kivy-jwt.png")
    assert_is_a_real_picture(out / "kivy-session.png")
    assert_is_a_real_picture(out / "kivy-cookie-jwt.png")


def test_every_fault_shows_a_clear_message_and_the_typed_note_survives(
    short_lived_api, html_server, dead_server_url, tmp_path
):
    # A refresh token saved on the "device" that has expired (3 s lifetime) by the time the
    # app starts and tries to resume with it.
    ApiClient(short_lived_api.base_url, "jwt", str(tmp_path / "xdg" / APP_DATA_FOLDER)).login(
        "alice", short_lived_api.password
    )
    time.sleep(REFRESH_TTL_SECONDS + 0.2)
    seen, out = run_driver(
        "faults", tmp_path, short_lived_api.base_url, short_lived_api.password,
        "--dead-server", dead_server_url, "--html-server", html_server,
    )  # fmt: skip

    expired = seen["expired_refresh"]
    assert expired["screen"] == "login"
    assert "expired or was revoked; please log in again" in expired["notice"]
    assert "Token is expired" in expired["notice"]
    assert expired["status"].startswith("Signed out: the server would not renew the sign-in (401")
    assert not expired["token_file"]
    assert logged(expired, "POST /api/auth/jwt/refresh/  401")
    assert logged(expired, "SignInExpired:")

    assert seen["wrong_password"]["status"] == "Wrong username or password."
    assert logged(seen["wrong_password"], "InvalidCredentials: Wrong username or password.")
    assert "does not start with http:// or https://" in seen["malformed_url"]["status"]
    assert seen["malformed_url"]["log_rows"][-1].startswith("InvalidServerUrl:")
    assert "connection refused" in seen["server_down"]["status"]
    assert logged(seen["server_down"], "POST /api/auth/jwt/token/  failed")
    assert "text/html, not JSON" in seen["not_json"]["status"]
    assert logged(seen["not_json"], "BadResponseError:")

    naive = seen["naive_session"]
    assert naive["screen"] == "login"
    assert "no cookies and no Authorization header arrived" in naive["status"]
    assert "keeps no cookie jar" in naive["status"]
    assert naive["log_rows"][-4].startswith("POST /api/auth/session/login/  200 OK")
    assert naive["log_rows"][-3].startswith("GET /api/auth/me/  401")
    assert naive["log_rows"][-2].startswith("GET /api/lab/echo/  200")

    rejected = seen["rejected_note"]
    assert rejected["screen"] == "notes"
    assert "title: Ensure this field has no more than 200 characters." in rejected["status"]
    assert (rejected["draft_title"], rejected["draft_text"]) == ("T" * 201, "my precious text")

    revoked = seen["revoked"]
    assert revoked["screen"] == "login"
    assert "a refresh token of this sign-in was used twice" in revoked["notice"]
    assert logged(revoked, "RefreshReused:")
    assert (revoked["draft_title"], revoked["draft_text"]) == ("Precious", "my precious text")
    assert seen["signed_in_again"]["draft_text"] == "my precious text"
    assert seen["signed_in_again"]["notice"] == ""
    assert "Precious" in seen["saved_after_all"]["note_rows"]
    assert seen["saved_after_all"]["draft_text"] == ""

    assert_is_a_real_picture(out / "kivy-naive-session.png")
    assert_is_a_real_picture(out / "kivy-faults.png")


def test_signed_out_everywhere_the_app_says_why_keeps_the_typed_note_and_saves_it_once(
    revocation_api, tmp_path
):
    seen, out = run_driver("signed_out", tmp_path, revocation_api.base_url, revocation_api.password)
    title = seen["title"]
    typed = (title, "still here after signing in again")
    assert seen["logout_all_status"] == 204

    signed_out = seen["signed_out"]
    assert signed_out["screen"] == "login"
    assert signed_out["notice"] == SIGNED_OUT_ELSEWHERE
    assert signed_out["status"] == (
        "Signed out: the server would not renew the sign-in (401 signed_out_everywhere)."
    )
    assert f'Your unsaved note "{title}" is kept' in signed_out["kept_draft"]
    assert (signed_out["draft_title"], signed_out["draft_text"]) == typed
    assert signed_out["draft_key"]
    assert not signed_out["token_file"]
    assert logged(signed_out, "POST /api/auth/jwt/refresh/  401")
    assert logged(signed_out, f"SignedOutElsewhere: {SIGNED_OUT_ELSEWHERE}")

    again = seen["signed_in_again"]
    assert again["screen"] == "notes"
    assert (again["draft_title"], again["draft_text"]) == typed
    assert again["notice"] == again["password_field"] == ""

    saved = seen["saved"]
    assert title in saved["note_rows"]
    assert saved["draft_title"] == saved["draft_text"] == ""
    assert set(saved["note_keys"]) == {signed_out["draft_key"]}  # the draft's key, kept
    checker = ApiClient(revocation_api.base_url, "jwt", str(tmp_path / "checker"))
    checker.login("alice", revocation_api.password)
    assert [note["title"] for note in checker.list_notes()].count(title) == 1

    assert_is_a_real_picture(out / "kivy-signed-out-elsewhere.png")

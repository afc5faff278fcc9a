"""Drives the real Kivy app in its own process and writes what the widgets showed.

Run by tests/mobile/test_kivy_app.py (Kivy's global state and event loop make in-process
pytest runs fragile). Steps are Clock-scheduled: each presses a button or types text the way
a person would, then waits for the widgets to settle. Output: `observations.json` (widget
states per step) and PNG screenshots taken from a Window.on_flip handler.

    python -m tests.mobile.kivy_driver SCENARIO --server URL --password P --out DIR [...]
"""

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

STEP_TIMEOUT_S = 15.0


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["flows", "faults", "signed_out"])
    parser.add_argument("--server", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--dead-server", default="")
    parser.add_argument("--html-server", default="")
    return parser.parse_args()


ARGS = parse_args()
os.environ["KIVY_NO_ARGS"] = "1"  # the options above are ours, not Kivy's
os.environ.setdefault("KIVY_CLIPBOARD", "sdl2")

from kivy.config import Config  # noqa: E402

Config.set("graphics", "width", "1200")
Config.set("graphics", "height", "760")

import requests  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.core.window import Window  # noqa: E402

from mobile_client.apiclient.token_store import RefreshTokenStore  # noqa: E402
from mobile_client.ui.app import SessionTokenLabApp  # noqa: E402
from tests.mobile.other_device import sign_out_everywhere  # noqa: E402


class Driver:
    """Runs a scenario generator: every `yield` is a condition to wait for."""

    def __init__(self, app, scenario, out: Path):
        self.app = app
        self.out = out
        self.steps = scenario(self)
        self.observations: dict = {"errors": []}
        self.waiting = None
        self.pending_shot: str | None = None
        Window.bind(on_flip=self._on_flip)

    # --- what a person does -----------------------------------------------------------------
    @property
    def controller(self):
        return self.app.controller

    @property
    def ids(self):
        return self.app.root.ids

    def press(self, button) -> None:
        if button.disabled:
            raise AssertionError(f"button {button.text!r} is disabled")
        button.trigger_action(duration=0)

    def type_into(self, text_input, text: str) -> None:
        text_input.text = text

    def choose_server(self, url: str) -> None:
        self.type_into(self.ids.settings_bar.ids.server_url, url)

    def choose_mode(self, mode: str) -> None:
        self.ids.settings_bar.ids.mode.text = mode

    def log_in(self, username: str, password: str) -> None:
        screen = self.ids.login_screen
        self.type_into(screen.ids.username, username)
        self.type_into(screen.ids.password, password)
        self.press(screen.ids.login_button)

    def note_rows(self):
        layout = self.ids.notes_screen.ids.notes_list.layout_manager
        return sorted(layout.children, key=lambda row: -row.y)  # top to bottom

    def log_row(self, fragment: str):
        """The newest row of the log pane (among those on screen) whose line has `fragment`."""
        rows = self.ids.log_pane.ids.entry_list.layout_manager.children
        return max((row for row in rows if fragment in row.text), key=lambda row: row.index)

    def delete_note(self, title: str) -> None:
        row = next(row for row in self.note_rows() if row.title == title)
        button = next(child for child in row.children if getattr(child, "text", "") == "Delete")
        self.press(button)

    # --- waiting and observing --------------------------------------------------------------
    def until(self, condition, what: str, timeout: float = STEP_TIMEOUT_S):
        return (condition, what, time.monotonic() + timeout)

    def settled(self) -> bool:
        return not self.controller.busy

    def shows_note(self, title: str, shown: bool = True):
        """Condition: the calls are over and the list shows (or no longer shows) `title`."""
        return lambda: self.settled() and (title in [r.title for r in self.note_rows()]) == shown

    def shot(self, name: str):
        """Ask for a screenshot at the next frame; returns the condition that it was saved."""
        self.pending_shot = name
        self.app.root.canvas.ask_update()
        return self.until(lambda: self.pending_shot is None, f"screenshot {name}")

    def note_keys(self) -> list[str]:
        """The Idempotency-Key of every note creation the app sent, from its log pane."""
        prefix = "> Idempotency-Key: "
        creations = [
            entry.detail.splitlines()
            for entry in self.controller.log_entries
            if entry.detail.startswith("> POST ") and entry.detail.split()[2].endswith("/notes/")
        ]
        return [
            line.removeprefix(prefix)
            for lines in creations
            for line in lines
            if line.startswith(prefix)
        ]

    def observe(self, key: str) -> None:
        notes = self.ids.notes_screen.ids
        login = self.ids.login_screen.ids
        claims = notes.claims_panel.ids
        log_pane = self.ids.log_pane
        self.observations[key] = {
            "screen": self.ids.screens.current,
            "status": self.ids.status.text,
            "status_is_error": self.controller.status_is_error,
            "settings_locked": self.ids.settings_bar.ids.server_url.disabled,
            "me": notes.me.text,
            "countdown": claims.countdown.text,
            "claims": claims.claims.text,
            "credentials": claims.credentials.text,
            "note_rows": [row.title for row in self.note_rows()],
            "draft_title": notes.draft_title.text,
            "draft_text": notes.draft_text.text,
            "draft_key": self.controller.drafts.key,
            "note_keys": self.note_keys(),
            "notice": login.notice.text,
            "kept_draft": login.kept_draft.text,
            "password_field": login.password.text,
            "log_rows": [row["text"].split("  ", 1)[1] for row in log_pane.ids.entry_list.data],
            "log_detail": log_pane.ids.detail.text,
            "token_file": RefreshTokenStore(self.app.user_data_dir).path.exists(),
        }

    def start(self, *_args) -> None:
        Clock.schedule_interval(self._poll, 0.05)

    def _poll(self, _dt) -> None:
        try:
            if self.waiting:
                condition, what, deadline = self.waiting
                if not condition():
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"timed out waiting for: {what}")
                    return
            self.waiting = next(self.steps)
        except StopIteration:
            self._finish()
        except Exception as error:
            self.observations["errors"].append(f"{error!r}\n{traceback.format_exc()}")
            self._finish()

    def _on_flip(self, window) -> None:
        if self.pending_shot:
            saved = window.screenshot(name=str(self.out / "frame.png"))  # Kivy adds a counter
            os.replace(saved, self.out / self.pending_shot)
            self.pending_shot = None

    def _finish(self) -> None:
        Clock.unschedule(self._poll)
        (self.out / "observations.json").write_text(json.dumps(self.observations, indent=2))
        self.app.stop()


def flows(d: Driver):
    """Login, /me, notes and logout in JWT mode, then in session mode, then in cookie-JWT mode."""
    yield d.until(lambda: d.app.root is not None, "the window")
    d.choose_server(ARGS.server)
    for mode in ("jwt", "session", "cookie-jwt"):
        d.choose_mode(mode)
        d.log_in("alice", ARGS.password)
        yield d.until(lambda: d.controller.signed_in and d.settled(), f"{mode} sign-in")
        d.observe(f"{mode}.after_login")

        d.press(d.ids.notes_screen.ids.me_button)
        yield d.until(d.settled, "/me")
        d.observe(f"{mode}.after_me")

        title = f"Kivy {mode} note {os.getpid() % 1000}"  # told apart from the user's others
        d.type_into(d.ids.notes_screen.ids.draft_title, title)
        d.type_into(d.ids.notes_screen.ids.draft_text, "typed in the Kivy window")
        d.press(d.ids.notes_screen.ids.add_button)
        yield d.until(d.shows_note(title), "the new note")
        d.observe(f"{mode}.after_create")

        if mode in ("jwt", "cookie-jwt"):
            d.press(d.ids.notes_screen.ids.spoil_button)
            yield d.until(d.settled, "spoiled token")
            d.observe(f"{mode}.after_spoil")
        if mode == "cookie-jwt":
            # Tap the refresh in the log: its detail lists the cookies it sent (jwt_refresh
            # among them) and the new cookies' Set-Cookie with their Paths.
            d.press(d.log_row("/api/auth/cookie-jwt/refresh/"))
            yield d.until(
                lambda: "/cookie-jwt/refresh/" in d.ids.log_pane.ids.detail.text.split("\n")[0],
                "the refresh's detail",
            )
            d.observe("cookie-jwt.refresh_selected")
            # Every cookie the jar holds, and every line the log pane could show: the test
            # checks that no whole cookie value is ever shown.
            d.observations["cookie-jwt.jar"] = {
                c.name: c.value for c in d.controller.client.transport.session.cookies
            }
            d.observations["cookie-jwt.log_text"] = "\n".join(
                f"{entry.summary}\n{entry.detail}" for entry in d.controller.log_entries
            )
        yield d.shot(f"kivy-{mode}.png")  # jwt, cookie-jwt: the 401, refresh and retry

        d.delete_note(title)
        yield d.until(d.shows_note(title, shown=False), "the note gone")
        d.observe(f"{mode}.after_delete")

        d.press(d.ids.notes_screen.ids.logout_button)
        yield d.until(lambda: d.settled() and not d.controller.signed_in, f"{mode} logout")
        d.observe(f"{mode}.after_logout")


def faults(d: Driver):
    """Each fault ends in a clear message; the note draft survives all of them."""
    yield d.until(lambda: d.app.root is not None, "the window")
    # The test saved a refresh token that has expired by now: resuming must fail politely.
    yield d.until(lambda: d.settled() and d.controller.status_is_error, "resume refused")
    d.observe("expired_refresh")

    def attempt(key, server, mode, password):
        d.choose_server(server)
        d.choose_mode(mode)
        d.log_in("alice", password)
        return d.until(lambda: d.settled() and d.controller.status_is_error, key)

    yield attempt("wrong_password", ARGS.server, "jwt", "not-the-password")
    d.observe("wrong_password")
    yield attempt("malformed_url", "htp//127.0.0.1:8000", "jwt", ARGS.password)
    d.observe("malformed_url")
    yield attempt("server_down", ARGS.dead_server, "jwt", ARGS.password)
    d.observe("server_down")
    yield attempt("not_json", ARGS.html_server, "session", ARGS.password)
    d.observe("not_json")
    yield attempt("naive_session", ARGS.server, "naive-session", ARGS.password)
    d.observe("naive_session")
    yield d.shot("kivy-naive-session.png")

    # Signed in, a draft the server refuses (title too long) stays in the fields.
    d.choose_mode("jwt")
    d.log_in("alice", ARGS.password)
    yield d.until(lambda: d.controller.signed_in and d.settled(), "jwt sign-in")
    notes = d.ids.notes_screen.ids
    d.type_into(notes.draft_title, "T" * 201)
    d.type_into(notes.draft_text, "my precious text")
    d.press(notes.add_button)
    yield d.until(lambda: d.settled() and d.controller.status_is_error, "note refused")
    d.observe("rejected_note")

    # A copy of this sign-in's refresh token is used to log it out elsewhere: the app's next
    # refresh presents a token already used (reuse: the server ends the sign-in); the draft stays.
    d.type_into(notes.draft_title, "Precious")
    refresh = RefreshTokenStore(d.app.user_data_dir).load()
    requests.post(f"{ARGS.server}/api/auth/jwt/logout/", json={"refresh": refresh}, timeout=5)
    d.press(notes.spoil_button)
    yield d.until(lambda: d.settled() and not d.controller.signed_in, "revoked sign-in")
    d.observe("revoked")

    d.log_in("alice", ARGS.password)
    yield d.until(lambda: d.controller.signed_in and d.settled(), "sign-in again")
    d.observe("signed_in_again")
    d.press(notes.add_button)
    yield d.until(d.shows_note("Precious"), "the saved note")
    d.observe("saved_after_all")
    yield d.shot("kivy-faults.png")


def signed_out(d: Driver):
    """Signed out everywhere from another device while a note is typed: back at the sign-in
    screen with the reason once the access token has expired; the note is kept and saved once."""
    yield d.until(lambda: d.app.root is not None, "the window")
    d.choose_server(ARGS.server)
    d.choose_mode("jwt")
    d.log_in("alice", ARGS.password)
    yield d.until(lambda: d.controller.signed_in and d.settled(), "jwt sign-in")
    notes = d.ids.notes_screen.ids
    title = d.observations["title"] = f"Typed while signed out elsewhere {os.getpid() % 1000}"
    d.type_into(notes.draft_title, title)
    d.type_into(notes.draft_text, "still here after signing in again")

    answer = sign_out_everywhere(ARGS.server, "alice", ARGS.password)
    d.observations["logout_all_status"] = answer.status
    # Nothing tells the app yet; it finds out at the first refresh, after its access token's
    # expiry (the countdown counts to the token's own exp, never before the server's).
    yield d.until(lambda: "expired" in d.controller.countdown_text, "the access token expired")
    d.press(notes.add_button)
    yield d.until(lambda: d.settled() and not d.controller.signed_in, "signed out")
    d.observe("signed_out")
    yield d.shot("kivy-signed-out-elsewhere.png")

    d.log_in("alice", ARGS.password)
    yield d.until(lambda: d.controller.signed_in and d.settled(), "sign-in again")
    d.observe("signed_in_again")
    d.press(notes.add_button)
    yield d.until(d.shows_note(title), "the saved note")
    d.observe("saved")


def main() -> int:
    ARGS.out.mkdir(parents=True, exist_ok=True)
    app = SessionTokenLabApp()
    scenario = {"flows": flows, "faults": faults, "signed_out": signed_out}[ARGS.scenario]
    driver = Driver(app, scenario, ARGS.out)
    Clock.schedule_once(driver.start, 0)
    app.run()
    return 0 if not driver.observations["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""The UI's state and actions: screens bind to its properties and forward user actions to it.

Every API call runs on the worker thread; results and log entries come back through
@mainthread callbacks, so widget-bound properties only ever change on the main thread.

The note draft lives here, not in a client: a sign-in that ends (signed out elsewhere, expired)
replaces the client, and the draft, with its Idempotency-Key, must outlive it.
"""

import time
from dataclasses import dataclass

from kivy.clock import Clock, mainthread
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, OptionProperty, StringProperty

from ..apiclient import (
    ACCESS_TOKEN_MODES,
    MODES,
    ApiClient,
    ApiError,
    AuthError,
    CsrfRejected,
    Exchange,
    InvalidCredentials,
    SignInEnded,
)
from ..apiclient.idempotency import DraftKeys
from . import claims_format
from .config import ca_file, default_mode, default_server_url
from .descriptions import describe_me, describe_sign_out, where_credentials_live
from .log_entries import MAX_ENTRIES, entry_for_error, entry_for_exchange
from .worker import Worker


@dataclass(frozen=True)
class Outcome:
    """A job's result plus what the client holds afterwards, read on the worker thread."""

    value: object
    claims: dict
    seconds_left: float | None
    cookies: list[tuple[str, str]]  # (name, Path) of each cookie in the jar
    taken_at: float


class LabController(EventDispatcher):
    server_url = StringProperty()
    mode = OptionProperty("jwt", options=list(MODES))
    holds_access_token = BooleanProperty(True)  # the mode has an access token to spoil
    busy = BooleanProperty(False)
    signed_in = BooleanProperty(False)
    status_text = StringProperty("")
    status_is_error = BooleanProperty(False)
    me_text = StringProperty("")
    notes = ListProperty()
    claims_text = StringProperty("")
    countdown_text = StringProperty("")
    credentials_text = StringProperty("")
    log_entries = ListProperty()
    draft_title = StringProperty("")
    draft_text = StringProperty("")
    sign_in_notice = StringProperty("")  # why the last sign-in ended; shown on the sign-in screen

    def __init__(self, token_dir: str, **kwargs):
        super().__init__(**kwargs)
        self.token_dir = token_dir
        self.server_url = default_server_url()
        self.mode = default_mode()
        self.ca_file = ca_file()
        self.client: ApiClient | None = None
        self.drafts = DraftKeys()  # handed to every new client: the draft keeps its key
        self.worker = Worker()
        self._deadline: float | None = None
        Clock.schedule_interval(self._tick, 0.5)

    def on_mode(self, _controller, mode: str) -> None:
        self.holds_access_token = mode in ACCESS_TOKEN_MODES

    # --- actions forwarded by the screens ---------------------------------------------------
    def start(self) -> None:
        """Resume a sign-in saved on this device (JWT refresh token), if there is one."""
        if self.mode != "jwt":
            return
        client = self._new_client()
        if client and client.auth.can_resume():
            self._run(
                "Resuming the saved sign-in",
                client,
                lambda: (client.resume(), client.list_notes()),
                self._enter,
            )

    def login(self, username: str, password: str) -> None:
        self.sign_in_notice = ""  # answered by trying again; a new failure has its own message
        client = self._new_client()
        if client is None:
            return

        def job():
            client.login(username, password)
            # The first authenticated call is the real test of a login (the naive mode fails
            # here, not at the login itself).
            return client.me(), client.list_notes()

        self._run(f"Logging in as {username or '?'} ({self.mode})", client, job, self._enter)

    def refresh_me(self) -> None:
        self._run("Asking /me who I am", self.client, self.client.me, self._show_me)

    def load_notes(self) -> None:
        self._run("Loading notes", self.client, self.client.list_notes, self._show_notes)

    def save_draft(self) -> None:
        """Save the draft as a note; it is cleared only once the server has kept it."""
        client, title, text = self.client, self.draft_title, self.draft_text

        def job():
            client.create_note(title, text)
            return client.list_notes()

        def saved(notes):
            if (self.draft_title, self.draft_text) == (title, text):  # not edited meanwhile
                self.draft_title = self.draft_text = ""
            self._show_notes(notes)

        self._run("Saving the note", client, job, saved)

    def delete_note(self, note_id: int) -> None:
        client = self.client

        def job():
            client.delete_note(note_id)
            return client.list_notes()

        self._run(f"Deleting note {note_id}", client, job, self._show_notes)

    def spoil_access_token(self) -> None:
        """Lab button: garble the access token in memory, then watch /me refresh and retry."""
        client = self.client

        def job():
            client.spoil_access_token()
            return client.me()

        self._run("Calling /me with a spoiled access token", client, job, self._show_me)

    def logout(self) -> None:
        client = self.client
        # The client forgets its credentials even when the server cannot be told; so does the UI.
        self._run(
            "Logging out",
            client,
            client.logout,
            lambda _: self._forget_sign_in(),
            on_failure=lambda _: self._forget_sign_in(),
        )

    # --- plumbing ---------------------------------------------------------------------------
    def _new_client(self) -> ApiClient | None:
        try:
            return ApiClient(
                self.server_url,
                self.mode,
                self.token_dir,
                on_exchange=self._log_exchange,
                drafts=self.drafts,
                ca_file=self.ca_file,
            )
        except ApiError as error:
            self._show_error(error)
            return None

    def _run(self, what: str, client: ApiClient, job, on_success, on_failure=None) -> None:
        self.busy = True
        self._status(f"{what}...")

        def work() -> Outcome:
            value = job()
            return Outcome(
                value=value,
                claims=client.access_claims(),
                seconds_left=client.access_seconds_left(),
                cookies=client.cookie_paths(),
                taken_at=time.monotonic(),
            )

        def succeeded(outcome: Outcome) -> None:
            self.busy = False
            self.client = client
            self._absorb(outcome)
            self._status(f"{what}: done.")
            on_success(outcome.value)

        def failed(error: ApiError) -> None:
            self.busy = False
            if on_failure:
                on_failure(error)
            self._show_error(error)

        self.worker.run(work, succeeded, failed)

    def _enter(self, me_and_notes: tuple[dict, list[dict]]) -> None:
        me, notes = me_and_notes
        self.signed_in = True
        self.sign_in_notice = ""
        self._show_me(me)
        self._show_notes(notes)
        self._status(f"Signed in as {me.get('username')} ({self.mode}).")

    def _show_me(self, me: dict) -> None:
        self.me_text = describe_me(me)

    def _show_notes(self, notes: list[dict]) -> None:
        self.notes = notes

    def _absorb(self, outcome: Outcome) -> None:
        self.claims_text = claims_format.claims_text(outcome.claims)
        self._deadline = (
            None if outcome.seconds_left is None else outcome.taken_at + outcome.seconds_left
        )
        self.credentials_text = where_credentials_live(self.mode, self.token_dir, outcome.cookies)
        self._tick(0)

    def _forget_sign_in(self) -> None:
        self.signed_in = False
        self.notes = []
        self.me_text = self.claims_text = self.countdown_text = ""
        self._deadline = None
        self._status("Signed out.")

    def _show_error(self, error: ApiError) -> None:
        if isinstance(error, AuthError) and not isinstance(
            error, InvalidCredentials | CsrfRejected
        ):
            self._forget_sign_in()  # the credentials are gone; the draft stays put
        status = str(error)
        if isinstance(error, SignInEnded):
            # The sentence to act on goes where the user now is: the sign-in screen.
            self.sign_in_notice = str(error)
            status = describe_sign_out(error)
        self.status_text, self.status_is_error = status, True
        self._append(entry_for_error(error))

    def _status(self, text: str) -> None:
        self.status_text, self.status_is_error = text, False

    @mainthread
    def _log_exchange(self, exchange: Exchange) -> None:
        self._append(entry_for_exchange(exchange))

    def _append(self, entry) -> None:
        self.log_entries = [*self.log_entries[-(MAX_ENTRIES - 1) :], entry]

    def _tick(self, _dt) -> None:
        left = None if self._deadline is None else self._deadline - time.monotonic()
        self.countdown_text = claims_format.countdown_text(left)

"""The sign-in screen: username, password, the chosen mode explained, and after a sign-in
ended, why, and that the unsaved note is kept."""

from kivy.app import App
from kivy.uix.screenmanager import Screen

from .kv_loader import load_kv_beside

load_kv_beside(__file__)

MODE_EXPLANATIONS = {
    "jwt": "JWT: a bearer token in the Authorization header; no cookies involved.",
    "session": "Session: a real cookie jar keeps sessionid; unsafe calls send X-CSRFToken.",
    "cookie-jwt": (
        "Cookie JWT: the tokens ride HttpOnly cookies in this app's own jar; like a session "
        "cookie they need the CSRF token (X-CSRFToken) on the login and every unsafe call."
    ),
    "naive-session": (
        "Naive session: no cookie jar, like Kivy's UrlRequest. Login works, "
        "the next call is refused."
    ),
}


class LoginScreen(Screen):
    explanations = MODE_EXPLANATIONS

    def on_kv_post(self, _base_widget) -> None:
        App.get_running_app().controller.bind(signed_in=self._forget_password)

    def submit(self) -> None:
        App.get_running_app().controller.login(self.ids.username.text, self.ids.password.text)

    def _forget_password(self, _controller, signed_in: bool) -> None:
        # Not left in the field: after "log out everywhere" signing in again must take the
        # password, not one tap.
        if signed_in:
            self.ids.password.text = ""

    @staticmethod
    def kept_draft_text(title: str, text: str) -> str:
        """What the screen says about an unsaved note ("" when there is none)."""
        if not (title.strip() or text.strip()):
            return ""
        name = f'"{title.strip()}" ' if title.strip() else ""
        return f"Your unsaved note {name}is kept: sign in, then press Add note to save it."

"""The sign-in screen: username, password, and the chosen mode explained."""

from kivy.app import App
from kivy.uix.screenmanager import Screen

from .kv_loader import load_kv_beside

load_kv_beside(__file__)

MODE_EXPLANATIONS = {
    "jwt": "JWT: a bearer token in the Authorization header; no cookies involved.",
    "session": "Session: a real cookie jar keeps sessionid; unsafe calls send X-CSRFToken.",
    "naive-session": (
        "Naive session: no cookie jar, like Kivy's UrlRequest. Login works, "
        "the next call is refused."
    ),
}


class LoginScreen(Screen):
    explanations = MODE_EXPLANATIONS

    def submit(self) -> None:
        App.get_running_app().controller.login(self.ids.username.text, self.ids.password.text)

"""Where the credentials live, the decoded access-token claims and the expiry countdown."""

from kivy.uix.boxlayout import BoxLayout

from .kv_loader import load_kv_beside

load_kv_beside(__file__)


class ClaimsPanel(BoxLayout):
    pass

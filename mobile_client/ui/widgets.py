"""Small building blocks shared by the screens: a panel with a background, a field label."""

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from .kv_loader import load_kv_beside

load_kv_beside(__file__)


class Panel(BoxLayout):
    pass


class FieldLabel(Label):
    pass

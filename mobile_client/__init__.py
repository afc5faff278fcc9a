"""Kivy client of the lab: a pure-Python API core (apiclient) and a Kivy UI (ui)."""

"""Kivy UI of the lab client: screens (.py + .kv side by side), a controller and a worker."""

"""Colours and fonts shared by the .kv files (kept here so the .kv files hold no magic numbers)."""

MONO_FONT = "RobotoMono-Regular"  # ships with Kivy

BACKGROUND = (0.11, 0.12, 0.14, 1)
PANEL = (0.16, 0.17, 0.20, 1)
TEXT = (0.92, 0.93, 0.95, 1)
MUTED = (0.65, 0.68, 0.72, 1)
ACCENT = (0.38, 0.65, 1.0, 1)
ERROR = (1.0, 0.45, 0.42, 1)

LOG_KIND_COLORS = {
    "ok": (0.55, 0.85, 0.55, 1),
    "refused": (1.0, 0.72, 0.35, 1),
    "failed": ERROR,
    "error": ERROR,
}

"""The attack log's constants, shared by the API, its settings and the attacker's site: the
marker an attack's requests carry (`?lab_attack=<id>`) and the middleware's line in MIDDLEWARE.
Pure: no Django imports, so a settings module can import it."""

MARKER_PARAM = "lab_attack"
MARKER_PATTERN = r"[A-Za-z0-9_-]{8,64}"
# Outermost but one in MIDDLEWARE: after the replica header, before CORS (it must see the
# answers to preflights and the CSRF refusals).
MIDDLEWARE_PATH = "backend.lab.attack_log.AttackLogMiddleware"

"""The API paths this client calls (the contract in backend/README.md)."""

HEALTH = "/api/health/"
ME = "/api/auth/me/"
NOTES = "/api/notes/"
ECHO = "/api/lab/echo/"

JWT_TOKEN = "/api/auth/jwt/token/"
JWT_REFRESH = "/api/auth/jwt/refresh/"
JWT_LOGOUT = "/api/auth/jwt/logout/"

SESSION_CSRF = "/api/auth/session/csrf/"
SESSION_LOGIN = "/api/auth/session/login/"
SESSION_LOGOUT = "/api/auth/session/logout/"

COOKIE_JWT_LOGIN = "/api/auth/cookie-jwt/login/"
COOKIE_JWT_REFRESH = "/api/auth/cookie-jwt/refresh/"
COOKIE_JWT_LOGOUT = "/api/auth/cookie-jwt/logout/"


def note(note_id: int) -> str:
    return f"{NOTES}{note_id}/"

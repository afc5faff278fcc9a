"""The API's cookie names as this client meets them: plain over http, prefixed over https.

The API's own table is backend/authentication/cookie_names.py, which says why each prefix
(`__Host-` for the session and CSRF cookies, `__Secure-` for the JWT cookies, whose Paths are
not /). The app ships without the backend (buildozer packs this folder only), so this is a
mirror; tests/https/test_mobile_client.py fails the day the two differ.
"""

from urllib.parse import urlsplit

SESSION = "sessionid"
CSRF = "csrftoken"
JWT_ACCESS = "jwt_access"
JWT_REFRESH = "jwt_refresh"
PREFIX_OVER_HTTPS = {
    SESSION: "__Host-",
    CSRF: "__Host-",
    JWT_ACCESS: "__Secure-",
    JWT_REFRESH: "__Secure-",
}


def cookie_name(plain_name: str, server_url: str) -> str:
    """`plain_name` as the API at `server_url` sets it (prefixed when it speaks https)."""
    https = urlsplit(server_url).scheme == "https"
    return PREFIX_OVER_HTTPS[plain_name] + plain_name if https else plain_name

"""A small API client that talks to the cluster the way a browser on api.localhost would.

It connects to 127.0.0.1 (Python cannot resolve *.localhost names) and sends the public Host
header, so cookies, CSRF's Origin check and ALLOWED_HOSTS all see what a browser would send.
"""

import time
import uuid

import requests
from requests.adapters import HTTPAdapter

REPLICA_HEADER = "X-Replica"
CSRF_HEADER = "X-CSRFToken"
SESSION_COOKIE = "sessionid"
CSRF_COOKIE = "csrftoken"

# A keyed write is sent again, with its key, when its fate is unknown: no answer, or a gateway's
# 502/503/504 (the replica died with it). A 409 says the first attempt still holds the key
# (a replica killed mid-request holds it until the API's lease ends): ask again after its
# Retry-After. Bounded in attempts and in time.
IDEMPOTENCY_HEADER = "Idempotency-Key"
RESEND_STATUSES = frozenset({502, 503, 504})
IN_PROGRESS = 409
RESEND_BACKOFF_S = 0.2
MAX_WAIT_S = 5.0
MAX_ATTEMPTS = 20
RESEND_WITHIN_S = 60.0


class _SourceAddressAdapter(HTTPAdapter):
    """Connects from a chosen loopback address (127.0.0.0/8 all routes to this machine)."""

    def __init__(self, source_address: str):
        self.source_address = source_address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_address, 0)
        super().init_poolmanager(*args, **kwargs)


class LabClient:
    """One user agent: its own cookie jar, CSRF token and, optionally, its own address."""

    def __init__(
        self, url: str, host: str, *, source_address: str | None = None, timeout: float = 10.0
    ):
        self.url = url.rstrip("/")
        self.origin = f"http://{host}"
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Host"] = host
        if source_address is not None:
            self.http.mount("http://", _SourceAddressAdapter(source_address))
        self.csrf_token = ""
        self._source_address = source_address
        # (key, why) for every keyed write sent again; one thread uses one client, no lock.
        self.resent: list[tuple[str, str]] = []

    def clone(self) -> "LabClient":
        """Another client with this one's cookies and CSRF token, for another thread."""
        twin = LabClient(
            self.url,
            self.http.headers["Host"],
            source_address=self._source_address,
            timeout=self.timeout,
        )
        twin.http.cookies.update(self.http.cookies)
        twin.csrf_token = self.csrf_token
        return twin

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if method not in ("GET", "HEAD", "OPTIONS"):
            # Same-origin, as the API's own pages would be: Django checks Origin against Host.
            headers = {"Origin": self.origin, CSRF_HEADER: self.csrf_token, **headers}
        return self.http.request(
            method, self.url + path, headers=headers, timeout=self.timeout, **kwargs
        )

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def post_idempotent(self, path: str, **kwargs) -> requests.Response:
        """POST with a new Idempotency-Key, sent again with it until the fate is known.

        Raises the last transport error if no attempt got an answer.
        """
        key = f'"{uuid.uuid4()}"'
        headers = {**kwargs.pop("headers", {}), IDEMPOTENCY_HEADER: key}
        deadline = time.monotonic() + RESEND_WITHIN_S
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.post(path, headers=headers, **kwargs)
            except requests.RequestException as error:
                why, wait = type(error).__name__, RESEND_BACKOFF_S
                if attempt == MAX_ATTEMPTS or time.monotonic() + wait > deadline:
                    raise
            else:
                why, wait = str(response.status_code), _resend_wait(response)
                if wait is None or attempt == MAX_ATTEMPTS or time.monotonic() + wait > deadline:
                    return response
            self.resent.append((key, why))
            time.sleep(wait)

    # --- Session cookies ------------------------------------------------------------------
    def session_login_response(self, username: str, password: str) -> requests.Response:
        csrf = self.get("/api/auth/session/csrf/")
        csrf.raise_for_status()
        self.csrf_token = csrf.json()["csrfToken"]
        response = self.post(
            "/api/auth/session/login/", json={"username": username, "password": password}
        )
        if response.status_code == 200:
            self.csrf_token = response.json()["csrfToken"]
        return response

    def session_login(self, username: str, password: str) -> requests.Response:
        """Log in with a session cookie; raises unless the login succeeded."""
        response = self.session_login_response(username, password)
        response.raise_for_status()
        return response

    def session_logout(self) -> requests.Response:
        return self.post("/api/auth/session/logout/")

    @property
    def session_cookie(self) -> str | None:
        return self.http.cookies.get(SESSION_COOKIE)

    # --- JWT --------------------------------------------------------------------------------
    def jwt_tokens(self, username: str, password: str) -> dict:
        """{"access", "refresh"} for the user; raises unless the login succeeded."""
        response = self.post(
            "/api/auth/jwt/token/", json={"username": username, "password": password}
        )
        response.raise_for_status()
        return response.json()

    def jwt_refresh(self, refresh: str) -> requests.Response:
        return self.post("/api/auth/jwt/refresh/", json={"refresh": refresh})

    def jwt_logout(self, refresh: str) -> requests.Response:
        return self.post("/api/auth/jwt/logout/", json={"refresh": refresh})

    # --- The question every test asks ---------------------------------------------------------
    def me(self, access: str | None = None, *, session_cookie: str | None = None):
        """GET /api/auth/me/ with the jar's cookies, or with a bearer token or a pinned cookie.

        A pinned cookie is sent as is, whatever a response said: a replica that does not know
        the session answers with a deletion of the cookie, which a browser would obey.
        """
        headers = {}
        if access:
            headers["Authorization"] = f"Bearer {access}"
        if session_cookie:
            headers["Cookie"] = f"{SESSION_COOKIE}={session_cookie}"
        return self.get("/api/auth/me/", headers=headers)


def _resend_wait(response: requests.Response) -> float | None:
    """Seconds before sending a keyed write again, or None when its answer is final."""
    if response.status_code in RESEND_STATUSES:
        return RESEND_BACKOFF_S
    if response.status_code == IN_PROGRESS:
        retry_after = response.headers.get("Retry-After", "")
        return min(float(retry_after), MAX_WAIT_S) if retry_after.isdigit() else RESEND_BACKOFF_S
    return None


def replica_of(response: requests.Response) -> str:
    return response.headers.get(REPLICA_HEADER, "?")

"""The lab's scripted API client is the Kivy app's pure-Python core (mobile_client.apiclient);
this module aims it at a server the way a browser on api.localhost would be.

It connects to 127.0.0.1 (Python cannot resolve *.localhost names) and sends the public Host
header, so cookies, CSRF's Origin check and ALLOWED_HOSTS all see what a browser would send.
`request` sends one request with the client's credentials and returns the answer whatever its
status: tallies and fault tests count answers, which the client's typed errors would hide.
"""

import tempfile

from requests.adapters import HTTPAdapter

from mobile_client.apiclient import ApiClient, paths
from mobile_client.apiclient.server_cookies import SESSION, cookie_name
from mobile_client.apiclient.transport import Reply

REPLICA_HEADER = "X-Replica"
# The session cookie's plain-http name; `session_cookie_name` gives a given server's.
SESSION_COOKIE = SESSION


class _SourceAddressAdapter(HTTPAdapter):
    """Connects from a chosen loopback address (127.0.0.0/8 all routes to this machine)."""

    def __init__(self, source_address: str):
        self.source_address = source_address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_address, 0)
        super().init_poolmanager(*args, **kwargs)


def lab_client(url: str, host: str | None = None, mode: str = "session", *,
               token_dir: str | None = None, source_address: str | None = None,
               on_exchange=None, ca_file: str | None = None) -> ApiClient:  # fmt: skip
    """An ApiClient for the API at `url`, sending `Host: host` (and the matching Origin); over
    https it trusts `ca_file` (the lab's CA)."""
    if mode == "jwt" and token_dir is None:
        token_dir = tempfile.mkdtemp(prefix="lab-tokens-")
    scheme = url.split("://", 1)[0]
    origin = f"{scheme}://{host}" if host else None
    client = ApiClient(url, mode, token_dir or "", on_exchange=on_exchange, origin=origin,
                       ca_file=ca_file)  # fmt: skip
    if host:
        client.transport.session.headers["Host"] = host
    if source_address is not None:
        client.transport.session.mount(f"{scheme}://", _SourceAddressAdapter(source_address))
    return client


def session_cookie_name(client: ApiClient) -> str:
    """The session cookie's name at this client's server (`__Host-sessionid` over https)."""
    return cookie_name(SESSION, client.server_url)


def request(client: ApiClient, method: str, path: str, *, json=None, headers=None) -> Reply:
    """One request with the client's cookies, CSRF headers or bearer token, and `headers`."""
    sent = {**client.auth.headers_for(method), **(headers or {})}
    return client.transport.request(method, path, json_body=json, headers=sent)


def me(client: ApiClient, *, access: str | None = None, session_cookie: str | None = None):
    """GET /api/auth/me/ with the jar's cookies, or with a bearer token or a pinned cookie.

    A pinned cookie is sent as is, whatever a response said: a replica that does not know
    the session answers with a deletion of the cookie, which a browser (the jar) obeys.
    """
    headers = {"Authorization": f"Bearer {access}"} if access else {}
    if session_cookie:
        headers["Cookie"] = f"{session_cookie_name(client)}={session_cookie}"
    return request(client, "GET", paths.ME, headers=headers)


def bearer(client: ApiClient) -> dict[str, str]:
    """The Authorization header of a signed-in JWT client."""
    return client.auth.headers_for("GET")


def access_token(client: ApiClient) -> str:
    return bearer(client)["Authorization"].removeprefix("Bearer ")


def refresh_token(client: ApiClient) -> str | None:
    return client.auth.store.load()


def session_cookie(client: ApiClient) -> str | None:
    return client.transport.session.cookies.get(session_cookie_name(client))


def replica_of(answer) -> str:
    """The replica that answered a Reply, a requests.Response or a logged Exchange."""
    if hasattr(answer, "response_headers"):
        return dict(answer.response_headers).get(REPLICA_HEADER, "?")
    return answer.headers.get(REPLICA_HEADER, "?")

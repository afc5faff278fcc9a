"""One request and its response, as the log pane shows them (like a browser's network inspector)."""

import json
from dataclasses import dataclass, field

REDACTED = "********"
SECRET_FIELDS = frozenset({"password"})
COOKIE_HEADER = "cookie"
SET_COOKIE_HEADER = "set-cookie"
# Headers and JSON fields that carry a credential: the log pane shows them masked like cookie
# values (the stored exchange keeps them whole, for the client and its tests).
AUTHORIZATION_HEADER = "authorization"
CSRF_HEADER = "x-csrftoken"
CREDENTIAL_FIELDS = frozenset({"access", "refresh", "csrfToken"})
# A cookie value is shown by its first and last characters and its length: enough to tell two
# apart in the log, never the whole credential (a screenshot of the log leaks no token).
SHOWN_HEAD, SHOWN_TAIL = 6, 4


@dataclass
class Exchange:
    """What was sent and what came back; `error` is set when no response arrived."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: str | None
    note: str = ""
    status: int | None = None
    reason: str = ""
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: str | None = None
    elapsed_ms: float = 0.0
    error: str | None = None

    @property
    def outcome(self) -> str:
        if self.error:
            return "failed"
        return f"{self.status} {self.reason}".strip()

    def cookies_sent(self) -> list[tuple[str, str]]:
        """The (name, value) pairs of the request's Cookie header, in the order sent."""
        headers = (value for name, value in self.request_headers if name.lower() == COOKIE_HEADER)
        return [pair for value in headers for pair in _cookie_pairs(value)]

    def summary(self) -> str:
        """One line: method, path, outcome, time and the names of the cookies sent, e.g.
        `POST /api/notes/  201 Created  12 ms  cookies: csrftoken, sessionid`."""
        path = self.url.split("://", 1)[-1].partition("/")[2]
        names = [name for name, _ in self.cookies_sent()]
        cookies = f"  cookies: {', '.join(names)}" if names else ""
        note = f"  ({self.note})" if self.note else ""
        return f"{self.method} /{path}  {self.outcome}  {self.elapsed_ms:.0f} ms{cookies}{note}"

    def describe(self) -> str:
        """The full exchange as plain text: request line, headers, body, then the response."""
        lines = [f"> {self.method} {self.url}"]
        if self.note:
            lines.append(f"  why: {self.note}")
        sent = self.cookies_sent()
        lines.append("  cookies sent:" + ("" if sent else " none"))
        lines += [f"    {name} = {masked(value)}" for name, value in sent]
        lines += [f"> {name}: {_shown_header(name, value)}" for name, value in self.request_headers]
        if self.request_body:
            lines += [">", _shown_body(self.request_body)]
        lines.append("")
        if self.error:
            lines.append(f"< no response: {self.error}")
        else:
            lines.append(f"< {self.status} {self.reason}  ({self.elapsed_ms:.0f} ms)")
            lines += [f"< {name}: {_shown_header(name, v)}" for name, v in self.response_headers]
            if self.response_body:
                lines += ["<", _shown_body(self.response_body)]
        return "\n".join(lines)


def body_for_log(payload: dict | None) -> str | None:
    """The JSON body as sent, with passwords replaced so a screenshot of the log leaks nothing."""
    if payload is None:
        return None
    shown = {key: REDACTED if key in SECRET_FIELDS else value for key, value in payload.items()}
    return json.dumps(shown, ensure_ascii=False)


def masked(value: str) -> str:
    """A cookie value shortened for the log: `eyJhbG…x9Qk (231 chars)`; empty stays empty."""
    if len(value) <= SHOWN_HEAD + SHOWN_TAIL + 2:
        return f"… ({len(value)} chars)" if value.strip('"') else value
    return f"{value[:SHOWN_HEAD]}…{value[-SHOWN_TAIL:]} ({len(value)} chars)"


def _shown_header(name: str, value: str) -> str:
    """A header as the log shows it: cookie values, the bearer token and the CSRF token
    masked, everything else as sent."""
    lowered = name.lower()
    if lowered == AUTHORIZATION_HEADER:  # "Bearer <token>": the scheme stays readable
        scheme, space, credential = value.partition(" ")
        return f"{scheme}{space}{masked(credential)}" if space else masked(value)
    if lowered == CSRF_HEADER:
        return masked(value)
    if lowered == COOKIE_HEADER:
        return "; ".join(f"{n}={masked(v)}" for n, v in _cookie_pairs(value))
    if lowered == SET_COOKIE_HEADER:  # name=value; attributes (Path, Max-Age, ...) kept
        first, semicolon, attributes = value.partition(";")
        cookie_name, _, cookie_value = first.partition("=")
        return f"{cookie_name}={masked(cookie_value)}{semicolon}{attributes}"
    return value


def _shown_body(body: str) -> str:
    """A JSON body as the log shows it: token fields (a token pair, a CSRF token) masked. A body
    that is not a JSON object (an error page, a cut-off answer) is shown as it came."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict) or not CREDENTIAL_FIELDS & data.keys():
        return body
    shown = {
        key: masked(value) if key in CREDENTIAL_FIELDS and isinstance(value, str) else value
        for key, value in data.items()
    }
    return json.dumps(shown, ensure_ascii=False)


def _cookie_pairs(header_value: str) -> list[tuple[str, str]]:
    """`a=1; b=2` (a Cookie header) as [("a", "1"), ("b", "2")]."""
    pairs = (item.strip().partition("=") for item in header_value.split(";"))
    return [(name, value) for name, _, value in pairs if name]

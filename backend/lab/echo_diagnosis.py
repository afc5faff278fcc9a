"""Turns what the server saw on a request into plain-words reasons. Pure: no Django imports.

The server cannot see a cookie the browser withheld, so when the client says which policy it
believes it set, the diagnosis can name the browser rule that withheld it; otherwise it lists
every cause that fits the evidence.
"""

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from backend.authentication.policies import LAX, NONE, STRICT

RELATIONS = ("same-origin", "same-site", "cross-site")


def site_of(host: str) -> str:
    """The registrable part of a host, as browsers compare it for SameSite.

    `localhost` counts as a top-level domain (Chromium treats `app.localhost` and
    `api.localhost` as two sites). Other names use the last two labels, an approximation of
    the Public Suffix List that is right for every host this lab serves.
    """
    host = host.lower().strip("[]").rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    return ".".join(labels[-2:])


def request_relation(
    *, origin: str | None, scheme: str, host: str, sec_fetch_site: str | None
) -> str:
    """same-origin, same-site, cross-site, direct (no initiator) or unknown."""
    if sec_fetch_site in RELATIONS:
        return sec_fetch_site
    if sec_fetch_site == "none":
        return "direct"
    if not origin:
        return "unknown"
    if origin == "null":
        return "cross-site"
    source = urlsplit(origin)
    target = urlsplit(f"{scheme}://{host}")
    default_port = {"http": 80, "https": 443}
    source_port = source.port or default_port.get(source.scheme)
    target_port = target.port or default_port.get(target.scheme)
    if (source.scheme, source.hostname, source_port) == (
        target.scheme,
        target.hostname,
        target_port,
    ):
        return "same-origin"
    same_scheme = source.scheme == target.scheme
    if same_scheme and site_of(source.hostname or "") == site_of(target.hostname or ""):
        return "same-site"
    return "cross-site"


@dataclass
class AuthenticatorOutcome:
    name: str
    result: str  # "authenticated", "not-attempted" or "failed"
    reason: str
    username: str | None = None


@dataclass
class Evidence:
    relation: str
    session_cookie_arrived: bool
    csrf_cookie_arrived: bool
    authenticators: list[AuthenticatorOutcome] = field(default_factory=list)
    cookie_policy: str | None = None


_BLOCKED_THIRD_PARTY = (
    "SameSite=None allows cross-site sending, so the browser withheld it as a third-party "
    "cookie: third-party cookies are blocked in this browser (the default in Safari and in "
    "Chromium here; Firefox partitions them by default rather than blocking them), or the "
    "cookie was refused when it was set (WebKitGTK refuses every Secure cookie over plain http)"
)
_PARTITIONED = (
    "a Partitioned (CHIPS) cookie is kept per top-level site and is sent only to requests made "
    "under the top-level site that stored it: it was set under another top-level site, this "
    "browser refused it, or you are not logged in"
)


def missing_session_cookie_reason(relation: str, policy: str | None) -> list[str]:
    """Why no session cookie arrived, as precisely as the evidence allows."""
    prefix = "no session cookie arrived"
    if policy is None:
        return [
            f"{prefix}; possible causes: you are not logged in here; the request is cross-site "
            "and the cookie is SameSite=Lax or Strict, which is never sent cross-site; it is "
            "SameSite=None and third-party cookies are blocked; it is Partitioned and was "
            "stored under another top-level site; or the request was sent without credentials"
        ]
    if relation == "cross-site":
        if policy == LAX:
            return [
                f"{prefix}; this request is cross-site and a SameSite=Lax cookie is never sent "
                "(nor stored) on a cross-site fetch: Lax allows only top-level navigations"
            ]
        if policy == STRICT:
            return [
                f"{prefix}; this request is cross-site and a SameSite=Strict cookie is never "
                "sent (nor stored) on any cross-site request, navigations included"
            ]
        if policy == NONE:
            return [f"{prefix}; this request is cross-site and {_BLOCKED_THIRD_PARTY}"]
        return [f"{prefix}; this request is cross-site and {_PARTITIONED}"]
    if relation in ("same-origin", "same-site", "direct"):
        return [
            f"{prefix}, although the cookie's policy ({policy}) allows this {relation} request: "
            "you are not logged in here, the cookie was deleted at logout or expired, the "
            "browser refused to store it, or the request was sent without credentials"
        ]
    return [
        f"{prefix}; the browser sent neither Origin nor Sec-Fetch-Site, so the request's "
        f"relation to this site is unknown; with policy {policy} the cookie may have been "
        "withheld by SameSite or third-party-cookie rules, or you are not logged in"
    ]


def diagnose(evidence: Evidence) -> dict:
    """`{"summary": str, "reasons": [str]}` in plain words, the most telling reason first."""
    outcomes = evidence.authenticators
    winner = next((a for a in outcomes if a.result == "authenticated"), None)
    failed = [f"{a.name}: {a.reason}" for a in outcomes if a.result == "failed"]
    others = [f"{a.name}: {a.reason}" for a in outcomes if a.result != "failed"]
    cookie_reasons: list[str] = []
    if winner is None and not evidence.session_cookie_arrived:
        cookie_reasons = missing_session_cookie_reason(evidence.relation, evidence.cookie_policy)
        if not evidence.csrf_cookie_arrived:
            cookie_reasons.append(
                "the CSRF cookie did not arrive either: the browser applies the same rules to "
                "it, so a cookie-authenticated write from this page would fail the CSRF check"
            )
    reasons = failed + cookie_reasons + others
    if winner is not None:
        summary = f"authenticated as {winner.username} by the {winner.name} authenticator"
    else:
        summary = "not authenticated: " + (reasons[0] if reasons else "no credentials arrived")
    return {"summary": summary, "reasons": reasons}

"""What should stop each attack, written from the rules (RFC 6265bis SameSite, CHIPS, the
browser's third-party-cookie setting, Django's CSRF check, the BFF contract), never copied
from a run.

Victims: lax, strict and none sign in on the same-origin page (a first-party cookie on the
API's own site, the attacker's best case); partitioned signs in on the cross-site page (the
only place a cross-site session lives with third-party cookies blocked).
"""

from infra.attacker_site.verdicts import (
    BFF_HEADER,
    NO_AMBIENT,
    ORIGIN,
    PARTITIONED,
    SAMESITE,
    THIRD_PARTY,
)

# The BFF contract requires both X-CSRF and its own Origin, in no stated order: either check
# may be the one that answers first.
BFF_GUARD = "BFF guard"
FRAME, WINDOW, FETCH = "frame", "window", "fetch"
DELIVERY = {
    "csrf-form": FRAME,
    "csrf-form-text": FRAME,
    "csrf-form-top": WINDOW,
    "csrf-fetch": FETCH,
    "login-form": WINDOW,
    "login-fetch": FETCH,
}


def cookie_reaches_api(policy: str, delivery: str, third_party: str) -> bool:
    """Does a cookie of `policy`, stored by the victim's page, ride a POST from the attacker?"""
    if policy in ("lax", "strict"):
        return False  # never on a cross-site POST, framed, fetched or top-level
    if policy == "partitioned":
        return False  # stored under the lab page's top-level site, not the attacker's or API's
    # none: sent on a top-level navigation; framed or fetched it is a third-party cookie.
    return delivery == WINDOW or third_party == "allowed"


def expected_layers(mode: str, policy: str, attack: str, third_party: str) -> list[str]:
    delivery = DELIVERY[attack]
    if attack.startswith("login"):
        return [BFF_GUARD] if mode == "bff" else [ORIGIN]
    if mode == "jwt":
        return [NO_AMBIENT]
    if mode == "bff":
        return [SAMESITE, BFF_GUARD]
    if cookie_reaches_api(policy, delivery, third_party):
        return [ORIGIN]
    if policy == "none":
        return [THIRD_PARTY]
    return [PARTITIONED] if policy == "partitioned" else [SAMESITE]


def matches(observed: list[str], expected: list[str]) -> bool:
    guard = {BFF_HEADER, ORIGIN}
    return len(observed) == len(expected) and all(
        o in guard if e == BFF_GUARD else o == e for o, e in zip(observed, expected, strict=True)
    )

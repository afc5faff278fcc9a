"""Cookie policies a session login may choose, and how they are stamped onto cookies.

The policy is chosen per login (or per CSRF-cookie fetch before login) and stored in the
session, so that every later Set-Cookie of the session and CSRF cookies, deletions included,
carries the same SameSite/Secure/Partitioned attributes.
"""

from dataclasses import dataclass
from http.cookies import Morsel

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import ValidationError

SESSION_POLICY_KEY = "_lab_cookie_policy"
_REQUEST_ATTRIBUTE = "lab_cookie_policy"
PARTITIONED = "Partitioned"


@dataclass(frozen=True)
class CookiePolicy:
    name: str
    samesite: str
    # SameSite=None is refused by browsers without Secure; CHIPS requires it too.
    secure: bool
    partitioned: bool


POLICIES = {
    "lax": CookiePolicy("lax", "Lax", secure=False, partitioned=False),
    "strict": CookiePolicy("strict", "Strict", secure=False, partitioned=False),
    "none": CookiePolicy("none", "None", secure=True, partitioned=False),
    "partitioned": CookiePolicy("partitioned", "None", secure=True, partitioned=True),
}


def parse_policy(value: str | None) -> CookiePolicy:
    """The allowed policy named by `value` (the default when empty); a 400 otherwise."""
    name = (value or settings.DEFAULT_COOKIE_POLICY).strip().lower()
    allowed = settings.COOKIE_POLICIES
    if name not in POLICIES or name not in allowed:
        raise ValidationError(
            {
                "cookie_policy": [
                    f"Unknown cookie policy {value!r}; choose one of {', '.join(allowed)}."
                ]
            }
        )
    return POLICIES[name]


def session_policy(request: HttpRequest) -> CookiePolicy | None:
    """The policy the current session was created with, if there is such a session."""
    name = request.session.get(SESSION_POLICY_KEY)
    return POLICIES.get(name) if name else None


def use_policy(request: HttpRequest, policy: CookiePolicy, *, store_in_session: bool) -> None:
    """Stamp `policy` onto this response's cookies, and onto later ones if stored in session."""
    setattr(request, _REQUEST_ATTRIBUTE, policy)
    if store_in_session:
        request.session[SESSION_POLICY_KEY] = policy.name


def policy_for_response(request: HttpRequest) -> CookiePolicy:
    explicit = getattr(request, _REQUEST_ATTRIBUTE, None)
    if explicit is not None:
        return explicit
    stored = session_policy(request) if hasattr(request, "session") else None
    return stored or POLICIES[settings.DEFAULT_COOKIE_POLICY]


class PartitionedMorsel(Morsel):
    """A Morsel that emits the `Partitioned` attribute, which Python 3.11's Morsel lacks."""

    def OutputString(self, attrs=None):  # the name Morsel defines
        return f"{super().OutputString(attrs)}; {PARTITIONED}"


def apply_policy(response: HttpResponse, cookie_name: str, policy: CookiePolicy) -> None:
    """Rewrite the attributes of `cookie_name` already set on `response` to match `policy`."""
    morsel = response.cookies[cookie_name]
    morsel["samesite"] = policy.samesite
    if policy.secure:
        morsel["secure"] = True
    if policy.partitioned and not isinstance(morsel, PartitionedMorsel):
        partitioned = PartitionedMorsel()
        partitioned.set(morsel.key, morsel.value, morsel.coded_value)
        partitioned.update(morsel)
        # SimpleCookie.__setitem__ would wrap the value in a plain Morsel again.
        dict.__setitem__(response.cookies, cookie_name, partitioned)

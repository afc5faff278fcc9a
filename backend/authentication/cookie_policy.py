"""Cookie policies a session login may choose, and how they are stamped onto cookies.

The policy is chosen per login (or per CSRF-cookie fetch before login) and stored in the
session, so that every later Set-Cookie of the session and CSRF cookies, deletions included,
carries the same SameSite/Secure/Partitioned attributes.
"""

from http.cookies import Morsel

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework import serializers

from backend.authentication.policies import POLICIES, CookiePolicy

SESSION_POLICY_KEY = "_lab_cookie_policy"
# This response's policy, kept in the request's environ (META): the one dict Django's request
# and DRF's share, where Django's CSRF middleware keeps its per-request state too.
_REQUEST_KEY = "lab.cookie_policy"
PARTITIONED_ATTRIBUTE = "Partitioned"


def allowed_policy_names() -> list[str]:
    """The policies a client may choose here: POLICIES, narrowed by COOKIE_POLICIES."""
    return [name for name in POLICIES if name in settings.COOKIE_POLICIES]


def default_policy() -> CookiePolicy:
    """The policy of a client that names none (DEFAULT_COOKIE_POLICY)."""
    return POLICIES[settings.DEFAULT_COOKIE_POLICY]


class CookiePolicyField(serializers.ChoiceField):
    """A policy this deployment allows, by name; an empty, unknown or disallowed name is a 400.

    The choices are read each time a serializer is built, so validation and the schema's enum
    are one list and follow the settings.
    """

    def __init__(self, **kwargs):
        allowed = allowed_policy_names()
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": (
                    f'Unknown cookie policy "{{input}}"; choose one of {", ".join(allowed)}.'
                )
            },
        )
        super().__init__(choices=allowed, **kwargs)

    def to_internal_value(self, data) -> CookiePolicy:
        return POLICIES[super().to_internal_value(data)]


def session_policy(request: HttpRequest) -> CookiePolicy | None:
    """The policy the current session was created with, if there is such a session."""
    name = request.session.get(SESSION_POLICY_KEY)
    return POLICIES.get(name) if name else None


def use_policy(request: HttpRequest, policy: CookiePolicy, *, store_in_session: bool) -> None:
    """Stamp `policy` onto this response's cookies, and onto later ones if stored in session."""
    request.META[_REQUEST_KEY] = policy
    if store_in_session:
        request.session[SESSION_POLICY_KEY] = policy.name


def policy_for_response(request: HttpRequest) -> CookiePolicy:
    explicit = request.META.get(_REQUEST_KEY)
    if explicit is not None:
        return explicit
    stored = session_policy(request) if hasattr(request, "session") else None
    return stored or default_policy()


class PartitionedMorsel(Morsel):
    """A Morsel that emits the `Partitioned` attribute, which Python 3.11's Morsel lacks."""

    def OutputString(self, attrs=None):  # the name Morsel defines
        return f"{super().OutputString(attrs)}; {PARTITIONED_ATTRIBUTE}"


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

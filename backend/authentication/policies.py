"""The cookie policies a session login may choose: one table of names and cookie attributes.

No Django imports, so that the settings take their defaults from it (COOKIE_POLICIES,
DEFAULT_COOKIE_POLICY) instead of writing the names again.
"""

from dataclasses import dataclass

LAX = "lax"
STRICT = "strict"
NONE = "none"
PARTITIONED = "partitioned"
DEFAULT_POLICY = LAX


@dataclass(frozen=True)
class CookiePolicy:
    name: str
    samesite: str
    # SameSite=None is refused by browsers without Secure; CHIPS requires it too.
    secure: bool
    partitioned: bool


POLICIES = {
    LAX: CookiePolicy(LAX, "Lax", secure=False, partitioned=False),
    STRICT: CookiePolicy(STRICT, "Strict", secure=False, partitioned=False),
    NONE: CookiePolicy(NONE, "None", secure=True, partitioned=False),
    PARTITIONED: CookiePolicy(PARTITIONED, "None", secure=True, partitioned=True),
}

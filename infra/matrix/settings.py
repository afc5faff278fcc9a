"""What each `ENGINE=… SETTING=…` of `make matrix` means: the one home of the engines' cookie
settings, with the exact preference or option each one sets and why it was chosen."""

from dataclasses import dataclass, field

CHROMIUM = "chromium"
FIREFOX = "firefox"
WEBKIT = "webkit"

CHROMIUM_EXECUTABLE = "/usr/bin/chromium"
FIREFOX_EXECUTABLE = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"

# Firefox's pref for third-party cookies (netwerk/cookie/nsICookieService.idl): 1 =
# BEHAVIOR_REJECT_FOREIGN ("All cross-site cookies" in Custom), 5 = BEHAVIOR_PARTITION_FOREIGN
# (Total Cookie Protection).
FIREFOX_COOKIE_BEHAVIOR = "network.cookie.cookieBehavior"
FIREFOX_REJECT_FOREIGN = 1

# What the page's third-party-cookie witness (its own probe cookie, not a matrix cell) must say
# under each setting (contract16.md): "allowed" = a cross-site cookie set by a credentialed
# fetch is stored and sent back (in Firefox's default, inside the page site's partition).
ALLOWED = "allowed"
BLOCKED = "blocked"


@dataclass(frozen=True)
class Setting:
    engine: str
    name: str
    means: str
    witness: str  # ALLOWED or BLOCKED, what the page's witness must report
    # Chromium: profile Preferences; Firefox: prefs (None = the build's own default, read from
    # the build at run time); WebKit: webkitgtk:browserOptions args (None = the driver's own).
    options: dict = field(default_factory=dict)
    why: str = ""


SETTINGS = {
    (CHROMIUM, "blocked"): Setting(
        CHROMIUM, "blocked",
        "This build's default: third-party cookies blocked (profile.cookie_controls_mode = 1).",
        BLOCKED,
        {"profile": "fresh context, no Preferences written"},
    ),
    (CHROMIUM, "allowed"): Setting(
        CHROMIUM, "allowed",
        "Third-party cookies allowed: a persistent profile whose Default/Preferences says so "
        "(flags cannot turn them back on in this build).",
        ALLOWED,
        {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}},
    ),
    (FIREFOX, "default"): Setting(
        FIREFOX, "default",
        "The build's own default network.cookie.cookieBehavior (read from the build's omni.ja "
        "and pinned, since puppeteer writes prefs of its own): Total Cookie Protection.",
        ALLOWED,  # partitioned by the top-level site, but stored and sent back
        {FIREFOX_COOKIE_BEHAVIOR: None},
    ),
    (FIREFOX, "strict"): Setting(
        FIREFOX, "strict",
        "Third-party cookies blocked: network.cookie.cookieBehavior = 1 (Custom, \"All "
        "cross-site cookies\").",
        BLOCKED,
        {FIREFOX_COOKIE_BEHAVIOR: FIREFOX_REJECT_FOREIGN},
        why=(
            "Issue 16 asks for Firefox with third-party cookies blocked. ETP Strict in ESR 153 "
            "does not do that: browser.contentblocking.features.strict lists cookieBehavior5, "
            "the same partitioning as Standard. So this setting is cookieBehavior = 1 (reject "
            "every cross-site cookie, Partitioned ones included), not the Strict category."
        ),
    ),
    (WEBKIT, "default"): Setting(
        WEBKIT, "default",
        "WebKitWebDriver's own launch (MiniBrowser --automation): the cookie policy is "
        "MiniBrowser's default, no-third-party.",
        BLOCKED,
        {"args": None},
    ),
    (WEBKIT, "always"): Setting(
        WEBKIT, "always",
        "Accept every cookie: MiniBrowser --cookies-policy=always.",
        ALLOWED,
        {"args": ["--automation", "--cookies-policy=always"]},
        why="webkitgtk:browserOptions.args replaces the driver's ['--automation'], so it is "
        "passed again.",
    ),
}  # fmt: skip

ENGINES = tuple(dict.fromkeys(engine for engine, _ in SETTINGS))


def setting(engine: str, name: str) -> Setting:
    """The setting, or a ValueError naming the ones that exist."""
    try:
        return SETTINGS[(engine, name)]
    except KeyError:
        known = ", ".join(f"{e}/{n}" for e, n in SETTINGS)
        raise ValueError(f"unknown ENGINE/SETTING {engine}/{name}; known: {known}") from None


def settings_of(engine: str) -> list[str]:
    return [name for e, name in SETTINGS if e == engine]

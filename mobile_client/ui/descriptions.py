"""Plain-text descriptions the screens show: who I am, where my credentials live, why the
server ended a sign-in."""

from ..apiclient import SignInEnded


def describe_me(me: dict) -> str:
    """`alice (id 1)  |  auth: jwt  |  replica: host:pid` from a /me answer."""
    fields = [f"{me.get('username')} (id {me.get('id')})"]
    if me.get("auth"):
        fields.append(f"auth: {me['auth']}")
    if me.get("replica"):
        fields.append(f"replica: {me['replica']}")
    return "  |  ".join(fields)


def where_credentials_live(mode: str, token_dir: str, cookies: list[tuple[str, str]]) -> str:
    """Where this mode keeps its credentials; `cookies` is (name, Path) of the jar's cookies."""
    if mode == "jwt":
        return (
            "Access token: in memory only.  Refresh token: a 0600 file in "
            f"{token_dir} (production: Android Keystore / iOS Keychain)."
        )
    if mode == "session":
        names = sorted({name for name, _ in cookies})
        return f"Cookie jar (memory): {', '.join(names) or 'empty'}"
    if mode == "cookie-jwt":
        held = ", ".join(f"{name} (Path={path})" for name, path in cookies)
        return f"Cookie jar (memory): {held or 'empty'}. Each goes only to URLs under its Path."
    return "Cookie jar: none. This mode drops every cookie, like UrlRequest."


def describe_sign_out(ended: SignInEnded) -> str:
    """The status line's technical account; the sentence to act on is the error's message."""
    if ended.code:
        reason = f"{ended.status} {ended.code}"
    else:
        reason = f"{ended.status}, no reason code" if ended.status else "no refresh token here"
    return f"Signed out: the server would not renew the sign-in ({reason})."

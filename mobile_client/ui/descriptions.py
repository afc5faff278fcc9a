"""Plain-text descriptions the notes screen shows: who I am, where my credentials live."""


def describe_me(me: dict) -> str:
    """`alice (id 1)  |  auth: jwt  |  replica: host:pid` from a /me answer."""
    fields = [f"{me.get('username')} (id {me.get('id')})"]
    if me.get("auth"):
        fields.append(f"auth: {me['auth']}")
    if me.get("replica"):
        fields.append(f"replica: {me['replica']}")
    return "  |  ".join(fields)


def where_credentials_live(mode: str, token_dir: str, cookies: list[str]) -> str:
    if mode == "jwt":
        return (
            "Access token: in memory only.  Refresh token: a 0600 file in "
            f"{token_dir} (production: Android Keystore / iOS Keychain)."
        )
    if mode == "session":
        return f"Cookie jar (memory): {', '.join(cookies) or 'empty'}"
    return "Cookie jar: none. This mode drops every cookie, like UrlRequest."

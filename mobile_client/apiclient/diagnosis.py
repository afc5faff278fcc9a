"""Asks the lab's echo endpoint why the server did not recognise a request."""

from . import paths
from .errors import ApiError, NotAuthenticated
from .transport import Transport


def explain_refusal(transport: Transport, refused: NotAuthenticated, auth) -> ApiError:
    """`refused` enriched with the server's diagnosis of a request sent the way `auth` sends it.

    The message names the decisive evidence (which cookies arrived); the echo's full list of
    possible causes stays in `reasons` and in the log. `auth.refusal_hint` is what the client
    knows about itself that the server cannot see (for example that it keeps no cookie jar);
    `auth.credential_cookie` is the cookie its sign-in rides on ("" when none).
    """
    try:
        reply = transport.request(
            "GET",
            paths.ECHO,
            headers=auth.headers_for("GET"),
            note="ask the server why it refused the last call",
        )
    except ApiError:
        return refused  # the diagnosis is a bonus: the original failure stays the message
    echo = reply.data if reply.status == 200 and isinstance(reply.data, dict) else {}
    evidence = _evidence(echo, auth.credential_cookie)
    if not evidence:
        return refused
    why = "; ".join(filter(None, [evidence, auth.refusal_hint]))
    return NotAuthenticated(
        f"{refused.message} Server's diagnosis: {why}.",
        status=refused.status,
        detail=refused.detail,
        reasons=[str(reason) for reason in echo.get("reasons") or []],
    )


def _evidence(echo: dict, credential_cookie: str) -> str:
    cookies = echo.get("cookies_received")
    if cookies == [] and not echo.get("authorization_header"):
        return "no cookies and no Authorization header arrived with the request"
    if credential_cookie and isinstance(cookies, list) and credential_cookie not in cookies:
        return f"no {credential_cookie} cookie arrived (only: {', '.join(map(str, cookies))})"
    return str(echo.get("summary") or "")

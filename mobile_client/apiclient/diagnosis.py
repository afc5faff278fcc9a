"""Asks the lab's echo endpoint why the server did not recognise a request."""

from . import paths
from .errors import ApiError, NotAuthenticated
from .transport import Transport

SESSION_COOKIE = "sessionid"


def explain_refusal(
    transport: Transport, refused: NotAuthenticated, headers: dict, client_hint: str | None
) -> ApiError:
    """`refused` enriched with the server's diagnosis of a request sent the same way.

    The message names the decisive evidence (which cookies arrived); the echo's full list of
    possible causes stays in `reasons` and in the log. `client_hint` is what the client knows
    about itself that the server cannot see (for example that it keeps no cookie jar).
    """
    try:
        reply = transport.request(
            "GET", paths.ECHO, headers=headers, note="ask the server why it refused the last call"
        )
    except ApiError:
        return refused  # the diagnosis is a bonus: the original failure stays the message
    echo = reply.data if reply.status == 200 and isinstance(reply.data, dict) else {}
    evidence = _evidence(echo)
    if not evidence:
        return refused
    why = "; ".join(filter(None, [evidence, client_hint]))
    return NotAuthenticated(
        f"{refused.message} Server's diagnosis: {why}.",
        status=refused.status,
        detail=refused.detail,
        reasons=[str(reason) for reason in echo.get("reasons") or []],
    )


def _evidence(echo: dict) -> str:
    cookies = echo.get("cookies_received")
    if cookies == [] and not echo.get("authorization_header"):
        return "no cookies and no Authorization header arrived with the request"
    if isinstance(cookies, list) and SESSION_COOKIE not in cookies:
        return f"no session cookie arrived (only: {', '.join(map(str, cookies))})"
    return str(echo.get("summary") or "")

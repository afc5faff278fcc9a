"""Maps an unsuccessful HTTP reply to the typed error a person can act on."""

from .errors import (
    ApiError,
    AuthError,
    CsrfRejected,
    NotAuthenticated,
    RateLimited,
    RequestRejected,
    ServerError,
)
from .transport import Reply


def server_detail(reply: Reply) -> str:
    """The server's own explanation: DRF's `detail`, or `field: message` pairs for validation."""
    data = reply.data
    if isinstance(data, dict):
        if isinstance(data.get("detail"), str):
            return data["detail"]
        parts = []
        for field, messages in data.items():
            text = " ".join(messages) if isinstance(messages, list) else str(messages)
            parts.append(f"{field}: {text}")
        return "; ".join(parts)
    return ""


def error_for_reply(reply: Reply) -> ApiError:
    """The error for a non-2xx reply; the message quotes the server's reason when it gave one."""
    status, detail = reply.status, server_detail(reply)
    said = f" The server said: {detail}" if detail else ""
    if status == 401:
        return NotAuthenticated(f"Not signed in (401).{said}", status=status, detail=detail)
    if status == 403 and "CSRF" in detail:
        return CsrfRejected(
            f"The server's CSRF check refused the request (403).{said}",
            status=status,
            detail=detail,
        )
    if status == 403:
        return AuthError(f"Not allowed (403).{said}", status=status, detail=detail)
    if status == 429:
        retry_after = reply.headers.get("Retry-After")
        seconds = int(retry_after) if retry_after and retry_after.isdigit() else None
        wait = f" Try again in {seconds} s." if seconds is not None else " Try again later."
        return RateLimited(
            f"Too many attempts (429).{wait}{said}",
            status=status,
            detail=detail,
            retry_after=seconds,
        )
    if status >= 500:
        return ServerError(
            f"The server failed ({status}). The request was fine; try again later.",
            status=status,
        )
    if status == 404:
        return RequestRejected(f"Not found (404).{said}", status=status, detail=detail)
    return RequestRejected(
        f"The server refused the request ({status}).{said}", status=status, detail=detail
    )

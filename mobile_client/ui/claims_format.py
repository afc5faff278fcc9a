"""Turns token claims and the time left into the text the claims panel shows."""

import time

TIME_CLAIMS = ("iat", "exp", "nbf")


def claims_text(claims: dict) -> str:
    lines = []
    for name, value in claims.items():
        if name in TIME_CLAIMS and isinstance(value, (int, float)):
            value = f"{value}  ({time.strftime('%H:%M:%S UTC', time.gmtime(value))})"
        lines.append(f"{name}: {value}")
    return "\n".join(lines)


def countdown_text(seconds_left: float | None) -> str:
    if seconds_left is None:
        return ""
    if seconds_left <= 0:
        return "access token expired: the next call refreshes it first"
    minutes, seconds = divmod(int(seconds_left), 60)
    return f"access token expires in {minutes}:{seconds:02d}"

"""Reads the claims of a JWT for display and scheduling; the server alone verifies signatures."""

import base64
import json


def decode_claims(token: str) -> dict:
    """The payload of `token` as a dict, or {} when it is not a readable JWT."""
    try:
        payload = token.split(".")[1]
        padded = payload + "=" * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (IndexError, ValueError, AttributeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def lifetime_seconds(claims: dict) -> float | None:
    """How long the token was issued for (`exp - iat`), independent of the device clock."""
    exp, iat = claims.get("exp"), claims.get("iat")
    if isinstance(exp, (int, float)) and isinstance(iat, (int, float)):
        return max(0.0, float(exp - iat))
    return None

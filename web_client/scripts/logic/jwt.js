// Reading a JWT without verifying it: the browser only displays claims and schedules refreshes;
// the API is the one that checks the signature.
import { decodeJson } from "./base64url.js";

/** Seconds before expiry at which the client refreshes the access token. */
export const REFRESH_MARGIN_SECONDS = 30;

/** Decode a JWT's header and claims; throws a readable Error when the token is malformed. */
export function decodeJwt(token) {
  const parts = String(token).split(".");
  if (parts.length !== 3) {
    throw new Error("Not a JWT: expected three dot-separated parts.");
  }
  try {
    return { header: decodeJson(parts[0]), claims: decodeJson(parts[1]) };
  } catch {
    throw new Error("Not a JWT: header or claims are not base64url JSON.");
  }
}

/** Whole seconds until `exp` (negative once expired). */
export function secondsUntilExpiry(claims, nowMs) {
  return Math.floor(claims.exp - nowMs / 1000);
}

/** Milliseconds to wait before refreshing: REFRESH_MARGIN_SECONDS before expiry, never negative. */
export function refreshDelayMs(claims, nowMs) {
  return Math.max(0, (claims.exp - REFRESH_MARGIN_SECONDS) * 1000 - nowMs);
}

/** "4:05" style countdown; "expired" once the time is up. */
export function formatCountdown(seconds) {
  if (seconds <= 0) return "expired";
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The same delay for a token the page cannot read (an HttpOnly cookie), from its stated
 * lifetime in seconds (the API's `access_expires_in`). */
export function refreshDelayFromLifetimeMs(lifetimeSeconds) {
  return Math.max(0, (lifetimeSeconds - REFRESH_MARGIN_SECONDS) * 1000);
}

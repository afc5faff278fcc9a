// What the rules say happens to each credential after each event: the API contract of issue 12
// (refresh families, password change, log out everywhere, the lab's account switches), Django's
// session rules and simplejwt's two authenticators. Written from the rules, never from what a
// browser observed: the timeline marks every lane whose observed end disagrees.
import { CHROMIUM } from "./engine.js";
import { THIRD_PARTY_ALLOWED, THIRD_PARTY_BLOCKED, expectedOutcome } from "./expectations.js";
import { HTTP } from "./lab_cookies.js";

const CHROMIUM_OVER_HTTP = { engine: CHROMIUM, scheme: HTTP };
const NO_RULES_WHY =
  "The page has no cookie rules for this browser's engine: the session is tried, and the " +
  "timeline shows what happened.";

/** The credentials the timeline probes, in drawing order. */
export const LANES = ["session", "access-db", "access-stateless", "refresh"];
export const ACCESS_LANES = ["access-db", "access-stateless"];

export const LANE_TITLES = {
  session: "Session cookie",
  "access-db": "Access token, db authenticator",
  "access-stateless": "Access token, stateless authenticator",
  refresh: "Refresh token",
};

/** How each lane is probed (shown under its title). */
export const LANE_PROBES = {
  session: "GET /api/auth/me/ with the cookie, no bearer",
  "access-db": "GET /api/lab/me-db/ with the access token",
  "access-stateless": "GET /api/lab/me-stateless/ with the access token",
  refresh: "POST /api/auth/jwt/verify/ with the refresh token (verify does not rotate)",
};

export const AT_ONCE = "at-once";
export const AT_EXPIRY = "at-expiry";
export const NEVER = "never";
/** Ends the rules never predict, which a timeline can still observe. */
export const LATER = "later";
export const BEFORE_EVENT = "before-event";

export const END_TITLES = {
  [AT_ONCE]: "stops at once",
  [AT_EXPIRY]: "stops at expiry",
  [NEVER]: "never (still alive when the timeline stopped)",
  [LATER]: "stops later, before its expiry",
  [BEFORE_EVENT]: "stopped before the event",
};
/** The same, as a table cell says it. */
export const END_SHORT = {
  [AT_ONCE]: "at once",
  [AT_EXPIRY]: "at expiry",
  [NEVER]: "never",
  [LATER]: "later",
  [BEFORE_EVENT]: "before the event",
};
const END_RANK = { [BEFORE_EVENT]: 0, [AT_ONCE]: 1, [LATER]: 2, [AT_EXPIRY]: 3, [NEVER]: 4 };

export const EVENTS = [
  "logout-session",
  "logout-jwt",
  "change-password",
  "deactivate",
  "logout-everywhere",
];
export const EVENT_TITLES = {
  "logout-session": "Log out (session)",
  "logout-jwt": "Log out (JWT)",
  "change-password": "Change password",
  deactivate: "Deactivate the user",
  "logout-everywhere": "Log out everywhere",
};

/** Which credential sends an event: the two logouts have their own; the others the chosen one. */
export const VIA_BEARER = "bearer";
export const VIA_SESSION = "session";
export const VIA_REFRESH = "refresh";
export const VIA_TITLES = {
  [VIA_BEARER]: "the JWT access token",
  [VIA_SESSION]: "the session cookie",
  [VIA_REFRESH]: "the refresh token",
};

export function eventCaller(event, via) {
  if (event === "logout-session") return VIA_SESSION;
  if (event === "logout-jwt") return VIA_REFRESH;
  return via;
}

// Per event, the lanes the event itself ends, and the rule that says so. A lane not named here
// lives on until its own expiry. A function takes the credential that sent the event.
const ENDED_BY = {
  "logout-session": {
    session: "session logout deletes the session on the server: the cookie now names nothing.",
  },
  "logout-jwt": {
    refresh: "JWT logout blacklists this refresh token.",
  },
  "change-password": {
    session: (via) =>
      via === VIA_SESSION
        ? null
        : "a password change ends every session of the user but the caller's, and the JWT " +
          "was the caller.",
    "access-db":
      "the db authenticator refuses access tokens minted before a password change " +
      "(password_changed).",
    refresh: "a password change revokes every refresh family of the user (password_changed).",
  },
  deactivate: {
    session: "Django loads the user on every session request and refuses an inactive one.",
    "access-db": "the db authenticator loads the user row on every request: inactive is refused.",
    refresh: "an inactive user's refresh token is refused (user_inactive).",
  },
  "logout-everywhere": {
    session: "log out everywhere ends every session of the user, the caller's included.",
    refresh: "log out everywhere revokes every refresh family (signed_out_everywhere).",
  },
};

// Why a lane the event leaves alone keeps working until its own expiry.
const SURVIVES = {
  session: (event, via) =>
    event === "change-password" && via === VIA_SESSION
      ? "the password was changed through this session, which Django keeps " +
        "(update_session_auth_hash)."
      : "nothing in this event touches the session: it lives until logged out or expired.",
  "access-db": () =>
    "access tokens are not revoked by this event: the db authenticator still finds a valid " +
    "signature and an active user, until the token expires.",
  "access-stateless": () =>
    "the stateless authenticator checks only the signature and exp: nothing on the server is " +
    "consulted until the token expires.",
  refresh: () => "this event leaves the refresh token's sign-in alone: it lives until its exp.",
};

/**
 * The rules' prediction for every lane after `event` sent with `via`.
 * `accessExp`, `refreshExp`: the tokens' exp (seconds). The timeline watches until the access
 * token expires, so a surviving credential ends "at expiry" only when its own exp comes by
 * then; the session has no exp the page can read, so it survives as "never".
 * @returns {Object<string, {end: string, why: string}>}
 */
export function predictLanes({ event, via, accessExp, refreshExp }) {
  const ownExp = { session: null, "access-db": accessExp, "access-stateless": accessExp };
  ownExp.refresh = refreshExp;
  return Object.fromEntries(
    LANES.map((lane) => {
      const rule = ENDED_BY[event]?.[lane];
      const ended = typeof rule === "function" ? rule(via) : rule;
      if (ended) return [lane, { end: AT_ONCE, why: ended }];
      const exp = ownExp[lane];
      const expires = exp !== null && exp !== undefined && exp <= accessExp;
      return [lane, { end: expires ? AT_EXPIRY : NEVER, why: SURVIVES[lane](event, via) }];
    }),
  );
}

/**
 * Lanes grouped by when they end, earliest first: [{end, lanes: [...]}, ...]. `ends` maps a
 * lane to its end; lanes missing from it (not probed on this page) are left out.
 */
export function endOrder(ends) {
  const tiers = new Map();
  for (const lane of LANES) {
    const end = ends[lane];
    if (!end) continue;
    if (!tiers.has(end)) tiers.set(end, []);
    tiers.get(end).push(lane);
  }
  return [...tiers.entries()]
    .sort(([a], [b]) => END_RANK[a] - END_RANK[b])
    .map(([end, lanes]) => ({ end, lanes }));
}

/**
 * Can a session cookie reach the API from this page? The expected-outcome model of the engine
 * this page runs in decides (`context`: {engine: name, scheme}; Chromium over http when not
 * given), for both third-party cookie settings: "yes", "no" (the rules forbid it whatever the
 * setting), or "maybe" (it depends on the setting, or the page has no rules for the engine).
 */
export function sessionLaneOutlook(topology, cookiePolicy, context = CHROMIUM_OVER_HTTP) {
  const { engine, scheme } = context;
  const [blocked, allowed] = [THIRD_PARTY_BLOCKED, THIRD_PARTY_ALLOWED].map((thirdPartyCookies) =>
    expectedOutcome({ engine, scheme, topology, mode: "session", cookiePolicy, thirdPartyCookies }),
  );
  if (!blocked || !allowed) return { outlook: "maybe", why: NO_RULES_WHY };
  if (blocked.outcome === "pass") return { outlook: "yes", why: blocked.why };
  if (allowed.outcome === "pass") return { outlook: "maybe", why: blocked.why };
  return { outlook: "no", why: blocked.why };
}

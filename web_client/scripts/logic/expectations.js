// The expected-outcome model: what the browser's cookie rules predict for one matrix cell.
// The page shows it next to what this browser actually did, so a surprise stands out.
//
// The rules decide by the *credential's carrier*, not by what the credential is: a session id
// and a JWT that ride a cookie of the same policy meet the same SameSite and third-party rules
// (and both need the CSRF cookie first, which obeys them too); a bearer header meets none; the
// BFF's cookie is first-party to the page wherever the page lives.

export const THIRD_PARTY_BLOCKED = "blocked";
export const THIRD_PARTY_ALLOWED = "allowed";

// The modes whose credential is a cookie of the cell's policy, set by the API.
const API_COOKIE_MODES = new Set(["session", "cookie-jwt"]);

const JWT_WHY =
  "Bearer token in the Authorization header: no cookie involved, so neither SameSite nor " +
  "third-party blocking applies.";
const BFF_WHY =
  "BFF on this page's own origin: the browser holds only its cookie (lab_bff), which is " +
  "first-party wherever the page lives and always SameSite=Strict, so the cell's cookie " +
  "policy does not apply and third-party blocking never touches it; the BFF calls the API " +
  "with a bearer token it keeps.";
const FIRST_PARTY_WHY = {
  "same-origin": "First-party request from the API's own origin: every SameSite value is sent.",
  "same-site":
    "Same site (lab.localhost): SameSite allows every value and the cookie is not third-party.",
};
const CROSS_SITE_WHY = {
  lax:
    "SameSite=Lax cookies are neither stored nor sent on a cross-site fetch, so the CSRF " +
    "cookie never arrives.",
  strict:
    "SameSite=Strict cookies are neither stored nor sent on a cross-site fetch, so the CSRF " +
    "cookie never arrives.",
  partitioned:
    "Partitioned (CHIPS): the cookie is kept in a jar for this top-level site, which browsers " +
    "allow even while blocking third-party cookies.",
};
const NONE_WHY = {
  [THIRD_PARTY_BLOCKED]:
    "SameSite=None makes it a third-party cookie, and this browser blocks third-party " +
    "cookies: the CSRF cookie is refused.",
  [THIRD_PARTY_ALLOWED]:
    "SameSite=None; Secure is stored and sent cross-site because this browser allows " +
    "third-party cookies.",
};
// Said of the cookie JWT in front of the cookie rule: the same rule, for the same reason.
const COOKIE_JWT_PREFIX =
  "A JWT in a cookie is still a cookie: its CSRF cookie and its jwt_access/jwt_refresh " +
  "cookies carry the cell's policy, exactly like the session's. ";

/**
 * Predict one cell.
 * @param {{topology: string, mode: string, cookiePolicy: string, thirdPartyCookies: string}} cell
 * @returns {{outcome: "pass"|"fail", failedStep: string|null, why: string}}
 */
export function expectedOutcome({ topology, mode, cookiePolicy, thirdPartyCookies }) {
  if (mode === "jwt") return pass(JWT_WHY);
  if (mode === "bff") return pass(BFF_WHY);
  if (!API_COOKIE_MODES.has(mode)) throw new Error(`No rule for the auth mode "${mode}".`);
  const model = cookieRule(topology, cookiePolicy, thirdPartyCookies);
  return mode === "cookie-jwt" ? { ...model, why: COOKIE_JWT_PREFIX + model.why } : model;
}

/** What the SameSite and third-party rules do to an API cookie of `cookiePolicy`. */
function cookieRule(topology, cookiePolicy, thirdPartyCookies) {
  if (topology !== "cross-site") return pass(FIRST_PARTY_WHY[topology]);
  if (cookiePolicy === "partitioned") return pass(CROSS_SITE_WHY.partitioned);
  if (cookiePolicy === "none") {
    const why = NONE_WHY[thirdPartyCookies];
    return thirdPartyCookies === THIRD_PARTY_ALLOWED ? pass(why) : fail("csrf-cookie", why);
  }
  return fail("csrf-cookie", CROSS_SITE_WHY[cookiePolicy]);
}

/**
 * What this browser does with third-party cookies, read from the one cell that depends only on
 * that: a cross-site session with SameSite=None. It tells "blocked" only when it failed where
 * that rule bites (the CSRF cookie); a failure elsewhere (API down) tells nothing: null, as
 * when the cell is missing.
 */
export function inferThirdPartyCookies(cells) {
  const witness = cells.find(
    (cell) =>
      cell.topology === "cross-site" && cell.mode === "session" && cell.cookiePolicy === "none",
  );
  if (witness?.outcome === "pass") return THIRD_PARTY_ALLOWED;
  if (witness?.failedStep === "csrf-cookie") return THIRD_PARTY_BLOCKED;
  return null;
}

function pass(why) {
  return { outcome: "pass", failedStep: null, why };
}

function fail(failedStep, why) {
  return { outcome: "fail", failedStep, why };
}

// The expected-outcome model: what the browser's cookie rules predict for one matrix cell.
// The page shows it next to what this browser actually did, so a surprise stands out.

export const THIRD_PARTY_BLOCKED = "blocked";
export const THIRD_PARTY_ALLOWED = "allowed";

const JWT_WHY =
  "Bearer token in the Authorization header: no cookie involved, so neither SameSite nor " +
  "third-party blocking applies.";
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

/**
 * Predict one cell.
 * @param {{topology: string, mode: string, cookiePolicy: string, thirdPartyCookies: string}} cell
 * @returns {{outcome: "pass"|"fail", failedStep: string|null, why: string}}
 */
export function expectedOutcome({ topology, mode, cookiePolicy, thirdPartyCookies }) {
  if (mode === "jwt") return pass(JWT_WHY);
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

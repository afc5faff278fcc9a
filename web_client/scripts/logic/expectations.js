// The expected-outcome model: what this engine's cookie rules predict for one matrix cell. The
// page shows it next to what the browser actually did, so a surprise stands out.
//
// The rules decide by the *credential's carrier*, not by what the credential is: a session id
// and a JWT that ride a cookie of the same policy meet the same rules (and both need the CSRF
// cookie first, which obeys them too); a bearer header meets none; the BFF's cookie is
// first-party to the page wherever the page lives. Each engine's cookie rules live in their own
// module, written from docs/research/engine-cookie-rules.md, never from observations.
import { chromiumCookieRule } from "./engine_rules_chromium.js";
import { firefoxCookieRule } from "./engine_rules_firefox.js";
import { webkitCookieRule } from "./engine_rules_webkit.js";
import { CHROMIUM, FIREFOX, WEBKIT } from "./engine.js";
import { HTTP } from "./lab_cookies.js";
import { pass, THIRD_PARTY_ALLOWED, THIRD_PARTY_BLOCKED } from "./rule_outcomes.js";

export { THIRD_PARTY_ALLOWED, THIRD_PARTY_BLOCKED };

const COOKIE_RULES = {
  [CHROMIUM]: chromiumCookieRule,
  [FIREFOX]: firefoxCookieRule,
  [WEBKIT]: webkitCookieRule,
};
// The modes whose credential is a cookie of the cell's policy, set by the API.
const API_COOKIE_MODES = new Set(["session", "cookie-jwt"]);
const OTHER_MODES = new Set(["jwt", "bff"]);

const JWT_WHY =
  "Bearer token in the Authorization header: no cookie involved, so neither SameSite nor " +
  "third-party blocking applies.";
const BFF_WHY =
  "BFF on this page's own origin: the browser holds only its cookie (lab_bff), which is " +
  "first-party wherever the page lives and always SameSite=Strict, so the cell's cookie " +
  "policy does not apply and third-party blocking never touches it; the BFF calls the API " +
  "with a bearer token it keeps.";
// Said of the cookie JWT in front of the cookie rule: the same rule, for the same reason.
const COOKIE_JWT_PREFIX =
  "A JWT in a cookie is still a cookie: its CSRF cookie and its jwt_access/jwt_refresh " +
  "cookies carry the cell's policy, exactly like the session's. ";

/**
 * Predict one cell with `engine`'s rules; null when the page has no rules for the engine, or
 * when the engine's rules depend on the third-party setting and the witness is unknown.
 * @param {{engine: string, topology: string, mode: string, cookiePolicy: string,
 *          thirdPartyCookies: "allowed"|"blocked"|null, scheme?: "http"|"https"}} cell
 * @returns {{outcome: "pass"|"fail", failedStep: string|null, why: string}|null}
 */
export function expectedOutcome(cell) {
  const { engine, topology, mode, cookiePolicy, thirdPartyCookies, scheme = HTTP } = cell;
  if (!API_COOKIE_MODES.has(mode) && !OTHER_MODES.has(mode)) {
    throw new Error(`No rule for the auth mode "${mode}".`);
  }
  const rule = COOKIE_RULES[engine];
  if (!rule) return null;
  if (mode === "jwt") return pass(JWT_WHY);
  if (mode === "bff") return pass(BFF_WHY);
  const model = withWitness(rule, { topology, cookiePolicy, scheme }, thirdPartyCookies);
  if (!model || mode !== "cookie-jwt") return model;
  return { ...model, why: COOKIE_JWT_PREFIX + model.why };
}

/**
 * The rule under the witnessed setting; with no witness, the prediction both settings agree
 * on (the rule does not depend on it there), else null.
 */
function withWitness(rule, input, witness) {
  if (witness === THIRD_PARTY_ALLOWED || witness === THIRD_PARTY_BLOCKED) {
    return rule({ ...input, witness });
  }
  const blocked = rule({ ...input, witness: THIRD_PARTY_BLOCKED });
  const allowed = rule({ ...input, witness: THIRD_PARTY_ALLOWED });
  if (blocked.outcome !== allowed.outcome || blocked.failedStep !== allowed.failedStep) return null;
  if (blocked.why === allowed.why) return blocked;
  return {
    ...blocked,
    why:
      "The same under either third-party setting. Blocked: " +
      `${blocked.why} Allowed: ${allowed.why}`,
  };
}

/** A different verdict, or the same failure at a different step, is not what the rules say. */
export function isSurprise(cell, expected) {
  if (!expected) return false;
  return expected.outcome !== cell.outcome || expected.failedStep !== (cell.failedStep ?? null);
}

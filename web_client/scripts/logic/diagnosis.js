// Turning the steps of one matrix cell, plus the server's echo, into a failed step and a reason
// a person can read. A step is {step, status, detail, wrong?}: status is the HTTP status, or
// null when nobody answered; `wrong` marks a 2xx answer that contradicts the cell (a /me
// answered by another credential than the one under test).
import { CSRF_COOKIE_NAMES } from "./lab_cookies.js";

/** Short names of the step that broke, as shown in the matrix. */
export const FAILED_STEP_TEXT = {
  network: "API unreachable",
  "csrf-fetch": "CSRF endpoint failed",
  "csrf-cookie": "CSRF cookie refused",
  "csrf-check": "CSRF check failed",
  login: "login refused",
  "session-cookie": "session cookie withheld",
  "jwt-cookie": "JWT cookie withheld",
  refresh: "refresh refused",
  bearer: "bearer token refused",
  "bff-unreachable": "BFF unreachable",
  "bff-csrf": "BFF refused the request",
  "bff-cookie": "BFF cookie withheld",
  "bff-upstream": "BFF could not reach the API",
  me: "/me failed",
  note: "note not written",
};

const GATEWAY_STATUSES = new Set([502, 504]);

function isOk(step) {
  return step.status !== null && step.status >= 200 && step.status < 300 && !step.wrong;
}

/**
 * The step that broke in a cell whose credential is an API cookie (the session's, or the
 * cookie JWT's), or null when all passed. `credentialStep` names a /me that did not recognise
 * that cookie. Both need the CSRF cookie first, so both break the same way before login.
 */
export function classifyCookieFailure(steps, echo, credentialStep) {
  const broken = steps.find((step) => !isOk(step));
  if (!broken) return null;
  if (broken.status === null) return "network";
  if (broken.step === "csrf") return "csrf-fetch";
  if (broken.step === "login" && broken.status === 403) {
    const cookies = echo?.cookies_received || [];
    return CSRF_COOKIE_NAMES.some((name) => cookies.includes(name)) ? "csrf-check" : "csrf-cookie";
  }
  if (broken.step === "login") return "login";
  if (broken.step === "me") {
    return broken.wrong || broken.status === 401 || broken.status === 403 ? credentialStep : "me";
  }
  if (broken.status === 403) return "csrf-check";
  if (broken.step === "refresh") return "refresh";
  return "note";
}

/** The step that broke in a session cell, or null when all passed. */
export function classifySessionFailure(steps, echo) {
  return classifyCookieFailure(steps, echo, "session-cookie");
}

/** The step that broke in a cookie-JWT cell, or null when all passed. */
export function classifyCookieJwtFailure(steps, echo) {
  return classifyCookieFailure(steps, echo, "jwt-cookie");
}

/** The step that broke in a JWT cell, or null when all passed. */
export function classifyJwtFailure(steps) {
  const broken = steps.find((step) => !isOk(step));
  if (!broken) return null;
  if (broken.status === null) return "network";
  if (broken.step === "token") return "login";
  if (broken.step === "me") return broken.status === 401 ? "bearer" : "me";
  return "note";
}

/** The step that broke in a BFF cell (every step talks to this page's own origin), or null. */
export function classifyBffFailure(steps) {
  const broken = steps.find((step) => !isOk(step));
  if (!broken) return null;
  if (broken.status === null) return "bff-unreachable";
  if (GATEWAY_STATUSES.has(broken.status)) return "bff-upstream";
  if (broken.status === 403) return "bff-csrf";
  if (broken.step === "login") return "login";
  if (broken.step === "me") return broken.status === 401 || broken.wrong ? "bff-cookie" : "me";
  return "note";
}

/** The server's most telling reason from /api/lab/echo/, or null when the echo did not answer. */
export function echoWords(echo) {
  if (!echo) return null;
  return (echo.reasons || []).find(Boolean) || echo.summary || null;
}

/**
 * One-line reason for a cell: what broke, then why in the server's words (falling back to the
 * failing response's detail, then to the model's explanation). A passing cell gets `passed`
 * when the runner has its own words (what /me said), else the echo's summary ("authenticated
 * as alice by the session authenticator").
 */
export function cellReason({ failedStep, echo, steps, modelWhy, passed = null }) {
  if (!failedStep) return passed || echo?.summary || "authenticated";
  const broken = steps.find((step) => !isOk(step));
  let because = echoWords(echo) || broken?.detail || modelWhy || "no reason given";
  if (failedStep === "csrf-cookie") {
    // The echo speaks of the session cookie first; before login only the CSRF cookie matters,
    // and the browser applies the same rule to it.
    because = because.replace(/^no session cookie arrived[;,]\s*/, "");
  }
  return `${FAILED_STEP_TEXT[failedStep]}: ${because}`;
}

// Turning the steps of one matrix cell, plus the server's echo, into a failed step and a reason
// a person can read. A step is {step, status, detail}: status is the HTTP status, or null when
// the API never answered.

/** Short names of the step that broke, as shown in the matrix. */
export const FAILED_STEP_TEXT = {
  network: "API unreachable",
  "csrf-fetch": "CSRF endpoint failed",
  "csrf-cookie": "CSRF cookie refused",
  "csrf-check": "CSRF check failed",
  login: "login refused",
  "session-cookie": "session cookie withheld",
  bearer: "bearer token refused",
  me: "/me failed",
  note: "note not written",
};

const CSRF_COOKIE = "csrftoken";

function isOk(step) {
  return step.status !== null && step.status >= 200 && step.status < 300;
}

/** The step that broke in a session cell, or null when all passed. */
export function classifySessionFailure(steps, echo) {
  const broken = steps.find((step) => !isOk(step));
  if (!broken) return null;
  if (broken.status === null) return "network";
  if (broken.step === "csrf") return "csrf-fetch";
  if (broken.step === "login" && broken.status === 403) {
    const cookies = echo?.cookies_received || [];
    return cookies.includes(CSRF_COOKIE) ? "csrf-check" : "csrf-cookie";
  }
  if (broken.step === "login") return "login";
  if (broken.step === "me")
    return broken.status === 401 || broken.status === 403 ? "session-cookie" : "me";
  if (broken.step === "note" && broken.status === 403) return "csrf-check";
  return "note";
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

/** The server's most telling reason from /api/lab/echo/, or null when the echo did not answer. */
export function echoWords(echo) {
  if (!echo) return null;
  return (echo.reasons || []).find(Boolean) || echo.summary || null;
}

/**
 * One-line reason for a cell: what broke, then why in the server's words (falling back to the
 * failing response's detail, then to the model's explanation). A passing cell gets the echo's
 * summary ("authenticated as alice by the session authenticator").
 */
export function cellReason({ failedStep, echo, steps, modelWhy }) {
  if (!failedStep) return echo?.summary || "authenticated";
  const broken = steps.find((step) => !isOk(step));
  let because = echoWords(echo) || broken?.detail || modelWhy || "no reason given";
  if (failedStep === "csrf-cookie") {
    // The echo speaks of the session cookie first; before login only the CSRF cookie matters,
    // and the browser applies the same rule to it.
    because = because.replace(/^no session cookie arrived[;,]\s*/, "");
  }
  return `${FAILED_STEP_TEXT[failedStep]}: ${because}`;
}

// The shape of one prediction, shared by every engine's rules.

export const THIRD_PARTY_BLOCKED = "blocked";
export const THIRD_PARTY_ALLOWED = "allowed";
// Every cookie failure in the lab's session and cookie-JWT cells happens before login: the CSRF
// cookie obeys the same rule as the credential's cookie, and Django refuses the login (403).
export const CSRF_COOKIE_STEP = "csrf-cookie";

export function pass(why) {
  return { outcome: "pass", failedStep: null, why };
}

export function fail(why, failedStep = CSRF_COOKIE_STEP) {
  return { outcome: "fail", failedStep, why };
}

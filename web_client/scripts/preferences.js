// Choices the visitor made (auth mode, token storage, cookie policy, user), kept per origin in
// localStorage so a reload shows the same setup. No secrets here: tokens live in token_store.js.

const KEY = "lab.preferences";
const DEFAULTS = { mode: "session", storage: "local", cookiePolicy: "lax", username: "alice" };

export function loadPreferences() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) || "{}") };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePreferences(changes) {
  const next = { ...loadPreferences(), ...changes };
  localStorage.setItem(KEY, JSON.stringify(next));
  return next;
}

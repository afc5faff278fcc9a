// The witness of the browser's third-party-cookie setting: a probe cookie of its own
// (GET /api/lab/cookie-probe/, backend/lab/cookie_probe_apis.py) that the cross-site page sets
// with one credentialed fetch and reads back with a second. It explains the cells without being
// one of them: "allowed" means a cross-site cookie set by a credentialed fetch was stored AND
// sent back.
import { CHROMIUM, FIREFOX, WEBKIT } from "./engine.js";
import { HTTP } from "./lab_cookies.js";
import { THIRD_PARTY_ALLOWED, THIRD_PARTY_BLOCKED } from "./rule_outcomes.js";

export const PROBE_PATH = "/api/lab/cookie-probe/";
// Only the cross-site page can witness cross-site cookies.
export const PROBE_TOPOLOGY = "cross-site";
const SECURE = "none-secure"; // SameSite=None; Secure
const PLAIN = "none"; // SameSite=None, no Secure

/**
 * The probe cookie that witnesses the *setting* in `engine` over `scheme`: SameSite=None;
 * Secure, which Chromium and Firefox demand of a cross-site cookie; but WebKitGTK refuses every
 * Secure cookie over http whatever the setting, so there SameSite=None without Secure (libsoup
 * 3.2 stores it and always sends it; with no SameSite it would default to Lax, never sent).
 */
export function probeVariant(engine, scheme) {
  return engine === WEBKIT && scheme === HTTP ? PLAIN : SECURE;
}

export function probePath(variant, nonce) {
  return `${PROBE_PATH}?variant=${encodeURIComponent(variant)}&nonce=${encodeURIComponent(nonce)}`;
}

/** A nonce the API accepts ([A-Za-z0-9]{1,32}): the probe of this run, not of an older one. */
export function probeNonce(random = Math.random) {
  return `p${Math.floor(random() * 2 ** 32).toString(36)}`;
}

/**
 * The export's "witness" from the raw probe ({variant, nonce, set, readBack}, each call
 * {status, body}), or from null when the probe did not run: thirdPartyCookies is null unless
 * both calls answered 200.
 */
export function interpretProbe(probe) {
  if (!probe || typeof probe !== "object") {
    return { thirdPartyCookies: null, how: "the probe did not run", probe: null };
  }
  const attributes = probe.set?.body?.attributes || "(no answer)";
  const cookie = probe.set?.body?.cookie || "the probe cookie";
  const how =
    `a probe cookie ${cookie} (${attributes}) set by a credentialed fetch from the ` +
    "cross-site page, then read back by a second one";
  const answered = probe.set?.status === 200 && probe.readBack?.status === 200;
  if (!answered) {
    const status = [probe.set?.status, probe.readBack?.status].map((s) => s ?? "no answer");
    return { thirdPartyCookies: null, how: `${how}; it failed (${status.join(", ")})`, probe };
  }
  const back = probe.readBack.body?.arrived === true;
  return { thirdPartyCookies: back ? THIRD_PARTY_ALLOWED : THIRD_PARTY_BLOCKED, how, probe };
}

/** Is `value` a raw probe a helper window may report (shape only; interpretProbe judges it)? */
export function isProbeReport(value) {
  if (value === null) return true;
  const call = (c) =>
    Boolean(c) && typeof c === "object" && (c.status === null || Number.isInteger(c.status));
  return Boolean(value) && typeof value === "object" && call(value.set) && call(value.readBack);
}

const ALLOWED_WORDS = {
  [FIREFOX]:
    " — in Firefox, in a jar partitioned by the top-level site (Total Cookie Protection): a " +
    "top-level visit to the API would not see it",
  [WEBKIT]: " — WebKitGTK's cookie policy is always (accept every cookie)",
  [CHROMIUM]: " — this Chromium allows third-party cookies",
};
const BLOCKED_WORDS = {
  [FIREFOX]: " — in Firefox that is cookieBehavior=1 (all cross-site cookies blocked)",
  [WEBKIT]:
    " — WebKitGTK's cookie policy no-third-party refuses a cookie when it is set from a " +
    "third-party response",
  [CHROMIUM]: " — this Chromium blocks third-party cookies",
};

/** The page's sentence about the witness, for the engine the page detected. */
export function witnessSentence(engineName, witness) {
  if (!witness || witness.thirdPartyCookies === null) {
    return (
      "The third-party cookie probe could not run, so the rules that depend on it predict " +
      "nothing."
    );
  }
  const told = " (told by the probe cookie, not by a cell).";
  if (witness.thirdPartyCookies === THIRD_PARTY_ALLOWED) {
    const words = ALLOWED_WORDS[engineName] || "";
    return `This browser kept a cross-site cookie and sent it back${words}${told}`;
  }
  return `This browser refused a cross-site cookie${BLOCKED_WORDS[engineName] || ""}${told}`;
}

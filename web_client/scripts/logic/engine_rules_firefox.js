// Firefox ESR 153's cookie rules for the lab's API cookies (docs/research/engine-cookie-rules.md,
// 1.2, 2, 3, 5.2, 5.3): its eTLD service applies the PSL's implicit "*" rule, so the site of
// app.localhost is app.localhost and of app.lab.localhost is lab.localhost; Secure cookies are
// kept on http *.localhost (a potentially trustworthy loopback origin); the default
// cookieBehavior 5 (Total Cookie Protection) stores a third-party cookie in a jar partitioned by
// the top-level site instead of refusing it; cookieBehavior 1 refuses every foreign cookie,
// Partitioned ones included. The scheme only changes the partition key's first part (5.6).
import { fail, pass, THIRD_PARTY_ALLOWED } from "./rule_outcomes.js";

const FIRST_PARTY = {
  "same-origin":
    "Firefox: first-party request from the API's own origin: every SameSite value is stored " +
    "and sent; Secure is kept because *.localhost counts as potentially trustworthy",
  "same-site":
    "Firefox: same site (its eTLD service gives both hosts the base domain lab.localhost): " +
    "first-party, so every SameSite value is stored and sent; Secure is kept because " +
    "*.localhost counts as potentially trustworthy",
};
// A first-party Partitioned cookie is kept under the top-level site's key.
const FIRST_PARTY_KEY = { "same-origin": "api.localhost", "same-site": "lab.localhost" };

const SAMESITE_REFUSED = (label) =>
  `Firefox: a SameSite=${label} cookie set by a fetch in a cross-site (foreign) context is ` +
  "refused when set (CookieRejectedForNonSameSiteness), and would not be sent cross-site " +
  "either: the CSRF cookie never arrives.";

const BLOCKED = (what) =>
  `Firefox with third-party cookies blocked (cookieBehavior=1, "All cross-site cookies"; the ` +
  `witness probe was refused too) refuses every foreign cookie${what} ` +
  "(CookieRejectedThirdParty): the CSRF cookie is refused.";

const ALLOWED = {
  none: (scheme) =>
    "Firefox's Total Cookie Protection (cookieBehavior=5, the default) does not refuse this " +
    "third-party cookie: it stores it in a jar partitioned by the top-level site " +
    `(${scheme},app.localhost) and sends it back on the next fetch from this page (the witness ` +
    "probe came back the same way). A top-level visit to the API would not see it.",
  partitioned: (scheme) =>
    "Firefox: Partitioned (CHIPS is on in ESR 153) is stored in the partition of the " +
    `top-level site (${scheme},app.localhost), the same jar Total Cookie Protection uses, and ` +
    "sent back on the next fetch from this page.",
};

/** @param {{topology, cookiePolicy, witness: "allowed"|"blocked", scheme}} input */
export function firefoxCookieRule({ topology, cookiePolicy, witness, scheme }) {
  if (topology !== "cross-site") {
    const site = FIRST_PARTY_KEY[topology];
    const key = `, and the Partitioned cookie is kept under the key (${scheme},${site}).`;
    return pass(FIRST_PARTY[topology] + (cookiePolicy === "partitioned" ? key : "."));
  }
  if (cookiePolicy === "lax") return fail(SAMESITE_REFUSED("Lax"));
  if (cookiePolicy === "strict") return fail(SAMESITE_REFUSED("Strict"));
  if (witness !== THIRD_PARTY_ALLOWED) {
    const chips = ", with no exemption for Partitioned (CHIPS) ones";
    return fail(BLOCKED(cookiePolicy === "partitioned" ? chips : ""));
  }
  return pass(ALLOWED[cookiePolicy](scheme));
}

// Chromium's cookie rules for the lab's API cookies (docs/research/engine-cookie-rules.md, 1.1,
// 2, 5.1): an unknown TLD such as localhost counts as a registry, so app.lab.localhost and
// api.lab.localhost share the site lab.localhost while app.localhost and api.localhost are two
// sites; Secure cookies are kept over http on *.localhost (loopback is trustworthy); CHIPS.
// The scheme changes nothing here (5.6).
import { fail, pass, THIRD_PARTY_ALLOWED } from "./rule_outcomes.js";

const FIRST_PARTY = {
  "same-origin":
    "Chromium: first-party request from the API's own origin, so every SameSite value is " +
    "stored and sent (Secure too: *.localhost is a trustworthy origin even over http).",
  "same-site":
    "Chromium: same site (lab.localhost; Chromium treats localhost as a registry), so " +
    "SameSite allows every value and the cookie is not third-party.",
};

const SAMESITE_REFUSED = (label) =>
  `Chromium: a SameSite=${label} cookie is neither stored nor sent on a cross-site fetch ` +
  "(app.localhost and api.localhost are two sites), so the CSRF cookie never arrives.";

const NONE = {
  blocked:
    "Chromium: SameSite=None makes it a third-party cookie, and this Chromium blocks " +
    "third-party cookies (the witness probe was refused too): the CSRF cookie is refused.",
  allowed:
    "Chromium: SameSite=None; Secure is stored and sent cross-site because this Chromium " +
    "allows third-party cookies (the witness probe came back).",
};

const PARTITIONED =
  "Chromium: Partitioned (CHIPS) keeps the cookie in a jar for this top-level site " +
  "(app.localhost), which Chromium allows even while it blocks third-party cookies.";

/** @param {{topology, cookiePolicy, witness: "allowed"|"blocked", scheme}} input */
export function chromiumCookieRule({ topology, cookiePolicy, witness }) {
  if (topology !== "cross-site") return pass(FIRST_PARTY[topology]);
  if (cookiePolicy === "lax") return fail(SAMESITE_REFUSED("Lax"));
  if (cookiePolicy === "strict") return fail(SAMESITE_REFUSED("Strict"));
  if (cookiePolicy === "partitioned") return pass(PARTITIONED);
  return witness === THIRD_PARTY_ALLOWED ? pass(NONE.allowed) : fail(NONE.blocked);
}

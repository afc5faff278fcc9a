// WebKitGTK 2.50's cookie rules for the lab's API cookies (docs/research/engine-cookie-rules.md,
// 1.3, 2, 4, 5.4-5.6). Two parts of one engine decide: WebCore judges SameSite with the last
// two labels as the site of *.localhost (app.lab.localhost and api.lab.localhost: same-site);
// libsoup's accept policy finds no registrable domain for *.localhost and compares full host
// names, so every other host is third-party, and it checks only when a cookie is *set*.
// libsoup stores and sends Secure cookies only over https (no localhost exception), and
// ignores Partitioned (no CHIPS): such a cookie is an ordinary SameSite=None one.
import { isSameSiteNone, isSecureCookie, HTTP } from "./lab_cookies.js";
import { fail, pass, THIRD_PARTY_BLOCKED } from "./rule_outcomes.js";

const PARTITIONED_IGNORED = " Partitioned is ignored: WebKitGTK has no CHIPS.";

const SECURE_OVER_HTTP =
  "WebKitGTK: libsoup refuses a Secure cookie over plain http (\"Cannot set a secure cookie " +
  "over http\"), on *.localhost and first-party too: only https counts. This cookie is " +
  "SameSite=None; Secure, so the CSRF cookie is refused.";

const REFUSED_WHEN_SET = {
  "cross-site":
    "WebKitGTK's cookie policy no-third-party refuses it when set: libsoup finds no " +
    "registrable domain for *.localhost and compares full host names, and api.localhost is " +
    "not the first party app.localhost (the witness probe was refused too).",
  "same-site":
    "WebKitGTK's cookie policy no-third-party refuses it when set: libsoup finds no " +
    "registrable domain for *.localhost and compares full host names, so api.lab.localhost " +
    "is third-party to app.lab.localhost for the accept policy, though WebCore calls the " +
    "pair same-site (lab.localhost).",
};
// Over https an earlier first-party visit can leave a SameSite=None cookie that is sent anyway.
const SENDING_UNCHECKED =
  " (libsoup checks the policy only when storing: a SameSite=None cookie left by an earlier " +
  "same-origin visit would still be sent.)";

const STORED_NOT_SENT = (label) =>
  `WebKitGTK: stored but not sent. libsoup does not check SameSite when storing, but WebCore ` +
  "judges api.localhost cross-site to app.localhost, so the SameSite=" +
  `${label} cookie is never sent on this fetch: the CSRF cookie never arrives at the login.`;

const SENT = {
  "same-origin":
    "WebKitGTK: first-party (the cookie's host is the page's host), so libsoup stores it under " +
    "any cookie policy and sends it on this same-site request.",
  "same-site":
    "WebKitGTK with cookie policy always: stored, and sent because WebCore takes the last two " +
    "labels as the site of *.localhost (lab.localhost), so the fetch is same-site.",
  "cross-site":
    "WebKitGTK with cookie policy always: the third-party cookie is stored (the witness probe " +
    "came back too), and libsoup sends a SameSite=None cookie on every request.",
};

/** @param {{topology, cookiePolicy, witness: "allowed"|"blocked", scheme}} input */
export function webkitCookieRule({ topology, cookiePolicy, witness, scheme }) {
  const partitioned = cookiePolicy === "partitioned" ? PARTITIONED_IGNORED : "";
  if (isSecureCookie(cookiePolicy, scheme) && scheme === HTTP) {
    return fail(SECURE_OVER_HTTP + partitioned);
  }
  const thirdPartyByHost = topology !== "same-origin";
  if (thirdPartyByHost && witness === THIRD_PARTY_BLOCKED) {
    const order = scheme === HTTP || !isSameSiteNone(cookiePolicy) ? "" : SENDING_UNCHECKED;
    return fail(REFUSED_WHEN_SET[topology] + order + partitioned);
  }
  if (topology === "cross-site" && !isSameSiteNone(cookiePolicy)) {
    return fail(STORED_NOT_SENT(cookiePolicy === "lax" ? "Lax" : "Strict"));
  }
  return pass(SENT[topology] + partitioned);
}

// The three places this page can be served from, and what each means for cookies.

export const TOPOLOGIES = ["cross-site", "same-site", "same-origin"];
export const COOKIE_POLICIES = ["lax", "strict", "none", "partitioned"];
// The credential's carrier, from an API cookie to a cookie of the page's own origin.
export const AUTH_MODES = ["session", "cookie-jwt", "jwt", "bff"];

export const AUTH_MODE_TITLES = {
  session: "Session cookie",
  "cookie-jwt": "JWT in a cookie",
  jwt: "JWT bearer",
  bff: "BFF",
};

export const TOPOLOGY_TITLES = {
  "cross-site": "Cross-site",
  "same-site": "Same-site, cross-origin",
  "same-origin": "Same-origin",
};

/** One paragraph per topology: what the browser does with the API's cookies here. */
export const TOPOLOGY_MEANING = {
  "cross-site":
    "The page and the API are two different sites. To the browser the API's cookies are " +
    "third-party cookies: SameSite=Lax and Strict cookies are never sent by this page's " +
    "requests, SameSite=None cookies only where the browser still allows third-party cookies " +
    "(Firefox, by default, keeps them in a jar for this page's site only), and Partitioned " +
    "cookies (CHIPS) work where the engine has CHIPS and does not block every cross-site " +
    "cookie (Chromium; Firefox by default; not WebKitGTK). " +
    "A JWT in a cookie is a cookie and meets the same rules. A bearer token does not care, " +
    "and the BFF answers on this page's own origin, so its cookie is first-party.",
  "same-site":
    "The page and the API are different origins on the same site (lab.localhost). CORS still " +
    "applies, but in Chromium and Firefox the API's cookies are first-party: every SameSite " +
    'value is stored and sent with credentials: "include", a JWT cookie as much as a session ' +
    "cookie. WebKitGTK's default cookie policy compares full host names for *.localhost and " +
    "refuses them as third-party. A bearer token and the BFF (on this page's own origin) work " +
    "everywhere.",
  "same-origin":
    "The API itself serves this page. Cookies are first-party and no CORS is involved: the " +
    "classic setting for session cookies. A JWT cookie, a bearer token and the BFF work too " +
    "(but WebKitGTK refuses every Secure cookie over plain http, SameSite=None ones included).",
};

export const COOKIE_POLICY_LABELS = {
  lax: "SameSite=Lax",
  strict: "SameSite=Strict",
  none: "SameSite=None; Secure",
  partitioned: "SameSite=None; Secure; Partitioned",
};

/** The topologies in visiting order for a matrix run that starts at `start`. */
export function visitingOrder(start) {
  return [start, ...TOPOLOGIES.filter((topology) => topology !== start)];
}

// The three places this page can be served from, and what each means for cookies.

export const TOPOLOGIES = ["cross-site", "same-site", "same-origin"];
export const COOKIE_POLICIES = ["lax", "strict", "none", "partitioned"];
export const AUTH_MODES = ["session", "jwt"];

export const TOPOLOGY_TITLES = {
  "cross-site": "Cross-site",
  "same-site": "Same-site, cross-origin",
  "same-origin": "Same-origin",
};

/** One paragraph per topology: what the browser does with the API's cookies here. */
export const TOPOLOGY_MEANING = {
  "cross-site":
    "The page and the API are two different sites. To the browser the API's cookies are " +
    "third-party cookies: SameSite=Lax and Strict cookies are never stored or sent by this " +
    "page's requests, SameSite=None cookies only where the browser still allows third-party " +
    "cookies, and Partitioned cookies (CHIPS) work, kept in a jar for this page's site only. " +
    "A bearer token does not care.",
  "same-site":
    "The page and the API are different origins on the same site (lab.localhost). CORS still " +
    "applies, but the API's cookies are first-party: every SameSite value is stored and sent " +
    'with credentials: "include". A bearer token works too.',
  "same-origin":
    "The API itself serves this page. Cookies are first-party and no CORS is involved: the " +
    "classic setting for session cookies. A bearer token works too.",
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

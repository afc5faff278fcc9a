// Facts about the API's own cookies that the engines' rules need: which are Secure, and what
// the CSRF cookie is called. One home, mirroring backend/authentication/policies.py and
// cookie_names.py.

export const HTTP = "http";
export const HTTPS = "https";

// SameSite=None (and so Partitioned) cookies are always Secure; over https every cookie of the
// API is (settings: SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, JWT_COOKIE_SECURE = LAB_HTTPS).
const ALWAYS_SECURE = new Set(["none", "partitioned"]);

/** True when the API's cookies of `cookiePolicy` carry Secure when served over `scheme`. */
export function isSecureCookie(cookiePolicy, scheme) {
  return scheme === HTTPS || ALWAYS_SECURE.has(cookiePolicy);
}

/** True for the policies whose cookies are SameSite=None (Partitioned ones included). */
export function isSameSiteNone(cookiePolicy) {
  return ALWAYS_SECURE.has(cookiePolicy);
}

// The CSRF cookie: plain over http, `__Host-` over https (cookie_names.py says why).
export const CSRF_COOKIE_NAMES = ["csrftoken", "__Host-csrftoken"];

// The API's paths, in one place (see the API contract; /api/lab/echo/ lives in api.js).

export const PATHS = {
  sessionLogin: "/api/auth/session/login/",
  sessionLogout: "/api/auth/session/logout/",
  jwtToken: "/api/auth/jwt/token/",
  jwtRefresh: "/api/auth/jwt/refresh/",
  jwtLogout: "/api/auth/jwt/logout/",
  jwtVerify: "/api/auth/jwt/verify/",
  // The JWT in HttpOnly cookies: CSRF-protected like the session (the token from csrfPath).
  cookieJwtLogin: "/api/auth/cookie-jwt/login/",
  cookieJwtRefresh: "/api/auth/cookie-jwt/refresh/",
  cookieJwtLogout: "/api/auth/cookie-jwt/logout/",
  me: "/api/auth/me/",
  notes: "/api/notes/",
  passwordChange: "/api/auth/password/",
  logoutAll: "/api/auth/logout-all/",
  // Lab-only (LAB_ACCOUNT_SWITCHES): 404 where the switches are off, as in production.
  meDb: "/api/lab/me-db/",
  meStateless: "/api/lab/me-stateless/",
  deactivateMe: "/api/lab/deactivate-me/",
  reactivate: "/api/lab/reactivate/",
};

// The endpoints of the two modes whose credential is an API cookie: both need the CSRF token
// (csrfPath) on each. Only the cookie JWT has a refresh: a session lives as long as it is used.
export const COOKIE_MODE_PATHS = {
  session: { login: PATHS.sessionLogin, logout: PATHS.sessionLogout, refresh: null },
  "cookie-jwt": {
    login: PATHS.cookieJwtLogin,
    logout: PATHS.cookieJwtLogout,
    refresh: PATHS.cookieJwtRefresh,
  },
};

// The BFF's own endpoints, relative to the page's `bffBaseUrl` (config.json). Every other call
// through the BFF uses the API's path: the BFF forwards `<bffBaseUrl>/api/…` to the API's `/api/…`.
export const BFF_PATHS = {
  login: "/login/",
  logout: "/logout/",
  session: "/session/",
};

/** The CSRF endpoint, asking for a cookie of `cookiePolicy` (the server's default when null). */
export function csrfPath(cookiePolicy) {
  const query = cookiePolicy ? `?cookie_policy=${encodeURIComponent(cookiePolicy)}` : "";
  return `/api/auth/session/csrf/${query}`;
}

export function notePath(id) {
  return `${PATHS.notes}${encodeURIComponent(id)}/`;
}

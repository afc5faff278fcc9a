// The API's paths, in one place (see the API contract; /api/lab/echo/ lives in api.js).

export const PATHS = {
  sessionLogin: "/api/auth/session/login/",
  sessionLogout: "/api/auth/session/logout/",
  jwtToken: "/api/auth/jwt/token/",
  jwtRefresh: "/api/auth/jwt/refresh/",
  jwtLogout: "/api/auth/jwt/logout/",
  jwtVerify: "/api/auth/jwt/verify/",
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

/** The CSRF endpoint, asking for a cookie of `cookiePolicy` (the server's default when null). */
export function csrfPath(cookiePolicy) {
  const query = cookiePolicy ? `?cookie_policy=${encodeURIComponent(cookiePolicy)}` : "";
  return `/api/auth/session/csrf/${query}`;
}

export function notePath(id) {
  return `${PATHS.notes}${encodeURIComponent(id)}/`;
}

// The API's paths, in one place (see the API contract; /api/lab/echo/ lives in api.js).

export const PATHS = {
  sessionLogin: "/api/auth/session/login/",
  sessionLogout: "/api/auth/session/logout/",
  jwtToken: "/api/auth/jwt/token/",
  jwtRefresh: "/api/auth/jwt/refresh/",
  jwtLogout: "/api/auth/jwt/logout/",
  me: "/api/auth/me/",
  notes: "/api/notes/",
};

/** The CSRF endpoint, asking for a cookie of `cookiePolicy` (the server's default when null). */
export function csrfPath(cookiePolicy) {
  const query = cookiePolicy ? `?cookie_policy=${encodeURIComponent(cookiePolicy)}` : "";
  return `/api/auth/session/csrf/${query}`;
}

export function notePath(id) {
  return `${PATHS.notes}${encodeURIComponent(id)}/`;
}

// The two modes whose credential is an HttpOnly cookie set by the API: the session cookie and
// the JWT in a cookie. The page never sees either. A cookie is ambient (the browser attaches it
// to every request to the API, whoever asked), so both need the CSRF token on login and on
// every unsafe request. A cross-site page cannot read the API's csrftoken cookie, so the token
// is taken from response bodies (the CSRF endpoint, then the rotated one from login).
import { COOKIE_MODE_PATHS, csrfPath } from "./api_paths.js";
import { refreshDelayFromLifetimeMs } from "./logic/jwt.js";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CREDENTIALS = "include";

// How the inspector's labels name each mode.
const WORDS = { session: "Session", "cookie-jwt": "Cookie JWT" };

/** @param send (spec, echoOptions) => Promise<exchange>, records every exchange. */
export function createSessionFlow(send) {
  return createCookieFlow(send, "session");
}

/**
 * The JWT in HttpOnly cookies (jwt_access, jwt_refresh): refreshed shortly before the access
 * cookie expires, from the lifetime the API states in the login and refresh answers.
 */
export function createCookieJwtFlow(send) {
  return createCookieFlow(send, "cookie-jwt");
}

function createCookieFlow(send, mode) {
  const kind = { ...COOKIE_MODE_PATHS[mode], words: WORDS[mode] };
  let csrfToken = null;
  let cookiePolicy = null;
  let refreshTimer = null;

  const echoOptions = () => ({ credentials: CREDENTIALS, cookiePolicy });

  async function fetchCsrf(policy) {
    const exchange = await send(
      { label: "Get CSRF token", path: csrfPath(policy), credentials: CREDENTIALS },
      echoOptions,
    );
    if (exchange.response?.ok) {
      csrfToken = exchange.response.body.csrfToken;
      cookiePolicy = exchange.response.body.cookiePolicy || policy;
    }
    return exchange;
  }

  /** Keep the rotated CSRF token an answer carries, and schedule the next cookie refresh. */
  function keep(body) {
    if (body?.csrfToken) csrfToken = body.csrfToken;
    clearTimeout(refreshTimer);
    refreshTimer = null;
    if (kind.refresh && Number.isFinite(body?.access_expires_in)) {
      refreshTimer = setTimeout(refresh, refreshDelayFromLifetimeMs(body.access_expires_in));
    }
  }

  async function login({ username, password, cookiePolicy: policy }) {
    cookiePolicy = policy;
    const csrf = await fetchCsrf(policy);
    if (!csrf.response?.ok) return csrf;
    const exchange = await send(
      {
        label: `${kind.words} login (X-CSRFToken)`,
        method: "POST",
        path: kind.login,
        body: { username, password, cookie_policy: policy },
        credentials: CREDENTIALS,
        csrfToken,
      },
      echoOptions,
    );
    if (exchange.response?.ok) keep(exchange.response.body);
    return exchange;
  }

  /** Cookie JWT only: rotate both cookies (the API reads the refresh cookie itself). */
  async function refresh() {
    if (!kind.refresh) return null;
    if (!csrfToken) await fetchCsrf(null);
    const exchange = await send(
      {
        label: "Refresh the cookie JWT (rotation, X-CSRFToken)",
        method: "POST",
        path: kind.refresh,
        ...options("POST"),
      },
      echoOptions,
    );
    if (exchange.response?.ok) keep(exchange.response.body);
    else keep(null);
    return exchange;
  }

  async function logout() {
    if (!csrfToken) await fetchCsrf(null);
    const exchange = await send(
      { label: `${kind.words} logout`, method: "POST", path: kind.logout, ...options("POST") },
      echoOptions,
    );
    if (exchange.response?.ok) {
      keep(null);
      csrfToken = null;
    }
    return exchange;
  }

  /** After a reload the cookie may still be there but the CSRF token is gone. */
  async function resume() {
    return csrfToken ? null : fetchCsrf(null);
  }

  function options(method) {
    return { credentials: CREDENTIALS, csrfToken: UNSAFE_METHODS.has(method) ? csrfToken : null };
  }

  return { mode, login, logout, refresh, resume, options, echoOptions };
}

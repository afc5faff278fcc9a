// Session-cookie mode: the browser holds an HttpOnly session cookie the page never sees.
// A cross-site page cannot read the API's csrftoken cookie either, so the CSRF token is taken
// from response bodies (csrf endpoint, then the rotated one from login).
import { PATHS, csrfPath } from "./api_paths.js";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CREDENTIALS = "include";

/** @param send (spec, echoOptions) => Promise<exchange>, records every exchange. */
export function createSessionFlow(send) {
  let csrfToken = null;
  let cookiePolicy = null;

  const echoOptions = () => ({ credentials: CREDENTIALS, cookiePolicy });

  async function fetchCsrf(policy) {
    const exchange = await send(
      {
        label: "Get CSRF token",
        path: csrfPath(policy),
        credentials: CREDENTIALS,
      },
      echoOptions,
    );
    if (exchange.response?.ok) {
      csrfToken = exchange.response.body.csrfToken;
      cookiePolicy = exchange.response.body.cookiePolicy || policy;
    }
    return exchange;
  }

  async function login({ username, password, cookiePolicy: policy }) {
    cookiePolicy = policy;
    const csrf = await fetchCsrf(policy);
    if (!csrf.response?.ok) return csrf;
    const exchange = await send(
      {
        label: "Session login",
        method: "POST",
        path: PATHS.sessionLogin,
        body: { username, password, cookie_policy: policy },
        credentials: CREDENTIALS,
        csrfToken,
      },
      echoOptions,
    );
    if (exchange.response?.ok) csrfToken = exchange.response.body.csrfToken;
    return exchange;
  }

  async function logout() {
    if (!csrfToken) await fetchCsrf(null);
    const exchange = await send(
      {
        label: "Session logout",
        method: "POST",
        path: PATHS.sessionLogout,
        ...options("POST"),
      },
      echoOptions,
    );
    if (exchange.response?.ok) csrfToken = null;
    return exchange;
  }

  /** After a reload the session cookie may still be there but the CSRF token is gone. */
  async function resume() {
    return csrfToken ? null : fetchCsrf(null);
  }

  function options(method) {
    return { credentials: CREDENTIALS, csrfToken: UNSAFE_METHODS.has(method) ? csrfToken : null };
  }

  return { mode: "session", login, logout, resume, options, echoOptions };
}

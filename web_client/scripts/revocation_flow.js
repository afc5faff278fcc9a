// The timeline panel's calls: sign one user in twice (a session cookie, and a JWT pair this
// panel keeps to itself: memory only, never refreshed, so nothing but the event changes it),
// probe each credential, fire an event, and give the demo account back as it was. Sign-in and
// events go through `send`, so the inspector shows them; probes (four a second) do not.
import { PATHS } from "./api_paths.js";
import { VIA_SESSION } from "./logic/revocation_rules.js";
import { createSessionFlow } from "./cookie_flow.js";

const BEARER_ONLY = "omit";
const WITH_COOKIES = "include";

/** A throwaway password for the few milliseconds a "change password" event lasts. */
export function temporaryPassword() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `lab-temp-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * @param api the API client (probes)
 * @param send (spec, echoOptions) => Promise<exchange>, shown in the inspector
 */
export function createRevocationFlow(api, send) {
  const session = createSessionFlow(send);
  let tokens = null;

  const bearer = (access) => ({ credentials: BEARER_ONLY, bearer: access });
  const bearerEcho = (access) => () => bearer(access);
  const noCredentials = () => ({ credentials: BEARER_ONLY });

  const PROBES = {
    session: () => ({ path: PATHS.me, credentials: WITH_COOKIES }),
    "access-db": () => ({ path: PATHS.meDb, ...bearer(tokens.access) }),
    "access-stateless": () => ({ path: PATHS.meStateless, ...bearer(tokens.access) }),
    refresh: () => ({
      method: "POST",
      path: PATHS.jwtVerify,
      body: { token: tokens.refresh },
      credentials: BEARER_ONLY,
    }),
  };

  /** Session login (when `withSession`), then a JWT pair; resolves to both exchanges. */
  async function signIn({ username, password, cookiePolicy, withSession }) {
    tokens = null;
    const sessionExchange = withSession
      ? await session.login({ username, password, cookiePolicy })
      : null;
    const jwt = await getPair(username, password, "Timeline: get a JWT pair");
    if (jwt.response?.ok) tokens = jwt.response.body;
    return { session: sessionExchange, jwt, tokens };
  }

  function getPair(username, password, label) {
    const spec = { label, method: "POST", path: PATHS.jwtToken, body: { username, password } };
    return send({ ...spec, credentials: BEARER_ONLY }, noCredentials);
  }

  /** Probe one lane once: {status (null: no answer), body, error, sentAt, answeredAt}. */
  async function probe(lane) {
    const sentAt = Date.now();
    const exchange = await api.call(PROBES[lane]());
    return {
      status: exchange.response?.status ?? null,
      body: exchange.response?.body ?? null,
      error: exchange.error,
      sentAt,
      answeredAt: Date.now(),
    };
  }

  /** Send `path` as the caller: the session (cookie + CSRF header) or an access token. */
  function asCaller(caller, label, path, body, access = tokens.access) {
    const spec = { label, method: "POST", path, body };
    if (caller === VIA_SESSION) {
      return send({ ...spec, ...session.options("POST") }, session.echoOptions);
    }
    return send({ ...spec, ...bearer(access) }, bearerEcho(access));
  }

  /**
   * Fire `event` sent by `caller` (session, bearer, or refresh for JWT logout). A password
   * change goes to a temporary password, which the result carries for restorePassword.
   * @returns {Promise<{exchange, temporary?: string}>}
   */
  async function fire(event, caller, { password }) {
    if (event === "logout-session") return { exchange: await session.logout() };
    if (event === "logout-jwt") {
      const spec = { label: "Timeline: log out (JWT)", method: "POST", path: PATHS.jwtLogout };
      const body = { refresh: tokens.refresh };
      return { exchange: await send({ ...spec, body, credentials: BEARER_ONLY }, noCredentials) };
    }
    if (event === "change-password") {
      const temporary = temporaryPassword();
      const body = { old_password: password, new_password: temporary };
      const label = "Timeline: change password";
      return { exchange: await asCaller(caller, label, PATHS.passwordChange, body), temporary };
    }
    if (event === "deactivate") {
      return { exchange: await asCaller(caller, "Timeline: deactivate", PATHS.deactivateMe) };
    }
    return { exchange: await asCaller(caller, "Timeline: log out everywhere", PATHS.logoutAll) };
  }

  /**
   * Set the password back, through the same kind of credential that changed it: the session
   * (which the change kept), or a JWT pair fetched with the temporary password (the old
   * access token is refused since the change). Ends nothing the first change had not ended.
   */
  async function restorePassword({ username, password, temporary, caller }) {
    const body = { old_password: temporary, new_password: password };
    const label = "Timeline: restore the demo password";
    if (caller === VIA_SESSION) return asCaller(caller, label, PATHS.passwordChange, body);
    const fresh = await getPair(username, temporary, "Timeline: sign in, temporary password");
    if (!fresh.response?.ok) return fresh;
    return asCaller(caller, label, PATHS.passwordChange, body, fresh.response.body.access);
  }

  function reactivate({ username, password }) {
    const spec = { label: "Timeline: reactivate", method: "POST", path: PATHS.reactivate };
    return send({ ...spec, body: { username, password }, credentials: BEARER_ONLY }, noCredentials);
  }

  return { signIn, probe, fire, restorePassword, reactivate, tokens: () => tokens };
}

// JWT mode: the page holds the tokens and sends the access token as a bearer header; no cookie
// is involved (credentials: "omit"). The access token is refreshed shortly before it expires;
// each refresh rotates the refresh token, and logout blacklists it on the server.
import { PATHS } from "./api_paths.js";
import { decodeJwt, refreshDelayMs } from "./logic/jwt.js";

const CREDENTIALS = "omit";

/**
 * @param send (spec, echoOptions) => Promise<exchange>, records every exchange.
 * @param store token store from token_store.js (swappable with setStore).
 * @param onTokensChanged called with {access, refresh} or null whenever the pair changes.
 */
export function createJwtFlow(send, store, onTokensChanged) {
  let refreshTimer = null;

  const echoOptions = () => ({ credentials: CREDENTIALS, bearer: store.load()?.access || null });

  function keep(tokens) {
    if (tokens) store.save(tokens);
    else store.clear();
    scheduleRefresh();
    onTokensChanged(tokens);
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    const tokens = store.load();
    if (!tokens) return;
    try {
      refreshTimer = setTimeout(
        refresh,
        refreshDelayMs(decodeJwt(tokens.access).claims, Date.now()),
      );
    } catch {
      refreshTimer = null; // An unreadable token: let the API say so on the next call.
    }
  }

  async function login({ username, password }) {
    const exchange = await send(
      {
        label: "Get JWT pair",
        method: "POST",
        path: PATHS.jwtToken,
        body: { username, password },
        credentials: CREDENTIALS,
      },
      echoOptions,
    );
    if (exchange.response?.ok) keep(exchange.response.body);
    return exchange;
  }

  async function refresh() {
    const tokens = store.load();
    if (!tokens) return null;
    const exchange = await send(
      {
        label: "Refresh JWT (rotation)",
        method: "POST",
        path: PATHS.jwtRefresh,
        body: { refresh: tokens.refresh },
        credentials: CREDENTIALS,
      },
      echoOptions,
    );
    if (exchange.response?.ok) keep({ ...tokens, ...exchange.response.body });
    // A 401 means the refresh token is dead (expired or blacklisted): the user is signed out.
    else if (exchange.response?.status === 401) keep(null);
    return exchange;
  }

  async function logout() {
    const tokens = store.load();
    if (!tokens) return null;
    const exchange = await send(
      {
        label: "JWT logout (blacklist refresh)",
        method: "POST",
        path: PATHS.jwtLogout,
        body: { refresh: tokens.refresh },
        credentials: CREDENTIALS,
      },
      echoOptions,
    );
    // Keep the tokens when the API did not answer: the refresh token is still valid there.
    if (exchange.response?.ok || exchange.response?.status === 401) keep(null);
    return exchange;
  }

  function setStore(nextStore) {
    store = nextStore;
    keep(store.load());
  }

  function options() {
    return { credentials: CREDENTIALS, bearer: store.load()?.access || null };
  }

  return {
    mode: "jwt",
    login,
    logout,
    refresh,
    resume: async () => keep(store.load()),
    options,
    echoOptions,
    setStore,
    tokens: () => store.load(),
  };
}

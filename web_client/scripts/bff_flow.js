// BFF mode: the page talks only to the backend-for-frontend on its own origin. The BFF keeps
// the tokens server-side and calls the API with a bearer token; the browser holds one
// first-party cookie (HttpOnly, SameSite=Strict) the page never sees, so wherever the page
// lives the cookie is first-party. The BFF refreshes the access token itself: the page has
// nothing to refresh. Unsafe requests carry X-CSRF: 1 (added by the BFF client in api.js).
import { BFF_PATHS } from "./api_paths.js";

// The BFF's cookie belongs to this origin: the browser's default for same-origin fetches.
const CREDENTIALS = "same-origin";
export const VIA_BFF = "bff";

/** @param send (spec, echoOptions) => Promise<exchange>, records every exchange. */
export function createBffFlow(send) {
  const options = () => ({ via: VIA_BFF, credentials: CREDENTIALS });
  // The echo goes through the BFF too: it shows how the API saw the BFF's call.
  const echoOptions = () => ({ credentials: CREDENTIALS });

  function login({ username, password }) {
    return send(
      {
        label: "BFF login",
        method: "POST",
        path: BFF_PATHS.login,
        body: { username, password },
        ...options(),
      },
      echoOptions,
    );
  }

  function logout() {
    return send(
      { label: "BFF logout", method: "POST", path: BFF_PATHS.logout, ...options() },
      null,
    );
  }

  /** After a reload: does the BFF still hold a sign-in for this browser's cookie? */
  function resume() {
    return send({ label: "BFF: signed in?", path: BFF_PATHS.session, ...options() }, null);
  }

  return { mode: "bff", login, logout, resume, refresh: null, options, echoOptions };
}

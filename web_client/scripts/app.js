// The interactive lab: wires the panels' events to the auth flows and the API, and state back
// down into the panels. Every request made here is shown in the inspector with its diagnosis.
import { VIA_BFF, createBffFlow } from "./bff_flow.js";
import { AuthPanel } from "./components/auth_panel.js";
import { Inspector } from "./components/inspector.js";
import { NotesPanel } from "./components/notes_panel.js";
import { ScalingPanel } from "./components/scaling_panel.js";
import { TokenPanel } from "./components/token_panel.js";
import { createCookieJwtFlow, createSessionFlow } from "./cookie_flow.js";
import { createJwtFlow } from "./jwt_flow.js";
import { loadPreferences, savePreferences } from "./preferences.js";
import { createResources, notesFrom } from "./resources.js";
import { meBurst } from "./scaling.js";
import { STORAGE_LOCAL, STORAGE_MEMORY, createTokenStore, moveTokens } from "./token_store.js";

/** @param clients {api, bff}: the API's client and the BFF's (api.js) */
export function startApp(root, { api, bff }) {
  const panel = (id) => root.querySelector(`#${id}`);
  const inspector = Inspector(panel("inspector"));
  const auth = AuthPanel(panel("auth-panel"));
  const tokens = TokenPanel(panel("token-panel"));
  const notes = NotesPanel(panel("notes-panel"));
  const scaling = ScalingPanel(panel("scaling-panel"));

  let preferences = loadPreferences();
  auth.setPreferences(preferences);
  if (preferences.storage === STORAGE_MEMORY) createTokenStore(STORAGE_LOCAL).clear();
  let store = createTokenStore(preferences.storage);

  // A spec marked `via: "bff"` goes to the BFF on this page's origin, any other to the API.
  const clientFor = (spec) => (spec.via === VIA_BFF ? bff : api);
  const router = { call: (spec) => clientFor(spec).call(spec) };

  /** echoOptions null: no echo (the answer did not involve the API, or it has its own say). */
  async function send(spec, echoOptions) {
    const client = clientFor(spec);
    const exchange = await client.call(spec);
    // Ask the server how it saw the same credentials; skip it when nobody answered.
    exchange.diagnosis =
      exchange.response && echoOptions ? await client.echo(echoOptions()) : null;
    inspector.add(exchange);
    return exchange;
  }

  const flows = {
    session: createSessionFlow(send),
    "cookie-jwt": createCookieJwtFlow(send),
    jwt: createJwtFlow(send, store, (pair) => tokens.render(pair, preferences.mode === "jwt")),
    bff: createBffFlow(send),
  };
  const active = () => flows[preferences.mode] || flows.session;
  const resources = createResources(send, active);

  async function showIdentity() {
    const exchange = await resources.me();
    const body = exchange.response?.body;
    if (exchange.response?.ok) {
      auth.setStatus(signedInText(preferences.mode, body), "ok");
      await loadNotes();
    } else {
      const signedOut = exchange.response?.status === 401;
      auth.setStatus(signedOut ? "Not signed in." : exchange.error, signedOut ? "info" : "error");
      notes.render(null, signedOut ? "" : exchange.error);
    }
    return exchange;
  }

  async function loadNotes() {
    const exchange = await resources.listNotes();
    notes.render(notesFrom(exchange), exchange.error);
  }

  const on = (name, handler) => root.addEventListener(name, (event) => handler(event.detail));

  on("lab:mode-change", ({ mode }) => {
    preferences = savePreferences({ mode });
    tokens.render(flows.jwt.tokens(), mode === "jwt");
    showIdentity();
  });
  on("lab:storage-change", ({ storage }) => {
    preferences = savePreferences({ storage });
    store = moveTokens(store, storage);
    flows.jwt.setStore(store);
  });
  on("lab:preferences", (changes) => {
    preferences = savePreferences(changes);
  });
  on("lab:login", async ({ mode, cookiePolicy, username, password, storage }) => {
    preferences = savePreferences({ mode, cookiePolicy, username, storage });
    auth.setStatus("Signing in…");
    const exchange = await active().login({ username, password, cookiePolicy });
    if (exchange.response?.ok) await showIdentity();
    else auth.setStatus(`Sign-in failed. ${exchange.error}`, "error");
  });
  on("lab:me", showIdentity);
  on("lab:logout", async () => {
    const exchange = await active().logout();
    const response = exchange?.response;
    // A 401 means the API had already ended this sign-in (log out everywhere, a reused refresh
    // token…): the tokens are dropped all the same, so the user is signed out, not failed.
    if (response?.status === 401) {
      const detail = response.body?.detail ? ` ${response.body.detail}` : "";
      auth.setStatus(`Signed out. The API had already ended this sign-in.${detail}`);
      notes.render(null);
      return;
    }
    if (exchange && !response?.ok) {
      auth.setStatus(`Logout failed. ${exchange.error}`, "error");
      return;
    }
    auth.setStatus("Signed out.");
    notes.render(null);
  });
  on("lab:refresh", async () => {
    const exchange = await active().refresh?.();
    if (exchange && !exchange.response?.ok) {
      auth.setStatus(`Refresh failed: signed out. ${exchange.error}`, "error");
    }
  });
  on("lab:notes-load", loadNotes);
  on("lab:note-create", async (note) => {
    const exchange = await resources.createNote(note);
    if (exchange.response?.ok) {
      notes.clearForm();
      await loadNotes();
    } else {
      auth.setStatus(`Note not saved (your text is kept). ${exchange.error}`, "error");
    }
  });
  on("lab:note-delete", async ({ id }) => {
    const exchange = await resources.deleteNote(id);
    if (!exchange.response?.ok) auth.setStatus(`Note not deleted. ${exchange.error}`, "error");
    await loadNotes();
  });
  on("lab:scaling-run", async () => {
    scaling.setBusy(true);
    scaling.render(await meBurst(router, active().options("GET")));
    scaling.setBusy(false);
  });

  return {
    credentials: () => auth.values(),
    /** Send a request and show it, with the server's diagnosis, in the inspector. */
    send,
    /** Show who is signed in after a (re)load, in the saved mode. */
    async resume() {
      await flows.jwt.resume();
      const { mode } = preferences;
      if (mode === "bff") {
        const session = await flows.bff.resume();
        if (session.response?.ok && !session.response.body?.signed_in) {
          auth.setStatus("Not signed in to the BFF.");
          notes.render(null);
          return;
        }
      }
      let exchange = await showIdentity();
      // The access cookie may have expired while the refresh cookie still lives: rotate once.
      if (mode === "cookie-jwt" && exchange.response?.status === 401) {
        const refreshed = await flows["cookie-jwt"].refresh();
        if (refreshed.response?.ok) exchange = await showIdentity();
      }
      // A cookie mode needs a fresh CSRF token for its next unsafe request.
      if (exchange.response?.ok && (mode === "session" || mode === "cookie-jwt")) {
        await active().resume();
      }
    },
  };
}

function signedInText(mode, { username, auth, replica }) {
  if (mode === "bff") {
    return (
      `Signed in as ${username} through the BFF: this page sent only its own first-party ` +
      `cookie, and the API saw the BFF's bearer token (auth: ${auth}), replica ${replica}.`
    );
  }
  return `Signed in as ${username} (${auth}), answered by replica ${replica}.`;
}

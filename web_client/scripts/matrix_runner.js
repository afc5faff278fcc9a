// Runs this origin's matrix cells: each cookie policy in every auth mode. The session and the
// cookie-JWT cells talk to the API with its cookies, the JWT cells with a bearer header, the BFF
// cells only to the BFF on this page's own origin. Calls go straight to the clients (not the
// inspector): a topology makes about a hundred requests.
import { BFF_PATHS, COOKIE_MODE_PATHS, PATHS, csrfPath, notePath } from "./api_paths.js";
import {
  classifyBffFailure,
  classifyCookieJwtFailure,
  classifyJwtFailure,
  classifySessionFailure,
} from "./logic/diagnosis.js";
import { planCells } from "./logic/matrix.js";
import { cellResult, createTrace } from "./matrix_trace.js";

const WITH_COOKIES = "include";
const BEARER_ONLY = "omit";
const FIRST_PARTY = "same-origin";

// What tells the two API-cookie modes apart: their endpoints, what /me must answer (the mode's
// own name), and how a failure is read.
const COOKIE_KINDS = {
  session: { ...COOKIE_MODE_PATHS.session, auth: "session", classify: classifySessionFailure },
  "cookie-jwt": {
    ...COOKIE_MODE_PATHS["cookie-jwt"],
    auth: "cookie-jwt",
    classify: classifyCookieJwtFailure,
  },
};

const RUNNERS = {
  session: runCookieCell,
  "cookie-jwt": runCookieCell,
  jwt: runJwtCell,
  bff: runBffCell,
};

/**
 * Run every cell of `topology` with `credentials` ({username, password}) through `clients`
 * ({api, bff}); returns the cells and calls onCells(cellsSoFar) after each. Every cell logs in
 * and out, so the run starts by logging out of both API-cookie modes. One cell at a time: run
 * side by side, the cells took as long (measured: the API's answers, not the waits, set the
 * pace), and one after another no cell can meet another's cookies.
 */
export async function runTopologyCells(clients, topology, credentials, onCells) {
  const cells = [];
  const csrfToken = await csrfTokenFor(clients.api);
  for (const kind of Object.values(COOKIE_KINDS)) await logout(clients.api, kind, csrfToken);
  for (const cell of planCells(topology)) {
    cells.push(await RUNNERS[cell.mode](clients, cell, credentials));
    onCells([...cells]);
  }
  return cells;
}

async function runCookieCell({ api }, cell, credentials) {
  const kind = COOKIE_KINDS[cell.mode];
  const call = (spec) => api.call({ credentials: WITH_COOKIES, ...spec });
  const trace = createTrace();
  const state = { csrfToken: null, noteId: null, username: null };
  await cookieScenario(call, kind, cell, credentials, trace, state);
  const echo = await api.echo({ credentials: WITH_COOKIES, cookiePolicy: cell.cookiePolicy });
  // Clean up so this policy's cookies cannot leak into the next cell.
  if (state.noteId !== null) {
    await call({ method: "DELETE", path: notePath(state.noteId), csrfToken: state.csrfToken });
  }
  await logout(api, kind, state.csrfToken);
  const passed =
    cell.mode === "cookie-jwt"
      ? `authenticated as ${state.username} by the jwt_access cookie; the refresh rotated both`
      : null;
  const apiBaseUrl = api.baseUrl;
  return cellResult(cell, trace.steps, kind.classify(trace.steps, echo), {
    echo,
    passed,
    apiBaseUrl,
  });
}

/**
 * CSRF cookie of the cell's policy, login with X-CSRFToken, /me (answered by this very
 * cookie), a note written with X-CSRFToken, then (cookie JWT) a refresh; stops at the first
 * failure.
 */
async function cookieScenario(call, kind, cell, credentials, trace, state) {
  const csrf = await call({ path: csrfPath(cell.cookiePolicy) });
  if (!trace.ok("csrf", csrf)) return;
  state.csrfToken = csrf.response.body.csrfToken;
  const body = { ...credentials, cookie_policy: cell.cookiePolicy };
  const login = await call({ method: "POST", path: kind.login, body, ...csrfHeader(state) });
  if (!trace.ok("login", login)) return;
  keepCsrfToken(state, login); // Login rotates the CSRF token.
  const me = await call({ path: PATHS.me });
  if (!trace.ok("me", me, answeredBy(kind.auth))) return;
  state.username = me.response.body.username;
  const note = await call({
    method: "POST",
    path: PATHS.notes,
    body: noteBody(cell),
    ...csrfHeader(state),
  });
  if (!trace.ok("note", note)) return;
  state.noteId = note.response.body.id;
  if (!kind.refresh) return;
  const refresh = await call({ method: "POST", path: kind.refresh, ...csrfHeader(state) });
  if (trace.ok("refresh", refresh)) keepCsrfToken(state, refresh);
}

async function runJwtCell({ api }, cell, credentials) {
  const bearer = (spec, tokens) =>
    api.call({ credentials: BEARER_ONLY, bearer: tokens?.access, ...spec });
  const trace = createTrace();
  const state = { tokens: null, noteId: null };
  await jwtScenario(bearer, cell, credentials, trace, state);
  const echo = await api.echo({ credentials: BEARER_ONLY, bearer: state.tokens?.access });
  if (state.noteId !== null) {
    await bearer({ method: "DELETE", path: notePath(state.noteId) }, state.tokens);
  }
  if (state.tokens) {
    await bearer({
      method: "POST",
      path: PATHS.jwtLogout,
      body: { refresh: state.tokens.refresh },
    });
  }
  return cellResult(cell, trace.steps, classifyJwtFailure(trace.steps), { echo });
}

/** Token pair, /me with the bearer header, write a note; stops at the first failure. */
async function jwtScenario(bearer, cell, credentials, trace, state) {
  const pair = await bearer({ method: "POST", path: PATHS.jwtToken, body: credentials });
  if (!trace.ok("token", pair)) return;
  state.tokens = pair.response.body;
  if (!trace.ok("me", await bearer({ path: PATHS.me }, state.tokens))) return;
  const note = await bearer(
    { method: "POST", path: PATHS.notes, body: noteBody(cell) },
    state.tokens,
  );
  if (trace.ok("note", note)) state.noteId = note.response.body.id;
}

/**
 * BFF login, /me and a note through the BFF, then logout: every request goes to this page's
 * own origin. The cell's cookie policy does not apply (the BFF's cookie is always first-party,
 * SameSite=Strict); the cell runs in every policy row to show exactly that.
 */
async function runBffCell({ bff }, cell, credentials) {
  const call = (spec) => bff.call({ credentials: FIRST_PARTY, ...spec });
  const trace = createTrace();
  const state = { signedIn: false, noteId: null, me: null };
  const login = await call({ method: "POST", path: BFF_PATHS.login, body: credentials });
  if (trace.ok("login", login)) {
    state.signedIn = true;
    const me = await call({ path: PATHS.me });
    state.me = me;
    if (trace.ok("me", me, sameUser(credentials.username))) {
      const note = await call({ method: "POST", path: PATHS.notes, body: noteBody(cell) });
      if (trace.ok("note", note)) state.noteId = note.response.body.id;
    }
  }
  if (state.noteId !== null) await call({ method: "DELETE", path: notePath(state.noteId) });
  if (state.signedIn) await call({ method: "POST", path: BFF_PATHS.logout });
  const upstream = state.me?.response?.upstream ?? null;
  const passed =
    `authenticated as ${credentials.username} through the BFF, which sent the API ` +
    (upstream?.authorization || "its own bearer token");
  return cellResult(cell, trace.steps, classifyBffFailure(trace.steps), { passed, upstream });
}

/** A /me check: the credential under test answered, not a cookie left over from elsewhere. */
function answeredBy(auth) {
  return (body) =>
    body?.auth === auth ? null : `/me was answered by "${body?.auth}", not ${auth}`;
}

function sameUser(username) {
  return (body) => (body?.username === username ? null : `/me named "${body?.username}"`);
}

async function csrfTokenFor(api) {
  const exchange = await api.call({ path: csrfPath(null), credentials: WITH_COOKIES });
  return exchange.response?.ok ? exchange.response.body.csrfToken : null;
}

function logout(api, kind, csrfToken) {
  // Logout deletes the mode's cookies with the attributes they were set with (Partitioned too).
  return api.call({ method: "POST", path: kind.logout, credentials: WITH_COOKIES, csrfToken });
}

function keepCsrfToken(state, exchange) {
  state.csrfToken = exchange.response.body?.csrfToken || state.csrfToken;
}

function csrfHeader({ csrfToken }) {
  return { csrfToken };
}

function noteBody({ topology, cookiePolicy, mode }) {
  return {
    title: `matrix ${topology} ${cookiePolicy} ${mode}`,
    text: "Written by the live matrix.",
  };
}

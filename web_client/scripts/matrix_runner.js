// Runs this origin's matrix cells against the API. Calls go straight to the API client (not
// the inspector): a topology makes about fifty requests.
import { PATHS, csrfPath, notePath } from "./api_paths.js";
import { cellReason, classifyJwtFailure, classifySessionFailure } from "./logic/diagnosis.js";
import { expectedOutcome } from "./logic/expectations.js";
import { planCells } from "./logic/matrix.js";

const SESSION = "include";
const BEARER_ONLY = "omit";

/**
 * Run every cell of `topology` with `credentials` ({username, password}); returns the cells and
 * calls onCells(cellsSoFar) after each. Every cell logs in and out, so it starts by logging out.
 */
export async function runTopologyCells(api, topology, credentials, onCells) {
  const cells = [];
  await sessionLogout(api, await csrfTokenFor(api)); // Start clean: no cookie from before.
  for (const cell of planCells(topology)) {
    const runCell = cell.mode === "session" ? runSessionCell : runJwtCell;
    cells.push(await runCell(api, cell, credentials));
    onCells([...cells]);
  }
  return cells;
}

async function runSessionCell(api, cell, credentials) {
  const session = (spec) => api.call({ credentials: SESSION, ...spec });
  const trace = createTrace();
  const state = { csrfToken: null, noteId: null };
  await sessionScenario(session, cell, credentials, trace, state);
  const echo = await api.echo({ credentials: SESSION, cookiePolicy: cell.cookiePolicy });
  // Clean up so this policy's cookies cannot leak into the next cell.
  if (state.noteId !== null) {
    await session({ method: "DELETE", path: notePath(state.noteId), csrfToken: state.csrfToken });
  }
  await sessionLogout(api, state.csrfToken);
  return cellResult(cell, trace.steps, classifySessionFailure(trace.steps, echo), echo);
}

/** CSRF cookie of the cell's policy, login, /me, write a note; stops at the first failure. */
async function sessionScenario(session, cell, credentials, trace, state) {
  const csrf = await session({ path: csrfPath(cell.cookiePolicy) });
  if (!trace.ok("csrf", csrf)) return;
  state.csrfToken = csrf.response.body.csrfToken;
  const body = { ...credentials, cookie_policy: cell.cookiePolicy };
  const login = await session({
    method: "POST",
    path: PATHS.sessionLogin,
    body,
    ...csrfHeader(state),
  });
  if (!trace.ok("login", login)) return;
  state.csrfToken = login.response.body.csrfToken; // Login rotates the CSRF token.
  if (!trace.ok("me", await session({ path: PATHS.me }))) return;
  const note = await session({
    method: "POST",
    path: PATHS.notes,
    body: noteBody(cell),
    ...csrfHeader(state),
  });
  if (trace.ok("note", note)) state.noteId = note.response.body.id;
}

async function runJwtCell(api, cell, credentials) {
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
  return cellResult(cell, trace.steps, classifyJwtFailure(trace.steps), echo);
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

/** Records each step's status; ok() says whether to go on. */
function createTrace() {
  const steps = [];
  return {
    steps,
    ok(step, exchange) {
      steps.push({ step, status: exchange.response?.status ?? null, detail: exchange.error });
      return Boolean(exchange.response?.ok);
    },
  };
}

function cellResult(cell, steps, failedStep, echo) {
  const modelWhy = expectedOutcome({ ...cell, thirdPartyCookies: null }).why;
  return {
    ...cell,
    outcome: failedStep ? "fail" : "pass",
    failedStep,
    reason: cellReason({ failedStep, echo, steps, modelWhy }),
    steps: steps.map(({ step, status }) => ({ step, status })),
    echo: echo && {
      relation: echo.relation,
      sec_fetch_site: echo.sec_fetch_site,
      cookies_received: echo.cookies_received,
      summary: echo.summary,
    },
  };
}

async function csrfTokenFor(api) {
  const exchange = await api.call({ path: csrfPath(null), credentials: SESSION });
  return exchange.response?.ok ? exchange.response.body.csrfToken : null;
}

function sessionLogout(api, csrfToken) {
  // Logout deletes both cookies with the attributes they were set with (Partitioned included).
  return api.call({ method: "POST", path: PATHS.sessionLogout, credentials: SESSION, csrfToken });
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

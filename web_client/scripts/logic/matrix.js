// Matrix bookkeeping: which cells exist, where a run goes next, and the run state carried from
// origin to origin in the URL fragment (each topology must run in its own top-level page).
import { decodeJson, encodeJson } from "./base64url.js";
import { AUTH_MODES, COOKIE_POLICIES, visitingOrder } from "./topology.js";

const RUN_KEY = "matrix-run";
const PLAN_KEY = "plan";
const RESULTS_KEY = "results";

/** The cells one topology runs, in order: each cookie policy with both auth modes. */
export function planCells(topology) {
  return COOKIE_POLICIES.flatMap((cookiePolicy) =>
    AUTH_MODES.map((mode) => ({ topology, cookiePolicy, mode })),
  );
}

export function cellKey({ topology, cookiePolicy, mode }) {
  return `${topology}/${cookiePolicy}/${mode}`;
}

/** A fresh run starting (and ending) on the `start` topology. */
export function newRun({ id, start, username, password }) {
  return { id, start, order: visitingOrder(start), username, password, cells: [] };
}

export function hasRunCells(run, topology) {
  return run.cells.some((cell) => cell.topology === topology);
}

/** Where to go after a page has run its cells: the next unvisited topology, else home. */
export function nextStop(run) {
  const pending = run.order.find((topology) => !hasRunCells(run, topology));
  return pending ? { topology: pending, finished: false } : { topology: run.start, finished: true };
}

/** Fragment (without "#") for a page that still has cells to run: carries plan and results. */
export function encodeRunFragment(run) {
  const { id, start, order, username, password, cells } = run;
  const plan = encodeJson({ start, order, username, password });
  const results = encodeJson(cells);
  return `${RUN_KEY}=${encodeURIComponent(id)}&${PLAN_KEY}=${plan}&${RESULTS_KEY}=${results}`;
}

/** Fragment for the finished table: results only, so the password does not linger. */
export function encodeResultsFragment(run) {
  return `${RUN_KEY}=${encodeURIComponent(run.id)}&${RESULTS_KEY}=${encodeJson(run.cells)}`;
}

/**
 * Read a run from `location.hash`. Returns null when the fragment is not a matrix run;
 * `run.plan` is false for a finished (results-only) fragment.
 */
export function decodeRunFragment(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ""));
  const id = params.get(RUN_KEY);
  if (!id) return null;
  const cells = params.has(RESULTS_KEY) ? decodeJson(params.get(RESULTS_KEY)) : [];
  if (!params.has(PLAN_KEY)) return { id, cells, plan: false };
  return { id, cells, plan: true, ...decodeJson(params.get(PLAN_KEY)) };
}

/** Table model: one row per cookie policy, one column per topology x auth mode. */
export function matrixRows(cells, topologies) {
  const byKey = new Map(cells.map((cell) => [cellKey(cell), cell]));
  return COOKIE_POLICIES.map((cookiePolicy) => ({
    cookiePolicy,
    cells: topologies.flatMap((topology) =>
      AUTH_MODES.map((mode) => byKey.get(cellKey({ topology, cookiePolicy, mode })) || null),
    ),
  }));
}

/** A new random run id (short: it only has to tell runs apart in one tab). */
export function newRunId(random = Math.random) {
  return Math.floor(random() * 2 ** 32).toString(36);
}

/** Per auth mode: how many cells passed, how many ran, and which topologies had failures. */
export function passCounts(cells) {
  return AUTH_MODES.map((mode) => {
    const ofMode = cells.filter((cell) => cell.mode === mode);
    const failed = ofMode.filter((cell) => cell.outcome !== "pass");
    return {
      mode,
      passed: ofMode.length - failed.length,
      total: ofMode.length,
      failedTopologies: [...new Set(failed.map((cell) => cell.topology))],
    };
  });
}

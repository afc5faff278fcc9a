// Matrix bookkeeping: which cells exist, the order a run visits the topologies in, the table
// model, and the cells another lab page reports back. A run lives in the page that started it:
// nothing here reads run state from an address, so no link can start or resume a run.
import { AUTH_MODES, COOKIE_POLICIES, visitingOrder } from "./topology.js";

const OUTCOMES = ["pass", "fail"];
// Keys of the fragment the walk used to carry from origin to origin, password included.
const OLD_RUN_KEYS = ["matrix-run", "plan"];

/** The cells one topology runs, in order: each cookie policy with every auth mode. */
export function planCells(topology) {
  return COOKIE_POLICIES.flatMap((cookiePolicy) =>
    AUTH_MODES.map((mode) => ({ topology, cookiePolicy, mode })),
  );
}

export function cellKey({ topology, cookiePolicy, mode }) {
  return `${topology}/${cookiePolicy}/${mode}`;
}

/**
 * A fresh run started on `start`. The other topologies (`remote`) run first, each in a window
 * the start page opens: a popup blocker allows that window only within seconds of the click, so
 * it cannot wait until this page's own cells are done. `start` runs last, in this page.
 */
export function newRun({ id, start }) {
  const [, ...remote] = visitingOrder(start);
  return { id, start, remote, cells: [] };
}

/** A new random run id: it ties a window's reports to the run that asked for them. */
export function newRunId(random = Math.random) {
  return Math.floor(random() * 2 ** 32).toString(36);
}

/**
 * Cells another page reported for `topology`: returned when each is one of that topology's
 * planned cells (at most once) with a known outcome, else null. A page can only report its own.
 */
export function acceptCells(cells, topology) {
  if (!Array.isArray(cells)) return null;
  const planned = new Set(planCells(topology).map(cellKey));
  const seen = new Set();
  for (const cell of cells) {
    const key = cell && typeof cell === "object" ? cellKey(cell) : null;
    if (!planned.has(key) || seen.has(key) || !OUTCOMES.includes(cell.outcome)) return null;
    if (typeof cell.reason !== "string") return null;
    seen.add(key);
  }
  return cells;
}

/** True when a fragment holds the old walk's run state (`#matrix-run=…&plan=…`). */
export function isOldRunLink(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ""));
  return OLD_RUN_KEYS.some((key) => params.has(key));
}

/**
 * Table model: for each topology, one row per cookie policy, one cell per auth mode (null where
 * the cell has not run).
 */
export function matrixRows(cells, topologies) {
  const byKey = new Map(cells.map((cell) => [cellKey(cell), cell]));
  return topologies.flatMap((topology) =>
    COOKIE_POLICIES.map((cookiePolicy) => ({
      topology,
      cookiePolicy,
      cells: AUTH_MODES.map((mode) => byKey.get(cellKey({ topology, cookiePolicy, mode })) || null),
    })),
  );
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

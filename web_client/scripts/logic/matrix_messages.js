// What a matrix run says between windows. The page where the run starts opens each other
// topology's page as a window (a helper) and hands it the credentials by postMessage, so the
// password never appears in an address. Each side accepts a message only from the one window it
// expects (its opener, or the window it opened) at the exact origin its own config names.
import { acceptCells } from "./matrix.js";
import { TOPOLOGIES } from "./topology.js";
import { isProbeReport } from "./witness.js";

/** Query parameter that marks a helper window; its value is the topology that opened it. */
export const HELPER_PARAM = "matrix-helper";

const PREFIX = "lab-matrix:";
const READY = `${PREFIX}ready`;
const RUN = `${PREFIX}run`;
const REPORT = `${PREFIX}report`;

/** The address of a topology's page opened as a helper of a run started on `from`. */
export function helperUrl(topologyUrl, from) {
  const url = new URL(topologyUrl);
  url.searchParams.set(HELPER_PARAM, from);
  return url.href;
}

/**
 * Whether this page is a helper window, and whose: null for an ordinary page; {from, origin}
 * with the exact origin that this page's own config gives `from`; {error} for a bad value.
 */
export function helperRole(search, config) {
  const from = new URLSearchParams(search).get(HELPER_PARAM);
  if (from === null) return null;
  const url = config.topologies?.[from];
  if (!TOPOLOGIES.includes(from) || from === config.topology || !url) {
    return { error: `"${from}" is not another topology of this lab.` };
  }
  return { from, origin: new URL(url).origin };
}

/** True when `event` was posted by the window `source` from exactly `origin`. */
export function isFrom(event, origin, source) {
  return Boolean(source) && event.source === source && event.origin === origin;
}

/** Any message of this protocol, whoever sent it (to tell a refused request from noise). */
export function isMatrixMessage(data) {
  return typeof data?.type === "string" && data.type.startsWith(PREFIX);
}

/** Helper -> opener: "my page has loaded; send me the run." Carries nothing. */
export function readyMessage() {
  return { type: READY };
}

export function isReady(data) {
  return data?.type === READY;
}

/** Opener -> helper: what to run with. Sent only to the helper's exact origin. */
export function runMessage(runId, { username, password }) {
  return { type: RUN, runId, username, password };
}

/** The run a message asks for, or null when it is not a well-formed run request. */
export function readRun(data) {
  if (data?.type !== RUN) return null;
  const { runId, username, password } = data;
  const filled = [runId, username, password].every((v) => typeof v === "string" && v !== "");
  return filled ? { runId, username, password } : null;
}

/**
 * Helper -> opener: the cells so far (`done` once all of them ran), and the cross-site page's
 * third-party-cookie probe (logic/witness.js) once it ran. No credentials.
 */
export function reportMessage(runId, cells, done, probe = undefined) {
  return probe === undefined
    ? { type: REPORT, runId, cells, done }
    : { type: REPORT, runId, cells, done, probe };
}

/**
 * A report for run `runId` holding only `topology`'s planned cells, or null. Its probe is kept
 * when well-formed (left out otherwise), so a bad probe never loses the cells.
 */
export function readReport(data, runId, topology) {
  if (data?.type !== REPORT || data.runId !== runId) return null;
  const cells = acceptCells(data.cells, topology);
  if (!cells) return null;
  const report = { cells, done: data.done === true };
  return "probe" in data && isProbeReport(data.probe) ? { ...report, probe: data.probe } : report;
}

// The run's side of the helper window: opened inside the user's click, pointed at each other
// topology's page in turn, and listened to only from that page's exact origin.
import { TOPOLOGY_TITLES } from "./logic/topology.js";
import {
  isFrom,
  isReady,
  readReport,
  readyMessage,
  runMessage,
} from "./logic/matrix_messages.js";

/** How long a topology page may take to load and say it is ready before the run gives up. */
export const READY_TIMEOUT_MS = 15000;
// How often to notice that the person closed the window (a closed window sends no event).
const CLOSED_POLL_MS = 500;
// One name, so pressing Run again reuses a window left over instead of piling up new ones.
const WINDOW_NAME = "lab-matrix-helper";
const FEATURES = "popup,width=1100,height=900";

/** Open the helper window; null when the browser's popup blocker refused it. */
export function openHelperWindow(url) {
  return window.open(url, WINDOW_NAME, FEATURES);
}

/**
 * Wait for the page at `url` in `helper` (pointing the window there first when `navigate`),
 * give it the credentials once it says it is ready, and resolve with {cells, probe} (the probe:
 * the cross-site page's third-party-cookie probe, undefined elsewhere). Rejects with a
 * message a person can act on when the page does not answer in time or the window is closed.
 */
export function visitHelper(helper, { url, navigate, topology, runId, credentials, on }) {
  const origin = new URL(url).origin;
  const title = TOPOLOGY_TITLES[topology];
  if (navigate) helper.location.replace(url);
  return new Promise((resolve, reject) => {
    const readyTimer = setTimeout(
      () => stop(new Error(notAnswering(title, url))),
      READY_TIMEOUT_MS,
    );
    const closedPoll = setInterval(() => {
      if (helper.closed) stop(new Error(closedEarly(title)));
    }, CLOSED_POLL_MS);

    function onMessage(event) {
      if (!isFrom(event, origin, helper)) return;
      if (isReady(event.data)) {
        // Also after the person reloads that window: it asks again and gets the run again.
        clearTimeout(readyTimer);
        helper.postMessage(runMessage(runId, credentials), origin);
        on.waiting(title, origin);
        return;
      }
      const report = readReport(event.data, runId, topology);
      if (!report) return;
      on.cells(report.cells);
      if (report.done) stop(null, { cells: report.cells, probe: report.probe });
    }

    function stop(error, result) {
      clearTimeout(readyTimer);
      clearInterval(closedPoll);
      removeEventListener("message", onMessage);
      if (error) reject(error);
      else resolve(result);
    }

    addEventListener("message", onMessage);
  });
}

function notAnswering(title, url) {
  return (
    `The ${title} page (${url}) did not answer within ${READY_TIMEOUT_MS / 1000} s: it is ` +
    "not reachable, or it could not read its configuration. Nothing was sent to it. The " +
    "cells that ran are in the table; press Run the matrix to try again."
  );
}

function closedEarly(title) {
  return (
    `The ${title} window was closed before its cells were done. The cells that ran are in ` +
    "the table; press Run the matrix to start again."
  );
}

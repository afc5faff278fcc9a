// Starts a matrix run from the button, or carries on with one that arrived in the URL fragment.
import { MatrixPanel } from "./components/matrix_panel.js";
import {
  decodeRunFragment,
  encodeResultsFragment,
  hasRunCells,
  newRun,
  newRunId,
  nextStop,
} from "./logic/matrix.js";
import { TOPOLOGY_TITLES } from "./logic/topology.js";
import { nextUrl, runTopologyCells } from "./matrix_runner.js";

/**
 * @param credentials () => {username, password} typed in the sign-in form
 * @returns true when a run is in progress on this page (the app skips its own start-up calls)
 */
export function startMatrix(el, api, config, credentials) {
  const panel = MatrixPanel(el, config);

  el.addEventListener("lab:matrix-run", () => {
    const { username, password } = credentials();
    if (!password) {
      panel.setStatus("Type the demo password in the sign-in form first: the matrix logs in.");
      return;
    }
    continueRun(newRun({ id: newRunId(), start: config.topology, username, password }));
  });

  let arrived;
  try {
    arrived = decodeRunFragment(location.hash);
  } catch {
    panel.setStatus("The matrix results in this address are unreadable; run the matrix again.");
    return false;
  }
  if (!arrived) return false;
  if (!arrived.plan) {
    panel.render(arrived, true);
    return false;
  }
  // The fragment carries the demo password: take it out of the address bar at once.
  history.replaceState(null, "", location.pathname + location.search);
  continueRun(arrived);
  return true;

  async function continueRun(run) {
    const here = config.topology;
    if (!hasRunCells(run, here)) {
      panel.render(run, false);
      panel.setStatus(`Running the ${TOPOLOGY_TITLES[here]} cells on ${location.origin}…`);
      await runTopologyCells(api, here, run, (progress) => panel.render(progress, false));
    }
    const stop = nextStop(run);
    if (stop.finished && stop.topology === here) {
      history.replaceState(null, "", `#${encodeResultsFragment(run)}`);
      panel.render(run, true);
      el.scrollIntoView();
      return;
    }
    panel.setStatus(`Moving this tab to the ${TOPOLOGY_TITLES[stop.topology]} page…`);
    location.assign(nextUrl(run, config.topologies));
  }
}

// A matrix run started by a click on this page: the other topologies' pages run their cells in
// a window this page opens (each after a click there), then this page runs its own and shows
// the whole table. The password stays in this function's memory and in postMessages sent to
// exact origins: it never goes into an address.
import { newRun, newRunId } from "./logic/matrix.js";
import { helperUrl } from "./logic/matrix_messages.js";
import { TOPOLOGY_TITLES } from "./logic/topology.js";
import { PROBE_TOPOLOGY, interpretProbe } from "./logic/witness.js";
import { runCookieProbe } from "./cookie_probe.js";
import { runTopologyCells } from "./matrix_runner.js";
import { pageContext } from "./page_engine.js";
import { openHelperWindow, visitHelper } from "./matrix_window.js";

/** @param credentials () => {username, password} typed in the sign-in form */
export function startConductor(el, panel, clients, config, credentials) {
  el.addEventListener("lab:matrix-run", () => {
    const { username, password } = credentials();
    if (!password) {
      panel.setStatus("Type the demo password in the sign-in form first: the matrix logs in.");
      return;
    }
    conduct(panel, clients, config, { username, password });
  });
}

async function conduct(panel, clients, config, credentials) {
  const here = config.topology;
  const run = newRun({ id: newRunId(), start: here });
  // The cross-site page's probe: sent back by its window, or run here when this page is it.
  let probe = null;
  const [first] = run.remote;
  // Still inside the click: the popup blocker allows one window per click, for a few seconds.
  const helper = openHelperWindow(helperUrl(config.topologies[first], here));
  if (!helper) {
    panel.fail(
      `This browser blocked the window the matrix needs for the ${TOPOLOGY_TITLES[first]} ` +
        `page. Allow pop-ups for ${location.origin} and press Run the matrix again. Nothing ran.`,
    );
    return;
  }
  panel.start(run.cells);
  const on = {
    waiting: (title, origin) =>
      panel.progress(
        `Press “Run the ${title} cells” in the window that opened on ${origin}: ` +
          "each page runs only after a click on it.",
      ),
    cells: (cells) => panel.render([...run.cells, ...cells]),
  };
  try {
    for (const [index, topology] of run.remote.entries()) {
      const url = helperUrl(config.topologies[topology], here);
      panel.progress(`Opening the ${TOPOLOGY_TITLES[topology]} page in the matrix window…`);
      const visit = { url, navigate: index > 0, topology, runId: run.id, credentials, on };
      const result = await visitHelper(helper, visit);
      run.cells.push(...result.cells);
      if (topology === PROBE_TOPOLOGY) probe = result.probe ?? null;
    }
  } catch (error) {
    helper.close();
    panel.fail(error.message);
    return;
  }
  helper.close();
  if (here === PROBE_TOPOLOGY) {
    panel.progress(`Probing third-party cookies from ${location.origin}…`);
    probe = await runCookieProbe(clients.api, pageContext(config));
  }
  panel.witness(interpretProbe(probe));
  panel.progress(`Running the ${TOPOLOGY_TITLES[here]} cells on ${location.origin}…`);
  const own = await runTopologyCells(clients, here, credentials, on.cells);
  run.cells.push(...own);
  panel.finish(run);
  window.focus();
}

// This page as a helper window of a matrix run started on another topology's page. It takes a
// run only from the window that opened it, at the exact origin its own config gives that
// topology, and runs nothing until the person presses the button here.
import {
  isFrom,
  isMatrixMessage,
  readRun,
  readyMessage,
  reportMessage,
} from "./logic/matrix_messages.js";
import { TOPOLOGY_TITLES } from "./logic/topology.js";
import { PROBE_TOPOLOGY } from "./logic/witness.js";
import { runCookieProbe } from "./cookie_probe.js";
import { runTopologyCells } from "./matrix_runner.js";
import { pageContext } from "./page_engine.js";

/** @param role {from, origin} from helperRole(): the topology that opened this window. */
export function startHelper(el, panel, clients, config, role) {
  const here = TOPOLOGY_TITLES[config.topology];
  const opener = window.opener;
  const starter = `the ${TOPOLOGY_TITLES[role.from]} page (${role.origin})`;
  panel.asHelper(`Run the ${here} cells`, `Waiting for ${starter}, which opened this window…`);
  if (!opener) {
    panel.fail(
      "This address is for a window that a matrix run opens, and no lab page opened this one: " +
        "there is nothing to run here.",
      { href: location.pathname, text: "Open the lab on this page." },
    );
    return;
  }
  let request = null; // the run waiting for the click
  let running = false;

  addEventListener("message", (event) => {
    if (!isFrom(event, role.origin, opener)) {
      if (isMatrixMessage(event.data)) {
        panel.setStatus(
          `Ignored a matrix request from ${event.origin}: only ${starter}, which opened this ` +
            "window, can ask for these cells.",
          "error",
        );
      }
      return;
    }
    const run = readRun(event.data);
    if (!run || running) return;
    request = run;
    panel.arm(
      `${capitalized(starter)} asks this window to run the ${here} cells as ${run.username}. ` +
        "Nothing runs until you press the button. Each cell logs in and out, so any session " +
        "you have with this page's API ends.",
    );
  });

  el.addEventListener("lab:matrix-run", async () => {
    if (!request || running) return;
    const { runId, username, password } = request;
    request = null;
    running = true;
    panel.start([]);
    // The cross-site page witnesses the third-party setting with its own probe cookie, before
    // its cells (own name and path: no cell meets it).
    let probe;
    if (config.topology === PROBE_TOPOLOGY) {
      panel.progress(`Probing third-party cookies from ${location.origin}…`);
      probe = await runCookieProbe(clients.api, pageContext(config));
    }
    panel.progress(`Running the ${here} cells on ${location.origin}…`);
    const report = (cells, done) =>
      opener.postMessage(reportMessage(runId, cells, done, probe), role.origin);
    const onCells = (sofar) => {
      panel.render(sofar);
      report(sofar, false);
    };
    const cells = await runTopologyCells(
      clients,
      config.topology,
      { username, password },
      onCells,
    );
    report(cells, true);
    panel.done(`Done: the results went back to ${starter}, which moves this window on.`);
  });

  opener.postMessage(readyMessage(), role.origin);
}

function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

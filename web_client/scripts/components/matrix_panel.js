// The live matrix table, its progress line, the JSON export and a machine-readable copy in
// <pre id="matrix-json"> (and window.labMatrix) for tests. Emits lab:matrix-run on a person's
// click, in both roles: the page a run starts on, and a helper window of that run. Each cell is
// judged by the rules of the engine the page detected, with the probe's witness once known.
import { emit, h } from "../dom.js";
import { UNKNOWN } from "../logic/engine.js";
import { passCounts } from "../logic/matrix.js";
import { judgeCells, matrixExport } from "../logic/matrix_export.js";
import { AUTH_MODE_TITLES } from "../logic/topology.js";
import { witnessSentence } from "../logic/witness.js";
import { pageContext } from "../page_engine.js";
import { matrixTable } from "./matrix_table.js";

export function MatrixPanel(el, config) {
  const runButton = el.querySelector("[data-action=run-matrix]");
  const exportButton = el.querySelector("[data-action=export]");
  const status = el.querySelector("[data-field=matrix-status]");
  const tableHost = el.querySelector("[data-field=matrix-table]");
  const json = el.querySelector("#matrix-json");
  const modelLine = el.querySelector("[data-field=matrix-model]");
  const context = pageContext(config);
  let witness = null; // the probe's, once the cross-site page ran it
  let exported = null;
  let helper = false;
  let shown = [];

  runButton.addEventListener("click", (event) => {
    // Only a person's click or key press starts cells, never a scripted button.click().
    if (event.isTrusted) emit(el, "lab:matrix-run");
  });
  exportButton.addEventListener("click", () => download(exported));

  /** state: idle | waiting | armed | running | done | finished | failed (for tests and CSS) */
  function show(state, text, kind = "info") {
    el.dataset.state = state;
    setStatus(text, kind);
  }

  function setStatus(text, kind = "info", link = null) {
    const next = link ? [" ", h("a", { href: link.href }, link.text)] : [];
    status.replaceChildren(text, ...next);
    status.dataset.kind = kind;
  }

  function render(cells, stopped = false) {
    shown = cells;
    const judged = judgeCells(cells, { ...context, witness });
    tableHost.replaceChildren(matrixTable(judged, context.engine, stopped));
  }

  function showModel() {
    if (!modelLine) return;
    const sentences = [ruleSetSentence(context)];
    if (witness && context.engine.name !== UNKNOWN) {
      sentences.push(witnessSentence(context.engine.name, witness));
    }
    modelLine.textContent = sentences.join(" ");
    modelLine.dataset.engine = context.engine.name;
    modelLine.dataset.witness = witness?.thirdPartyCookies ?? "unknown";
  }
  showModel();

  return {
    setStatus,
    render,
    /** This page is a helper window: its button (named `label`) waits for a run to arrive. */
    asHelper(label, text) {
      helper = true;
      runButton.textContent = label;
      runButton.disabled = true;
      show("waiting", text);
    },
    /** Cells are about to run: no second run, no stale export. */
    start(cells) {
      witness = null;
      showModel();
      runButton.disabled = true;
      exportButton.disabled = true;
      exported = null;
      json.textContent = "";
      render(cells);
      show("running", "");
    },
    progress(text) {
      setStatus(text);
    },
    /** The witness of the third-party setting (logic/witness.js interpretProbe). */
    witness(found) {
      witness = found;
      showModel();
      render(shown);
    },
    /** Helper window: a run arrived; the button runs it. */
    arm(text) {
      runButton.disabled = false;
      show("armed", text);
    },
    /** Helper window: its cells ran and went back. */
    done(text) {
      show("done", text, "ok");
    },
    /** The whole table: publish the JSON and enable the download. */
    finish(run) {
      render(run.cells);
      exported = matrixExport(
        run,
        { ...context, witness },
        { userAgent: navigator.userAgent, topologies: config.topologies },
      );
      json.textContent = JSON.stringify(exported, null, 2);
      window.labMatrix = exported;
      exportButton.disabled = false;
      runButton.disabled = false;
      const surprises = exported.cells.filter((cell) => cell.surprise).length;
      const cellWord = surprises === 1 ? "cell differs" : "cells differ";
      const verdict =
        context.engine.name === UNKNOWN
          ? ""
          : ` ${surprises} ${cellWord} from the ${context.engine.ruleSet}.`;
      show("finished", `${headline(run.cells)}${verdict}`, "ok");
      el.scrollIntoView();
    },
    /** The run stopped: say why (and where to go, as `link`); cells that never ran say so. */
    fail(text, link = null) {
      if (shown.length) render(shown, true);
      runButton.disabled = helper;
      el.dataset.state = "failed";
      setStatus(text, "error", link);
    },
  };
}

/** Which rules judge the cells, and how the page knew the engine. */
function ruleSetSentence({ engine, scheme }) {
  if (engine.name === UNKNOWN) {
    return (
      `This page has no cookie rules for this browser's engine (${engine.how}): it predicts ` +
      "nothing and outlines no cell."
    );
  }
  return (
    `Rules applied: ${engine.ruleSet}, for an API over ${scheme} (engine told by ` +
    `${engine.how}).`
  );
}

/** "Session cookie: 9/12 passed (failures: cross-site). … BFF: 12/12 passed." */
function headline(cells) {
  return passCounts(cells)
    .map(({ mode, passed, total, failedTopologies }) => {
      const where = failedTopologies.length ? ` (failures: ${failedTopologies.join(", ")})` : "";
      return `${AUTH_MODE_TITLES[mode]}: ${passed}/${total} passed${where}.`;
    })
    .join(" ");
}

function download(result) {
  if (!result) return;
  const blob = new Blob([JSON.stringify(result, null, 2)], { type: "application/json" });
  const link = h("a", { href: URL.createObjectURL(blob), download: `matrix-${result.runId}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// The live matrix table, its progress line, the JSON export and a machine-readable copy in
// <pre id="matrix-json"> (and window.labMatrix) for tests. Emits lab:matrix-run.
import { emit, h } from "../dom.js";
import { expectedOutcome, inferThirdPartyCookies } from "../logic/expectations.js";
import { matrixRows, passCounts } from "../logic/matrix.js";
import {
  AUTH_MODES,
  COOKIE_POLICY_LABELS,
  TOPOLOGIES,
  TOPOLOGY_TITLES,
} from "../logic/topology.js";

const MODE_TITLES = { session: "Session cookie", jwt: "JWT bearer" };

export function MatrixPanel(el, config) {
  const runButton = el.querySelector("[data-action=run-matrix]");
  const exportButton = el.querySelector("[data-action=export]");
  const status = el.querySelector("[data-field=matrix-status]");
  const tableHost = el.querySelector("[data-field=matrix-table]");
  const json = el.querySelector("#matrix-json");
  let exported = null;

  runButton.addEventListener("click", () => emit(el, "lab:matrix-run"));
  exportButton.addEventListener("click", () => download(exported));

  return {
    setStatus(text) {
      status.textContent = text;
    },
    /** Draw the table; `finished` also publishes the JSON and enables the download. */
    render(run, finished) {
      const thirdParty = inferThirdPartyCookies(run.cells);
      tableHost.replaceChildren(table(run.cells, thirdParty));
      runButton.disabled = !finished;
      if (!finished) return;
      exported = {
        runId: run.id,
        userAgent: navigator.userAgent,
        thirdPartyCookies: thirdParty,
        topologies: config.topologies,
        cells: run.cells,
      };
      json.textContent = JSON.stringify(exported, null, 2);
      window.labMatrix = exported;
      exportButton.disabled = false;
      el.dataset.state = "finished";
      const browser = thirdParty
        ? ` This browser ${thirdParty} third-party cookies (told by the cross-site SameSite=None ` +
          "cell)."
        : "";
      status.textContent = `${headline(run.cells)}${browser}`;
    },
  };
}

/** "Session cookie: 9/12 passed (failures: cross-site). JWT bearer: 12/12 passed." */
function headline(cells) {
  return passCounts(cells)
    .map(({ mode, passed, total, failedTopologies }) => {
      const where = failedTopologies.length ? ` (failures: ${failedTopologies.join(", ")})` : "";
      return `${MODE_TITLES[mode]}: ${passed}/${total} passed${where}.`;
    })
    .join(" ");
}

function table(cells, thirdParty) {
  return h(
    "table",
    { class: "matrix" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { rowspan: "2" }, "Cookie policy"),
        TOPOLOGIES.map((topology) =>
          h(
            "th",
            { colspan: String(AUTH_MODES.length), class: `topology-head badge-${topology}` },
            TOPOLOGY_TITLES[topology],
          ),
        ),
      ),
      h(
        "tr",
        {},
        TOPOLOGIES.flatMap(() => AUTH_MODES.map((mode) => h("th", {}, MODE_TITLES[mode]))),
      ),
    ),
    h(
      "tbody",
      {},
      matrixRows(cells, TOPOLOGIES).map((row) =>
        h(
          "tr",
          {},
          h(
            "th",
            { scope: "row" },
            row.cookiePolicy,
            h("small", {}, COOKIE_POLICY_LABELS[row.cookiePolicy]),
          ),
          row.cells.map((cell) => matrixCell(cell, thirdParty)),
        ),
      ),
    ),
  );
}

function matrixCell(cell, thirdParty) {
  if (!cell) return h("td", { class: "pending" }, "…");
  const model = thirdParty ? expectedOutcome({ ...cell, thirdPartyCookies: thirdParty }) : null;
  const surprise = model && model.outcome !== cell.outcome;
  return h(
    "td",
    {
      class: `cell-${cell.outcome}${surprise ? " surprise" : ""}`,
      "data-cell": `${cell.topology}/${cell.cookiePolicy}/${cell.mode}`,
      title: model ? `Model: ${model.why}` : "",
    },
    h("span", { class: "verdict" }, cell.outcome === "pass" ? "✓ pass" : "✗ fail"),
    h("span", { class: "reason" }, cell.reason),
    cell.echo ? h("small", { class: "seen" }, seenLine(cell.echo)) : null,
    surprise
      ? h("span", { class: "surprise-note" }, `Unexpected: the model says ${model.outcome}.`)
      : null,
  );
}

function seenLine({ relation, cookies_received: cookies }) {
  return `API saw a ${relation} request; cookies: ${cookies?.length ? cookies.join(", ") : "none"}`;
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

// The matrix as a table: one row per cookie policy, one column per topology x auth mode. Each
// cell shows what this browser did; where it differs from the model, the cell says so.
import { h } from "../dom.js";
import { FAILED_STEP_TEXT } from "../logic/diagnosis.js";
import { expectedOutcome } from "../logic/expectations.js";
import { matrixRows } from "../logic/matrix.js";
import {
  AUTH_MODES,
  COOKIE_POLICY_LABELS,
  TOPOLOGIES,
  TOPOLOGY_TITLES,
} from "../logic/topology.js";

export const MODE_TITLES = { session: "Session cookie", jwt: "JWT bearer" };

/**
 * The table for `cells`; with `thirdParty` known, each cell is checked against the model.
 * `stopped`: the run ended early, so a missing cell will never come.
 */
export function matrixTable(cells, thirdParty, stopped = false) {
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
          row.cells.map((cell) => matrixCell(cell, thirdParty, stopped)),
        ),
      ),
    ),
  );
}

function matrixCell(cell, thirdParty, stopped) {
  if (!cell && stopped) return h("td", { class: "not-run" }, "not run");
  if (!cell) return h("td", { class: "pending" }, "…");
  const model = thirdParty ? expectedOutcome({ ...cell, thirdPartyCookies: thirdParty }) : null;
  // A different verdict, or the same failure at a different step, is not what the rules say.
  const surprise =
    model && (model.outcome !== cell.outcome || model.failedStep !== cell.failedStep);
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
    surprise ? h("span", { class: "surprise-note" }, `Unexpected: ${modelSays(model)}.`) : null,
  );
}

function modelSays(model) {
  const where = model.failedStep ? ` at ${FAILED_STEP_TEXT[model.failedStep]}` : "";
  return `the model says ${model.outcome}${where}`;
}

function seenLine({ relation, cookies_received: cookies }) {
  return `API saw a ${relation} request; cookies: ${cookies?.length ? cookies.join(", ") : "none"}`;
}

// The matrix as a table: for each topology, one row per cookie policy, one column per auth mode.
// Each cell shows what this browser did; where it differs from the model, the cell says so.
import { h } from "../dom.js";
import { FAILED_STEP_TEXT } from "../logic/diagnosis.js";
import { matrixRows } from "../logic/matrix.js";
import {
  AUTH_MODES,
  AUTH_MODE_TITLES,
  COOKIE_POLICY_LABELS,
  TOPOLOGIES,
  TOPOLOGY_TITLES,
} from "../logic/topology.js";

// Under each mode's title: what carries the credential.
const MODE_CARRIERS = {
  session: "API cookie (sessionid)",
  "cookie-jwt": "API cookies (jwt_access, jwt_refresh)",
  jwt: "Authorization header",
  bff: "first-party cookie to the BFF (lab_bff)",
};
// Said in every BFF cell: the row's cookie policy is not the BFF cookie's.
const BFF_POLICY_NOTE = "Policy n/a: lab_bff is always first-party, SameSite=Strict.";

/**
 * The table for `cells`, each judged already (logic/matrix_export.js judgeCells: "expected",
 * null where the rules predict nothing, and "surprise") by `engine`'s rules.
 * `stopped`: the run ended early, so a missing cell will never come.
 */
export function matrixTable(cells, engine, stopped = false) {
  const rows = matrixRows(cells, TOPOLOGIES);
  return h(
    "table",
    { class: "matrix" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { class: "policy-head" }, "Cookie policy"),
        AUTH_MODES.map((mode) =>
          h(
            "th",
            { class: `mode-${mode}` },
            AUTH_MODE_TITLES[mode],
            h("small", {}, MODE_CARRIERS[mode]),
          ),
        ),
      ),
    ),
    TOPOLOGIES.map((topology) =>
      h(
        "tbody",
        { "data-topology": topology },
        h(
          "tr",
          {},
          h(
            "th",
            { colspan: String(AUTH_MODES.length + 1), class: `topology-head badge-${topology}` },
            TOPOLOGY_TITLES[topology],
          ),
        ),
        rows
          .filter((row) => row.topology === topology)
          .map((row) =>
            h(
              "tr",
              {},
              h(
                "th",
                { scope: "row" },
                row.cookiePolicy,
                h("small", {}, COOKIE_POLICY_LABELS[row.cookiePolicy]),
              ),
              row.cells.map((cell) => matrixCell(cell, engine, stopped)),
            ),
          ),
      ),
    ),
  );
}

function matrixCell(cell, engine, stopped) {
  if (!cell && stopped) return h("td", { class: "not-run" }, "not run");
  if (!cell) return h("td", { class: "pending" }, "…");
  const model = cell.expected;
  const surprise = cell.surprise;
  return h(
    "td",
    {
      class: `cell-${cell.outcome}${surprise ? " surprise" : ""}`,
      "data-cell": `${cell.topology}/${cell.cookiePolicy}/${cell.mode}`,
      title: model ? `Model (${engine.ruleSet}): ${model.why}` : "",
    },
    h("span", { class: "verdict" }, cell.outcome === "pass" ? "✓ pass" : "✗ fail"),
    h("span", { class: "reason" }, cell.reason),
    cell.mode === "bff" ? h("small", { class: "seen" }, BFF_POLICY_NOTE) : null,
    cell.echo ? h("small", { class: "seen" }, seenLine(cell.echo)) : null,
    // A failure the rules expected: say, in this engine's terms, which rule refused the cookie.
    model && !surprise && cell.outcome === "fail"
      ? h("small", { class: "model-why" }, model.why)
      : null,
    surprise
      ? h(
          "span",
          { class: "surprise-note" },
          `Unexpected: ${modelSays(model)}. The ${engine.ruleSet} say: ${model.why}`,
        )
      : null,
  );
}

function modelSays(model) {
  const where = model.failedStep ? ` at ${FAILED_STEP_TEXT[model.failedStep]}` : "";
  return `the model says ${model.outcome}${where}`;
}

function seenLine({ relation, cookies_received: cookies }) {
  return `API saw a ${relation} request; cookies: ${cookies?.length ? cookies.join(", ") : "none"}`;
}

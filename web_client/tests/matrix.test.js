import assert from "node:assert/strict";
import { test } from "node:test";

import {
  acceptCells,
  cellKey,
  isOldRunLink,
  matrixRows,
  newRun,
  passCounts,
  planCells,
} from "../scripts/logic/matrix.js";
import { TOPOLOGIES } from "../scripts/logic/topology.js";

const cell = (topology, cookiePolicy, mode, outcome = "pass") => ({
  topology,
  cookiePolicy,
  mode,
  outcome,
  reason: "ok",
});

test("each topology runs every cookie policy in all four auth modes", () => {
  const cells = planCells("same-site");
  assert.equal(cells.length, 16);
  assert.equal(new Set(cells.map(cellKey)).size, 16);
  assert.ok(cells.every((c) => c.topology === "same-site"));
  assert.deepEqual(
    cells.filter((c) => c.cookiePolicy === "lax").map((c) => c.mode),
    ["session", "cookie-jwt", "jwt", "bff"],
  );
});

test("a run visits the other topologies first, in their windows, and its start page last", () => {
  const run = newRun({ id: "r1", start: "same-origin" });
  assert.deepEqual(run.remote, ["cross-site", "same-site"]);
  assert.deepEqual(newRun({ id: "r2", start: "cross-site" }).remote, ["same-site", "same-origin"]);
  assert.deepEqual(run.cells, []);
  assert.ok(!("password" in run), "a run keeps no credentials");
});

test("a window may report only its own topology's planned cells, each once", () => {
  const own = planCells("same-site").map((c) => ({ ...c, outcome: "pass", reason: "ok" }));
  assert.equal(acceptCells(own, "same-site"), own);
  assert.equal(acceptCells(own.slice(0, 3), "same-site").length, 3, "a partial report is fine");
  assert.equal(acceptCells(own, "cross-site"), null, "another topology's cells");
  assert.equal(acceptCells([own[0], own[0]], "same-site"), null, "a cell twice");
  assert.equal(acceptCells([{ ...own[0], outcome: "maybe" }], "same-site"), null);
  assert.equal(acceptCells([{ ...own[0], cookiePolicy: "sneaky" }], "same-site"), null);
  assert.equal(acceptCells([{ ...own[0], reason: { html: "<b>" } }], "same-site"), null);
  assert.equal(acceptCells("not a list", "same-site"), null);
  assert.equal(acceptCells([null], "same-site"), null);
});

test("the old walk's run links are recognised, so the page can clean them away", () => {
  assert.ok(isOldRunLink("#matrix-run=abc&plan=eyJ9&results=W10"));
  assert.ok(isOldRunLink("#plan=eyJ9"));
  assert.ok(isOldRunLink("#matrix-run=abc&results=W10"));
  assert.ok(!isOldRunLink("#section-2"));
  assert.ok(!isOldRunLink(""));
});

test("table rows are topology x cookie policy; columns are the auth modes, holes for missing", () => {
  const rows = matrixRows([cell("same-origin", "strict", "jwt")], TOPOLOGIES);
  assert.equal(rows.length, 12);
  assert.deepEqual(
    rows.slice(0, 4).map((row) => [row.topology, row.cookiePolicy]),
    [
      ["cross-site", "lax"],
      ["cross-site", "strict"],
      ["cross-site", "none"],
      ["cross-site", "partitioned"],
    ],
  );
  const strictSameOrigin = rows[9];
  assert.deepEqual(
    [strictSameOrigin.topology, strictSameOrigin.cookiePolicy],
    ["same-origin", "strict"],
  );
  assert.equal(strictSameOrigin.cells.length, 4);
  assert.equal(strictSameOrigin.cells[2].mode, "jwt");
  assert.equal(rows.flatMap((row) => row.cells).filter(Boolean).length, 1);
});

test("pass counts per mode name the topologies where cells failed", () => {
  const counts = passCounts([
    cell("cross-site", "lax", "session", "fail"),
    cell("same-site", "lax", "session"),
    cell("cross-site", "lax", "cookie-jwt", "fail"),
    cell("cross-site", "lax", "jwt"),
    cell("cross-site", "lax", "bff"),
  ]);
  assert.deepEqual(counts, [
    { mode: "session", passed: 1, total: 2, failedTopologies: ["cross-site"] },
    { mode: "cookie-jwt", passed: 0, total: 1, failedTopologies: ["cross-site"] },
    { mode: "jwt", passed: 1, total: 1, failedTopologies: [] },
    { mode: "bff", passed: 1, total: 1, failedTopologies: [] },
  ]);
});


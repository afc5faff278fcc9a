import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cellKey,
  decodeRunFragment,
  encodeResultsFragment,
  encodeRunFragment,
  matrixRows,
  newRun,
  nextStop,
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

test("each topology runs every cookie policy in both auth modes", () => {
  const cells = planCells("same-site");
  assert.equal(cells.length, 8);
  assert.equal(new Set(cells.map(cellKey)).size, 8);
  assert.ok(cells.every((c) => c.topology === "same-site"));
});

test("a run visits its start first, then the others, then comes home", () => {
  const run = newRun({ id: "r1", start: "same-origin", username: "alice", password: "pw" });
  assert.deepEqual(run.order, ["same-origin", "cross-site", "same-site"]);
  assert.deepEqual(nextStop(run), { topology: "same-origin", finished: false });
  run.cells.push(...planCells("same-origin").map((c) => ({ ...c, outcome: "pass" })));
  assert.deepEqual(nextStop(run), { topology: "cross-site", finished: false });
  run.cells.push(...planCells("cross-site"), ...planCells("same-site"));
  assert.deepEqual(nextStop(run), { topology: "same-origin", finished: true });
});

test("the run state survives the trip through the URL fragment", () => {
  const run = newRun({ id: "r2", start: "cross-site", username: "bob", password: "pä ss" });
  run.cells.push(cell("cross-site", "lax", "session", "fail"));
  const arrived = decodeRunFragment(`#${encodeRunFragment(run)}`);
  assert.equal(arrived.plan, true);
  assert.equal(arrived.password, "pä ss");
  assert.deepEqual(arrived.order, run.order);
  assert.deepEqual(arrived.cells, run.cells);
});

test("the finished fragment carries the results but not the password", () => {
  const run = newRun({ id: "r3", start: "cross-site", username: "alice", password: "secret" });
  run.cells.push(cell("same-site", "none", "jwt"));
  const fragment = encodeResultsFragment(run);
  const arrived = decodeRunFragment(fragment);
  assert.equal(arrived.plan, false);
  assert.deepEqual(arrived.cells, run.cells);
  assert.ok(!Buffer.from(fragment.split("results=")[1], "base64url").toString().includes("secret"));
});

test("a fragment that is not a matrix run is ignored", () => {
  assert.equal(decodeRunFragment("#section-2"), null);
  assert.equal(decodeRunFragment(""), null);
});

test("table rows are cookie policies; columns are topology x mode, holes for missing cells", () => {
  const rows = matrixRows([cell("same-origin", "strict", "jwt")], TOPOLOGIES);
  assert.deepEqual(
    rows.map((row) => row.cookiePolicy),
    ["lax", "strict", "none", "partitioned"],
  );
  assert.equal(rows[1].cells.length, 6);
  assert.equal(rows[1].cells[5].topology, "same-origin");
  assert.equal(rows[1].cells.filter(Boolean).length, 1);
});

test("pass counts per mode name the topologies where cells failed", () => {
  const counts = passCounts([
    cell("cross-site", "lax", "session", "fail"),
    cell("same-site", "lax", "session"),
    cell("cross-site", "lax", "jwt"),
  ]);
  assert.deepEqual(counts, [
    { mode: "session", passed: 1, total: 2, failedTopologies: ["cross-site"] },
    { mode: "jwt", passed: 1, total: 1, failedTopologies: [] },
  ]);
});

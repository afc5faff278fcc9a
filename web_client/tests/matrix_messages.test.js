import assert from "node:assert/strict";
import { test } from "node:test";

import { planCells } from "../scripts/logic/matrix.js";
import {
  HELPER_PARAM,
  helperRole,
  helperUrl,
  isFrom,
  isMatrixMessage,
  isReady,
  readReport,
  readRun,
  readyMessage,
  reportMessage,
  runMessage,
} from "../scripts/logic/matrix_messages.js";

const config = {
  topology: "same-site",
  topologies: {
    "cross-site": "http://app.localhost:5173/",
    "same-site": "http://app.lab.localhost:5173/",
    "same-origin": "http://api.localhost:8000/app/",
  },
};

test("a helper's address names only the topology that opened it", () => {
  const url = helperUrl("http://api.localhost:8000/app/", "cross-site");
  assert.equal(url, `http://api.localhost:8000/app/?${HELPER_PARAM}=cross-site`);
});

test("a helper trusts the exact origin its own config gives the opening topology", () => {
  assert.equal(helperRole("", config), null);
  assert.equal(helperRole("?other=1", config), null);
  assert.deepEqual(helperRole(`?${HELPER_PARAM}=cross-site`, config), {
    from: "cross-site",
    origin: "http://app.localhost:5173",
  });
  const sameOrigin = helperRole(`?${HELPER_PARAM}=same-origin`, config);
  assert.equal(sameOrigin.origin, "http://api.localhost:8000");
});

test("a helper address naming itself, or no topology of this lab, is an error", () => {
  assert.ok(helperRole(`?${HELPER_PARAM}=same-site`, config).error);
  assert.ok(helperRole(`?${HELPER_PARAM}=http://evil.example`, config).error);
  assert.ok(helperRole(`?${HELPER_PARAM}=`, config).error);
  assert.ok(helperRole(`?${HELPER_PARAM}=__proto__`, config).error);
});

test("a message counts only from the expected window at exactly the expected origin", () => {
  const opener = {};
  const origin = "http://app.localhost:5173";
  assert.ok(isFrom({ source: opener, origin }, origin, opener));
  assert.ok(!isFrom({ source: {}, origin }, origin, opener), "another window, same origin");
  assert.ok(!isFrom({ source: opener, origin: "http://app.localhost:5174" }, origin, opener));
  assert.ok(!isFrom({ source: opener, origin: "http://evil.app.localhost:5173" }, origin, opener));
  assert.ok(!isFrom({ source: null, origin }, origin, null), "no opener at all");
});

test("a run request needs an id, a user and a password; nothing else is one", () => {
  const run = runMessage("r1", { username: "alice", password: "pw" });
  assert.deepEqual(readRun(run), { runId: "r1", username: "alice", password: "pw" });
  assert.equal(readRun({ ...run, password: "" }), null);
  assert.equal(readRun({ ...run, username: 7 }), null);
  assert.equal(readRun(readyMessage()), null);
  assert.equal(readRun("lab-matrix:run"), null);
  assert.ok(isReady(readyMessage()));
  assert.ok(isMatrixMessage(run) && isMatrixMessage(readyMessage()));
  assert.ok(!isMatrixMessage({ type: "other" }) && !isMatrixMessage(null));
});

test("a report is read only for its own run and its own topology's cells", () => {
  const cells = planCells("same-origin").map((c) => ({ ...c, outcome: "pass", reason: "ok" }));
  const done = reportMessage("r1", cells, true);
  assert.deepEqual(readReport(done, "r1", "same-origin"), { cells, done: true });
  const partial = reportMessage("r1", cells.slice(0, 2), false);
  assert.equal(readReport(partial, "r1", "same-origin").done, false);
  assert.equal(readReport(done, "r2", "same-origin"), null, "another run");
  assert.equal(readReport(done, "r1", "same-site"), null, "another topology's cells");
  assert.ok(!("password" in done), "reports carry no credentials");
});

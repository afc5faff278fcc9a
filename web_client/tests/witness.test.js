import assert from "node:assert/strict";
import { test } from "node:test";

import { judgeCells, matrixExport } from "../scripts/logic/matrix_export.js";
import { reportMessage, readReport } from "../scripts/logic/matrix_messages.js";
import { planCells } from "../scripts/logic/matrix.js";
import {
  interpretProbe,
  probeNonce,
  probePath,
  probeVariant,
  witnessSentence,
} from "../scripts/logic/witness.js";

const answer = (arrived, cookie = "lab_probe_none_secure") => ({
  status: 200,
  body: { cookie, attributes: "SameSite=None; Secure; HttpOnly", arrived, received: [] },
});
const probe = (readBack, set = answer(false)) => ({ variant: "none-secure", nonce: "p1", set, readBack });

test("the probe cookie is SameSite=None; Secure, except WebKit over http: no Secure there", () => {
  assert.equal(probeVariant("chromium", "http"), "none-secure");
  assert.equal(probeVariant("firefox", "http"), "none-secure");
  assert.equal(probeVariant("webkit", "https"), "none-secure");
  assert.equal(probeVariant("webkit", "http"), "none");
  assert.equal(probeVariant("unknown", "http"), "none-secure");
  assert.equal(probePath("none", "p1"), "/api/lab/cookie-probe/?variant=none&nonce=p1");
  assert.match(probeNonce(() => 0.5), /^[A-Za-z0-9]{1,32}$/);
});

test("read back with this run's nonce: allowed; not read back: blocked", () => {
  const allowed = interpretProbe(probe(answer(true)));
  assert.equal(allowed.thirdPartyCookies, "allowed");
  assert.match(allowed.how, /lab_probe_none_secure \(SameSite=None; Secure; HttpOnly\)/);
  assert.match(allowed.how, /read back by a second one/);
  assert.equal(interpretProbe(probe(answer(false))).thirdPartyCookies, "blocked");
  assert.deepEqual(interpretProbe(probe(answer(true))).probe, probe(answer(true)));
});

test("a probe that did not run or did not answer witnesses nothing", () => {
  assert.equal(interpretProbe(null).thirdPartyCookies, null);
  assert.equal(interpretProbe(undefined).probe, null);
  const down = interpretProbe(probe({ status: null, body: null }));
  assert.equal(down.thirdPartyCookies, null);
  assert.match(down.how, /failed \(200, no answer\)/);
  assert.equal(interpretProbe(probe(answer(true), { status: 400, body: null })).thirdPartyCookies, null);
});

test("the page's sentence says what the witness means in this engine", () => {
  const allowed = { thirdPartyCookies: "allowed" };
  const blocked = { thirdPartyCookies: "blocked" };
  assert.match(witnessSentence("firefox", allowed), /kept a cross-site cookie.*partitioned by the top-level site \(Total Cookie Protection\)/);
  assert.match(witnessSentence("firefox", blocked), /cookieBehavior=1/);
  assert.match(witnessSentence("webkit", blocked), /no-third-party/);
  assert.match(witnessSentence("webkit", allowed), /always/);
  assert.match(witnessSentence("chromium", blocked), /refused a cross-site cookie/);
  assert.match(witnessSentence("chromium", { thirdPartyCookies: null }), /could not run/);
  for (const sentence of [witnessSentence("firefox", allowed), witnessSentence("chromium", blocked)]) {
    assert.match(sentence, /told by the probe cookie, not by a cell/);
  }
});

test("the helper window's report carries the probe; a malformed probe is dropped, not the cells", () => {
  const cells = planCells("cross-site").map((c) => ({ ...c, outcome: "pass", reason: "ok" }));
  const raw = probe(answer(true));
  assert.deepEqual(readReport(reportMessage("r1", cells, true, raw), "r1", "cross-site"), {
    cells,
    done: true,
    probe: raw,
  });
  const bad = { ...reportMessage("r1", cells, true), probe: { set: "x" } };
  assert.deepEqual(readReport(bad, "r1", "cross-site"), { cells, done: true });
  const none = readReport(reportMessage("r1", cells, true, null), "r1", "cross-site");
  assert.equal(none.probe, null);
});

const firefox = { name: "firefox", how: "the user agent's token Firefox/153.0", ruleSet: "Firefox (Gecko) rules" };

test("the export follows the contract: engine, scheme, witness, expected and surprise per cell", () => {
  const witness = interpretProbe(probe(answer(true)));
  const cells = [
    { topology: "cross-site", cookiePolicy: "none", mode: "session", outcome: "pass", failedStep: null, reason: "ok" },
    { topology: "cross-site", cookiePolicy: "lax", mode: "session", outcome: "pass", failedStep: null, reason: "ok" },
  ];
  const exported = matrixExport(
    { id: "r1", cells },
    { engine: firefox, scheme: "http", witness },
    { userAgent: "UA", topologies: { "cross-site": "http://app.localhost:5173/" } },
  );
  assert.deepEqual(Object.keys(exported).sort(), [
    "cells", "engine", "runId", "scheme", "thirdPartyCookies", "topologies", "userAgent", "witness",
  ]);
  assert.equal(exported.thirdPartyCookies, "allowed");
  assert.equal(exported.witness.thirdPartyCookies, "allowed");
  assert.equal(exported.scheme, "http");
  assert.deepEqual(exported.engine, firefox);
  const [none, lax] = exported.cells;
  assert.equal(none.expected.outcome, "pass");
  assert.equal(none.surprise, false);
  assert.deepEqual(Object.keys(lax.expected).sort(), ["failedStep", "outcome", "why"]);
  assert.equal(lax.expected.failedStep, "csrf-cookie");
  assert.equal(lax.surprise, true);
});

test("with no witness, cells that depend on it expect nothing and never surprise", () => {
  const cell = { topology: "cross-site", cookiePolicy: "none", mode: "session", outcome: "fail", failedStep: "csrf-cookie" };
  const [judged] = judgeCells([cell], { engine: firefox, scheme: "http", witness: null });
  assert.equal(judged.expected, null);
  assert.equal(judged.surprise, false);
  const exported = matrixExport({ id: "r", cells: [cell] }, { engine: firefox, scheme: "http" }, {});
  assert.equal(exported.witness.thirdPartyCookies, null);
  assert.equal(exported.thirdPartyCookies, null);
});

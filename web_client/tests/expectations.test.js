import assert from "node:assert/strict";
import { test } from "node:test";

import { expectedOutcome, inferThirdPartyCookies } from "../scripts/logic/expectations.js";

const predict = (topology, cookiePolicy, mode, thirdPartyCookies) =>
  expectedOutcome({ topology, cookiePolicy, mode, thirdPartyCookies }).outcome;

test("bearer tokens pass everywhere: no cookie involved", () => {
  for (const topology of ["cross-site", "same-site", "same-origin"]) {
    assert.equal(predict(topology, "strict", "jwt", "blocked"), "pass");
  }
});

test("cross-site Lax and Strict fail at the CSRF cookie whatever the third-party setting", () => {
  for (const policy of ["lax", "strict"]) {
    for (const thirdParty of ["blocked", "allowed"]) {
      const model = expectedOutcome({
        topology: "cross-site",
        cookiePolicy: policy,
        mode: "session",
        thirdPartyCookies: thirdParty,
      });
      assert.equal(model.outcome, "fail");
      assert.equal(model.failedStep, "csrf-cookie");
    }
  }
});

test("cross-site SameSite=None depends on third-party cookies; Partitioned does not", () => {
  assert.equal(predict("cross-site", "none", "session", "blocked"), "fail");
  assert.equal(predict("cross-site", "none", "session", "allowed"), "pass");
  assert.equal(predict("cross-site", "partitioned", "session", "blocked"), "pass");
});

test("same-site and same-origin sessions pass with every policy", () => {
  for (const policy of ["lax", "strict", "none", "partitioned"]) {
    assert.equal(predict("same-site", policy, "session", "blocked"), "pass");
    assert.equal(predict("same-origin", policy, "session", "blocked"), "pass");
  }
});

test("the browser's third-party setting is read from the cross-site SameSite=None cell", () => {
  const witness = (outcome) => [
    { topology: "cross-site", cookiePolicy: "none", mode: "session", outcome },
  ];
  assert.equal(inferThirdPartyCookies(witness("fail")), "blocked");
  assert.equal(inferThirdPartyCookies(witness("pass")), "allowed");
  assert.equal(inferThirdPartyCookies([]), null);
});

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  THIRD_PARTY_ALLOWED,
  THIRD_PARTY_BLOCKED,
  expectedOutcome,
  inferThirdPartyCookies,
} from "../scripts/logic/expectations.js";
import { COOKIE_POLICIES, TOPOLOGIES } from "../scripts/logic/topology.js";

const THIRD_PARTY_SETTINGS = [THIRD_PARTY_BLOCKED, THIRD_PARTY_ALLOWED];

const predict = (topology, cookiePolicy, mode, thirdPartyCookies) =>
  expectedOutcome({ topology, cookiePolicy, mode, thirdPartyCookies }).outcome;

test("bearer tokens pass in every topology, cookie policy and third-party setting", () => {
  let checked = 0;
  for (const topology of TOPOLOGIES) {
    for (const cookiePolicy of COOKIE_POLICIES) {
      for (const thirdPartyCookies of THIRD_PARTY_SETTINGS) {
        const model = expectedOutcome({ topology, cookiePolicy, mode: "jwt", thirdPartyCookies });
        const cell = `${topology}/${cookiePolicy}/${thirdPartyCookies}`;
        assert.equal(model.outcome, "pass", cell);
        assert.equal(model.failedStep, null, cell);
        assert.match(model.why, /no cookie involved/, cell);
        checked += 1;
      }
    }
  }
  assert.equal(checked, 3 * 4 * 2);
});

test("cross-site Lax and Strict fail at the CSRF cookie whatever the third-party setting", () => {
  for (const policy of ["lax", "strict"]) {
    for (const thirdParty of THIRD_PARTY_SETTINGS) {
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
  assert.equal(predict("cross-site", "partitioned", "session", "allowed"), "pass");
});

test("same-site and same-origin sessions pass with every policy and third-party setting", () => {
  for (const policy of COOKIE_POLICIES) {
    for (const thirdParty of THIRD_PARTY_SETTINGS) {
      assert.equal(predict("same-site", policy, "session", thirdParty), "pass");
      assert.equal(predict("same-origin", policy, "session", thirdParty), "pass");
    }
  }
});

test("the browser's third-party setting is read from the cross-site SameSite=None cell", () => {
  const witness = (outcome, failedStep) => [
    { topology: "cross-site", cookiePolicy: "none", mode: "session", outcome, failedStep },
  ];
  assert.equal(inferThirdPartyCookies(witness("fail", "csrf-cookie")), "blocked");
  assert.equal(inferThirdPartyCookies(witness("pass", null)), "allowed");
  assert.equal(inferThirdPartyCookies([]), null);
});

test("a witness that failed for another reason (API down) says nothing about the browser", () => {
  const down = [
    {
      topology: "cross-site",
      cookiePolicy: "none",
      mode: "session",
      outcome: "fail",
      failedStep: "network",
    },
  ];
  assert.equal(inferThirdPartyCookies(down), null);
});

const everyCell = function* () {
  for (const topology of TOPOLOGIES) {
    for (const cookiePolicy of COOKIE_POLICIES) {
      for (const thirdPartyCookies of THIRD_PARTY_SETTINGS) {
        yield { topology, cookiePolicy, thirdPartyCookies };
      }
    }
  }
};

test("the cookie JWT fails exactly where the session cookie fails, at the same step", () => {
  let failures = 0;
  for (const cell of everyCell()) {
    const session = expectedOutcome({ ...cell, mode: "session" });
    const cookieJwt = expectedOutcome({ ...cell, mode: "cookie-jwt" });
    const name = JSON.stringify(cell);
    assert.equal(cookieJwt.outcome, session.outcome, name);
    assert.equal(cookieJwt.failedStep, session.failedStep, name);
    // For the same reason: its explanation is the session's rule, said of a JWT cookie.
    assert.ok(cookieJwt.why.endsWith(session.why), name);
    assert.match(cookieJwt.why, /JWT in a cookie is still a cookie/, name);
    if (cookieJwt.outcome === "fail") failures += 1;
  }
  // Cross-site Lax and Strict under both settings, None with third-party cookies blocked.
  assert.equal(failures, 5);
});

test("cross-site, the cookie JWT needs what the session needs: Partitioned, or None allowed", () => {
  assert.equal(predict("cross-site", "lax", "cookie-jwt", "allowed"), "fail");
  assert.equal(predict("cross-site", "strict", "cookie-jwt", "allowed"), "fail");
  assert.equal(predict("cross-site", "none", "cookie-jwt", "blocked"), "fail");
  assert.equal(predict("cross-site", "none", "cookie-jwt", "allowed"), "pass");
  assert.equal(predict("cross-site", "partitioned", "cookie-jwt", "blocked"), "pass");
  const lax = expectedOutcome({
    topology: "cross-site",
    cookiePolicy: "lax",
    mode: "cookie-jwt",
    thirdPartyCookies: "blocked",
  });
  assert.equal(lax.failedStep, "csrf-cookie");
  assert.match(lax.why, /SameSite=Lax/);
});

test("the BFF passes in every topology, cookie policy and third-party setting", () => {
  let checked = 0;
  for (const cell of everyCell()) {
    const model = expectedOutcome({ ...cell, mode: "bff" });
    assert.equal(model.outcome, "pass", JSON.stringify(cell));
    assert.equal(model.failedStep, null);
    // Because its cookie is first-party and SameSite=Strict: the row's policy does not apply.
    assert.match(model.why, /first-party/);
    assert.match(model.why, /cookie policy does not apply/);
    checked += 1;
  }
  assert.equal(checked, 3 * 4 * 2);
});

test("a mode the model has no rule for is an error, not a guess", () => {
  assert.throws(
    () => expectedOutcome({ topology: "same-site", cookiePolicy: "lax", mode: "basic" }),
    /No rule for the auth mode "basic"/,
  );
});

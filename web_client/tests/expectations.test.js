import assert from "node:assert/strict";
import { test } from "node:test";

import {
  THIRD_PARTY_ALLOWED,
  THIRD_PARTY_BLOCKED,
  expectedOutcome,
  isSurprise,
} from "../scripts/logic/expectations.js";
import { COOKIE_POLICIES, TOPOLOGIES } from "../scripts/logic/topology.js";

// The tables of docs/research/engine-cookie-rules.md, section 5 (http) and 5.6 (https), as
// the model must predict them for the session cell: one string per topology in the order
// lax, strict, none, partitioned ("+" pass, "-" fail at the CSRF cookie). These are the rules
// written down, not observations.
const TABLES = {
  "chromium/blocked/http": { "cross-site": "---+", "same-site": "++++", "same-origin": "++++" },
  "chromium/allowed/http": { "cross-site": "--++", "same-site": "++++", "same-origin": "++++" },
  "firefox/allowed/http": { "cross-site": "--++", "same-site": "++++", "same-origin": "++++" },
  "firefox/blocked/http": { "cross-site": "----", "same-site": "++++", "same-origin": "++++" },
  "webkit/blocked/http": { "cross-site": "----", "same-site": "----", "same-origin": "++--" },
  "webkit/allowed/http": { "cross-site": "----", "same-site": "++--", "same-origin": "++--" },
  "chromium/blocked/https": { "cross-site": "---+", "same-site": "++++", "same-origin": "++++" },
  "chromium/allowed/https": { "cross-site": "--++", "same-site": "++++", "same-origin": "++++" },
  "firefox/allowed/https": { "cross-site": "--++", "same-site": "++++", "same-origin": "++++" },
  "firefox/blocked/https": { "cross-site": "----", "same-site": "++++", "same-origin": "++++" },
  "webkit/blocked/https": { "cross-site": "----", "same-site": "----", "same-origin": "++++" },
  "webkit/allowed/https": { "cross-site": "--++", "same-site": "++++", "same-origin": "++++" },
};
// Session passes out of 12 (the note's section 0 and 5.6; contract16.md).
const PASSES = {
  "chromium/blocked/http": 9,
  "chromium/allowed/http": 10,
  "firefox/allowed/http": 10,
  "firefox/blocked/http": 8,
  "webkit/blocked/http": 2,
  "webkit/allowed/http": 4,
  "chromium/blocked/https": 9,
  "chromium/allowed/https": 10,
  "firefox/allowed/https": 10,
  "firefox/blocked/https": 8,
  "webkit/blocked/https": 4,
  "webkit/allowed/https": 10,
};

const cellOf = (key, topology, cookiePolicy, mode = "session") => {
  const [engine, thirdPartyCookies, scheme] = key.split("/");
  return expectedOutcome({ engine, thirdPartyCookies, scheme, topology, cookiePolicy, mode });
};

test("every engine's session table matches the research note, cell by cell", () => {
  for (const [key, table] of Object.entries(TABLES)) {
    let passes = 0;
    for (const topology of TOPOLOGIES) {
      COOKIE_POLICIES.forEach((cookiePolicy, index) => {
        const model = cellOf(key, topology, cookiePolicy);
        const name = `${key} ${topology}/${cookiePolicy}`;
        const want = table[topology][index] === "+" ? "pass" : "fail";
        assert.equal(model.outcome, want, name);
        assert.equal(model.failedStep, want === "fail" ? "csrf-cookie" : null, name);
        assert.ok(model.why.length > 40, name);
        if (want === "pass") passes += 1;
      });
    }
    assert.equal(passes, PASSES[key], key);
  }
});

test("the cookie JWT fails exactly where the session fails, for the same reason", () => {
  for (const key of Object.keys(TABLES)) {
    for (const topology of TOPOLOGIES) {
      for (const cookiePolicy of COOKIE_POLICIES) {
        const session = cellOf(key, topology, cookiePolicy);
        const jwt = cellOf(key, topology, cookiePolicy, "cookie-jwt");
        const name = `${key} ${topology}/${cookiePolicy}`;
        assert.equal(jwt.outcome, session.outcome, name);
        assert.equal(jwt.failedStep, session.failedStep, name);
        assert.ok(jwt.why.endsWith(session.why), name);
        assert.match(jwt.why, /JWT in a cookie is still a cookie/, name);
      }
    }
  }
});

test("bearer and BFF cells pass in every known engine, setting, scheme and cell", () => {
  for (const key of Object.keys(TABLES)) {
    for (const topology of TOPOLOGIES) {
      for (const cookiePolicy of COOKIE_POLICIES) {
        assert.match(cellOf(key, topology, cookiePolicy, "jwt").why, /no cookie involved/);
        const bff = cellOf(key, topology, cookiePolicy, "bff");
        assert.equal(bff.outcome, "pass");
        assert.match(bff.why, /cookie policy does not apply/);
      }
    }
  }
});

test("each cell says what that engine did and why, in that engine's terms", () => {
  const why = (key, topology, policy) => cellOf(key, topology, policy).why;
  assert.match(why("firefox/allowed/http", "cross-site", "none"), /jar partitioned by the top-level site \(http,app\.localhost\)/);
  assert.match(why("firefox/allowed/https", "cross-site", "none"), /\(https,app\.localhost\)/);
  assert.match(why("firefox/blocked/http", "cross-site", "partitioned"), /no exemption for Partitioned/);
  assert.match(why("firefox/allowed/http", "cross-site", "lax"), /CookieRejectedForNonSameSiteness/);
  assert.match(why("webkit/blocked/http", "same-site", "lax"), /compares full host names/);
  assert.match(why("webkit/blocked/http", "same-site", "lax"), /WebCore calls the pair same-site/);
  assert.match(why("webkit/allowed/http", "same-origin", "none"), /Secure cookie over plain http/);
  assert.match(why("webkit/allowed/http", "cross-site", "partitioned"), /no CHIPS/);
  assert.match(why("webkit/allowed/http", "cross-site", "lax"), /stored but not sent/);
  assert.match(why("webkit/allowed/https", "cross-site", "partitioned"), /no CHIPS/);
  assert.match(why("webkit/blocked/https", "cross-site", "none"), /earlier same-origin visit/);
  assert.match(why("chromium/blocked/http", "cross-site", "partitioned"), /CHIPS/);
  for (const key of Object.keys(TABLES)) {
    const engine = key.split("/")[0];
    const title = { chromium: /Chromium/, firefox: /Firefox/, webkit: /WebKitGTK/ }[engine];
    for (const topology of TOPOLOGIES) {
      for (const policy of COOKIE_POLICIES) assert.match(why(key, topology, policy), title);
    }
  }
  // No engine's text names another engine's rules as its own.
  assert.doesNotMatch(why("firefox/allowed/http", "cross-site", "none"), /Chromium|Safari/);
});

test("with no witness, a cell is predicted only where the rules do not depend on it", () => {
  const noWitness = (engine, topology, cookiePolicy, scheme = "http") =>
    expectedOutcome({ engine, topology, cookiePolicy, scheme, mode: "session", thirdPartyCookies: null });
  // Depends on the setting: nothing predicted.
  assert.equal(noWitness("chromium", "cross-site", "none"), null);
  assert.equal(noWitness("firefox", "cross-site", "partitioned"), null);
  assert.equal(noWitness("webkit", "same-site", "lax"), null);
  assert.equal(noWitness("webkit", "cross-site", "none", "https"), null);
  // Does not: predicted, and the same as under either setting.
  assert.equal(noWitness("chromium", "cross-site", "partitioned").outcome, "pass");
  assert.equal(noWitness("firefox", "same-site", "none").outcome, "pass");
  assert.equal(noWitness("webkit", "same-origin", "none").outcome, "fail"); // Secure over http
  const lax = noWitness("webkit", "cross-site", "lax");
  assert.equal(lax.failedStep, "csrf-cookie");
  assert.match(lax.why, /either third-party setting/);
  assert.equal(
    expectedOutcome({ engine: "webkit", topology: "cross-site", cookiePolicy: "lax", mode: "jwt", thirdPartyCookies: null }).outcome,
    "pass",
  );
});

test("an engine the page has no rules for gets no prediction at all", () => {
  for (const mode of ["session", "cookie-jwt", "jwt", "bff"]) {
    const model = expectedOutcome({
      engine: "unknown",
      topology: "same-origin",
      cookiePolicy: "lax",
      mode,
      thirdPartyCookies: THIRD_PARTY_ALLOWED,
    });
    assert.equal(model, null, mode);
  }
});

test("a mode the model has no rule for is an error, not a guess", () => {
  assert.throws(
    () => expectedOutcome({ engine: "chromium", topology: "same-site", cookiePolicy: "lax", mode: "basic" }),
    /No rule for the auth mode "basic"/,
  );
});

test("a surprise is another verdict, or the same failure at another step", () => {
  const failAtCsrf = { outcome: "fail", failedStep: "csrf-cookie", why: "" };
  assert.equal(isSurprise({ outcome: "fail", failedStep: "csrf-cookie" }, failAtCsrf), false);
  assert.equal(isSurprise({ outcome: "pass", failedStep: null }, failAtCsrf), true);
  assert.equal(isSurprise({ outcome: "fail", failedStep: "session-cookie" }, failAtCsrf), true);
  assert.equal(isSurprise({ outcome: "pass", failedStep: null }, null), false, "no model, no surprise");
  assert.equal(THIRD_PARTY_BLOCKED, "blocked");
});

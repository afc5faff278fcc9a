import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cellReason,
  classifyBffFailure,
  classifyCookieJwtFailure,
  classifyJwtFailure,
  classifySessionFailure,
} from "../scripts/logic/diagnosis.js";
import { tallyByReplica } from "../scripts/logic/replicas.js";

const steps = (...statuses) =>
  statuses.map(([step, status]) => ({ step, status, detail: `HTTP ${status}` }));

test("a 403 at login with no CSRF cookie at the server means the CSRF cookie was refused", () => {
  const broken = steps(["csrf", 200], ["login", 403]);
  assert.equal(classifySessionFailure(broken, { cookies_received: [] }), "csrf-cookie");
  assert.equal(classifySessionFailure(broken, { cookies_received: ["csrftoken"] }), "csrf-check");
});

test("over https the CSRF cookie is __Host-csrftoken, and its arrival is recognised too", () => {
  const broken = steps(["csrf", 200], ["login", 403]);
  const https = { cookies_received: ["__Host-csrftoken", "__Host-sessionid"] };
  assert.equal(classifySessionFailure(broken, https), "csrf-check");
  assert.equal(classifyCookieJwtFailure(broken, https), "csrf-check");
  // A look-alike name is not the CSRF cookie.
  const other = { cookies_received: ["__Secure-csrftoken", "csrftoken2"] };
  assert.equal(classifySessionFailure(broken, other), "csrf-cookie");
});

test("a 401 at /me after a good login means the session cookie was withheld", () => {
  const broken = steps(["csrf", 200], ["login", 200], ["me", 401]);
  assert.equal(classifySessionFailure(broken, null), "session-cookie");
});

test("no answer at all is a network failure, in either mode", () => {
  assert.equal(classifySessionFailure(steps(["csrf", null]), null), "network");
  assert.equal(classifyJwtFailure(steps(["token", null])), "network");
  assert.equal(classifyJwtFailure(steps(["token", 200], ["me", 401])), "bearer");
  assert.equal(classifyJwtFailure(steps(["token", 200], ["me", 200], ["note", 201])), null);
});

test("the reason names the broken step, then the server's most telling words", () => {
  const echo = {
    summary: "not authenticated",
    reasons: ["no session cookie arrived; this request is cross-site and SameSite=Lax", "other"],
  };
  const reason = cellReason({
    failedStep: "csrf-cookie",
    echo,
    steps: steps(["csrf", 200], ["login", 403]),
    modelWhy: "m",
  });
  assert.equal(reason, "CSRF cookie refused: this request is cross-site and SameSite=Lax");
});

test("without an echo the reason falls back to the response, then to the model", () => {
  const withDetail = steps(["csrf", 200], ["login", 400]);
  assert.equal(
    cellReason({ failedStep: "login", echo: null, steps: withDetail, modelWhy: "model words" }),
    "login refused: HTTP 400",
  );
  // A step that broke without a detail leaves the model's explanation as the only words left.
  const bare = [
    { step: "csrf", status: 200, detail: null },
    { step: "login", status: 403, detail: null },
  ];
  assert.equal(
    cellReason({ failedStep: "csrf-cookie", echo: null, steps: bare, modelWhy: "model words" }),
    "CSRF cookie refused: model words",
  );
  assert.equal(
    cellReason({ failedStep: "csrf-cookie", echo: null, steps: bare, modelWhy: undefined }),
    "CSRF cookie refused: no reason given",
  );
});

test("a passing cell's reason is the echo's summary, else plain 'authenticated'", () => {
  assert.equal(
    cellReason({ failedStep: null, echo: { summary: "authenticated as bob" }, steps: [] }),
    "authenticated as bob",
  );
  assert.equal(cellReason({ failedStep: null, echo: null, steps: [] }), "authenticated");
});

test("replica tally counts authenticated answers per replica", () => {
  const rows = tallyByReplica([
    { replica: "b", authenticated: true },
    { replica: "a", authenticated: false },
    { replica: "a", authenticated: true },
    { replica: null, authenticated: false },
  ]);
  assert.deepEqual(rows, [
    { replica: "(no X-Replica header)", authenticated: 0, total: 1 },
    { replica: "a", authenticated: 1, total: 2 },
    { replica: "b", authenticated: 1, total: 1 },
  ]);
});

test("a cookie-JWT cell breaks like a session cell before login: at the CSRF cookie", () => {
  const broken = steps(["csrf", 200], ["login", 403]);
  assert.equal(classifyCookieJwtFailure(broken, { cookies_received: [] }), "csrf-cookie");
  assert.equal(
    classifyCookieJwtFailure(broken, { cookies_received: ["csrftoken"] }),
    "csrf-check",
  );
});

test("after a cookie-JWT login, /me without the cookie means the JWT cookie was withheld", () => {
  const withheld = steps(["csrf", 200], ["login", 200], ["me", 401]);
  assert.equal(classifyCookieJwtFailure(withheld, null), "jwt-cookie");
  // A /me answered by some other credential (a leftover session) is no pass for the cookie JWT.
  const other = [
    ...steps(["csrf", 200], ["login", 200]),
    { step: "me", status: 200, detail: "answered by session", wrong: true },
  ];
  assert.equal(classifyCookieJwtFailure(other, null), "jwt-cookie");
  assert.equal(classifySessionFailure(other, null), "session-cookie");
});

test("a cookie-JWT write or refresh refused with 403 is the CSRF check; a 401 refresh is not", () => {
  const ok = [["csrf", 200], ["login", 200], ["me", 200]];
  assert.equal(classifyCookieJwtFailure(steps(...ok, ["note", 403]), null), "csrf-check");
  assert.equal(
    classifyCookieJwtFailure(steps(...ok, ["note", 201], ["refresh", 403]), null),
    "csrf-check",
  );
  assert.equal(
    classifyCookieJwtFailure(steps(...ok, ["note", 201], ["refresh", 401]), null),
    "refresh",
  );
  assert.equal(
    classifyCookieJwtFailure(steps(...ok, ["note", 201], ["refresh", 200]), null),
    null,
  );
});

test("a BFF cell names the BFF: unreachable, its CSRF guard, its cookie, or the API behind it", () => {
  assert.equal(classifyBffFailure(steps(["login", null])), "bff-unreachable");
  assert.equal(classifyBffFailure(steps(["login", 403])), "bff-csrf");
  assert.equal(classifyBffFailure(steps(["login", 401])), "login");
  assert.equal(classifyBffFailure(steps(["login", 502])), "bff-upstream");
  assert.equal(classifyBffFailure(steps(["login", 200], ["me", 504])), "bff-upstream");
  assert.equal(classifyBffFailure(steps(["login", 200], ["me", 401])), "bff-cookie");
  assert.equal(classifyBffFailure(steps(["login", 200], ["me", 200], ["note", 400])), "note");
  assert.equal(classifyBffFailure(steps(["login", 200], ["me", 200], ["note", 201])), null);
});

test("a passing cell may carry the runner's own words, which win over the echo", () => {
  const passed = "authenticated as alice through the BFF";
  assert.equal(
    cellReason({ failedStep: null, echo: { summary: "not authenticated" }, steps: [], passed }),
    passed,
  );
});

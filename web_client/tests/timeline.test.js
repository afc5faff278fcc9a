import assert from "node:assert/strict";
import { test } from "node:test";

import {
  clockTime,
  clockWhen,
  laneWords,
  refusalReason,
  stopWords,
} from "../scripts/logic/lane_words.js";
import {
  AT_EXPIRY,
  AT_ONCE,
  BEFORE_EVENT,
  LATER,
  NEVER,
  predictLanes,
} from "../scripts/logic/revocation_rules.js";
import {
  ENDED,
  EXPIRY_GRACE_SECONDS,
  STOP_ACCESS_ENDED,
  STOP_ALL_ENDED,
  STOP_BOUND,
  STOP_EXPIRED_BEFORE_EVENT,
  UNAVAILABLE,
  compareWithRules,
  createTimeline,
  finish,
  observedEnd,
  observedOrder,
  probeVerdict,
  probing,
  recordEvent,
  recordRound,
  stopReason,
} from "../scripts/logic/timeline.js";

const T0 = new Date(2026, 10, 28, 14, 0, 0).getTime(); // local time, whatever the TZ
const ACCESS_EXP = T0 / 1000 + 10;
const REFRESH_EXP = T0 / 1000 + 86_400;
const ALL = ["session", "access-db", "access-stateless", "refresh"];

const ok = (at, body = {}) => ({ status: 200, body, sentAt: at, answeredAt: at + 50 });
const refused = (at, body = { detail: "Nope.", code: "token_not_valid" }) => ({
  status: 401,
  body,
  sentAt: at,
  answeredAt: at + 50,
});

function timeline(unavailable = {}) {
  return createTimeline({
    startedAt: T0,
    accessExp: ACCESS_EXP,
    refreshExp: REFRESH_EXP,
    unavailable,
  });
}

/** One round at `seconds` after T0: lanes in `dead` are refused, the others answer 200. */
function round(line, seconds, dead = []) {
  const at = T0 + seconds * 1000;
  const answers = Object.fromEntries(
    probing(line).map((lane) => [lane, dead.includes(lane) ? refused(at) : ok(at)]),
  );
  return recordRound(line, at, answers);
}

test("only 401 and 403 end a lane: no answer or a 5xx says nothing", () => {
  assert.equal(probeVerdict({ status: 200 }), "alive");
  assert.equal(probeVerdict({ status: 401 }), "refused");
  assert.equal(probeVerdict({ status: 403 }), "refused");
  assert.equal(probeVerdict({ status: 503 }), "no-answer");
  assert.equal(probeVerdict({ status: null }), "no-answer");
  const line = timeline();
  recordRound(line, T0, { refresh: { status: 200, answeredAt: T0 } });
  recordRound(line, T0 + 1000, { refresh: { status: null, answeredAt: T0 + 1000 } });
  assert.ok(probing(line).includes("refresh"));
});

test("a lane refused on its first probe never worked here and is not probed again", () => {
  const line = round(timeline(), 0, ["session"]);
  assert.equal(line.lanes.session.state, UNAVAILABLE);
  assert.deepEqual(probing(line), ["access-db", "access-stateless", "refresh"]);
  assert.equal(observedEnd(line, "session"), null);
});

test("a lane the page cannot use is never probed and says why", () => {
  const line = timeline({ session: "SameSite=Lax cookies are not sent cross-site." });
  assert.deepEqual(probing(line), ["access-db", "access-stateless", "refresh"]);
  assert.equal(laneWords(line, "session", T0), "SameSite=Lax cookies are not sent cross-site.");
});

test("log out (JWT): refresh ends at once, access at expiry, the session never", () => {
  const line = round(round(timeline(), 0), 1);
  recordEvent(line, { event: "logout-jwt", via: null, at: T0 + 1500 });
  round(line, 2, ["refresh"]);
  assert.equal(line.lanes.refresh.state, ENDED);
  assert.equal(observedEnd(line, "refresh"), AT_ONCE);
  for (let second = 3; second < 10; second += 1) round(line, second);
  assert.equal(stopReason(line, T0 + 9000), null);
  round(line, 10, ["access-db", "access-stateless"]);
  assert.equal(stopReason(line, T0 + 10_100), STOP_ACCESS_ENDED);
  finish(line, T0 + 10_100, STOP_ACCESS_ENDED);
  assert.equal(observedEnd(line, "access-db"), AT_EXPIRY);
  assert.equal(observedEnd(line, "session"), NEVER);

  const predictions = predictLanes({
    event: "logout-jwt",
    via: null,
    accessExp: ACCESS_EXP,
    refreshExp: REFRESH_EXP,
  });
  const verdicts = compareWithRules(line, predictions);
  assert.ok(
    ALL.every((lane) => verdicts[lane].agrees),
    JSON.stringify(verdicts),
  );
  assert.deepEqual(observedOrder(line), [
    { end: AT_ONCE, lanes: ["refresh"] },
    { end: AT_EXPIRY, lanes: ["access-db", "access-stateless"] },
    { end: NEVER, lanes: ["session"] },
  ]);
  assert.match(laneWords(line, "session", T0), /^Still valid when the timeline stopped/);
  assert.match(
    laneWords(line, "refresh", T0),
    /^Stopped at 14:00:02, refused by the first probe after/,
  );
});

test("an access token refused seconds after its exp says the API allowed some leeway", () => {
  const line = round(timeline(), 0);
  recordEvent(line, { event: "logout-jwt", via: null, at: T0 + 500 });
  round(line, 1, ["refresh"]);
  round(line, 10);
  round(line, 15, ["access-db"]);
  assert.equal(observedEnd(line, "access-db"), AT_EXPIRY);
  assert.match(
    laneWords(line, "access-db", T0),
    /^Stopped at 14:00:15: its exp \(14:00:10\) had passed, and the API's clock leeway of about 5 s/,
  );
});

test("a lane refused after the first round past the event ended later, which no rule says", () => {
  const line = round(timeline(), 0);
  recordEvent(line, { event: "logout-everywhere", via: "bearer", at: T0 + 500 });
  round(line, 1);
  round(line, 2, ["session"]);
  assert.equal(observedEnd(line, "session"), LATER);
  const words = laneWords(line, "session", T0);
  assert.match(words, /^Stopped at 14:00:02, \d\.\d s after the event/);
  assert.match(words, /no longer holds a valid session for this cookie.*The API: Nope\./);
  const predictions = predictLanes({
    event: "logout-everywhere",
    via: "bearer",
    accessExp: ACCESS_EXP,
    refreshExp: REFRESH_EXP,
  });
  const verdict = compareWithRules(line, predictions).session;
  assert.equal(verdict.agrees, false);
  assert.equal(verdict.predicted.end, AT_ONCE);
});

test("a lane that stops before any event is reported as such", () => {
  const line = round(round(timeline(), 0), 1, ["session"]);
  recordEvent(line, { event: "logout-jwt", via: null, at: T0 + 1500 });
  assert.equal(observedEnd(line, "session"), BEFORE_EVENT);
});

test("the timeline stops when every lane has ended", () => {
  const line = round(timeline(), 0);
  recordEvent(line, { event: "deactivate", via: "bearer", at: T0 + 200 });
  round(line, 1, ["session", "access-db", "refresh"]);
  assert.equal(stopReason(line, T0 + 1100), null);
  round(line, 10, ["access-stateless"]);
  assert.equal(stopReason(line, T0 + 10_100), STOP_ALL_ENDED);
});

test("lanes still alive get at least two rounds after the event", () => {
  const line = round(timeline(), 0);
  recordEvent(line, { event: "logout-session", via: "session", at: T0 + 9900 });
  round(line, 10, ["access-db", "access-stateless"]);
  assert.equal(stopReason(line, T0 + 10_100), null);
  round(line, 11);
  assert.equal(stopReason(line, T0 + 11_100), STOP_ACCESS_ENDED);
});

test("an access token alive long past its exp stops the timeline at the bound", () => {
  const line = round(timeline(), 0);
  recordEvent(line, { event: "logout-jwt", via: null, at: T0 + 500 });
  round(line, 1);
  const bound = (ACCESS_EXP + EXPIRY_GRACE_SECONDS) * 1000;
  assert.equal(stopReason(line, bound - 1), null);
  assert.equal(stopReason(line, bound), STOP_BOUND);
});

test("access tokens that expire before any event end the timeline with advice", () => {
  const line = round(timeline(), 0);
  round(line, 10, ["access-db", "access-stateless"]);
  assert.equal(stopReason(line, T0 + 10_100), STOP_EXPIRED_BEFORE_EVENT);
  finish(line, T0 + 10_100, STOP_EXPIRED_BEFORE_EVENT);
  assert.match(stopWords(line), /Sign in again and fire an event within its lifetime/);
  assert.match(stopWords(line), /about 10 s/);
});

test("the API's reason is shown in its words, with simplejwt's message and the code", () => {
  const body = {
    detail: "Given token not valid for any token type",
    code: "token_not_valid",
    messages: [{ token_class: "AccessToken", message: "Token is expired" }],
  };
  assert.equal(
    refusalReason(body),
    "Given token not valid for any token type: Token is expired (token_not_valid)",
  );
  assert.equal(refusalReason(null), "the API gave no reason");
});

test("a working access token shows the API's why, with its expiry time when the why lacks it", () => {
  const line = timeline();
  recordRound(line, T0, {
    "access-db": ok(T0, { why: "signature valid and the user row says active" }),
    "access-stateless": ok(T0, { why: "signature still valid until it expires at 14:00:10" }),
  });
  assert.equal(
    laneWords(line, "access-db", T0),
    "Still works: signature valid and the user row says active. It expires at 14:00:10.",
  );
  assert.equal(
    laneWords(line, "access-stateless", T0),
    "Still works: signature still valid until it expires at 14:00:10.",
  );
});

test("clock times are local; another day carries its date", () => {
  assert.equal(clockTime(T0 + 5000), "14:00:05");
  assert.equal(clockWhen(REFRESH_EXP * 1000, T0), "2026-11-29 14:00:00");
  assert.equal(clockWhen(T0 + 1000, T0), "14:00:01");
});

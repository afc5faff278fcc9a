import assert from "node:assert/strict";
import { test } from "node:test";

import {
  AT_EXPIRY,
  AT_ONCE,
  EVENTS,
  NEVER,
  VIA_BEARER,
  VIA_SESSION,
  endOrder,
  eventCaller,
  predictLanes,
  sessionLaneOutlook,
} from "../scripts/logic/revocation_rules.js";

const ACCESS_EXP = 1_000_060; // seconds
const REFRESH_EXP = ACCESS_EXP + 86_400;

const ends = (event, via = VIA_BEARER, refreshExp = REFRESH_EXP) =>
  Object.fromEntries(
    Object.entries(predictLanes({ event, via, accessExp: ACCESS_EXP, refreshExp })).map(
      ([lane, { end }]) => [lane, end],
    ),
  );

test("log out (JWT) ends only the refresh token; access tokens run to expiry; the session lives", () => {
  assert.deepEqual(ends("logout-jwt"), {
    session: NEVER,
    "access-db": AT_EXPIRY,
    "access-stateless": AT_EXPIRY,
    refresh: AT_ONCE,
  });
});

test("log out everywhere ends sessions and refresh tokens, not access tokens", () => {
  assert.deepEqual(ends("logout-everywhere"), {
    session: AT_ONCE,
    "access-db": AT_EXPIRY,
    "access-stateless": AT_EXPIRY,
    refresh: AT_ONCE,
  });
});

test("log out (session) leaves both JWTs alive", () => {
  const predicted = ends("logout-session");
  assert.equal(predicted.session, AT_ONCE);
  assert.equal(predicted.refresh, NEVER);
  assert.equal(predicted["access-db"], AT_EXPIRY);
});

test("a password change reaches the db authenticator at once, never the stateless one", () => {
  const predicted = ends("change-password");
  assert.equal(predicted["access-db"], AT_ONCE);
  assert.equal(predicted["access-stateless"], AT_EXPIRY);
  assert.equal(predicted.refresh, AT_ONCE);
});

test("a password change keeps the session it was made through, and ends it otherwise", () => {
  assert.equal(ends("change-password", VIA_SESSION).session, NEVER);
  assert.equal(ends("change-password", VIA_BEARER).session, AT_ONCE);
  const why = predictLanes({
    event: "change-password",
    via: VIA_SESSION,
    accessExp: ACCESS_EXP,
    refreshExp: REFRESH_EXP,
  }).session.why;
  assert.match(why, /update_session_auth_hash/);
});

test("deactivation stops everything that reads the user row, at once", () => {
  assert.deepEqual(ends("deactivate"), {
    session: AT_ONCE,
    "access-db": AT_ONCE,
    "access-stateless": AT_EXPIRY,
    refresh: AT_ONCE,
  });
});

test("the stateless authenticator survives every event until the token expires", () => {
  for (const event of EVENTS) {
    for (const via of [VIA_BEARER, VIA_SESSION]) {
      assert.equal(ends(event, via)["access-stateless"], AT_EXPIRY, `${event} via ${via}`);
    }
  }
});

test("a surviving refresh token that expires within the access lifetime ends at expiry", () => {
  assert.equal(ends("logout-session", VIA_SESSION, ACCESS_EXP - 1).refresh, AT_EXPIRY);
});

test("the two logouts are sent with their own credential, the other events with the chosen one", () => {
  assert.equal(eventCaller("logout-session", VIA_BEARER), VIA_SESSION);
  assert.equal(eventCaller("logout-jwt", VIA_SESSION), "refresh");
  assert.equal(eventCaller("logout-everywhere", VIA_SESSION), VIA_SESSION);
  assert.equal(eventCaller("deactivate", VIA_BEARER), VIA_BEARER);
});

test("the end order groups lanes by end, earliest first, and leaves out unprobed lanes", () => {
  const order = endOrder({ session: NEVER, refresh: AT_ONCE, "access-db": AT_EXPIRY });
  assert.deepEqual(order, [
    { end: AT_ONCE, lanes: ["refresh"] },
    { end: AT_EXPIRY, lanes: ["access-db"] },
    { end: NEVER, lanes: ["session"] },
  ]);
});

test("the session lane works where the cookie rules let the session cookie reach the API", () => {
  assert.equal(sessionLaneOutlook("same-site", "lax").outlook, "yes");
  assert.equal(sessionLaneOutlook("same-origin", "strict").outlook, "yes");
  assert.equal(sessionLaneOutlook("cross-site", "partitioned").outlook, "yes");
  assert.equal(sessionLaneOutlook("cross-site", "none").outlook, "maybe");
  const lax = sessionLaneOutlook("cross-site", "lax");
  assert.equal(lax.outlook, "no");
  assert.match(lax.why, /SameSite=Lax/);
});

test("the session lane's outlook follows the engine the page runs in", () => {
  const webkit = { engine: "webkit", scheme: "http" };
  // WebKitGTK: api.lab.localhost is third-party to app.lab.localhost for libsoup's policy.
  assert.equal(sessionLaneOutlook("same-site", "lax", webkit).outlook, "maybe");
  // Secure cookies are refused over http whatever the setting.
  assert.equal(sessionLaneOutlook("same-origin", "none", webkit).outlook, "no");
  assert.equal(sessionLaneOutlook("same-origin", "lax", webkit).outlook, "yes");
  const firefox = { engine: "firefox", scheme: "http" };
  assert.equal(sessionLaneOutlook("cross-site", "partitioned", firefox).outlook, "maybe");
  const unknown = sessionLaneOutlook("same-origin", "lax", { engine: "unknown", scheme: "http" });
  assert.equal(unknown.outlook, "maybe");
  assert.match(unknown.why, /no cookie rules for this browser's engine/);
});

import assert from "node:assert/strict";
import { test } from "node:test";

import { encodeJson } from "../scripts/logic/base64url.js";
import {
  REFRESH_MARGIN_SECONDS,
  decodeJwt,
  formatCountdown,
  refreshDelayFromLifetimeMs,
  refreshDelayMs,
  secondsUntilExpiry,
} from "../scripts/logic/jwt.js";

const token = (claims) => `${encodeJson({ alg: "HS256", typ: "JWT" })}.${encodeJson(claims)}.sig`;

test("decodes header and claims, including non-ASCII text", () => {
  const { header, claims } = decodeJwt(token({ username: "zoë", exp: 100 }));
  assert.equal(header.alg, "HS256");
  assert.deepEqual(claims, { username: "zoë", exp: 100 });
});

test("a malformed token is refused with a readable message", () => {
  assert.throws(() => decodeJwt("abc"), /three dot-separated parts/);
  assert.throws(() => decodeJwt("a.b.c"), /not base64url JSON/);
});

test("refresh is scheduled shortly before expiry, never in the past", () => {
  const nowMs = 1_000_000;
  const claims = { exp: nowMs / 1000 + 300 };
  assert.equal(refreshDelayMs(claims, nowMs), (300 - REFRESH_MARGIN_SECONDS) * 1000);
  assert.equal(refreshDelayMs({ exp: nowMs / 1000 + 5 }, nowMs), 0);
});

test("countdown reads minutes and seconds, then expired", () => {
  const nowMs = 1_000_000;
  assert.equal(secondsUntilExpiry({ exp: 1065 }, nowMs), 65);
  assert.equal(formatCountdown(65), "1:05");
  assert.equal(formatCountdown(0), "expired");
});

test("a cookie the page cannot read is refreshed from its stated lifetime, with the same margin", () => {
  assert.equal(refreshDelayFromLifetimeMs(300), (300 - REFRESH_MARGIN_SECONDS) * 1000);
  assert.equal(refreshDelayFromLifetimeMs(8), 0);
});

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import {
  ATTEMPTS,
  BFF_CSRF_HEADER,
  IDEMPOTENCY_HEADER,
  createApi,
  createBffClient,
  retryDelayMs,
} from "../scripts/api.js";
import { BFF_PATHS, PATHS } from "../scripts/api_paths.js";

const BASE = "http://api.localhost:8000";
const realFetch = globalThis.fetch;

/** Answers fetch from a script (a Response, or an Error to throw) and records each request. */
function scriptFetch(...answers) {
  const sent = [];
  globalThis.fetch = async (url, init) => {
    sent.push({ url, ...init });
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  return sent;
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
const gatewayError = () => new Response("<html>502 Bad Gateway</html>", { status: 502 });

afterEach(() => {
  globalThis.fetch = realFetch;
});

test("a write with unknown fate is retried: no answer, 502/503/504, a 409 while it runs", () => {
  assert.equal(retryDelayMs(1, null), 500);
  assert.equal(retryDelayMs(1, 502), 500);
  assert.equal(retryDelayMs(2, 503), 1000);
  assert.equal(retryDelayMs(1, 504), 500);
  assert.equal(retryDelayMs(1, 409, "1"), 1000);
});

test("answers that settle the write are final", () => {
  for (const status of [201, 400, 401, 403, 422, 500]) assert.equal(retryDelayMs(1, status), null);
});

test("retries are few and short: three attempts, a 409's Retry-After capped at 2 s", () => {
  assert.equal(retryDelayMs(ATTEMPTS, 502), null);
  assert.equal(retryDelayMs(1, 409, "30"), 2000);
  assert.equal(retryDelayMs(1, 409, "soon"), 500);
});

test("a note created through a dying replica is sent again with the same key", async () => {
  const note = { id: 7, title: "t", text: "" };
  const sent = scriptFetch(
    gatewayError(),
    json(201, note, { "Idempotent-Replayed": "true" }),
  );

  const exchange = await createApi(BASE).call({ method: "POST", path: PATHS.notes, body: note });

  assert.equal(sent.length, 2);
  const [first, second] = sent.map((request) => request.headers[IDEMPOTENCY_HEADER]);
  assert.match(first, /^"[0-9a-f-]{36}"$/);
  assert.equal(second, first);
  assert.equal(exchange.response.status, 201);
  assert.equal(exchange.response.replayed, true);
  assert.equal(exchange.attempts, 2);
  assert.match(exchange.label, /sent 2×, same Idempotency-Key/);
});

test("the caller's key (one per user action) is the one sent", async () => {
  const sent = scriptFetch(json(201, { id: 1 }));

  await createApi(BASE).call({
    method: "POST",
    path: PATHS.notes,
    body: { title: "t" },
    idempotencyKey: "8e03978e-40d5-43e8-bc93-6894a57f9324",
  });

  assert.equal(sent[0].headers[IDEMPOTENCY_HEADER], '"8e03978e-40d5-43e8-bc93-6894a57f9324"');
});

test("an API that never answers is tried three times, then the failure says it is safe", async () => {
  const down = () => new TypeError("Failed to fetch");
  const sent = scriptFetch(down(), down(), down());

  const exchange = await createApi(BASE).call({ method: "POST", path: PATHS.notes, body: {} });

  assert.equal(sent.length, ATTEMPTS);
  assert.equal(exchange.response, null);
  assert.match(exchange.error, /Sent 3 times with the same Idempotency-Key/);
});

test("writes without a key are never sent twice, and reads carry no key", async () => {
  const sent = scriptFetch(gatewayError(), gatewayError());
  const api = createApi(BASE);

  const login = await api.call({ method: "POST", path: PATHS.jwtToken, body: {} });
  const me = await api.call({ path: PATHS.me });

  assert.equal(sent.length, 2);
  assert.equal(login.response.status, 502);
  assert.equal(me.response.status, 502);
  assert.ok(sent.every((request) => !(IDEMPOTENCY_HEADER in request.headers)));
});

const BFF = "http://app.localhost:5173/bff";

test("the BFF client sends the API's paths under the BFF, and X-CSRF: 1 on unsafe requests", async () => {
  const hop = {
    method: "GET",
    url: "http://api.localhost:8000/api/auth/me/",
    status: 200,
    ms: 12.3,
    authorization: "Bearer (held by the BFF)",
    refreshed: false,
  };
  const sent = scriptFetch(
    json(200, { username: "alice" }, { "X-BFF-Upstream": JSON.stringify(hop) }),
    json(200, { username: "alice", auth: "bff" }),
  );
  const bff = createBffClient(BFF);

  const me = await bff.call({ path: PATHS.me, credentials: "same-origin" });
  const login = await bff.call({ method: "POST", path: BFF_PATHS.login, body: {} });

  assert.equal(sent[0].url, "http://app.localhost:5173/bff/api/auth/me/");
  assert.equal(sent[1].url, "http://app.localhost:5173/bff/login/");
  assert.ok(!(BFF_CSRF_HEADER in sent[0].headers), "a safe request needs no X-CSRF");
  assert.equal(sent[1].headers[BFF_CSRF_HEADER], "1");
  assert.equal(me.peer, "BFF");
  assert.deepEqual(me.response.upstream, hop);
  assert.equal(login.response.upstream, null, "no header: the BFF did not call the API");
});

test("the API client sends no X-CSRF header and names the API in its errors", async () => {
  const sent = scriptFetch(json(403, { detail: "CSRF Failed" }));

  const exchange = await createApi(BASE).call({ method: "POST", path: PATHS.sessionLogout });

  assert.equal(sent[0].url, `${BASE}${PATHS.sessionLogout}`);
  assert.ok(!(BFF_CSRF_HEADER in sent[0].headers));
  assert.equal(exchange.error, "The API answered 403: CSRF Failed");
});

test("a BFF that could not reach the API says so, and a keyed write through it is retried", async () => {
  const sent = scriptFetch(
    json(502, { detail: "The API is unreachable.", code: "bff_upstream_unreachable" }),
    json(201, { id: 3 }),
  );

  const exchange = await createBffClient(BFF).call({
    method: "POST",
    path: PATHS.notes,
    body: { title: "t" },
  });

  assert.equal(sent.length, 2);
  assert.equal(sent[1].headers[IDEMPOTENCY_HEADER], sent[0].headers[IDEMPOTENCY_HEADER]);
  assert.equal(exchange.response.status, 201);
});

test("a page whose config names no BFF sends nothing and says so", async () => {
  const sent = scriptFetch();

  const exchange = await createBffClient(undefined).call({ path: PATHS.me });

  assert.equal(sent.length, 0);
  assert.match(exchange.error, /names no BFF/);
});

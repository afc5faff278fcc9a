// The only module that calls fetch. Every call returns an "exchange" record describing what was
// sent and what came back, so the inspector can show it and callers never need try/catch.
import { PATHS } from "./api_paths.js";
import {
  abbreviate,
  errorMessage,
  redact,
  unreachableMessage,
  upstreamHop,
} from "./exchange_words.js";
import { REPLICA_HEADER } from "./logic/replicas.js";

const TIMEOUT_MS = 10000;
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// A write carrying an Idempotency-Key is sent again when no answer came (network failure,
// timeout) or a gateway answered 502/503/504 (a replica died with it), and after a 409 (the
// first attempt still runs): the API creates the note once and replays its answer to repeats.
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";
export const ATTEMPTS = 3;
const BACKOFF_MS = [500, 1000];
const MAX_WAIT_MS = 2000;
const RETRY_STATUSES = new Set([502, 503, 504]);
const IN_PROGRESS = 409;

/**
 * Milliseconds to wait before attempt `attempt + 1` of a keyed write, or null to stop.
 * @param {number} attempt the attempt that just ended (1 = the first)
 * @param {number|null} status its HTTP status, null when no answer arrived
 * @param {string|null} retryAfter the answer's Retry-After header
 */
export function retryDelayMs(attempt, status, retryAfter = null) {
  if (attempt >= ATTEMPTS) return null;
  const backoff = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1];
  if (status === null || RETRY_STATUSES.has(status)) return backoff;
  if (status === IN_PROGRESS) {
    const asked = /^\d+$/.test(retryAfter || "") ? Number(retryAfter) * 1000 : backoff;
    return Math.min(Math.max(asked, backoff), MAX_WAIT_MS);
  }
  return null;
}

/** A new key for one user action. randomUUID needs a secure context (every lab origin,
 * http://*.localhost, is one); 128 random bits in hex serve any other page. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The header's value for a key: an RFC 8941 quoted string (hex and dashes need no escaping). */
export function idempotencyHeaderValue(key) {
  return `"${key}"`;
}

// The BFF (contract B): a header a cross-site form cannot send, and a cross-site fetch cannot
// send without a preflight the BFF refuses, on every unsafe request (Duende BFF's convention);
// and, on every answer that involved the API, the BFF's own account of its call to the API.
export const BFF_CSRF_HEADER = "X-CSRF";
export const BFF_UPSTREAM_HEADER = "X-BFF-Upstream";
const BFF_CLIENT = { peer: "BFF", unsafeHeaders: { [BFF_CSRF_HEADER]: "1" } };

/** Read the page's configuration (API base URL, topology) from the server that served it. */
export async function loadClientConfig() {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`./config.json answered HTTP ${response.status}`);
  return response.json();
}

/**
 * A client bound to one base URL: the API's origin, or (createBffClient) the BFF's.
 * @param {{peer?: string, unsafeHeaders?: object}} options who answers (for messages), and
 *   headers every unsafe request carries
 */
export function createApi(baseUrl, { peer = "API", unsafeHeaders = {} } = {}) {
  /**
   * Send one request; a keyed write is sent again, with the same key, after a failure that
   * leaves its fate unknown. Every note creation carries a key: the caller's
   * (`idempotencyKey`, one per user action), else one made for this call.
   * @param {{method?: string, path: string, body?: object, credentials?: "include"|"omit",
   *          bearer?: string|null, csrfToken?: string|null, label?: string,
   *          idempotencyKey?: string|null}} spec
   */
  async function call(spec) {
    const { method = "GET", path } = spec;
    const isNoteCreate = method === "POST" && path === PATHS.notes;
    const key = spec.idempotencyKey || (isNoteCreate ? newIdempotencyKey() : null);
    for (let attempt = 1; ; attempt += 1) {
      const exchange = await send(spec, key);
      const status = exchange.response ? exchange.response.status : null;
      const delay = key ? retryDelayMs(attempt, status, exchange.response?.retryAfter) : null;
      if (delay === null) return withAttempts(exchange, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async function send(spec, key) {
    const {
      method = "GET",
      path,
      body,
      credentials = "omit",
      bearer = null,
      csrfToken = null,
    } = spec;
    const url = baseUrl ? joinUrl(baseUrl, path) : path;
    const headers = { Accept: "application/json" };
    const fixed = UNSAFE_METHODS.has(method) ? unsafeHeaders : {};
    Object.assign(headers, fixed);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (csrfToken) headers["X-CSRFToken"] = csrfToken;
    if (key) headers[IDEMPOTENCY_HEADER] = idempotencyHeaderValue(key);
    const exchange = {
      label: spec.label || `${method} ${path}`,
      at: new Date().toISOString(),
      request: {
        method,
        url,
        credentials,
        authorization: bearer ? `Bearer ${abbreviate(bearer)}` : null,
        csrfToken: csrfToken ? abbreviate(csrfToken) : null,
        idempotencyKey: key,
        headers: fixed,
        body: redact(body),
      },
      peer,
      attempts: 1,
      response: null,
      error: null,
    };
    if (!baseUrl) {
      // A page server without this peer (an older config.json): say so, send nothing.
      exchange.error = `This page's configuration (config.json) names no ${peer}.`;
      return exchange;
    }
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        credentials,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      exchange.error = unreachableMessage(peer, baseUrl, error, TIMEOUT_MS);
      return exchange;
    }
    const responseBody = await readBody(response);
    exchange.response = {
      status: response.status,
      ok: response.ok,
      body: responseBody,
      replica: response.headers.get(REPLICA_HEADER),
      replayed: response.headers.get(REPLAYED_HEADER) === "true",
      retryAfter: response.headers.get("Retry-After"),
      upstream: upstreamHop(response.headers.get(BFF_UPSTREAM_HEADER)),
    };
    if (!response.ok) exchange.error = errorMessage(peer, response.status, responseBody);
    return exchange;
  }

  /** Ask the API how it saw a request sent with these credentials; null if it did not answer. */
  async function echo({ credentials = "omit", bearer = null, cookiePolicy = null } = {}) {
    const query = cookiePolicy ? `?cookie_policy=${encodeURIComponent(cookiePolicy)}` : "";
    const exchange = await call({ path: `/api/lab/echo/${query}`, credentials, bearer });
    return exchange.response?.ok ? exchange.response.body : null;
  }

  return { baseUrl, peer, call, echo };
}

/**
 * A client of the BFF at `bffBaseUrl` (config.json): the page's own origin, so its cookie is
 * first-party and sent by default (credentials "same-origin"). Calls take the API's paths
 * (`/api/auth/me/` goes to `<bffBaseUrl>/api/auth/me/`) or the BFF's own (BFF_PATHS).
 */
export function createBffClient(bffBaseUrl) {
  return createApi(bffBaseUrl, BFF_CLIENT);
}

/** `path` (starting with "/") under `base`, which may itself have a path (…/bff). */
function joinUrl(base, path) {
  return `${String(base).replace(/\/+$/, "")}${path}`;
}

/** The last attempt's exchange, saying how often it was sent and why that was safe. */
function withAttempts(exchange, attempts) {
  if (attempts === 1) return exchange;
  exchange.attempts = attempts;
  exchange.label = `${exchange.label} (sent ${attempts}×, same ${IDEMPOTENCY_HEADER})`;
  if (exchange.error) {
    exchange.error +=
      ` Sent ${attempts} times with the same ${IDEMPOTENCY_HEADER}, so it happened at most ` +
      "once; sending it again is safe.";
  }
  return exchange;
}

async function readBody(response) {
  const text = await response.text().catch(() => "");
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

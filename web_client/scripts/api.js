// The only module that calls fetch. Every call returns an "exchange" record describing what was
// sent and what came back, so the inspector can show it and callers never need try/catch.
import { PATHS } from "./api_paths.js";
import { REPLICA_HEADER } from "./logic/replicas.js";

const TIMEOUT_MS = 10000;
const PASSWORD_FIELDS = ["password", "old_password", "new_password"];
const TOKEN_FIELDS = ["refresh", "token"];

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

/** Read the page's configuration (API base URL, topology) from the server that served it. */
export async function loadClientConfig() {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`./config.json answered HTTP ${response.status}`);
  return response.json();
}

/** A client bound to one API origin. */
export function createApi(baseUrl) {
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
    const url = new URL(path, baseUrl).href;
    const headers = { Accept: "application/json" };
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
        body: redact(body),
      },
      attempts: 1,
      response: null,
      error: null,
    };
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
      exchange.error = unreachableMessage(baseUrl, error);
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
    };
    if (!response.ok) exchange.error = errorMessage(response.status, responseBody);
    return exchange;
  }

  /** Ask the API how it saw a request sent with these credentials; null if it did not answer. */
  async function echo({ credentials = "omit", bearer = null, cookiePolicy = null } = {}) {
    const query = cookiePolicy ? `?cookie_policy=${encodeURIComponent(cookiePolicy)}` : "";
    const exchange = await call({ path: `/api/lab/echo/${query}`, credentials, bearer });
    return exchange.response?.ok ? exchange.response.body : null;
  }

  return { baseUrl, call, echo };
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

function redact(body) {
  if (!body || typeof body !== "object") return body;
  const shown = { ...body };
  for (const field of PASSWORD_FIELDS) if (field in shown) shown[field] = "••••••";
  for (const field of TOKEN_FIELDS) if (field in shown) shown[field] = abbreviate(shown[field]);
  return shown;
}

function abbreviate(token) {
  const text = String(token);
  return text.length > 24 ? `${text.slice(0, 12)}…${text.slice(-8)}` : text;
}

function unreachableMessage(baseUrl, error) {
  if (error?.name === "TimeoutError") {
    return `The API at ${baseUrl} did not answer within ${TIMEOUT_MS / 1000} s.`;
  }
  return (
    `No answer from the API at ${baseUrl}: it is not running, or the browser refused its ` +
    "answer (CORS). Nothing was changed; what you typed is kept."
  );
}

function errorMessage(status, body) {
  const detail = body && typeof body === "object" ? body.detail || firstFieldError(body) : null;
  return `The API answered ${status}${detail ? `: ${detail}` : "."}`;
}

function firstFieldError(body) {
  const [field, messages] = Object.entries(body)[0] || [];
  if (!field) return null;
  return `${field}: ${Array.isArray(messages) ? messages.join(" ") : messages}`;
}

// The only module that calls fetch. Every call returns an "exchange" record describing what was
// sent and what came back, so the inspector can show it and callers never need try/catch.
import { REPLICA_HEADER } from "./logic/replicas.js";

const TIMEOUT_MS = 10000;
const SECRET_FIELDS = ["password", "refresh", "token"];

/** Read the page's configuration (API base URL, topology) from the server that served it. */
export async function loadClientConfig() {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`./config.json answered HTTP ${response.status}`);
  return response.json();
}

/** A client bound to one API origin. */
export function createApi(baseUrl) {
  /**
   * Send one request.
   * @param {{method?: string, path: string, body?: object, credentials?: "include"|"omit",
   *          bearer?: string|null, csrfToken?: string|null, label?: string}} spec
   */
  async function call(spec) {
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
    const exchange = {
      label: spec.label || `${method} ${path}`,
      at: new Date().toISOString(),
      request: {
        method,
        url,
        credentials,
        authorization: bearer ? `Bearer ${abbreviate(bearer)}` : null,
        csrfToken: csrfToken ? abbreviate(csrfToken) : null,
        body: redact(body),
      },
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
  for (const field of SECRET_FIELDS) {
    if (field in shown) shown[field] = field === "password" ? "••••••" : abbreviate(shown[field]);
  }
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

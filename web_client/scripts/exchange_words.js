// How an exchange is written down for the inspector: what was sent, with secrets shortened or
// hidden, and what went wrong in words a person can act on.

const PASSWORD_FIELDS = ["password", "old_password", "new_password"];
const TOKEN_FIELDS = ["refresh", "token"];

/** A request body as the inspector may show it: passwords hidden, tokens shortened. */
export function redact(body) {
  if (!body || typeof body !== "object") return body;
  const shown = { ...body };
  for (const field of PASSWORD_FIELDS) if (field in shown) shown[field] = "••••••";
  for (const field of TOKEN_FIELDS) if (field in shown) shown[field] = abbreviate(shown[field]);
  return shown;
}

export function abbreviate(token) {
  const text = String(token);
  return text.length > 24 ? `${text.slice(0, 12)}…${text.slice(-8)}` : text;
}

/**
 * The BFF's call to the API, from its X-BFF-Upstream header (JSON): null when the answer did
 * not involve the API, {unreadable} when the header is not the JSON the contract promises.
 */
export function upstreamHop(header) {
  if (!header) return null;
  try {
    const hop = JSON.parse(header);
    if (hop && typeof hop === "object" && !Array.isArray(hop)) return hop;
  } catch {
    // Fall through: shown as unreadable rather than dropped.
  }
  return { unreadable: String(header).slice(0, 200) };
}

/** Why no answer came from `peer` ("API" or "BFF") at `baseUrl`. */
export function unreachableMessage(peer, baseUrl, error, timeoutMs) {
  if (error?.name === "TimeoutError") {
    return `The ${peer} at ${baseUrl} did not answer within ${timeoutMs / 1000} s.`;
  }
  return (
    `No answer from the ${peer} at ${baseUrl}: it is not running${refusedBy(peer)}. ` +
    "Nothing was changed; what you typed is kept."
  );
}

// The API is another origin (CORS can refuse its answer); the BFF is the page's own.
function refusedBy(peer) {
  return peer === "API" ? ", or the browser refused its answer (CORS)" : "";
}

/** "The API answered 403: CSRF Failed…", with the answer's own detail when it has one. */
export function errorMessage(peer, status, body) {
  const detail = body && typeof body === "object" ? body.detail || firstFieldError(body) : null;
  return `The ${peer} answered ${status}${detail ? `: ${detail}` : "."}`;
}

function firstFieldError(body) {
  const [field, messages] = Object.entries(body)[0] || [];
  if (!field) return null;
  return `${field}: ${Array.isArray(messages) ? messages.join(" ") : messages}`;
}

// Every exchange: what was sent, what came back, and the server's own diagnosis. A call through
// the BFF shows both hops: browser → BFF (this page's own origin) and BFF → API (the BFF's own
// account of it, from the X-BFF-Upstream header).
import { BFF_CSRF_HEADER } from "../api.js";
import { h } from "../dom.js";

const MAX_ENTRIES = 40;

const CREDENTIALS_WORDS = {
  include: 'included (credentials: "include")',
  omit: 'not sent (credentials: "omit")',
  "same-origin": 'this origin\'s only (credentials: "same-origin"): the BFF\'s lab_bff cookie',
};

export function Inspector(el) {
  const list = el.querySelector(".exchanges");

  return {
    add(exchange) {
      list.prepend(entry(exchange));
      while (list.children.length > MAX_ENTRIES) list.lastElementChild.remove();
    },
  };
}

function entry({ label, peer, request, response, error, diagnosis }) {
  const outcome = error ? "error" : "ok";
  const viaBff = peer === "BFF";
  return h(
    "li",
    { class: `exchange exchange-${outcome}`, "data-peer": viaBff ? "bff" : "api" },
    h(
      "header",
      {},
      h("strong", {}, label),
      h("span", { class: "status-code" }, response ? String(response.status) : "no answer"),
    ),
    viaBff ? bffHops(request, response) : apiFacts(request, response),
    error ? h("p", { class: "error-text" }, error) : null,
    diagnosis ? serverView(diagnosis, viaBff) : null,
    response && response.body !== null
      ? h(
          "details",
          {},
          h("summary", {}, "Response body"),
          h(
            "pre",
            {},
            typeof response.body === "string"
              ? response.body
              : JSON.stringify(response.body, null, 2),
          ),
        )
      : null,
  );
}

function apiFacts(request, response) {
  return [
    h("p", { class: "request-line" }, h("code", {}, `${request.method} ${request.url}`)),
    h(
      "dl",
      { class: "facts" },
      fact("Cookies", CREDENTIALS_WORDS[request.credentials] || request.credentials),
      fact("Authorization", request.authorization || "not sent"),
      fact("X-CSRFToken", request.csrfToken || "not sent"),
      request.body === undefined ? null : fact("Body sent", JSON.stringify(request.body)),
      response?.replica ? fact("Replica", response.replica) : null,
    ),
  ];
}

/** Hop 1 is what this page sent; hop 2 is what the BFF says it sent to the API. */
function bffHops(request, response) {
  const csrf = request.headers?.[BFF_CSRF_HEADER];
  return h(
    "ol",
    { class: "hops" },
    h(
      "li",
      { class: "hop", "data-hop": "browser-bff" },
      h("h3", {}, "1 · browser → BFF (this page's origin)"),
      h("p", { class: "request-line" }, h("code", {}, `${request.method} ${request.url}`)),
      h(
        "dl",
        { class: "facts" },
        fact("Cookies", CREDENTIALS_WORDS[request.credentials] || request.credentials),
        fact("Authorization", "not sent: the page holds no token"),
        fact(BFF_CSRF_HEADER, csrf ? csrf : "not sent (a safe method)"),
        request.body === undefined ? null : fact("Body sent", JSON.stringify(request.body)),
      ),
    ),
    h(
      "li",
      { class: "hop", "data-hop": "bff-api" },
      h("h3", {}, "2 · BFF → API (the BFF's account, X-BFF-Upstream)"),
      upstreamView(response),
    ),
  );
}

function upstreamView(response) {
  if (!response) return h("p", {}, "Unknown: the BFF did not answer.");
  const hop = response.upstream;
  if (!hop) return h("p", {}, "None: the BFF answered by itself, without calling the API.");
  if (hop.unreadable) return h("p", {}, `Unreadable X-BFF-Upstream header: ${hop.unreadable}`);
  const answer =
    hop.status === null || hop.status === undefined
      ? `no answer${hop.error ? `: ${hop.error}` : ""}`
      : `${hop.status}${Number.isFinite(hop.ms) ? ` in ${hop.ms} ms` : ""}`;
  return [
    h("p", { class: "request-line" }, h("code", {}, `${hop.method} ${hop.url}`)),
    h(
      "dl",
      { class: "facts" },
      fact("Authorization", hop.authorization || "not sent"),
      fact("API answered", answer),
      fact("Refreshed first", hop.refreshed ? "yes, by the BFF" : "no"),
      response.replica ? fact("Replica", response.replica) : null,
    ),
  ];
}

/** The echo's verdict, then any further reasons it gave (the first is usually the verdict's). */
function serverView({ summary, reasons = [], relation }, viaBff) {
  const further = reasons.filter((reason) => reason && !summary.includes(reason));
  const who = viaBff
    ? `API saw, behind the BFF (${relation} request): `
    : `Server saw (${relation} request): `;
  return h(
    "div",
    { class: "diagnosis" },
    h("p", {}, h("strong", {}, who), summary),
    further.length
      ? h(
          "ul",
          {},
          further.map((reason) => h("li", {}, reason)),
        )
      : null,
  );
}

function fact(term, value) {
  return [h("dt", {}, term), h("dd", {}, value)];
}

// Every exchange with the API: what was sent, what came back, and the server's own diagnosis.
import { h } from "../dom.js";

const MAX_ENTRIES = 40;

export function Inspector(el) {
  const list = el.querySelector(".exchanges");

  return {
    add(exchange) {
      list.prepend(entry(exchange));
      while (list.children.length > MAX_ENTRIES) list.lastElementChild.remove();
    },
  };
}

function entry({ label, request, response, error, diagnosis }) {
  const outcome = error ? "error" : "ok";
  return h(
    "li",
    { class: `exchange exchange-${outcome}` },
    h(
      "header",
      {},
      h("strong", {}, label),
      h("span", { class: "status-code" }, response ? String(response.status) : "no answer"),
    ),
    h("p", { class: "request-line" }, h("code", {}, `${request.method} ${request.url}`)),
    h(
      "dl",
      { class: "facts" },
      fact(
        "Cookies",
        request.credentials === "include"
          ? 'included (credentials: "include")'
          : 'not sent (credentials: "omit")',
      ),
      fact("Authorization", request.authorization || "not sent"),
      fact("X-CSRFToken", request.csrfToken || "not sent"),
      request.body === undefined ? null : fact("Body sent", JSON.stringify(request.body)),
      response?.replica ? fact("Replica", response.replica) : null,
    ),
    error ? h("p", { class: "error-text" }, error) : null,
    diagnosis ? serverView(diagnosis) : null,
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

/** The echo's verdict, then any further reasons it gave (the first is usually the verdict's). */
function serverView({ summary, reasons = [], relation }) {
  const further = reasons.filter((reason) => reason && !summary.includes(reason));
  return h(
    "div",
    { class: "diagnosis" },
    h("p", {}, h("strong", {}, `Server saw (${relation} request): `), summary),
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

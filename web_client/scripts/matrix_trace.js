// One matrix cell's record: the status of each step it took, and the cell it becomes.
import { cellReason } from "./logic/diagnosis.js";
import { expectedOutcome } from "./logic/expectations.js";
import { pageContext } from "./page_engine.js";

/**
 * Records each step's status; ok() says whether to go on. `check(body)` judges a 2xx answer:
 * it returns what is wrong with it (a /me answered by another credential), or null.
 */
export function createTrace() {
  const steps = [];
  return {
    steps,
    ok(step, exchange, check = null) {
      const answered = Boolean(exchange.response?.ok);
      const wrong = answered && check ? check(exchange.response.body) : null;
      const status = exchange.response?.status ?? null;
      steps.push({ step, status, detail: wrong || exchange.error, wrong: Boolean(wrong) });
      return answered && !wrong;
    },
  };
}

/**
 * The cell as the table and the export show it.
 * @param extra {echo?, passed?, upstream?, apiBaseUrl?}: the API's echo, the runner's own words
 *   for a pass, the BFF's call to the API (BFF cells), the API this page called
 */
export function cellResult(cell, steps, failedStep, extra = {}) {
  const { echo = null, passed = null, upstream, apiBaseUrl = null } = extra;
  // The last resort for a failure's reason: this engine's rule where it needs no witness.
  const { engine, scheme } = pageContext({ apiBaseUrl });
  const model = expectedOutcome({ ...cell, engine: engine.name, scheme, thirdPartyCookies: null });
  const modelWhy = model?.why ?? null;
  return {
    ...cell,
    outcome: failedStep ? "fail" : "pass",
    failedStep,
    reason: cellReason({ failedStep, echo, steps, modelWhy, passed }),
    steps: steps.map(({ step, status, wrong }) =>
      wrong ? { step, status, wrong } : { step, status },
    ),
    echo: echo && {
      relation: echo.relation,
      sec_fetch_site: echo.sec_fetch_site,
      cookies_received: echo.cookies_received,
      summary: echo.summary,
    },
    ...(upstream === undefined ? {} : { upstream: upstreamFacts(upstream) }),
  };
}

/** The BFF's account of its call to the API, field by field (nothing else from the header). */
function upstreamFacts(hop) {
  if (!hop) return null;
  const { method, url, status, ms, authorization, refreshed, error, unreadable } = hop;
  return { method, url, status, ms, authorization, refreshed, error, unreadable };
}

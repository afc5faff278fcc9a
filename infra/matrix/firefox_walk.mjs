// The live matrix in Firefox ESR over WebDriver BiDi (puppeteer-core): the walk of walk.py (a
// trusted click on Run the matrix, one on the run's window each time it is armed on a new
// origin, the page's own export at the end), plus Firefox's own evidence for every cookie cell.
//
// Evidence: each API-cookie login (session, cookie JWT) is held at BiDi's beforeRequestSent
// intercept while storage.getCookies reads where the cell's CSRF cookie is: in the partition of
// the page's site ({type: "storageKey", sourceOrigin: page}), in the API's own first-party jar
// ({sourceOrigin: API}), or nowhere; the request's Cookie header says which one it carried.
// Holding the request makes the read exact: nothing in the page moves until it is released.
// Which jar the carried cookie came from (`carriedFrom`): a storageKey lookup returns the
// cookies partitioned under the sourceOrigin's site *plus* the unpartitioned cookies of its
// host (Firefox's storage.sys.mjs, #getTheCookieStore), so on its own it cannot tell a CHIPS
// jar from the first-party one where the page and the API share a site. Partition keys carry
// the scheme, so the same lookup for the API's origin under the other scheme names a partition
// that holds nothing and returns the unpartitioned cookies alone.
//
// Job (JSON on stdin): {pageUrl, username, password, timeoutMs, prefs, profileDir,
// executablePath, resultPath, csrfCookie}. Progress goes to stderr; the result to resultPath.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const READY = "body[data-ready=true]";
const RUN_BUTTON = "#matrix-panel button[data-action=run-matrix]";
const PANEL = `(() => {
  const panel = document.querySelector("#matrix-panel");
  const status = panel && panel.querySelector("[data-field=matrix-status]");
  return { url: location.href, state: (panel && panel.dataset.state) || "",
           status: (status && status.textContent) || "" };
})()`;
const POLL_MS = 250;
const STEP_TIMEOUT_MS = 30000;
const CSRF_PATH = "/api/auth/session/csrf/";
// The login of each API-cookie mode (web_client/scripts/api_paths.js).
const LOGINS = { "/api/auth/session/login/": "session", "/api/auth/cookie-jwt/login/": "cookie-jwt" };

const job = JSON.parse(readFileSync(0, "utf8"));
// csrftoken over http, __Host-csrftoken over https (backend/authentication/cookie_names.py).
const CSRF_COOKIE = job.csrfCookie;
const say = (text) => process.stderr.write(`${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const originOf = (url) => new URL(url).origin;
/** The same host and port under the other scheme: http <-> https. */
function otherScheme(origin) {
  const url = new URL(origin);
  url.protocol = url.protocol === "https:" ? "http:" : "https:";
  return url.origin;
}
// Tells two cookies apart (which jar the one a request carried came from) without the value.
const fingerprint = (value) => createHash("sha256").update(value).digest("hex").slice(0, 12);

/**
 * The cookies a request carried, read from its Cookie header. Not from the event's
 * request.cookies: in ESR 153 that list names the API's unpartitioned cookie even where the
 * header carried the partitioned one (observed: the fingerprints differ).
 */
function cookieHeader(headers) {
  const header = headers.find((h) => h.name.toLowerCase() === "cookie")?.value.value ?? "";
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), fingerprint: fingerprint(pair.slice(at + 1)) };
    });
}

async function cookiesIn(connection, sourceOrigin) {
  const { result } = await connection.send("storage.getCookies", {
    filter: { name: CSRF_COOKIE },
    partition: { type: "storageKey", sourceOrigin },
  });
  return {
    partitionKey: result.partitionKey,
    // Where and how it is stored, never its value.
    cookies: result.cookies.map(({ domain, path, sameSite, secure, httpOnly, value }) => ({
      domain, path, sameSite, secure, httpOnly, fingerprint: fingerprint(value.value),
    })),
  };
}

/**
 * For each CSRF cookie a login carried: "unpartitioned" (the API's first-party jar), "partition
 * of the page's site" (a jar keyed by the top-level site: TCP or CHIPS), or "unknown".
 */
function carriedFrom(sent, { inPagePartition, unpartitioned }) {
  const has = (jar, print) => jar.cookies.some((c) => c.fingerprint === print);
  return sent
    .filter((c) => c.name === CSRF_COOKIE)
    .map(({ fingerprint: print }) => {
      if (has(unpartitioned, print)) return "unpartitioned";
      if (has(inPagePartition, print)) return "partition of the page's site";
      return "unknown";
    });
}

/** Holds each API-cookie login and records where its CSRF cookie is; returns the records. */
async function watchLogins(connection) {
  const records = [];
  const policyOf = new Map(); // browsing context -> the cookie policy of its last CSRF fetch
  const { result } = await connection.send("network.addIntercept", {
    phases: ["beforeRequestSent"],
    urlPatterns: Object.keys(LOGINS).map((pathname) => ({ type: "pattern", pathname })),
  });
  connection.on("network.beforeRequestSent", async (event) => {
    const url = new URL(event.request.url);
    if (url.pathname === CSRF_PATH) {
      policyOf.set(event.context, url.searchParams.get("cookie_policy"));
    }
    if (!event.isBlocked || !event.intercepts?.includes(result.intercept)) return;
    const release = () =>
      connection.send("network.continueRequest", { request: event.request.request });
    try {
      if (event.request.method !== "POST") return; // a CORS preflight
      const { result: tree } = await connection.send("browsingContext.getTree", {
        root: event.context,
        maxDepth: 0,
      });
      const page = originOf(tree.contexts[0].url);
      const sentWithLogin = cookieHeader(event.request.headers);
      const csrfCookie = {
        inPagePartition: await cookiesIn(connection, page),
        inApiJar: await cookiesIn(connection, url.origin),
        unpartitioned: await cookiesIn(connection, otherScheme(url.origin)),
      };
      records.push({
        pageOrigin: page,
        mode: LOGINS[url.pathname],
        cookiePolicy: policyOf.get(event.context) ?? null,
        sentWithLogin,
        csrfCookie,
        carriedFrom: carriedFrom(sentWithLogin, csrfCookie),
      });
    } catch (error) {
      say(`evidence: could not read the cookies at a login: ${error.message}`);
    } finally {
      await release().catch((error) => say(`evidence: continueRequest: ${error.message}`));
    }
  });
  return records;
}

/**
 * Whether this Firefox blocks a window opened without a person's gesture (the remote agent
 * turns the blocker off unless the profile says otherwise): window.open evaluated with
 * userActivation false, in the first tab before any click.
 */
async function popupBlockerOn(connection) {
  const { result: tree } = await connection.send("browsingContext.getTree", { maxDepth: 0 });
  const { result } = await connection.send("script.evaluate", {
    expression: "(() => { const w = window.open('about:blank', 'lab-popup-probe'); " +
      "if (w) w.close(); return w === null; })()",
    target: { context: tree.contexts[0].context },
    awaitPromise: false,
    userActivation: false,
  });
  return result.result.value;
}

async function panel(page) {
  return page.evaluate(PANEL);
}

async function walk(browser, page) {
  await page.goto(job.pageUrl);
  await page.waitForSelector(READY, { timeout: STEP_TIMEOUT_MS });
  await page.select("#username", job.username);
  await page.locator("#password").fill(job.password);
  const opened = browser.waitForTarget((t) => t.url().includes("matrix-helper="), {
    timeout: STEP_TIMEOUT_MS,
  });
  await page.click(RUN_BUTTON);
  const window = await (await opened).page();
  say(`pressed Run the matrix on ${job.pageUrl}`);
  const pressed = new Set();
  let lastStatus = null;
  const deadline = Date.now() + job.timeoutMs;
  while (Date.now() < deadline) {
    const main = await panel(page);
    if (main.state === "finished") return page.evaluate("window.labMatrix || null");
    if (main.state === "failed") throw new Error(`the page stopped the run: ${main.status}`);
    if (main.status !== lastStatus) {
      say(main.status);
      lastStatus = main.status;
    }
    const helper = window.isClosed() ? null : await panel(window).catch(() => null);
    if (helper?.state === "armed" && !pressed.has(originOf(helper.url))) {
      await window.click(RUN_BUTTON);
      pressed.add(originOf(helper.url));
      say(`pressed the run button in the window on ${originOf(helper.url)}`);
    }
    await sleep(POLL_MS);
  }
  throw new Error(`the run did not finish within ${job.timeoutMs / 1000} s: ${lastStatus}`);
}

/** Evidence per cell, keyed "topology/policy/mode" with the export's own topology names. */
function evidenceByCell(records, exported) {
  const topologyOf = Object.fromEntries(
    Object.entries(exported.topologies).map(([topology, url]) => [originOf(url), topology]),
  );
  return Object.fromEntries(
    records.map(({ pageOrigin, mode, cookiePolicy, ...seen }) => [
      `${topologyOf[pageOrigin] ?? pageOrigin}/${cookiePolicy}/${mode}`,
      { pageOrigin, ...seen },
    ]),
  );
}

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: job.executablePath,
  headless: true,
  userDataDir: job.profileDir,
  extraPrefsFirefox: job.prefs,
});
let failed = null;
try {
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  const popupBlocker = (await popupBlockerOn(browser.connection)) ? "on" : "off";
  say(`popup blocker: ${popupBlocker}`);
  const records = await watchLogins(browser.connection);
  const exported = await walk(browser, page);
  if (!exported) throw new Error("the page finished but published no export (window.labMatrix)");
  const evidence = {
    source:
      "BiDi storage.getCookies at each API-cookie login, held at beforeRequestSent: the " +
      `${CSRF_COOKIE} cookie in the page site's partition and in the API's own jar`,
    cells: evidenceByCell(records, exported),
  };
  writeFileSync(job.resultPath, JSON.stringify({ version: await browser.version(), popupBlocker, export: exported, evidence }));
} catch (error) {
  failed = error;
} finally {
  await browser.close();
}
if (failed) {
  say(`Firefox walk failed: ${failed.message}`);
  process.exit(1);
}

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiScheme, detectEngine } from "../scripts/logic/engine.js";

// navigator.userAgent as each engine on this machine reports it (read with a headless launch
// of each: Playwright + /usr/bin/chromium, puppeteer-core + firefox-esr, WebKitWebDriver).
const CHROMIUM_156 =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "HeadlessChrome/156.0.0.0 Safari/537.36";
const FIREFOX_ESR_153 = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
const WEBKITGTK_250 =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
  "Version/60.5 Safari/605.1.15";
// A headed Chromium says Chrome/, not HeadlessChrome/.
const CHROMIUM_HEADED = CHROMIUM_156.replace("HeadlessChrome", "Chrome");

test("Chromium 156 (headless and headed) gets the Chromium rules", () => {
  for (const ua of [CHROMIUM_156, CHROMIUM_HEADED]) {
    const engine = detectEngine(ua);
    assert.equal(engine.name, "chromium");
    assert.equal(engine.ruleSet, "Chromium (Blink) rules");
  }
  assert.match(detectEngine(CHROMIUM_156).how, /HeadlessChrome\/156\.0\.0\.0/);
});

test("Firefox ESR 153 gets the Firefox rules, told by its Firefox/ token", () => {
  const engine = detectEngine(FIREFOX_ESR_153);
  assert.deepEqual(engine, {
    name: "firefox",
    how: "the user agent's token Firefox/153.0",
    ruleSet: "Firefox (Gecko) rules",
  });
});

test("WebKitGTK 2.50 gets the WebKit rules: AppleWebKit with no Chrome token", () => {
  const engine = detectEngine(WEBKITGTK_250);
  assert.equal(engine.name, "webkit");
  assert.match(engine.how, /AppleWebKit\/605\.1\.15 with no Chrome or Firefox token/);
  assert.match(engine.ruleSet, /WebKitGTK/);
});

test("an engine the page does not know is named unknown, with no rule set", () => {
  for (const ua of ["", "curl/8.5.0", "Mozilla/5.0 (compatible; Konqueror/4.4; Linux) KHTML/4.4.5", undefined]) {
    const engine = detectEngine(ua);
    assert.equal(engine.name, "unknown");
    assert.match(engine.ruleSet, /no rules for this engine/);
  }
});

test("the scheme is the API base URL's", () => {
  assert.equal(apiScheme("http://api.localhost:8000"), "http");
  assert.equal(apiScheme("https://api.localhost:8443/"), "https");
  assert.throws(() => apiScheme(""));
});

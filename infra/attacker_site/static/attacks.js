// The Attacks page: runs each attack in this browser, then asks this site's server for the
// verdict (it reads what the API recorded for the attack's marker). No framework.

import { deliver } from "./delivery.js";
import { renderFrames, renderLoot, renderVerdict } from "./view.js";

const LOOT_POLL_MS = 2000;
const $ = (selector) => document.querySelector(selector);
const config = await (await fetch("/config.json")).json();
const verdicts = [];

function fillSelect(select, values) {
  for (const value of values) select.append(new Option(value, value));
}
fillSelect($("#mode"), config.modes);
fillSelect($("#topology"), config.topologies);

function victim() {
  return { mode: $("#mode").value, policy: $("#policy").value, topology: $("#topology").value };
}

function post(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
    body: JSON.stringify(body),
  }).then((answer) => answer.json());
}

function newMarker() {
  return crypto.randomUUID().replaceAll("-", "");
}

function attackFields(attack, marker) {
  if (attack.family === "login-csrf") return config.attackerAccount;
  return { title: `csrf-${marker}`, text: "written by attacker.localhost" };
}

async function runOne(attack, who, extra = {}) {
  const target = config.targets[attack.id][who.mode][who.topology];
  if (target === null) return null;
  const marker = newMarker();
  const ctx = {
    ...who, ...extra, marker, target, markerParam: config.markerParam,
    fields: attackFields(attack, marker), frameHost: $("#frames-for-forms"),
  };
  let browser;
  try {
    browser = await deliver(attack, ctx);
  } catch (error) {
    browser = `delivery failed: ${error.message}`;
  }
  const judged = await post("/verdict/", { attack: attack.id, marker, ...who });
  const verdict = { ...judged, label: attack.label, family: attack.family, target, browser };
  verdicts.push(verdict);
  renderVerdict($("#verdicts tbody"), verdict);
  $("#verdicts-json").textContent = JSON.stringify(verdicts);
  $("#run-status").textContent = `${verdicts.length} verdicts`;
  return verdict;
}

async function runFamily(family, button) {
  const who = victim();
  const chosen = config.attacks.filter((attack) => attack.family === family);
  // One window for the whole run: a popup needs the click that opens it.
  const popup = chosen.some((a) => a.delivery === "window")
    ? window.open("about:blank", "attack-window", "popup,width=480,height=320")
    : null;
  button.disabled = true;
  $("#run-status").textContent = `running ${chosen.length} attacks as ${who.mode}…`;
  try {
    for (const attack of chosen) await runOne(attack, who, { popup });
  } finally {
    popup?.close();
    button.disabled = false;
    document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
  }
}

async function frameTheLab() {
  const grid = $("#frame-grid");
  grid.replaceChildren();
  for (const [name, url] of Object.entries(config.frameTargets)) {
    const figure = document.createElement("figure");
    const frame = document.createElement("iframe");
    frame.src = url;
    frame.title = name;
    const caption = document.createElement("figcaption");
    caption.textContent = name;
    figure.append(frame, caption);
    grid.append(figure);
  }
  const answer = await (await fetch("/frames/")).json();
  renderFrames($("#frame-verdicts tbody"), answer.frames);
  document.body.dataset.framed = "true";
}

async function replay(lootId, action) {
  const result = await post("/replay/", { loot: lootId, action });
  await refreshLoot();
  return result;
}

async function bearerFromHere(entry) {
  const attack = config.attacks.find((a) => a.family === "token-use");
  // A bearer token is the same credential whichever page it was taken from.
  const who = { mode: "jwt", topology: "cross-site", policy: "" };
  return runOne(attack, who, { bearer: entry.raw.access });
}

async function refreshLoot() {
  const { entries } = await (await fetch("/loot/")).json();
  renderLoot($("#loot-list"), entries, { replay, bearerFromHere });
}

$("[data-action=run-csrf]").addEventListener("click", (e) => runFamily("csrf", e.target));
$("[data-action=run-login]").addEventListener("click", (e) => runFamily("login-csrf", e.target));
$("[data-action=frame]").addEventListener("click", frameTheLab);
await refreshLoot();
setInterval(refreshLoot, LOOT_POLL_MS);
document.body.dataset.ready = "true";

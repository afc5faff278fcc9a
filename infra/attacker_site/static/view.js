// Rendering only: verdict rows, the framing table, the collector's entries.

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? "";
  if (className) td.className = className;
  return td;
}

export function renderVerdict(tbody, verdict) {
  const row = tbody.insertRow();
  row.dataset.attack = verdict.attack;
  row.dataset.mode = verdict.mode;
  row.dataset.outcome = verdict.outcome;
  row.dataset.stoppedBy = verdict.stopped_by.join("|");
  const attack = cell(row, verdict.label);
  const where = document.createElement("small");
  where.textContent = `→ ${verdict.target}. In this browser: ${verdict.browser}.`;
  attack.append(where);
  cell(row, `${verdict.mode}, ${verdict.topology}${verdict.policy ? `, ${verdict.policy}` : ""}`);
  cell(row, verdict.outcome === "worked" ? "WORKED" : verdict.outcome, "outcome");
  cell(row, verdict.stopped_by.join(" + ") || "—", "layers");
  cell(row, verdict.received, "small");
  cell(row, verdict.why, "small");
  cell(row, verdict.defences_off, "small");
}

export function renderFrames(tbody, frames) {
  tbody.replaceChildren();
  for (const frame of frames) {
    const row = tbody.insertRow();
    row.dataset.target = frame.name;
    row.dataset.refused = String(frame.refused);
    cell(row, `${frame.name} — ${frame.url}`);
    cell(row, frame.refused ? "refused" : "FRAMED", "outcome");
    cell(row, frame.stopped_by ?? "nothing forbids it", "layers");
  }
}

function button(label, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.addEventListener("click", action);
  return element;
}

export function renderLoot(list, entries, actions) {
  const signature = JSON.stringify(entries.map((e) => [e.id, e.events]));
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  list.replaceChildren();
  if (entries.length === 0) {
    list.innerHTML = '<li class="empty">Nothing collected yet.</li>';
    return;
  }
  for (const entry of entries) {
    const item = document.createElement("li");
    item.dataset.loot = String(entry.id);
    const facts = Object.entries(entry.facts).map(([k, v]) => `${k}: ${v}`).join("; ");
    const tokens = Object.entries(entry.tokens).map(([k, v]) => `${k} ${v}`).join(", ");
    const head = document.createElement("div");
    head.textContent = `#${entry.id} by ${entry.channel} — ${tokens || "no token"}`;
    const details = document.createElement("code");
    details.textContent = facts;
    item.append(head, details);
    if (entry.raw.access) {
      item.append(
        button("Use the access token (from this server)", () => actions.replay(entry.id, "use-access")),
        button("Use it from this browser", () => actions.bearerFromHere(entry)),
      );
    }
    if (entry.raw.refresh) {
      item.append(button("Refresh with it (from this server)", () => actions.replay(entry.id, "refresh")));
    }
    for (const event of entry.events) {
      const line = document.createElement("span");
      line.className = "result";
      line.textContent = event;
      item.append(line);
    }
    list.append(item);
  }
}

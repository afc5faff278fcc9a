// "What still works after…": the sign-in button, the events, the timeline and the runs table,
// and a machine-readable copy in <pre id="timeline-json"> (and window.labTimeline) for tests.
// Emits lab:timeline-sign-in, lab:timeline-event {event, via}, lab:timeline-restore,
// lab:timeline-reactivate.
import { emit, h } from "../dom.js";
import { EVENTS, EVENT_TITLES, VIA_SESSION, VIA_TITLES } from "../logic/revocation_rules.js";
import { runsTable, timelineView } from "./timeline_view.js";

// Which controls work in which state (data-state on the panel, for tests and CSS too).
const SIGN_IN_STATES = new Set(["idle", "watching", "armed", "after-event", "finished", "failed"]);

export function RevocationPanel(el, config) {
  const field = (name) => el.querySelector(`[data-field=${name}]`);
  const signIn = el.querySelector("[data-action=timeline-sign-in]");
  const restore = el.querySelector("[data-action=restore-password]");
  const reactivate = el.querySelector("[data-action=reactivate]");
  const via = el.querySelector("select[name=via]");
  const json = el.querySelector("#timeline-json");
  const sameSiteLink = config.topology === "same-site" ? null : config.topologies?.["same-site"];
  let sessionCaller = true;

  via.replaceChildren(
    ...Object.entries(VIA_TITLES)
      .filter(([value]) => value !== "refresh")
      .map(([value, title]) => h("option", { value }, title)),
  );
  const eventButtons = EVENTS.map((event) =>
    h("button", { type: "button", "data-event": event }, EVENT_TITLES[event]),
  );
  field("timeline-events").replaceChildren(...eventButtons);

  signIn.addEventListener("click", () => emit(el, "lab:timeline-sign-in"));
  field("timeline-events").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-event]");
    if (button) emit(el, "lab:timeline-event", { event: button.dataset.event, via: via.value });
  });
  restore.addEventListener("click", () => emit(el, "lab:timeline-restore"));
  reactivate.addEventListener("click", () => emit(el, "lab:timeline-reactivate"));

  function setState(state) {
    el.dataset.state = state;
    signIn.disabled = !SIGN_IN_STATES.has(state);
    const armed = state === "armed";
    via.disabled = !armed;
    for (const button of eventButtons) {
      // Without a session on this page, there is no session to log out or to send events with.
      const needsSession = button.dataset.event === "logout-session";
      button.disabled = !armed || (needsSession && !sessionCaller);
    }
  }

  return {
    setState,
    /** kind: "ok" | "error" | "info" */
    setStatus(text, kind = "info") {
      field("timeline-status").textContent = text;
      field("timeline-status").dataset.kind = kind;
    },
    /** Whether the session lane works here: it can send events and be logged out. */
    setSessionCaller(available) {
      sessionCaller = available;
      via.querySelector(`option[value=${VIA_SESSION}]`).disabled = !available;
      if (!available) via.value = "bearer";
    },
    render(timeline, predictions) {
      field("timeline").replaceChildren(
        timelineView(timeline, predictions, Date.now(), sameSiteLink),
      );
    },
    showRuns(runs) {
      field("timeline-runs").replaceChildren(runsTable(runs) || "");
    },
    publish(summary) {
      json.textContent = JSON.stringify(summary, null, 2);
      window.labTimeline = summary;
    },
    /** Offer a restore with the temporary password still known, or hide the offer (null). */
    offerRestore(show) {
      restore.hidden = !show;
    },
    offerReactivate(username) {
      reactivate.hidden = !username;
      if (username) reactivate.textContent = `Reactivate ${username}`;
    },
  };
}

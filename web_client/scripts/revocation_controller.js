// "What still works after…": sign one user in as a session and as a JWT pair, probe every
// credential once a second, fire one event when the person asks, and stop when nothing more
// will change by itself (logic/timeline.js). The rules' prediction is drawn beside each lane.
import { RevocationPanel } from "./components/revocation_panel.js";
import { pageContext } from "./page_engine.js";
import { decodeJwt } from "./logic/jwt.js";
import { clockTime, stopWords } from "./logic/lane_words.js";
import {
  EVENT_TITLES,
  eventCaller,
  predictLanes,
  sessionLaneOutlook,
} from "./logic/revocation_rules.js";
import {
  ALIVE,
  PROBE_INTERVAL_MS,
  UNAVAILABLE,
  createTimeline,
  finish,
  probing,
  recordEvent,
  recordRound,
  stopReason,
  summarize,
} from "./logic/timeline.js";
import { createRevocationFlow } from "./revocation_flow.js";

/**
 * @param credentials () => {username, password, cookiePolicy} from the sign-in form
 * @param send (spec, echoOptions) => Promise<exchange>, shown in the inspector
 */
export function startRevocation(el, api, config, credentials, send) {
  const panel = RevocationPanel(el, config);
  const flow = createRevocationFlow(api, send);
  const runs = [];
  let current = null;
  let pendingRestore = null;
  let deactivated = null;

  panel.setState("idle");
  const on = (name, handler) => el.addEventListener(name, (event) => handler(event.detail));
  on("lab:timeline-sign-in", signIn);
  on("lab:timeline-event", ({ event, via }) => {
    if (!current || el.dataset.state !== "armed") return;
    current.pending = { event, via };
    panel.setState("firing");
    panel.setStatus(`${EVENT_TITLES[event]}…`);
    current.wake();
  });
  on("lab:timeline-restore", restore);
  on("lab:timeline-reactivate", reactivate);

  async function signIn() {
    const { username, password, cookiePolicy } = credentials();
    if (!password) {
      panel.setStatus("Type the demo password in the sign-in form first.", "error");
      return;
    }
    if (current) current.stopped = true;
    current?.wake();
    panel.setState("signing-in");
    panel.setStatus(`Signing ${username} in with a session cookie and a JWT pair…`);
    const { engine, scheme } = pageContext(config);
    const outlook = sessionLaneOutlook(config.topology, cookiePolicy, {
      engine: engine.name,
      scheme,
    });
    const done = await flow.signIn({
      username,
      password,
      cookiePolicy,
      withSession: outlook.outlook !== "no",
    });
    if (!done.tokens) {
      panel.setState("failed");
      panel.setStatus(`Sign-in failed. ${done.jwt.error}`, "error");
      return;
    }
    const unavailable = {};
    const policy = `The session cookie (${cookiePolicy}, chosen in the sign-in form)`;
    if (outlook.outlook === "no") {
      unavailable.session = `${policy} cannot work on this page: ${outlook.why}`;
    } else if (!done.session.response?.ok) {
      unavailable.session = `${policy} could not sign in here: ${done.session.error} ${outlook.why}`;
    }
    panel.setSessionCaller(!unavailable.session);
    const access = decodeJwt(done.tokens.access).claims;
    const refresh = decodeJwt(done.tokens.refresh).claims;
    const timeline = createTimeline({
      startedAt: Date.now(),
      accessExp: access.exp,
      refreshExp: refresh.exp,
      unavailable,
    });
    const run = { timeline, predictions: null, pending: null, stopped: false, wake: () => {} };
    run.account = { username, password };
    current = run;
    panel.setState("watching");
    const left = Math.round(access.exp - Date.now() / 1000);
    panel.setStatus(
      `Signed in as ${username}; the access token expires at ${clockTime(access.exp * 1000)} ` +
        `(in ${left} s).`,
    );
    watch(run);
  }

  async function watch(run) {
    while (!run.stopped) {
      if (run.pending) await fire(run);
      if (run.stopped) return;
      const lanes = probing(run.timeline);
      const sentAt = Date.now();
      const answers = await Promise.all(lanes.map((lane) => flow.probe(lane)));
      if (run.stopped) return;
      recordRound(run.timeline, sentAt, Object.fromEntries(lanes.map((l, i) => [l, answers[i]])));
      const reason = stopReason(run.timeline, Date.now());
      if (reason) {
        finish(run.timeline, Date.now(), reason);
        end(run);
        return;
      }
      if (!run.timeline.event && el.dataset.state === "watching" && ready(run.timeline)) {
        panel.setState("armed");
        panel.setStatus("Every credential works. Fire one event.", "ok");
      }
      panel.render(run.timeline, run.predictions);
      await pause(run, sentAt + PROBE_INTERVAL_MS - Date.now());
    }
  }

  function pause(run, ms) {
    return new Promise((resolve) => {
      if (run.pending) resolve(); // asked for during the last round: fire it now
      const timer = setTimeout(resolve, Math.max(0, ms));
      run.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function fire(run) {
    const { event, via } = run.pending;
    run.pending = null;
    const caller = eventCaller(event, via);
    const { exchange, temporary } = await flow.fire(event, caller, run.account);
    if (run !== current) return; // a new sign-in replaced this timeline meanwhile
    if (!exchange.response?.ok) {
      panel.setState("armed");
      panel.setStatus(`${EVENT_TITLES[event]} did not happen. ${exchange.error}`, "error");
      return;
    }
    const { accessExp, refreshExp } = run.timeline;
    recordEvent(run.timeline, { event, via: caller, at: Date.now() });
    run.predictions = predictLanes({ event, via: caller, accessExp, refreshExp });
    panel.setState("after-event");
    panel.setStatus(`${EVENT_TITLES[event]} done: watching what still works.`);
    if (temporary) await restorePassword({ ...run.account, temporary, caller });
    if (event === "deactivate") {
      deactivated = run.account;
      panel.offerReactivate(run.account.username);
    }
  }

  async function restorePassword(change) {
    const exchange = await flow.restorePassword(change);
    pendingRestore = exchange.response?.ok ? null : change;
    panel.offerRestore(Boolean(pendingRestore));
    if (!pendingRestore) {
      panel.setStatus(
        "Password changed, and set back at once so the demo password keeps working: a second " +
          "change through the same kind of credential, which ends nothing the first had not.",
      );
    } else {
      panel.setStatus(
        `The password is now ${change.temporary}: setting it back failed (${exchange.error}). ` +
          "Press Restore the demo password.",
        "error",
      );
    }
  }

  function restore() {
    if (pendingRestore) restorePassword(pendingRestore);
  }

  async function reactivate() {
    if (!deactivated) return;
    const exchange = await flow.reactivate(deactivated);
    if (exchange.response?.ok) {
      panel.setStatus(`${deactivated.username} is active again and can sign in.`, "ok");
      deactivated = null;
      panel.offerReactivate(null);
    } else {
      panel.setStatus(`Reactivation failed. ${exchange.error}`, "error");
    }
  }

  function end(run) {
    run.stopped = true;
    panel.render(run.timeline, run.predictions);
    const summary = summarize(run.timeline, run.predictions);
    if (run.timeline.event) runs.push(summary);
    panel.showRuns(runs);
    panel.publish({ ...summary, topology: config.topology, runs });
    panel.setState("finished");
    if (!run.timeline.event) panel.setStatus(stopWords(run.timeline), "error");
    else if (summary.agrees)
      panel.setStatus("Finished: every lane ended as the rules predict.", "ok");
    else
      panel.setStatus("Finished: some lanes did not end as the rules predict (outlined).", "error");
  }
}

/** Every credential probed so far works (or cannot work on this page): events may fire. */
function ready(timeline) {
  return Object.values(timeline.lanes).every((lane) => [ALIVE, UNAVAILABLE].includes(lane.state));
}

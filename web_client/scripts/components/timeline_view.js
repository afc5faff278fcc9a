// The revocation timeline drawn: one lane per credential, one square per probe, a bar for the
// event and one for the access token's expiry; each lane says why it still works or stopped,
// what the rules predicted, and is outlined when the two disagree. Also the table of runs.
import { h } from "../dom.js";
import { clockTime, laneWords, orderWords, stopWords } from "../logic/lane_words.js";
import {
  END_SHORT,
  END_TITLES,
  EVENT_TITLES,
  LANES,
  LANE_PROBES,
  LANE_TITLES,
  VIA_TITLES,
  endOrder,
} from "../logic/revocation_rules.js";
import { ALIVE, UNAVAILABLE, compareWithRules, observedOrder } from "../logic/timeline.js";

const TICK_WORDS = { alive: "worked", refused: "refused", "no-answer": "no answer" };

/** The whole timeline for `timeline` (and the rules' `predictions` once an event happened). */
export function timelineView(timeline, predictions, nowMs, sameSiteLink = null) {
  const verdicts = compareWithRules(timeline, predictions);
  const expiryRound = timeline.rounds.findIndex((at) => at >= timeline.accessExp * 1000);
  return h(
    "div",
    { class: "timeline" },
    LANES.map((lane) =>
      laneView(timeline, lane, verdicts[lane], { nowMs, expiryRound, sameSiteLink }),
    ),
    axis(timeline, expiryRound),
    predictions ? orders(timeline, verdicts) : null,
    timeline.stop ? h("p", { class: "timeline-stop" }, stopWords(timeline)) : null,
  );
}

function laneView(timeline, name, verdict, { nowMs, expiryRound, sameSiteLink }) {
  const lane = timeline.lanes[name];
  const { observed, predicted, agrees } = verdict;
  const unavailable = lane.state === UNAVAILABLE;
  return h(
    "section",
    {
      class: `lane lane-${lane.state}${agrees === false ? " surprise" : ""}`,
      "data-lane": name,
      "data-state": lane.state,
      "data-observed": observed || "",
      "data-predicted": predicted?.end || "",
      "data-agrees": agrees === null ? "" : String(agrees),
    },
    h(
      "div",
      { class: "lane-head" },
      h("strong", {}, LANE_TITLES[name]),
      h("small", {}, LANE_PROBES[name]),
    ),
    h("div", { class: "lane-strip" }, strip(timeline, name, expiryRound)),
    h(
      "div",
      { class: "lane-end" },
      h("span", { class: "lane-verdict" }, verdictWords(lane.state, observed)),
      lane.endedAt ? h("small", {}, clockTime(lane.endedAt)) : null,
    ),
    h(
      "p",
      { class: "lane-why" },
      laneWords(timeline, name, nowMs),
      unavailable && sameSiteLink
        ? [" ", h("a", { href: sameSiteLink }, "Open the same-site page.")]
        : null,
    ),
    predicted
      ? h("p", { class: "lane-rule" }, `The rules: ${END_TITLES[predicted.end]}: ${predicted.why}`)
      : null,
    agrees === false
      ? h(
          "p",
          { class: "surprise-note" },
          `Unexpected: this browser saw “${END_TITLES[observed]}”.`,
        )
      : null,
  );
}

function verdictWords(state, observed) {
  if (state === UNAVAILABLE) return "not on this page";
  if (observed) return END_SHORT[observed];
  return state === ALIVE ? "still works" : "…";
}

/** One square per round; a bar before the first round after the event and after expiry. */
function strip(timeline, name, expiryRound) {
  const byRound = new Map(timeline.lanes[name].ticks.map((tick) => [tick.round, tick.verdict]));
  const squares = [];
  timeline.rounds.forEach((at, round) => {
    if (timeline.event?.round === round) squares.push(h("span", { class: "mark mark-event" }));
    if (expiryRound === round) squares.push(h("span", { class: "mark mark-expiry" }));
    const verdict = byRound.get(round);
    const words = verdict ? TICK_WORDS[verdict] : "not probed";
    squares.push(
      h("span", { class: `tick tick-${verdict || "none"}`, title: `${clockTime(at)}: ${words}` }),
    );
  });
  return squares;
}

function axis(timeline, expiryRound) {
  const { event, stop } = timeline;
  const parts = [`${clockTime(timeline.startedAt)} signed in`];
  if (event) parts.push(`${clockTime(event.at)} ${EVENT_TITLES[event.event]} (blue bar)`);
  const expiry = `${clockTime(timeline.accessExp * 1000)} access token's exp`;
  parts.push(expiryRound >= 0 ? `${expiry} (dashed bar)` : expiry);
  if (stop) parts.push(`${clockTime(stop.at)} stopped`);
  return h("p", { class: "timeline-axis" }, parts.join(" · "));
}

function orders(timeline, verdicts) {
  const predictedEnds = {};
  for (const lane of LANES) {
    if (timeline.lanes[lane].state !== UNAVAILABLE)
      predictedEnds[lane] = verdicts[lane].predicted?.end;
  }
  const predicted = orderWords(endOrder(predictedEnds));
  return [
    h("p", { class: "timeline-order" }, h("strong", {}, "The rules predict: "), predicted),
    h(
      "p",
      { class: "timeline-order" },
      h("strong", {}, "Observed: "),
      orderWords(observedOrder(timeline)),
    ),
  ];
}

/** Every finished run on this page: event × credential → how it ended. */
export function runsTable(runs) {
  if (!runs.length) return null;
  return h(
    "table",
    { class: "timeline-runs" },
    h("caption", {}, "Timelines run on this page (⚠: not what the rules predict)"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, "event (sent with)"),
        LANES.map((lane) => h("th", {}, LANE_TITLES[lane])),
      ),
    ),
    h(
      "tbody",
      {},
      runs.map((run) =>
        h(
          "tr",
          { "data-event": run.event.event },
          h(
            "th",
            { scope: "row" },
            `${EVENT_TITLES[run.event.event]} (${VIA_TITLES[run.event.via]})`,
          ),
          LANES.map((lane) => runCell(run.lanes[lane])),
        ),
      ),
    ),
  );
}

function runCell({ state, observed, agrees }) {
  if (state === UNAVAILABLE) return h("td", { class: "not-run" }, "not on this page");
  const mark = agrees === false ? " ⚠" : "";
  return h(
    "td",
    { class: `end-${observed}${agrees === false ? " surprise" : ""}` },
    `${END_SHORT[observed]}${mark}`,
  );
}

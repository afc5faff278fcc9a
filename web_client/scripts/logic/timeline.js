// The revocation timeline as data: one lane per credential, one round of probes a second, the
// event, and when each lane ended. No DOM and no clock of its own: callers pass every time (ms).
import {
  ACCESS_LANES,
  AT_EXPIRY,
  AT_ONCE,
  BEFORE_EVENT,
  LANES,
  LATER,
  NEVER,
  endOrder,
} from "./revocation_rules.js";

export const PROBE_INTERVAL_MS = 1000;
/** Rounds that must run after the event before lanes still alive may be called "never". */
export const ROUNDS_AFTER_EVENT = 2;
/** The latest a timeline runs: the access token's exp plus this (the API's clock leeway). */
export const EXPIRY_GRACE_SECONDS = 15;

export const WAITING = "waiting";
export const ALIVE = "alive";
export const ENDED = "ended";
export const UNAVAILABLE = "unavailable";

export const STOP_ALL_ENDED = "all-ended";
export const STOP_ACCESS_ENDED = "access-ended";
export const STOP_BOUND = "bound";
export const STOP_EXPIRED_BEFORE_EVENT = "expired-before-event";

/** What one probe's answer says: the credential worked, was refused, or nothing is known. */
export function probeVerdict(answer) {
  const status = answer?.status ?? null;
  if (status === null) return "no-answer";
  if (status >= 200 && status < 300) return "alive";
  return status === 401 || status === 403 ? "refused" : "no-answer";
}

/**
 * A new timeline. `unavailable` maps a lane to why it cannot work on this page (never probed).
 * @param {{startedAt: number, accessExp: number, refreshExp: number,
 *          unavailable?: Object<string, string>}} start
 */
export function createTimeline({ startedAt, accessExp, refreshExp, unavailable = {} }) {
  const ownExp = { session: null, refresh: refreshExp };
  for (const lane of ACCESS_LANES) ownExp[lane] = accessExp;
  const lanes = Object.fromEntries(
    LANES.map((lane) => [
      lane,
      {
        lane,
        exp: ownExp[lane],
        state: unavailable[lane] ? UNAVAILABLE : WAITING,
        note: unavailable[lane] || null,
        ticks: [],
        last: null,
        problem: null,
        endedAt: null,
      },
    ]),
  );
  return { startedAt, accessExp, refreshExp, lanes, rounds: [], event: null, stop: null };
}

/** Lanes to probe in the next round. */
export function probing(timeline) {
  return LANES.filter((lane) => [WAITING, ALIVE].includes(timeline.lanes[lane].state));
}

/**
 * Record one round: `answers` maps each probed lane to {status, body, sentAt, answeredAt}.
 * A lane refused on its very first probe never worked here; one refused later has ended, and
 * stays ended (it is not probed again).
 */
export function recordRound(timeline, sentAt, answers) {
  const round = timeline.rounds.length;
  timeline.rounds.push(sentAt);
  for (const [name, answer] of Object.entries(answers)) {
    const lane = timeline.lanes[name];
    const verdict = probeVerdict(answer);
    lane.ticks.push({ round, verdict });
    // An answer that says nothing about the credential (no answer, 404, 5xx) is kept to show.
    lane.problem = verdict === "no-answer" ? answer : null;
    if (verdict === "no-answer") continue;
    lane.last = answer;
    if (verdict === "alive") lane.state = ALIVE;
    else if (lane.state === WAITING) lane.state = UNAVAILABLE;
    else {
      lane.state = ENDED;
      lane.endedAt = answer.answeredAt;
      lane.endRound = round;
    }
  }
  return timeline;
}

/** The event happened at `at` (its answer arrived): probes sent from then on see its effect. */
export function recordEvent(timeline, { event, via, at }) {
  timeline.event = { event, via, at, round: timeline.rounds.length };
  return timeline;
}

/** Why the timeline should stop now, or null to keep probing. */
export function stopReason(timeline, nowMs) {
  const live = probing(timeline);
  if (!timeline.rounds.length) return null;
  if (!live.length) return STOP_ALL_ENDED;
  const accessOver = ACCESS_LANES.every((lane) => !live.includes(lane));
  const pastBound = nowMs >= (timeline.accessExp + EXPIRY_GRACE_SECONDS) * 1000;
  if (!timeline.event) return accessOver || pastBound ? STOP_EXPIRED_BEFORE_EVENT : null;
  if (pastBound) return STOP_BOUND;
  const roundsAfter = timeline.rounds.length - timeline.event.round;
  // After the access tokens, nothing ends by itself for hours (refresh token, session).
  return accessOver && roundsAfter >= ROUNDS_AFTER_EVENT ? STOP_ACCESS_ENDED : null;
}

export function finish(timeline, at, reason) {
  timeline.stop = { at, reason };
  return timeline;
}

/**
 * How a lane ended, as observed: before the event; at once (refused in the first round after
 * it, before its own exp); later (refused in a later round, before its exp); at expiry (refused
 * once its exp had passed); never (alive when the timeline stopped); null while undecided.
 */
export function observedEnd(timeline, name) {
  const lane = timeline.lanes[name];
  if (lane.state === UNAVAILABLE) return null;
  if (lane.state === ENDED) {
    if (!timeline.event || lane.endRound < timeline.event.round) return BEFORE_EVENT;
    if (lane.exp !== null && lane.endedAt >= lane.exp * 1000) return AT_EXPIRY;
    return lane.endRound === timeline.event.round ? AT_ONCE : LATER;
  }
  return timeline.stop ? NEVER : null;
}

/** Each lane's observed end beside the rules' prediction; `agrees` is null while undecided. */
export function compareWithRules(timeline, predictions) {
  return Object.fromEntries(
    LANES.map((lane) => {
      const observed = observedEnd(timeline, lane);
      const predicted = predictions?.[lane] || null;
      const agrees = observed && predicted ? observed === predicted.end : null;
      return [lane, { observed, predicted, agrees }];
    }),
  );
}

/** Observed ends grouped earliest first, as endOrder does for the prediction. */
export function observedOrder(timeline) {
  const ends = {};
  for (const lane of LANES) {
    const end = observedEnd(timeline, lane);
    if (end) ends[lane] = end;
  }
  return endOrder(ends);
}

/** The timeline as plain data beside the rules: what the page publishes as JSON. */
export function summarize(timeline, predictions) {
  const verdicts = compareWithRules(timeline, predictions);
  const probed = LANES.filter((lane) => timeline.lanes[lane].state !== UNAVAILABLE);
  const predictedEnds = Object.fromEntries(
    probed.filter((lane) => predictions?.[lane]).map((lane) => [lane, predictions[lane].end]),
  );
  return {
    event: timeline.event,
    startedAt: timeline.startedAt,
    accessExp: timeline.accessExp,
    refreshExp: timeline.refreshExp,
    rounds: timeline.rounds.length,
    stop: timeline.stop,
    lanes: Object.fromEntries(
      LANES.map((lane) => {
        const { state, endedAt } = timeline.lanes[lane];
        const { observed, predicted, agrees } = verdicts[lane];
        return [lane, { state, endedAt, observed, predicted: predicted?.end ?? null, agrees }];
      }),
    ),
    predictedOrder: endOrder(predictedEnds),
    observedOrder: observedOrder(timeline),
    agrees: probed.every((lane) => verdicts[lane].agrees !== false),
  };
}

// The timeline in plain words: why each credential still works or why it stopped, when the
// timeline stopped and why, and the rules' verdict. Times are the browser's local clock.
import { AT_EXPIRY, AT_ONCE, BEFORE_EVENT, END_TITLES, LANE_TITLES } from "./revocation_rules.js";
import {
  ALIVE,
  ENDED,
  EXPIRY_GRACE_SECONDS,
  STOP_ACCESS_ENDED,
  STOP_ALL_ENDED,
  STOP_BOUND,
  STOP_EXPIRED_BEFORE_EVENT,
  UNAVAILABLE,
  observedEnd,
} from "./timeline.js";

const pad = (number) => String(number).padStart(2, "0");

/** "14:05:12" (local time). */
export function clockTime(ms) {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "14:05:12" on the day of `todayMs`, else "2026-11-29 14:05:12". */
export function clockWhen(ms, todayMs) {
  const date = new Date(ms);
  const today = new Date(todayMs);
  if (date.toDateString() === today.toDateString()) return clockTime(ms);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${clockTime(ms)}`;
}

/** "0.4 s" */
export function secondsText(ms) {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** The API's reason for a refusal: its detail, simplejwt's message, and the code. */
export function refusalReason(body) {
  if (!body || typeof body !== "object") return "the API gave no reason";
  const message = Array.isArray(body.messages) ? body.messages[0]?.message : null;
  const detail = [body.detail, message].filter(Boolean).join(": ") || "no detail";
  return body.code ? `${detail} (${body.code})` : detail;
}

/** Why a working credential works, in the API's words where it gives them. */
export function aliveWords(lane, body, exp, nowMs) {
  if (lane === "session") {
    return (
      `the cookie arrived and the server still holds its session: /api/auth/me/ answered as ` +
      `${body?.username ?? "the user"}; the server checks it on every request.`
    );
  }
  if (lane === "refresh") {
    return (
      "signature valid, not blacklisted, its sign-in not revoked: it can still get new access " +
      `tokens until it expires at ${clockWhen(exp * 1000, nowMs)}.`
    );
  }
  const why = sentence(body?.why || "signature valid");
  return /expire/i.test(why) ? why : `${why} It expires at ${clockTime(exp * 1000)}.`;
}

const SESSION_GONE =
  "the server no longer holds a valid session for this cookie, so the request counts as " +
  "anonymous.";

/** `text` ending with exactly one full stop (the API's details often bring their own). */
function sentence(text) {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Why a lane stopped: when, relative to the event or its exp, and the API's reason. */
export function endedWords(timeline, name) {
  const lane = timeline.lanes[name];
  let reason = sentence(refusalReason(lane.last?.body));
  // DRF says only that no credentials came: a cookie naming no valid session counts as none.
  if (name === "session") reason = `${SESSION_GONE} The API: ${reason}`;
  const at = clockTime(lane.endedAt);
  const end = observedEnd(timeline, name);
  if (end === BEFORE_EVENT) return `Stopped at ${at}, before any event: ${reason}`;
  if (end === AT_EXPIRY) {
    // simplejwt accepts a token for LEEWAY seconds past exp (clock skew); 5 s by default here.
    const late = Math.floor((lane.endedAt - lane.exp * 1000) / 1000);
    const leeway = late >= 2 ? `, and the API's clock leeway of about ${late} s after it` : "";
    return `Stopped at ${at}: its exp (${clockTime(lane.exp * 1000)}) had passed${leeway}. ${reason}`;
  }
  if (end === AT_ONCE)
    return `Stopped at ${at}, refused by the first probe after the event: ${reason}`;
  const after = secondsText(lane.endedAt - timeline.event.at);
  return `Stopped at ${at}, ${after} after the event: ${reason}`;
}

/** Why a lane still alive when the timeline stopped is reported as "never". */
export function stillAliveWords(timeline, name) {
  const lane = timeline.lanes[name];
  const now = timeline.stop.at;
  if (name === "session") {
    return (
      "Still valid when the timeline stopped: a session lives until it is logged out or ended " +
      "on the server, or its cookie expires."
    );
  }
  if (name === "refresh") {
    return (
      "Still valid when the timeline stopped: it would live until " +
      `${clockWhen(lane.exp * 1000, now)} (its exp), unless something revokes it.`
    );
  }
  return (
    `Still valid when the timeline stopped at ${clockTime(now)}, ` +
    `${EXPIRY_GRACE_SECONDS} s past its exp (${clockTime(lane.exp * 1000)}).`
  );
}

/** One sentence for a lane in its current state. */
export function laneWords(timeline, name, nowMs) {
  const lane = timeline.lanes[name];
  if (lane.state === UNAVAILABLE) {
    return lane.note || `Refused on the first probe: ${refusalReason(lane.last?.body)}.`;
  }
  if (lane.state === ENDED) return endedWords(timeline, name);
  if (lane.state === ALIVE && timeline.stop) return stillAliveWords(timeline, name);
  if (lane.state === ALIVE) {
    return `Still works: ${aliveWords(name, lane.last?.body, lane.exp, nowMs)}`;
  }
  return lane.problem ? `No usable answer yet: ${problemWords(lane.problem)}` : "Waiting…";
}

/** An answer that says nothing about the credential: no answer, or an unexpected status. */
export function problemWords(answer) {
  if (answer.status === null) return answer.error || "the API did not answer.";
  const hint =
    answer.status === 404
      ? " This API does not offer the probe (the lab-only routes are off where " +
        "LAB_ACCOUNT_SWITCHES is false, as in production)."
      : "";
  return `HTTP ${answer.status}: ${sentence(refusalReason(answer.body))}${hint}`;
}

/** Why the timeline stopped. */
export function stopWords(timeline) {
  const { reason, at } = timeline.stop;
  const lifetime = Math.round(timeline.accessExp - timeline.startedAt / 1000);
  const words = {
    [STOP_ALL_ENDED]: "Every credential has stopped.",
    [STOP_ACCESS_ENDED]:
      "Both access tokens have stopped. Nothing else ends by itself for a long time (the " +
      `refresh token lives until ${clockWhen(timeline.refreshExp * 1000, at)}, a session until ` +
      "logout or its cookie's expiry), so the panel stopped probing: what still works is " +
      "marked never.",
    [STOP_BOUND]:
      `Stopped ${EXPIRY_GRACE_SECONDS} s after the access token's exp: an access lane still ` +
      "alive then outlived its own expiry.",
    [STOP_EXPIRED_BEFORE_EVENT]:
      "The access token expired before any event was fired, so the timeline cannot tell " +
      `"at once" from "at expiry". Sign in again and fire an event within its lifetime ` +
      `(about ${lifetime} s).`,
  };
  return `${words[reason]} (${clockTime(at)})`;
}

/** "at once: Refresh token · at expiry: Access token, db authenticator, …" */
export function orderWords(order) {
  if (!order.length) return "—";
  return order
    .map(({ end, lanes }) => `${END_TITLES[end]}: ${lanes.map((l) => LANE_TITLES[l]).join(", ")}`)
    .join(" · ");
}

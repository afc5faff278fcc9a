// How each attack leaves this page: a form in a hidden frame, a form in a new window (one per
// run: a popup needs the click that started it), or a fetch. Every wait is bounded.

const WAIT_MS = 10_000;
const POLL_MS = 50;

function formUrl(attack, ctx) {
  const query = new URLSearchParams({
    attack: attack.id, mode: ctx.mode, topology: ctx.topology, marker: ctx.marker,
  });
  return `/forms/attack/?${query}`;
}

async function until(condition, what) {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function crossOrigin(win) {
  try {
    return win.location.href === undefined;
  } catch {
    return true; // reading another origin's location throws: the form's answer has arrived
  }
}

// Resolves once `win` (a frame's or a window's) has submitted the form for `marker` and shows
// the target's answer: reading its location throws from then on. A navigation commits when the
// answer's headers arrive, so the API has recorded the request by then.
async function submitted(getWindow, marker, navigate) {
  let sent = false;
  const listen = (event) => {
    if (event.origin === location.origin && event.data?.submitting === marker) sent = true;
  };
  window.addEventListener("message", listen);
  try {
    navigate();
    await until(() => sent, "the form to submit");
    await until(() => crossOrigin(getWindow()), "the target's answer");
  } finally {
    window.removeEventListener("message", listen);
  }
}

// A form in a hidden iframe: the API is a third party under this page's top-level site.
async function inFrame(attack, ctx) {
  const frame = document.createElement("iframe");
  await submitted(() => frame.contentWindow, ctx.marker, () => {
    frame.src = formUrl(attack, ctx);
    ctx.frameHost.append(frame);
  });
  frame.remove();
  return "the framed form's answer arrived (unreadable here; the API's also forbids framing)";
}

// A form in a new top-level window: a cross-site navigation, so no third-party rule applies.
async function inWindow(attack, ctx) {
  await submitted(() => ctx.popup, ctx.marker, () => {
    ctx.popup.location.href = formUrl(attack, ctx);
  });
  return "the window shows the target's answer (unreadable here)";
}

// fetch with cookies and a "simple" content type: sent without a preflight.
async function byFetch(attack, ctx) {
  const url = `${ctx.target}?${ctx.markerParam}=${ctx.marker}`;
  const headers = { "Content-Type": "text/plain" };
  if (ctx.bearer) headers.Authorization = `Bearer ${ctx.bearer}`;
  const init = ctx.bearer
    ? { method: "GET", headers }
    : { method: "POST", credentials: "include", headers, body: JSON.stringify(ctx.fields) };
  try {
    const answer = await fetch(url, init);
    return `fetch resolved, status ${answer.status} (readable: CORS allowed this origin!)`;
  } catch (error) {
    return `fetch rejected (${error.message}): CORS kept the answer from this page`;
  }
}

export function deliver(attack, ctx) {
  if (attack.delivery === "frame") return inFrame(attack, ctx);
  if (attack.delivery === "window") return inWindow(attack, ctx);
  return byFetch(attack, ctx);
}

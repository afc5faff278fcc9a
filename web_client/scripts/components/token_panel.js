// Decoded JWT header and claims with a live expiry countdown. Emits lab:refresh.
import { emit } from "../dom.js";
import { decodeJwt, formatCountdown, secondsUntilExpiry } from "../logic/jwt.js";

export function TokenPanel(el) {
  const field = (name) => el.querySelector(`[data-field=${name}]`);
  let claims = null;

  el.querySelector("[data-action=refresh]").addEventListener("click", () =>
    emit(el, "lab:refresh"),
  );
  setInterval(tick, 1000);

  function tick() {
    if (!claims) return;
    const seconds = secondsUntilExpiry(claims, Date.now());
    field("countdown").textContent = formatCountdown(seconds);
    field("countdown").dataset.expired = String(seconds <= 0);
  }

  return {
    /** Show the access token of `tokens`, or hide the panel when signed out. */
    render(tokens, visible) {
      el.hidden = !visible || !tokens;
      claims = null;
      if (!tokens) return;
      try {
        const decoded = decodeJwt(tokens.access);
        claims = decoded.claims;
        field("header").textContent = JSON.stringify(decoded.header, null, 2);
        field("claims").textContent = JSON.stringify(decoded.claims, null, 2);
      } catch (error) {
        field("header").textContent = error.message;
        field("claims").textContent = "";
      }
      tick();
    },
  };
}

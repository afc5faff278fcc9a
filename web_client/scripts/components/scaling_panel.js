// Per-replica tally of a burst of /me calls. Emits lab:scaling-run.
import { emit, h } from "../dom.js";

export function ScalingPanel(el) {
  const button = el.querySelector("[data-action=scaling]");
  const table = el.querySelector("table");

  button.addEventListener("click", () => emit(el, "lab:scaling-run"));

  return {
    setBusy(busy) {
      button.disabled = busy;
      button.textContent = busy ? "Sending…" : "Send 30 requests";
    },
    /** rows: [{replica, authenticated, total}] from logic/replicas.js */
    render(rows) {
      table.hidden = false;
      table.tBodies[0].replaceChildren(
        ...rows.map((row) =>
          h(
            "tr",
            { class: row.authenticated === row.total ? "all-ok" : "some-refused" },
            h("td", {}, row.replica),
            h("td", {}, `${row.authenticated} / ${row.total}`),
          ),
        ),
      );
    },
  };
}

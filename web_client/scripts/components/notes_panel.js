// The signed-in user's notes. Emits lab:notes-load, lab:note-create, lab:note-delete.
import { newIdempotencyKey } from "../api.js";
import { emit, h } from "../dom.js";

export function NotesPanel(el) {
  const form = el.querySelector("form");
  const list = el.querySelector("[data-field=notes]");
  // One Idempotency-Key per draft: adding the same draft again after a failure (no answer,
  // 502…) sends the same key, so the API cannot store it twice. Editing the draft or saving
  // it starts a new one.
  let draftKey = null;

  form.addEventListener("input", () => {
    draftKey = null;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    draftKey ||= newIdempotencyKey();
    emit(el, "lab:note-create", {
      title: form.elements.title.value,
      text: form.elements.text.value,
      idempotencyKey: draftKey,
    });
  });
  el.querySelector("[data-action=reload]").addEventListener("click", () =>
    emit(el, "lab:notes-load"),
  );
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-note-id]");
    if (button) emit(el, "lab:note-delete", { id: button.dataset.noteId });
  });

  return {
    /** notes: array to show, or null with a message saying why there is no list. */
    render(notes, message = "") {
      if (!notes) {
        list.replaceChildren(h("li", { class: "empty" }, message || "Sign in to see your notes."));
        return;
      }
      if (!notes.length) {
        list.replaceChildren(h("li", { class: "empty" }, "No notes yet."));
        return;
      }
      list.replaceChildren(
        ...notes.map((note) =>
          h(
            "li",
            { class: "note-item" },
            h("div", {}, h("strong", {}, note.title), note.text ? h("p", {}, note.text) : null),
            h(
              "button",
              {
                type: "button",
                class: "link",
                "data-note-id": note.id,
                "aria-label": `Delete note ${note.title}`,
              },
              "Delete",
            ),
          ),
        ),
      );
    },
    /** Empty the form after a successful create; on failure the text stays put. */
    clearForm() {
      form.reset();
      draftKey = null;
    },
  };
}

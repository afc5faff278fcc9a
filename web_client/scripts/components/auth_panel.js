// The sign-in form: auth mode, cookie policy or token storage, user, password, and the actions.
// Emits lab:mode-change, lab:storage-change, lab:preferences, lab:login, lab:me, lab:logout,
// lab:refresh (cookie JWT). A part marked data-when-mode="a b" shows in modes a and b.
import { emit } from "../dom.js";

const STORAGE_NOTES = {
  local:
    "localStorage: the tokens survive a reload and a browser restart. Any script running on " +
    "this origin, an injected one (XSS) included, can read them and send them anywhere: the " +
    "access token then works elsewhere until it expires, the refresh token until logout " +
    "blacklists it.",
  memory:
    "Memory only: the tokens live in a variable of this page and are gone on reload (you sign " +
    "in again). No storage-reading script can take them, but this is not XSS-proof: injected " +
    "script runs in the same page and can still call the API with them while the page is open.",
};

export function AuthPanel(el) {
  const form = el.querySelector("form");
  const status = el.querySelector("#auth-status");
  const storageNote = el.querySelector("#storage-note");

  const values = () => ({
    mode: form.elements.mode.value,
    cookiePolicy: form.elements.cookiePolicy.value,
    storage: form.elements.storage.value,
    username: form.elements.username.value,
    password: form.elements.password.value,
  });

  function showMode(mode) {
    for (const part of el.querySelectorAll("[data-when-mode]")) {
      part.hidden = !part.dataset.whenMode.split(" ").includes(mode);
    }
  }

  function showStorage(storage) {
    storageNote.textContent = STORAGE_NOTES[storage];
  }

  form.addEventListener("change", (event) => {
    const { name } = event.target;
    const current = values();
    if (name === "mode") {
      showMode(current.mode);
      emit(el, "lab:mode-change", { mode: current.mode });
    } else if (name === "storage") {
      showStorage(current.storage);
      emit(el, "lab:storage-change", { storage: current.storage });
    } else if (name === "cookiePolicy" || name === "username") {
      emit(el, "lab:preferences", {
        cookiePolicy: current.cookiePolicy,
        username: current.username,
      });
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    emit(el, "lab:login", values());
  });
  el.querySelector("[data-action=me]").addEventListener("click", () => emit(el, "lab:me"));
  el.querySelector("[data-action=logout]").addEventListener("click", () => emit(el, "lab:logout"));
  el.querySelector("[data-action=refresh]").addEventListener("click", () =>
    emit(el, "lab:refresh"),
  );

  return {
    values,
    /** Put saved choices into the form (the password is never saved). */
    setPreferences({ mode, storage, cookiePolicy, username }) {
      form.elements.mode.value = mode;
      form.elements.storage.value = storage;
      form.elements.cookiePolicy.value = cookiePolicy;
      form.elements.username.value = username;
      showMode(mode);
      showStorage(storage);
    },
    /** kind: "ok" | "error" | "info" */
    setStatus(text, kind = "info") {
      status.textContent = text;
      status.dataset.kind = kind;
    },
  };
}

// Calls to protected resources. They do not care which auth mode is active: the mode's flow
// supplies credentials / bearer / CSRF header, which is the point of the lab.
import { PATHS, notePath } from "./api_paths.js";

/**
 * @param send (spec, echoOptions) => Promise<exchange>
 * @param auth () => the active flow (session_flow or jwt_flow)
 */
export function createResources(send, auth) {
  function call(method, path, label, body, extra = {}) {
    const flow = auth();
    return send({ label, method, path, body, ...extra, ...flow.options(method) }, flow.echoOptions);
  }

  return {
    me: () => call("GET", PATHS.me, "Who am I?"),
    listNotes: () => call("GET", PATHS.notes, "List notes"),
    // One Idempotency-Key per draft: pressing Add again after a lost answer can't duplicate.
    createNote: ({ title, text, idempotencyKey }) =>
      call("POST", PATHS.notes, "Create note", { title, text }, { idempotencyKey }),
    deleteNote: (id) => call("DELETE", notePath(id), "Delete note"),
  };
}

/** The notes array from a list answer, paginated or not. */
export function notesFrom(exchange) {
  const body = exchange.response?.ok ? exchange.response.body : null;
  if (Array.isArray(body)) return body;
  return Array.isArray(body?.results) ? body.results : null;
}

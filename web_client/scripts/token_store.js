// Where the JWT pair lives: localStorage (survives a reload, readable by any script on this
// origin) or a variable in this page (gone on reload, out of reach of storage-reading scripts).

const TOKENS_KEY = "lab.jwt";

export const STORAGE_LOCAL = "local";
export const STORAGE_MEMORY = "memory";

/** A store of {access, refresh}, or null when signed out. */
export function createTokenStore(kind) {
  let inMemory = null;
  if (kind === STORAGE_LOCAL) {
    return {
      kind,
      load: () => readLocal(),
      save: (tokens) => localStorage.setItem(TOKENS_KEY, JSON.stringify(tokens)),
      clear: () => localStorage.removeItem(TOKENS_KEY),
    };
  }
  return {
    kind,
    load: () => inMemory,
    save: (tokens) => {
      inMemory = tokens;
    },
    clear: () => {
      inMemory = null;
    },
  };
}

/** Move the current tokens into a store of another kind, leaving nothing behind in the old one. */
export function moveTokens(fromStore, toKind) {
  const tokens = fromStore.load();
  fromStore.clear();
  const toStore = createTokenStore(toKind);
  if (tokens) toStore.save(tokens);
  return toStore;
}

function readLocal() {
  try {
    return JSON.parse(localStorage.getItem(TOKENS_KEY));
  } catch {
    return null;
  }
}

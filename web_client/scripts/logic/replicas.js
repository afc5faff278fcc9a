// Bookkeeping for the scaling panel: which replica answered, and did it recognise the user?

/** Header name the API sets on every response (CORS-exposed). */
export const REPLICA_HEADER = "X-Replica";

/**
 * Count answers per replica.
 * @param {{replica: string|null, authenticated: boolean}[]} answers
 * @returns {{replica: string, authenticated: number, total: number}[]} sorted by replica name
 */
export function tallyByReplica(answers) {
  const byReplica = new Map();
  for (const { replica, authenticated } of answers) {
    const name = replica || "(no X-Replica header)";
    const row = byReplica.get(name) || { replica: name, authenticated: 0, total: 0 };
    row.total += 1;
    if (authenticated) row.authenticated += 1;
    byReplica.set(name, row);
  }
  return [...byReplica.values()].sort((a, b) => a.replica.localeCompare(b.replica));
}

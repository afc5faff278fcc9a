// A bounded burst of /me calls for the scaling panel: which replica answered, did it know us?
import { PATHS } from "./api_paths.js";
import { tallyByReplica } from "./logic/replicas.js";

export const BURST_SIZE = 30;
const CONCURRENCY = 5;

/** Send BURST_SIZE /me calls with the active mode's credentials; resolves to per-replica rows. */
export async function meBurst(api, options) {
  const answers = [];
  let next = 0;
  async function worker() {
    while (next < BURST_SIZE) {
      next += 1;
      const exchange = await api.call({ path: PATHS.me, ...options });
      answers.push({
        replica: exchange.response?.replica || exchange.response?.body?.replica || null,
        authenticated: Boolean(exchange.response?.ok),
      });
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return tallyByReplica(answers);
}

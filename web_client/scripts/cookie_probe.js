// Runs the third-party-cookie probe (logic/witness.js) from this page: one credentialed fetch
// sets the probe cookie, a second reads it back. Only the cross-site page runs it.
import { probeNonce, probePath, probeVariant } from "./logic/witness.js";

/** The raw probe: {variant, nonce, set: {status, body}, readBack: {status, body}}. */
export async function runCookieProbe(api, context) {
  const variant = probeVariant(context.engine.name, context.scheme);
  const nonce = probeNonce();
  const call = async () => {
    const exchange = await api.call({ path: probePath(variant, nonce), credentials: "include" });
    return { status: exchange.response?.status ?? null, body: exchange.response?.body ?? null };
  };
  const set = await call();
  const readBack = await call();
  return { variant, nonce, set, readBack };
}

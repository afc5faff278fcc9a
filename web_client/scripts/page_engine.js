// What this page knows about the browser it runs in and the API it calls: the engine (from the
// user agent) and the API's scheme. The model's inputs besides the witness.
import { apiScheme, detectEngine } from "./logic/engine.js";
import { HTTP } from "./logic/lab_cookies.js";

export function pageContext(config) {
  let scheme = HTTP;
  try {
    scheme = apiScheme(config.apiBaseUrl);
  } catch {
    // No API base URL in an older config.json: the page calls nothing, http is as good as any.
  }
  return { engine: detectEngine(navigator.userAgent), scheme };
}

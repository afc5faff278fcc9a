// The XSS demo: runs the attacker's script (scripts/xss_payload.js) in this page, on a click.
// It is the site's own file, appended as a module script: no eval, no inline script, so the
// page's strict CSP (script-src 'self') is unchanged and lets it run.

const PAYLOAD_SRC = "./scripts/xss_payload.js";

/** @param config the page's config.json (collectorUrl: where the stolen data goes) */
export function XssPanel(el, { collectorUrl }) {
  const button = el.querySelector("[data-action=run-xss]");
  const status = el.querySelector("[data-field=xss-status]");
  el.querySelector("[data-field=collector]").textContent = collectorUrl;

  button.addEventListener("click", () => {
    // A module runs once per page (the module map keys it by URL): one press, one run. The
    // script ends by leaving this page for the collector.
    button.disabled = true;
    status.textContent = "Running the attacker's script… this tab will leave for the collector.";
    const script = document.createElement("script");
    script.type = "module";
    script.src = PAYLOAD_SRC;
    script.addEventListener("error", () => {
      status.textContent = "The attacker's script could not be loaded.";
    });
    document.head.append(script);
  });
}

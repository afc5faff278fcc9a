// Entry point: read ./config.json (API origin, BFF, topology), then mount the lab.
import { createApi, createBffClient, loadClientConfig } from "./api.js";
import { startApp } from "./app.js";
import { TopologyBanner } from "./components/topology_banner.js";
import { XssPanel } from "./components/xss_panel.js";
import { h } from "./dom.js";
import { startMatrix } from "./matrix_controller.js";
import { startRevocation } from "./revocation_controller.js";

async function main() {
  const banner = document.getElementById("topology-banner");
  let config;
  try {
    config = await loadClientConfig();
  } catch (error) {
    banner.replaceChildren(
      h(
        "p",
        { class: "error-text" },
        `This page could not read its configuration: ${error.message}`,
      ),
    );
    return;
  }
  document.body.dataset.topology = config.topology;
  TopologyBanner(banner, config);
  XssPanel(document.getElementById("xss-panel"), config);
  const api = createApi(config.apiBaseUrl);
  const clients = { api, bff: createBffClient(config.bffBaseUrl) };
  const app = startApp(document.body, clients);
  const helperWindow = startMatrix(
    document.getElementById("matrix-panel"),
    clients,
    config,
    app.credentials,
  );
  // A matrix helper window only runs its cells, after a click: no calls of its own.
  if (!helperWindow) {
    const timeline = document.getElementById("revocation-panel");
    startRevocation(timeline, api, config, app.credentials, app.send);
    await app.resume();
  }
  document.body.dataset.ready = "true";
}

main();

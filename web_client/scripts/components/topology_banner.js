// States which topology this page is in, what that means for cookies, and links to the others.
import { h } from "../dom.js";
import { TOPOLOGIES, TOPOLOGY_MEANING, TOPOLOGY_TITLES } from "../logic/topology.js";

export function TopologyBanner(el, config) {
  const here = config.topology;
  const others = TOPOLOGIES.filter((topology) => topology !== here && config.topologies[topology]);
  el.replaceChildren(
    h(
      "p",
      { class: "topology-name" },
      h("span", { class: `badge badge-${here}` }, TOPOLOGY_TITLES[here] || here),
      " page ",
      h("code", {}, location.origin),
      " → API ",
      h("code", {}, config.apiBaseUrl),
    ),
    h("p", {}, TOPOLOGY_MEANING[here] || ""),
    h(
      "p",
      { class: "topology-links" },
      "Open this lab as: ",
      others.map((topology, index) => [
        index ? " · " : "",
        h("a", { href: config.topologies[topology] }, TOPOLOGY_TITLES[topology]),
      ]),
    ),
  );
  el.dataset.topology = here;
}

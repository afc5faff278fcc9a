// Mounts the matrix panel as the page a run starts on, or as a helper window of a run started on
// another topology's page (`?matrix-helper=<topology>`). Neither role starts anything by itself.
import { MatrixPanel } from "./components/matrix_panel.js";
import { isOldRunLink } from "./logic/matrix.js";
import { helperRole } from "./logic/matrix_messages.js";
import { startConductor } from "./matrix_conductor.js";
import { startHelper } from "./matrix_helper.js";

/**
 * @param clients {api, bff}: the API's client and the BFF's (api.js)
 * @param credentials () => {username, password} typed in the sign-in form
 * @returns true when this page is a helper window (the app skips its own start-up calls)
 */
export function startMatrix(el, clients, config, credentials) {
  const panel = MatrixPanel(el, config);
  if (isOldRunLink(location.hash)) {
    // Such a link once ran the matrix with credentials of the link's choosing. Take them out
    // of the address bar and history entry, and say plainly that nothing happened.
    history.replaceState(null, "", location.pathname + location.search);
    panel.setStatus(
      "This link asked the page to run the matrix. A link cannot start a run: nothing ran and " +
        "nobody was signed out. To run the matrix, type the password in the sign-in form and " +
        "press Run the matrix.",
      "error",
    );
  }
  const role = helperRole(location.search, config);
  if (role === null) {
    startConductor(el, panel, clients, config, credentials);
    return false;
  }
  document.body.dataset.matrixRole = "helper";
  if (role.error) {
    panel.asHelper("Run the matrix", "");
    panel.fail(`This matrix window's address is wrong: ${role.error}`, {
      href: location.pathname,
      text: "Open the lab on this page.",
    });
  } else {
    startHelper(el, panel, clients, config, role);
  }
  return true;
}

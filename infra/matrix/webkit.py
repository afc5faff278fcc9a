"""The matrix in WebKitGTK (MiniBrowser) through WebKitWebDriver and Selenium, on a private Xvfb.

The driver's path is given, so Selenium Manager never looks for (or downloads) one. WebDriver
offers no cookie introspection with reasons here: Get All Cookies lists only the cookies the
current document's URL would carry, with no partition and no reason. So the evidence is what
is left in the jar after the run, read with Get All Cookies on each API host the run used
(names and attributes, never values); every cell logs out, so mostly it says nothing stayed.
"""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import NoSuchWindowException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from infra.config import inherited_environment
from infra.matrix import trust, walk, xvfb
from infra.matrix.settings import WEBKIT_DRIVER, Setting
from web_client.site_config import PAGE_HOSTS, SAME_ORIGIN, SAME_ORIGIN_HOST

# A path under every cookie Path the API sets (/, /api/, /api/auth/cookie-jwt/).
DEEPEST_COOKIE_PATH = "/api/auth/cookie-jwt/"

STEP_TIMEOUT_S = 30.0


class WebKitDriver:
    """walk.Driver over one WebDriver session: the main window and the window a click opens."""

    def __init__(self, driver: webdriver.WebKitGTK):
        self.driver = driver
        self.main = driver.current_window_handle
        self.window: str | None = None
        # Tracked here: once the run closes its window, asking the driver which is current fails.
        self.current = self.main

    def _wait(self, condition):
        return WebDriverWait(self.driver, STEP_TIMEOUT_S, poll_frequency=walk.POLL_S).until(
            condition
        )

    def _in(self, handle: str) -> None:
        if self.current != handle:
            self.driver.switch_to.window(handle)
            self.current = handle

    def open(self, url: str) -> None:
        self.driver.get(url)
        self._wait(lambda d: d.find_elements(By.CSS_SELECTOR, walk.READY))

    def sign_in_fields(self, username: str, password: str) -> None:
        Select(self.driver.find_element(By.CSS_SELECTOR, walk.USERNAME)).select_by_value(username)
        field = self.driver.find_element(By.CSS_SELECTOR, walk.PASSWORD)
        field.clear()
        field.send_keys(password)

    def start(self) -> None:
        before = set(self.driver.window_handles)
        self.driver.find_element(By.CSS_SELECTOR, walk.RUN_BUTTON).click()
        opened = self._wait(lambda d: set(d.window_handles) - before)
        self.window = opened.pop()

    def main_panel(self) -> dict:
        self._in(self.main)
        return self.driver.execute_script(f"return {walk.PANEL};")

    def helper_panel(self) -> dict | None:
        if self.window is None or self.window not in self.driver.window_handles:
            return None
        try:
            self._in(self.window)
            return self.driver.execute_script(f"return {walk.PANEL};")
        except (NoSuchWindowException, WebDriverException):
            return None  # closed, or between two pages: the next poll sees the new one

    def click_helper(self) -> None:
        self._in(self.window)
        self.driver.find_element(By.CSS_SELECTOR, walk.RUN_BUTTON).click()

    def export(self) -> dict | None:
        self._in(self.main)
        return self.driver.execute_script(f"return {walk.EXPORT};")


def options_for(setting: Setting) -> Options:
    options = Options()
    for arg in setting.options["args"] or []:
        options.add_argument(arg)
    return options


def api_origins(topologies: dict[str, str]) -> list[str]:
    """Every API origin the run's pages called: the API serves the same-origin page, and each
    other page calls its host's API (web_client.site_config.PAGE_HOSTS) on the same port."""
    api = urlsplit(topologies[SAME_ORIGIN])
    hosts = dict.fromkeys([SAME_ORIGIN_HOST, *(host for _, host in PAGE_HOSTS.values())])
    return [f"{api.scheme}://{host}:{api.port}" for host in hosts]


def cookies_left(driver: webdriver.WebKitGTK, topologies: dict[str, str]) -> dict:
    """Per API origin, the cookies WebKit still holds for it after the run (no values)."""
    left = {}
    for origin in api_origins(topologies):
        try:
            driver.get(f"{origin}{DEEPEST_COOKIE_PATH}")
            left[origin] = sorted(
                ({k: c.get(k) for k in ("name", "path", "sameSite", "secure", "httpOnly")}
                 for c in driver.get_cookies()), key=lambda c: (c["name"], c["path"]),
            )  # fmt: skip
        except WebDriverException as error:
            left[origin] = {"error": str(error).splitlines()[0]}
    return left


def run(setting: Setting, page_url: str, username: str, password: str, *, timeout: float,
        progress, ca_file: Path | None = None) -> tuple[dict, dict]:  # fmt: skip
    """(the page's export, what the engine was) for one run; over https, trusting `ca_file`."""
    with xvfb.display() as display, tempfile.TemporaryDirectory(prefix="lab-webkit-") as folder:
        program, trusted = WEBKIT_DRIVER, None
        if ca_file is not None:
            program, trusted = trust.webkit_driver(ca_file, WEBKIT_DRIVER, Path(folder))
        service = Service(executable_path=program,
                          env={**inherited_environment(), "DISPLAY": display})  # fmt: skip
        driver = webdriver.WebKitGTK(options=options_for(setting), service=service)
        try:
            driver.set_script_timeout(STEP_TIMEOUT_S)
            capabilities = driver.capabilities
            exported = walk.walk(WebKitDriver(driver), page_url, username, password,
                                 timeout=timeout, progress=progress)  # fmt: skip
            driver.switch_to.window(driver.window_handles[0])
            left = cookies_left(driver, exported["topologies"])
        finally:
            driver.quit()
    engine = {
        "name": "WebKitGTK",
        "version": capabilities.get("browserVersion"),
        "browserName": capabilities.get("browserName"),
        "driver": f"Selenium + {WEBKIT_DRIVER} (Xvfb {display})",
        "browserOptionsArgs": setting.options["args"],
    }
    evidence = {
        "source": "WebDriver Get All Cookies after the run, on each API origin at "
        f"{DEEPEST_COOKIE_PATH} (what the jar still holds; WebDriver gives no reasons)",
        "cookiesLeft": left,
    }
    observed = {"engine": engine, "evidence": evidence}
    if trusted is not None:
        observed["trust"] = f"{ca_file}: {trusted}"
    return exported, observed

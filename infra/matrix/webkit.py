"""The matrix in WebKitGTK (MiniBrowser) through WebKitWebDriver and Selenium, on a private Xvfb.

The driver's path is given, so Selenium Manager never looks for (or downloads) one. WebDriver
offers no cookie introspection with reasons here (Get All Cookies lists only the current
document's cookies), so a WebKit run records outcomes only.
"""

from selenium import webdriver
from selenium.common.exceptions import NoSuchWindowException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from infra.config import inherited_environment
from infra.matrix import walk, xvfb
from infra.matrix.settings import WEBKIT_DRIVER, Setting

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


def run(setting: Setting, page_url: str, username: str, password: str, *, timeout: float,
        progress) -> tuple[dict, dict]:  # fmt: skip
    """(the page's export, what the engine was) for one run."""
    with xvfb.display() as display:
        service = Service(executable_path=WEBKIT_DRIVER,
                          env={**inherited_environment(), "DISPLAY": display})  # fmt: skip
        driver = webdriver.WebKitGTK(options=options_for(setting), service=service)
        try:
            driver.set_script_timeout(STEP_TIMEOUT_S)
            capabilities = driver.capabilities
            exported = walk.walk(WebKitDriver(driver), page_url, username, password,
                                 timeout=timeout, progress=progress)  # fmt: skip
        finally:
            driver.quit()
    engine = {
        "name": "WebKitGTK",
        "version": capabilities.get("browserVersion"),
        "browserName": capabilities.get("browserName"),
        "driver": f"Selenium + {WEBKIT_DRIVER} (Xvfb {display})",
        "browserOptionsArgs": setting.options["args"],
    }
    return exported, {"engine": engine, "evidence": None}

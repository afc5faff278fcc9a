"""Collects every Content-Security-Policy violation a page reports."""

from playwright.sync_api import Page

# Chromium logs "Refused to ... because it violates the following Content Security Policy
# directive"; the securitypolicyviolation event catches anything logged differently.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.add_init_script(_REPORT_VIOLATIONS)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            violations.append(text)

    page.on("console", on_console)
    return violations

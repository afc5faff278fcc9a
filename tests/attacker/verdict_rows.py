"""Locators on the Attacks page shared by the tests."""

from playwright.sync_api import Locator, Page


def newest_loot(page: Page) -> Locator:
    """The collector's newest entry (the list shows the newest first)."""
    return page.locator("#loot-list li[data-loot]").first

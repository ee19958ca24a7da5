"""Headless Chromium against a live portal: the theme renders, works with the keyboard, and gets screenshotted.

The screenshots land in ``tests/screenshots/`` (git-ignored); look at them after changing the theme.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser_support import NEEDS_CHROMIUM, screenshot

JENA_BLUE = "rgb(0, 74, 143)"
JENA_RED = "rgb(179, 32, 42)"

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


def style(page: Any, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"element => getComputedStyle(element).{prop}")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestThemeInTheBrowser:
    def test_home_search_and_dataset_pages(
        self, browser_page: Any, gunicorn_portal: str, public_datasets: list[dict[str, Any]]
    ) -> None:
        page = browser_page

        assert page.goto(f"{gunicorn_portal}/").status == 200
        assert page.get_attribute("html", "lang") == "de"
        assert page.inner_text("h1") == "Offene Daten Jena"
        assert style(page, ".masthead", "borderTopColor") == JENA_RED
        assert "linear-gradient" in style(page, ".jena-hero", "backgroundImage")
        assert style(page, ".jena-theme-icon", "backgroundColor") == JENA_BLUE
        assert page.locator("#jena-home-newest + ul .jena-teaser").count() == 4
        screenshot(page, "home")

        page.fill("#jena-home-search", "Baumkataster")
        page.press("#jena-home-search", "Enter")
        page.wait_for_load_state()
        assert "/dataset/?q=Baumkataster" in page.url
        assert page.get_attribute("html", "lang") == "de"
        assert "Baumkataster" in page.inner_text(".dataset-list")

        assert page.goto(f"{gunicorn_portal}/dataset/").status == 200
        assert "4 Datensätze gefunden" in page.inner_text("body")
        screenshot(page, "search")

        assert page.goto(f"{gunicorn_portal}/dataset/baumkataster").status == 200
        assert "Baumkataster" in page.inner_text("h1")
        assert "Daten und Ressourcen" in page.inner_text("body")
        screenshot(page, "dataset")

        assert page.errors == []

    def test_keyboard_focus_is_visible(
        self, browser_page: Any, gunicorn_portal: str, public_datasets: list[dict[str, Any]]
    ) -> None:
        page = browser_page
        page.goto(f"{gunicorn_portal}/")

        page.keyboard.press("Tab")
        skip_link = page.locator(".visually-hidden-focusable a")
        assert skip_link.evaluate("element => element === document.activeElement")
        assert skip_link.inner_text() == "Überspringen zum Hauptinhalt"
        assert skip_link.bounding_box()["width"] > 50, "the skip link must become visible on focus"

        page.focus(".jena-brand")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert style(page, ".jena-brand", "outlineStyle") == "solid"
        assert style(page, ".jena-brand", "outlineWidth") == "3px"
        assert style(page, ".jena-brand", "outlineColor") == JENA_BLUE
        screenshot(page, "home-keyboard-focus")

    def test_english_and_small_screens(
        self, browser_page: Any, gunicorn_portal: str, public_datasets: list[dict[str, Any]]
    ) -> None:
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/baumkataster")
        page.click(".jena-language-switch a[hreflang=en]")
        page.wait_for_load_state()
        assert page.url == f"{gunicorn_portal}/en/dataset/baumkataster"
        assert page.get_attribute("html", "lang") == "en"
        assert "Data and Resources" in page.inner_text("body")

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{gunicorn_portal}/en/")
        assert page.inner_text("#jena-home-newest") == "New and updated"
        toggle = page.locator(".navbar-toggler")
        assert toggle.is_visible()
        assert style(page, ".navbar-toggler .fa-bars", "color") == JENA_BLUE
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the home page scrolls sideways on a phone ({width} px)"
        screenshot(page, "home-en-mobile")
        assert page.errors == []

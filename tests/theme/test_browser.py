"""Headless Chromium against a live portal: the theme renders, works with the keyboard, and gets screenshotted.

The screenshots land in ``tests/screenshots/`` (git-ignored); look at them after changing the theme.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

import pytest

from jena_stack.ports import free_port
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM, SCREENSHOTS

JENA_BLUE = "rgb(0, 74, 143)"
JENA_RED = "rgb(179, 32, 42)"

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.fixture
def live_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The portal under gunicorn on a free port, on the test stack's configuration."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CKAN_INI": str(request.config.getoption("ckan_ini")), "CKAN_SITE_URL": base_url}
    log = (tmp_path / "gunicorn.log").open("wb")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "120",
        "ckanext.jena.wsgi:application",
    ]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(server, f"{base_url}/api/3/action/status_show", tmp_path / "gunicorn.log")
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_until_ready(server: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer {url} within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def browser_page(live_server: str) -> Iterator[Any]:
    """A Chromium page that may only talk to the live portal; JavaScript errors are collected."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        portal = urlsplit(live_server).netloc
        context.route(
            "**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == portal else route.abort()
        )
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        try:
            yield page
        finally:
            browser.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"
    return path


def style(page: Any, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"element => getComputedStyle(element).{prop}")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestThemeInTheBrowser:
    def test_home_search_and_dataset_pages(
        self, browser_page: Any, live_server: str, public_datasets: list[dict[str, Any]]
    ) -> None:
        page = browser_page

        assert page.goto(f"{live_server}/").status == 200
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

        assert page.goto(f"{live_server}/dataset/").status == 200
        assert "4 Datensätze gefunden" in page.inner_text("body")
        screenshot(page, "search")

        assert page.goto(f"{live_server}/dataset/baumkataster").status == 200
        assert "Baumkataster" in page.inner_text("h1")
        assert "Daten und Ressourcen" in page.inner_text("body")
        screenshot(page, "dataset")

        assert page.errors == []

    def test_keyboard_focus_is_visible(
        self, browser_page: Any, live_server: str, public_datasets: list[dict[str, Any]]
    ) -> None:
        page = browser_page
        page.goto(f"{live_server}/")

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
        self, browser_page: Any, live_server: str, public_datasets: list[dict[str, Any]]
    ) -> None:
        page = browser_page
        page.goto(f"{live_server}/dataset/baumkataster")
        page.click(".jena-language-switch a[hreflang=en]")
        page.wait_for_load_state()
        assert page.url == f"{live_server}/en/dataset/baumkataster"
        assert page.get_attribute("html", "lang") == "en"
        assert "Data and Resources" in page.inner_text("body")

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server}/en/")
        assert page.inner_text("#jena-home-newest") == "New and updated"
        toggle = page.locator(".navbar-toggler")
        assert toggle.is_visible()
        assert style(page, ".navbar-toggler .fa-bars", "color") == JENA_BLUE
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the home page scrolls sideways on a phone ({width} px)"
        screenshot(page, "home-en-mobile")
        assert page.errors == []

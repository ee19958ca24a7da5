"""Submit → review → publish in headless Chromium against a live portal, in German,
with screenshots under ``tests/screenshots/`` (git-ignored; look at them)."""

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

import pytest

from jena_stack.ports import free_port
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM, SCREENSHOTS
from tests.release.support import PASSWORD, People, make_dataset

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


def _wait_until_ready(server: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 120) -> None:
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
def portal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The portal under gunicorn on a free port, on the test stack's configuration."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CKAN_INI": str(request.config.getoption("ckan_ini")), "CKAN_SITE_URL": base_url}
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
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
        ]
        server = subprocess.Popen(
            [*command, "ckanext.jena.wsgi:application"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_ready(server, f"{base_url}/api/3/action/status_show", log_path)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture
def browser(portal: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _signed_in(browser: Any, portal: str, user: dict[str, Any]) -> Any:
    """A fresh browser session in which ``user`` logged in through the login form."""
    session = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE")
    page = session.new_page()
    page.goto(f"{portal}/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.press("#field-password", "Enter")
    assert "/user/login" not in page.url, f"{user['name']} could not log in"
    return page


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"release-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestReleaseInTheBrowser:
    def test_submit_review_publish(self, browser: Any, portal: str, people: People) -> None:
        dataset = make_dataset(people, title="Straßenbäume in Jena")
        release_page = f"{portal}/dataset/{dataset['name']}/freigabe"

        anonymous = browser.new_context(locale="de-DE").new_page()
        assert anonymous.goto(f"{portal}/dataset/{dataset['name']}").status == 404

        editor = _signed_in(browser, portal, people.editor)
        editor.goto(f"{portal}/dataset/{dataset['name']}")
        assert editor.get_attribute("html", "lang") == "de"
        assert "Entwurf" in editor.inner_text(".jena-release-status")
        editor.click("text=Freigabe und Prüfverlauf")
        assert editor.url == release_page
        assert "Pflichtfelder vollständig: erfüllt" in editor.inner_text(".jena-release-gates")
        _shot(editor, "1-entwurf")
        editor.fill("#jena-submit-comment", "Erste Fassung des Baumkatasters.")
        editor.click("text=Zur Prüfung einreichen")
        assert "Der Datensatz wurde zur Prüfung eingereicht." in editor.inner_text("body")
        assert "In Prüfung" in editor.inner_text(".jena-release-heading")
        assert "Vier-Augen" not in editor.inner_text("body")  # an editor is no reviewer: no approve form
        assert editor.locator("text=Freigeben").count() == 0
        _shot(editor, "2-eingereicht")

        manager = _signed_in(browser, portal, people.admin)
        manager.goto(f"{portal}/aufgaben")
        assert "Meine Aufgaben" in manager.inner_text("h1")
        assert "Straßenbäume in Jena" in manager.inner_text(".jena-release-tasks")
        _shot(manager, "3-meine-aufgaben")
        manager.click("text=Straßenbäume in Jena")
        assert manager.url == release_page
        assert "Erste Fassung des Baumkatasters." in manager.inner_text(".jena-release-history")
        manager.fill("#jena-approve-comment", "Geprüft, passt.")
        manager.click("form.jena-release-form button:has-text('Freigeben')")
        assert "Der Datensatz wurde freigegeben." in manager.inner_text("body")
        assert "Veröffentlicht" in manager.inner_text(".jena-release-heading")
        _shot(manager, "4-freigegeben")

        response = anonymous.goto(f"{portal}/dataset/{dataset['name']}")
        assert response.status == 200
        sidebar = anonymous.inner_text(".jena-release-status")
        assert "Veröffentlicht am" in sidebar and "Zuletzt geprüft am" in sidebar
        assert "Prüfverlauf" not in anonymous.inner_text("body")
        _shot(anonymous, "5-oeffentlich")

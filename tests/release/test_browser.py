"""Submit → review → publish in headless Chromium against the portal under gunicorn, in German,
with screenshots under ``tests/screenshots/`` (git-ignored; look at them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser_support import NEEDS_CHROMIUM, launch, screenshot
from tests.release.support import PASSWORD, People, make_dataset

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.fixture
def browser(gunicorn_portal: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
            chromium.assert_no_csp_violations()
        finally:
            chromium.close()


def _signed_in(browser: Any, gunicorn_portal: str, user: dict[str, Any]) -> Any:
    """A fresh browser session in which ``user`` logged in through the login form."""
    session = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE")
    page = session.new_page()
    page.goto(f"{gunicorn_portal}/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.press("#field-password", "Enter")
    assert "/user/login" not in page.url, f"{user['name']} could not log in"
    return page


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestReleaseInTheBrowser:
    def test_submit_review_publish(self, browser: Any, gunicorn_portal: str, people: People) -> None:
        dataset = make_dataset(people, title="Straßenbäume in Jena")
        release_page = f"{gunicorn_portal}/dataset/{dataset['name']}/freigabe"

        anonymous = browser.new_context(locale="de-DE").new_page()
        assert anonymous.goto(f"{gunicorn_portal}/dataset/{dataset['name']}").status == 404

        editor = _signed_in(browser, gunicorn_portal, people.editor)
        editor.goto(f"{gunicorn_portal}/dataset/{dataset['name']}")
        assert editor.get_attribute("html", "lang") == "de"
        assert "Entwurf" in editor.inner_text(".jena-release-status")
        # issue 20.8: the draft says what comes next
        assert "Zur Freigabe: prüfen und einreichen" in editor.inner_text(".jena-next-step")
        # issue 20.10: the department description breaks between words only
        assert editor.evaluate("getComputedStyle(document.querySelector('.context-info .description')).wordBreak") == (
            "normal"
        )
        screenshot(editor, "release-0-entwurf-naechster-schritt")
        editor.click("text=Freigabe und Prüfverlauf")
        assert editor.url == release_page
        assert "Pflichtfelder vollständig: erfüllt" in editor.inner_text(".jena-release-gates")
        screenshot(editor, "release-1-entwurf")
        editor.fill("#jena-submit-comment", "Erste Fassung des Baumkatasters.")
        editor.click("text=Zur Prüfung einreichen")
        assert "Der Datensatz wurde zur Prüfung eingereicht." in editor.inner_text("body")
        assert "In Prüfung" in editor.inner_text(".jena-release-heading")
        assert "Vier-Augen" not in editor.inner_text("body")  # an editor is no reviewer: no approve form
        assert editor.locator("text=Freigeben").count() == 0
        screenshot(editor, "release-2-eingereicht")

        manager = _signed_in(browser, gunicorn_portal, people.admin)
        # issue 20.1: the reviewer learns of the task from the header, without typing /aufgaben
        tasks_link = manager.locator(".jena-header-tasks a")
        assert (
            " ".join(tasks_link.inner_text().split()) == "Aufgaben 1 wartende Aufgabe"
        )  # the last two words for screen readers
        assert manager.locator(".jena-header-tasks .text").is_visible()  # the word, not just an icon
        tasks_link.click()
        assert manager.url == f"{gunicorn_portal}/aufgaben"
        assert "Meine Aufgaben" in manager.inner_text("h1")
        assert "Straßenbäume in Jena" in manager.inner_text(".jena-release-tasks")
        screenshot(manager, "release-3-meine-aufgaben")
        manager.click("text=Straßenbäume in Jena")
        assert manager.url == release_page
        assert "Erste Fassung des Baumkatasters." in manager.inner_text(".jena-release-history")
        # issue 20.10: a question as label gets no extra colon ("Welche Änderungen sind nötig?:");
        # computed styles only once the stylesheets are in (a click waits for the navigation, not for them)
        manager.wait_for_load_state("load")
        colon = manager.evaluate(
            "getComputedStyle(document.querySelector('label[for=jena-changes-comment]'), '::after').content"
        )
        assert colon in ("none", "normal", ""), colon
        manager.fill("#jena-approve-comment", "Geprüft, passt.")
        manager.click("form.jena-release-form button:has-text('Freigeben')")
        assert "Der Datensatz wurde freigegeben." in manager.inner_text("body")
        assert "Veröffentlicht" in manager.inner_text(".jena-release-heading")
        screenshot(manager, "release-4-freigegeben")

        response = anonymous.goto(f"{gunicorn_portal}/dataset/{dataset['name']}")
        assert response.status == 200
        sidebar = anonymous.inner_text(".jena-release-status")
        assert "Veröffentlicht am" in sidebar and "Zuletzt geprüft am" in sidebar
        assert "Prüfverlauf" not in anonymous.inner_text("body")
        screenshot(anonymous, "release-5-oeffentlich")

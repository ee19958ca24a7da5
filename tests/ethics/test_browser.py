"""The data-ethics checklist in headless Chromium, in German: the department fills the form
of a draft (help texts on screen), gets a blocking verdict that names the rule, fixes the
answers until only the data-protection sign-off is missing, the data-protection officer
signs off, the data manager publishes, and the public dataset page shows the summary.

Screenshots go to ``tests/screenshots/ethics-*.png`` (git-ignored; look at them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ckan.tests import factories

from tests.browser_support import NEEDS_CHROMIUM, SCREENSHOTS, launch
from tests.ethics.support import DPO
from tests.release.support import PASSWORD, People, make_dataset

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]

LIMITATIONS = (
    "Zahlen unter 3 sind unterdrückt; Ortsteile mit weniger als 100 Einwohner:innen sind mit "
    "dem Nachbarortsteil zusammengefasst. Stichtag ist jeweils der 31. Dezember."
)
ANONYMISATION = "Zusammengefasst auf Ortsteile und Altersgruppen von zehn Jahren, Werte unter 3 unterdrückt."


@pytest.fixture
def browser(live_server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
            chromium.assert_no_csp_violations()
        finally:
            chromium.close()


def _signed_in(browser: Any, portal: str, name: str) -> Any:
    session = browser.new_context(
        base_url=portal, viewport={"width": 1280, "height": 1000}, locale="de-DE", device_scale_factor=1
    )
    session.set_default_timeout(30_000)
    page = session.new_page()
    page.goto("/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.press("#field-password", "Enter")
    assert "/user/login" not in page.url, f"{name} could not log in"
    return page


def _shot(page: Any, name: str, selector: str | None = None, full_page: bool = False) -> None:
    """A screenshot, scrolled to ``selector`` (the whole form would be too long to read)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if selector:
        page.locator(selector).first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -90)")
    path = SCREENSHOTS / f"ethics-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 10_000, f"{path} looks empty"


def _choose(page: Any, question: str, value: str) -> None:
    page.check(f"#q-{question}-{value}")


def _fill_first_answers(page: Any) -> None:
    page.fill("#q-public_benefit", "Schulen, Kitas und Stadtplanung sehen, wie sich die Ortsteile entwickeln.")
    _choose(page, "publication_basis", "council_decision")
    _choose(page, "rights_cleared", "yes")
    _choose(page, "licence_open", "yes")
    _choose(page, "personal_data", "unclear")  # blocks: the department is not sure yet
    _choose(page, "small_cells", "safe")
    _choose(page, "reidentification_risk", "low")
    _choose(page, "special_categories", "no")
    _choose(page, "security_risk", "no")
    page.fill("#q-limitations", LIMITATIONS)
    _choose(page, "harm_risk", "low")
    page.fill("#q-responsibility-next_update", "2027-03-31")


def _fix_personal_data(page: Any) -> None:
    _choose(page, "personal_data", "indirect")
    page.fill("#q-anonymisation", ANONYMISATION)
    _choose(page, "intruder_test", "yes")
    page.fill("#q-dpo-name", "Dora Datenschutz")
    page.fill("#q-dpo-date", "2026-11-02")
    page.select_option("#q-dpo-outcome", "approved")


def _save(page: Any) -> str:
    with page.expect_navigation():
        page.click("button[name=save]")
    assert "Die Antworten wurden gespeichert." in page.inner_text("body")
    return page.inner_text(".jena-ethics-verdict")


def test_checklist_from_blocking_verdict_to_public_summary(browser: Any, live_server: str, people: People) -> None:
    factories.User(name=DPO, fullname="Dora Datenschutz", email="dora@jena.invalid", password=PASSWORD)
    dataset = make_dataset(
        people,
        title="Einwohner nach Ortsteilen und Altersgruppen",
        notes="Einwohner:innen mit Hauptwohnsitz in Jena nach Ortsteil und Altersgruppe, jährlich zum 31. Dezember.",
        jena_category=["demographic"],
        resources=[{"name": "Einwohner 2025 (CSV)", "url": "https://example.org/einwohner-2025.csv", "format": "CSV"}],
    )
    checklist_url = f"/dataset/{dataset['name']}/ethik"

    editor = _signed_in(browser, live_server, people.editor["name"])
    editor.goto(f"/dataset/{dataset['name']}")
    editor.click("a:has-text('Datenethik')")
    assert editor.url.endswith(checklist_url)
    assert editor.get_attribute("html", "lang") == "de"
    # Question 17 (department, mailbox, frequency) is answered by the dataset's metadata (issue 20.6).
    assert "1 von 17 Fragen beantwortet." in editor.inner_text(".jena-ethics-verdict")
    help_text = editor.locator("#hilfe-personal_data")
    assert help_text.is_visible()
    assert "auch über Kombinationen wie Adresse und Alter" in help_text.inner_text()

    _fill_first_answers(editor)
    _shot(editor, "1-formular-hilfetexte", "#frage-personal_data")
    verdict = _save(editor)
    assert "Die Freigabe ist noch gesperrt" in verdict
    unclear = "Ob die Daten personenbezogen sind, ist unklar (Frage 5). Bitte klären Sie das mit dem Datenschutz."
    assert unclear in verdict
    assert "Die Checkliste ist erfüllt" not in verdict
    _shot(editor, "2-gesperrt")

    _fix_personal_data(editor)
    _shot(editor, "3-korrigiert", "#frage-personal_data")
    verdict = _save(editor)
    assert "Frage 5" not in verdict
    assert "Die Freigabe durch „Datenschutz“ fehlt noch." in verdict
    assert editor.locator("form.jena-ethics-signoff").count() == 0  # the department cannot sign off
    _shot(editor, "4-freigabe-fehlt")

    officer = _signed_in(browser, live_server, DPO)
    officer.goto(checklist_url)
    assert "Einwohner nach Ortsteilen und Altersgruppen" in officer.inner_text("h1")
    assert ANONYMISATION in officer.inner_text(".jena-ethics-answers")
    _shot(officer, "5-datenschutz", "form.jena-ethics-signoff")
    officer.fill("#signoff-comment-data_protection", "Aggregation geprüft, Intrudertest plausibel.")
    with officer.expect_navigation():
        officer.click("form.jena-ethics-signoff button[value=approved]")
    assert "Die Freigabe wurde gespeichert." in officer.inner_text("body")
    verdict = officer.inner_text(".jena-ethics-verdict")
    assert "Die Checkliste ist erfüllt." in verdict
    assert "Datenschutz: zugestimmt (Dora Datenschutz" in verdict  # full name (issue 20.10)

    editor.goto(f"/dataset/{dataset['name']}/freigabe")
    editor.click("text=Zur Prüfung einreichen")
    assert "Der Datensatz wurde zur Prüfung eingereicht." in editor.inner_text("body")
    manager = _signed_in(browser, live_server, people.admin["name"])
    manager.goto(f"/dataset/{dataset['name']}/freigabe")
    assert "Datenethik-Checkliste: erfüllt" in manager.inner_text(".jena-release-gates")
    manager.click("form.jena-release-form button:has-text('Freigeben')")
    assert "Der Datensatz wurde freigegeben." in manager.inner_text("body")

    public = browser.new_context(base_url=live_server, locale="de-DE", viewport={"width": 1280, "height": 1000})
    visitor = public.new_page()
    assert visitor.goto(f"/dataset/{dataset['name']}").status == 200
    summary = visitor.inner_text(".jena-ethics-summary")
    assert "Hinweise zur Nutzung" in summary and LIMITATIONS in summary
    assert "Geprüft nach Fassung 1 der Datenethik-Checkliste" in summary
    assert "Geprüft durch: Datenmanagement (Vier-Augen-Prinzip), Datenschutz." in summary
    assert f"Anonymisierung: {ANONYMISATION}" in summary
    body = visitor.inner_text("body")
    assert "Schulen, Kitas und Stadtplanung" not in body and "Dora Datenschutz" not in body
    _shot(visitor, "6-oeffentliche-zusammenfassung", ".jena-ethics-summary")
    assert visitor.goto(checklist_url).status == 404

"""A department editor fills the geodata form in German in a real browser (headless Chromium).

CKAN runs in a thread of the test process on a free port (same test database); Playwright
drives /usr/bin/chromium. Screenshots land in tests/screenshots/ (not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.browser_support import NEEDS_CHROMIUM, SCREENSHOTS, launch, tab_to
from tests.schemas.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.fixture
def page(live_server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(base_url=live_server, locale="de-DE", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        tab = context.new_page()
        yield tab
        browser.assert_no_csp_violations()
        context.close()
        browser.close()


def shot(page: Any, name: str, selector: str | None = None) -> None:
    """Screenshot of the viewport, scrolled to ``selector`` (full-page shots of the long form are unreadable)."""
    if selector:
        page.locator(selector).first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def choose(page: Any, field: str, search: str, option: str) -> None:
    """Pick ``option`` in the searchable select (select2) of ``field`` after typing ``search``."""
    page.locator(f"#field-{field} + .select2-container").click()
    page.keyboard.type(search)
    page.locator(".select2-results__option", has_text=option).first.click()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_editor_fills_the_geodata_form_in_german(page: Any, editor: dict[str, Any], department: dict[str, Any]) -> None:
    page.goto("/user/login")
    page.fill("#field-login", editor["name"])
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.press("#field-password", "Enter")

    # issue 20.7: she also edits for a second department that keeps defaults for new datasets
    other = factories.Organization(
        name="umwelt-naturschutz",
        title="Umwelt- und Naturschutz",
        users=[{"name": editor["name"], "capacity": "editor"}],
        default_data_steward="Fachdienst Umwelt- und Naturschutz",
        default_license_id="cc-by/4.0",
    )

    response = page.goto("/geodata/new")
    assert response is not None and response.status == 200, response and response.status
    page.wait_for_selector(".jena-extent-map .leaflet-container, .jena-extent-map.leaflet-container", state="attached")
    shot(page, "01-form-top-completeness", ".jena-completeness")
    assert page.locator(".jena-completeness-required li").count() >= 5  # the extent is no longer missing (issue 20.7)

    page.fill("#field-title", "Bebauungspläne der Stadt Jena")
    page.fill(
        "#field-notes", "Geltungsbereiche aller rechtskräftigen Bebauungspläne mit Planzeichen und Satzungsdatum."
    )
    choose(page, "theme", "Regionen", "Regionen und Städte")
    choose(page, "jena_category", "Infra", "Infrastrukturdaten")  # "Geodaten" is preset for this type
    # issue 20.10: screen readers hear German, not select2's "Remove item"
    remove = page.locator("#field-theme + .select2-container .select2-selection__choice__remove").first
    assert remove.get_attribute("aria-label") == "Eintrag entfernen"
    departments = page.locator("select[name=owner_org]")
    assert departments.input_value() == department["id"]  # no defaults: fields stay empty
    assert page.input_value("#field-data_steward") == ""
    departments.select_option(other["id"])  # the form follows the department ...
    assert page.input_value("#field-data_steward") == "Fachdienst Umwelt- und Naturschutz"
    assert page.input_value("#field-license_id") == "cc-by/4.0"
    departments.select_option(department["id"])  # ... and back, to the schema's defaults
    assert page.input_value("#field-data_steward") == ""
    assert page.input_value("#field-license_id") == "dl-by-de/2.0"
    page.fill("#field-data_steward", "Fachdienst Stadtplanung, Team Bauleitplanung")
    page.fill("#field-contact_point_email", "stadtplanung(at)jena.de")  # typo on purpose
    # issue 20.7: the area is a choice ("Ganze Stadt Jena" preset); the map waits under the
    # closed "Weitere Angaben (optional)", opened with the keyboard
    assert page.is_checked("#field-spatial_scope-city")
    assert not page.locator(".jena-extent-map").is_visible()
    page.focus("#weitere-angaben > summary")
    page.keyboard.press("Enter")
    page.wait_for_selector(".jena-extent-map .leaflet-container, .jena-extent-map.leaflet-container", state="visible")
    # issue 19: the extent editor without a mouse — Tab to its buttons (visible focus each), Enter;
    # drawing needs a pointer, the GeoJSON text field above the map is the keyboard way to any shape
    assert tab_to(page, "jena-extent-home")["outline"], "'Stadtgebiet Jena übernehmen' shows no focus"
    page.keyboard.press("Enter")
    assert '"type":"Polygon"' in page.input_value("#field-spatial").replace(" ", "")
    shot(page, "03a-extent-keyboard-focus", ".jena-extent-actions")
    assert tab_to(page, "jena-extent-clear")["outline"], "'Leeren' shows no focus"
    page.keyboard.press("Enter")
    assert page.input_value("#field-spatial") == ""
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.is_checked("#field-spatial_scope-city")
    page.fill("#field-temporal_start", "30.06.2024")  # typed the German way
    page.fill("#field-temporal_end", "2024-01-01")  # before the start, on purpose
    # "jährlich" + Enter chose "vierteljährlich" (issue 20.3): the exact match comes first
    page.locator("#field-frequency + .select2-container").click()
    page.keyboard.type("jährlich")
    page.keyboard.press("Enter")
    assert page.input_value("#field-frequency") == "ANNUAL"
    page.fill("#field-scale_denominator", "1:1000")
    page.fill("#field-attribution_text", "Stadt Jena, Fachdienst Stadtplanung")
    assert page.locator(".jena-completeness-required li.jena-done").count() >= 5  # ticked off while typing
    assert '"type":"Polygon"' in page.input_value("#field-spatial").replace(" ", "")
    shot(page, "02-form-filled-completeness", ".jena-completeness")
    shot(page, "03-form-filled-space-and-time", "#field-spatial")
    shot(page, "04-form-filled-geodata", "#field-reference_system")

    page.locator("form#dataset-edit button[name=save]").last.click()
    page.wait_for_load_state()
    errors = page.locator(".error-explanation").inner_text()
    assert "„stadtplanung(at)jena.de“ ist keine gültige E-Mail-Adresse" in errors
    assert "Das Enddatum des Zeitraums darf nicht vor dem Startdatum liegen." in errors
    shot(page, "05-form-errors", ".error-explanation")
    shot(page, "06-form-error-at-field", "#field-temporal_end")
    assert call_action("package_search", q="*:*", include_private=True, include_drafts=True)["count"] == 0

    page.fill("#field-contact_point_email", "stadtplanung@jena.de")
    page.fill("#field-temporal_end", "31.12.2024")
    # "Entspricht Standard": a second line through "Hinzufügen" (scheming's javascript: link is
    # refused by the Content-Security-Policy; ours is wired in csp-handlers.js)
    assert page.get_attribute("#weitere-angaben", "open") is None  # no error in there: it stays closed
    page.click("#weitere-angaben > summary")
    lines = page.locator("fieldset[name=conforms_to] input[name=conforms_to]")
    lines.first.fill("https://www.xplanung.de/xplangml/5.4")
    page.locator("[data-jena-multiple-add=conforms_to]").click()
    assert lines.count() == 2
    lines.nth(1).fill("https://inspire.ec.europa.eu/id/document/tg/plu")
    page.locator("form#dataset-edit button[name=save]").last.click()
    page.wait_for_url("**/resource/new")

    page.click("#resource-link-button")
    page.fill("#field-resource-url", "https://opendata.jena.de/data/bebauungsplaene.geojson")
    page.fill("#field-name", "Bebauungspläne (GeoJSON)")
    choose(page, "format", "GeoJ", "GeoJSON")
    shot(page, "07-resource-form", "#field-name")
    last = page.locator("button[name=save][value=go-metadata]")
    assert last.inner_text().strip() == "Speichern und weiter zur Freigabe"  # not CKAN's English "Publish"
    last.click()
    page.wait_for_url("**/freigabe")  # the next step: checks and "Zur Prüfung einreichen"
    assert "Gespeichert. Prüfen Sie hier, was noch fehlt" in page.inner_text("body")
    shot(page, "08-release-page-after-form")
    name = page.url.split("/dataset/", 1)[1].split("/", 1)[0]
    page.goto(f"/geodata/{name}")
    shot(page, "09-dataset-additional-info", "table")

    dataset = call_action("package_show", id=name)
    assert dataset["title"] == "Bebauungspläne der Stadt Jena"
    assert dataset["state"] == "active"
    assert dataset["contact_point_email"] == "stadtplanung@jena.de"
    assert dataset["theme"] == ["REGI"]
    assert dataset["jena_category"] == ["geo", "infrastructure"]
    assert dataset["political_geocoding"] == ["16053000"]  # the error page must not preselect "16" and "16053"
    assert dataset["frequency"] == "ANNUAL"
    assert (dataset["temporal_start"], dataset["temporal_end"]) == ("2024-06-30", "2024-12-31")
    assert dataset["scale_denominator"] == 1000
    assert dataset["conforms_to"] == [
        "https://www.xplanung.de/xplangml/5.4",
        "https://inspire.ec.europa.eu/id/document/tg/plu",
    ]
    assert dataset["resources"][0]["format"] == "GEOJSON"
    assert "Bebauungspläne der Stadt Jena" in page.inner_text("h1")

"""Issue 20: the publishing flow walked as three people, through the UI only, in headless Chromium.

Ms. Berger (editor of "Umwelt- und Naturschutz") creates "Standorte der Trinkwasserbrunnen" with a
German CSV and a GeoJSON upload, answers the data-ethics checklist and submits; Mr. Schulz (the
department's admin) asks for a change, Ms. Berger fixes it and resubmits, Mr. Schulz approves; a
citizen finds the dataset by searching "Trinkwasser", opens the map preview and downloads the CSV;
Ms. Berger then changes the published title (the change goes to review).

Only the people and the department are made through the API (fixtures); everything else is done
in the browser. Every click and every typed field goes through ``Walk`` which counts them per step:
a field the form already holds with the wanted value (a default) is not typed. The table of clicks
and typed fields per step is printed (issue 20 point 7 compares it before and after the form's
rework); one screenshot per step lands in ``var/test/screenshots/walk/`` (git-ignored; look at them).

Measured (clicks / typed fields): before point 7, the form step took 9 / 13 and the whole walk 51 / 27;
with the department's defaults, the area choice and the optional details 8 / 8 and 50 / 22.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.browser_support import NEEDS_CHROMIUM, launch
from tests.release.support import PASSWORD

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "test" / "screenshots" / "walk"
TITLE = "Standorte der Trinkwasserbrunnen"
NEW_TITLE = "Standorte der öffentlichen Trinkwasserbrunnen"
DEPARTMENT = "Umwelt- und Naturschutz"

CSV = (
    "Nr;Bezeichnung;Ortsteil;Straße;Inbetriebnahme;Wassertemperatur (°C);Breite;Länge\n"
    "1;Trinkbrunnen Holzmarkt;Zentrum;Holzmarkt;01.05.2019;12,5;50,9274;11,5862\n"
    "2;Trinkbrunnen Paradies;Zentrum;Paradiesstraße;15.06.2020;13,1;50,9231;11,5843\n"
    "3;Trinkbrunnen Lobeda-West;Lobeda;Karl-Marx-Allee;03.07.2021;12,8;50,8933;11,5994\n"
    "4;Trinkbrunnen Winzerla;Winzerla;Anna-Siemsen-Straße;22.04.2022;12,2;50,8992;11,5602\n"
)
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": name, "ortsteil": district},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for name, district, lat, lon in (
            ("Trinkbrunnen Holzmarkt", "Zentrum", 50.9274, 11.5862),
            ("Trinkbrunnen Paradies", "Zentrum", 50.9231, 11.5843),
            ("Trinkbrunnen Lobeda-West", "Lobeda", 50.8933, 11.5994),
            ("Trinkbrunnen Winzerla", "Winzerla", 50.8992, 11.5602),
        )
    ],
}

# What the department's own people know and type; everything else must come from the portal.
CONTENT = {
    "notes": (
        "Standorte der öffentlichen Trinkwasserbrunnen im Stadtgebiet Jena mit Ortsteil, Straße, Jahr der "
        "Inbetriebnahme und gemessener Wassertemperatur. Die Brunnen sind von April bis Oktober in Betrieb."
    ),
    "tags": ["Trinkwasser", "Brunnen"],
    "contact_point_name": "Team Umwelt- und Naturschutz",
    "contact_point_email": "umwelt@jena.de",
    "maintainer": "Fachdienst Umwelt- und Naturschutz",
    "data_steward": "Fachdienst Umwelt- und Naturschutz",
    "attribution_text": "Stadt Jena, Fachdienst Umwelt- und Naturschutz",
    "temporal_start": "01.05.2019",
}


@dataclass
class Step:
    name: str
    clicks: int = 0
    typed: int = 0


@dataclass
class Walk:
    """Counts what people do: ``click`` (a click, a tick, a chosen file or option) and ``type``
    (a field typed into). ``ensure`` types only when the field does not hold the value yet."""

    steps: list[Step] = field(default_factory=list)

    def step(self, name: str) -> None:
        self.steps.append(Step(name))

    @property
    def now(self) -> Step:
        return self.steps[-1]

    def click(self, page: Any, selector: str, navigates: bool = False) -> None:
        self.now.clicks += 1
        if navigates:
            with page.expect_navigation():
                page.locator(selector).first.click()
        else:
            page.locator(selector).first.click()

    def type(self, page: Any, selector: str, text: str) -> None:
        self.now.typed += 1
        page.locator(selector).first.fill(text)

    def ensure(self, page: Any, selector: str, text: str) -> None:
        if page.locator(selector).first.input_value().strip() != text:
            self.type(page, selector, text)

    def check(self, page: Any, selector: str) -> None:
        if not page.locator(selector).first.is_checked():
            self.now.clicks += 1
            page.locator(selector).first.check()

    def upload(self, page: Any, selector: str, path: Path) -> None:
        self.now.clicks += 1  # "Datei auswählen" and the file in the dialog count as one
        page.set_input_files(selector, str(path))

    def choose(self, page: Any, name: str, search: str, option: str) -> None:
        """Pick ``option`` in the searchable select (select2) ``#field-<name>`` unless chosen already."""
        chosen = page.locator(f"#field-{name} option:checked").all_inner_texts()
        if any(option in text for text in chosen):
            return
        self.now.clicks += 2
        self.now.typed += 1
        page.locator(f"#field-{name} + .select2-container").click()
        page.keyboard.type(search)
        page.locator(".select2-results__option", has_text=option).first.click()

    def shot(self, page: Any, name: str, selector: str | None = None) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_load_state("load")
        if selector:
            page.locator(selector).first.scroll_into_view_if_needed()
            page.evaluate("() => window.scrollBy(0, -90)")
        path = SHOTS / f"{len(self.steps):02d}-{name}.png"
        page.screenshot(path=str(path))
        return path

    def table(self) -> str:
        lines = [f"{'Schritt':58} {'Klicks':>6} {'Felder':>6}"]
        for step in self.steps:
            lines.append(f"{step.name:58} {step.clicks:6} {step.typed:6}")
        lines.append(f"{'Summe':58} {sum(s.clicks for s in self.steps):6} {sum(s.typed for s in self.steps):6}")
        return "\n".join(lines)


@pytest.fixture
def people() -> dict[str, Any]:
    berger = factories.User(
        name="monika-berger", fullname="Monika Berger", email="berger@jena.invalid", password=PASSWORD
    )
    schulz = factories.User(name="jan-schulz", fullname="Jan Schulz", email="schulz@jena.invalid", password=PASSWORD)
    department = factories.Organization(
        name="umwelt-naturschutz",
        title=DEPARTMENT,
        official_name="Stadtverwaltung Jena, Dezernat 3, Fachdienst Umwelt- und Naturschutz",
        email="umwelt@jena.de",
        description="Der Fachdienst schützt Natur, Boden, Wasser und Luft in Jena.",
        # what the department's admin set once in the department form (issue 20, point 7)
        default_publisher_name="Stadt Jena",
        default_data_steward=CONTENT["data_steward"],
        default_contact_point_name=CONTENT["contact_point_name"],
        default_contact_point_email=CONTENT["contact_point_email"],
        default_maintainer=CONTENT["maintainer"],
        default_political_geocoding_level="municipality",
        default_political_geocoding="16053000",
        default_license_id="dl-by-de/2.0",
        default_attribution_text=CONTENT["attribution_text"],
        users=[{"name": berger["name"], "capacity": "editor"}, {"name": schulz["name"], "capacity": "admin"}],
    )
    return {"berger": berger, "schulz": schulz, "department": department}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    csv = tmp_path / "trinkwasserbrunnen.csv"
    csv.write_text(CSV, encoding="utf-8")
    geojson = tmp_path / "trinkwasserbrunnen.geojson"
    geojson.write_text(json.dumps(GEOJSON, ensure_ascii=False), encoding="utf-8")
    return {"csv": csv, "geojson": geojson}


@pytest.fixture
def browser(live_server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
            chromium.assert_no_csp_violations()
        finally:
            chromium.close()


def _window(browser: Any, portal: str) -> Any:
    context = browser.new_context(
        base_url=portal, viewport={"width": 1280, "height": 1000}, locale="de-DE", accept_downloads=True
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def _sign_in(walk: Walk, browser: Any, portal: str, user: dict[str, Any]) -> Any:
    page = _window(browser, portal)
    page.goto("/")
    walk.click(page, "a[href$='/user/login']", navigates=True)
    walk.type(page, "#field-login", user["name"])
    walk.type(page, "#field-password", PASSWORD)
    walk.now.clicks += 1  # "Einloggen", or Enter
    with page.expect_navigation():
        page.press("#field-password", "Enter")
    assert "/user/login" not in page.url, f"{user['name']} could not sign in"
    return page


def _dataset_form(walk: Walk, page: Any) -> None:
    """Ms. Berger fills what the portal cannot know; fields it already holds stay as they are."""
    page.wait_for_selector(".slug-preview")  # the form's modules are running (the title fills the URL name)
    walk.type(page, "#field-title", TITLE)
    walk.ensure(page, "#field-notes", CONTENT["notes"])
    for tag in CONTENT["tags"]:
        walk.now.typed += 1
        page.locator("#field-tag_string + .select2-container textarea").first.click()
        page.keyboard.type(tag + ",")
    walk.choose(page, "theme", "Umwelt", "Umwelt")
    walk.choose(page, "jena_category", "Geo", "Geodaten")
    for name in ("data_steward", "contact_point_name", "contact_point_email", "maintainer"):
        if page.locator(f"#field-{name}").is_visible():
            walk.ensure(page, f"#field-{name}", CONTENT[name])
    _whole_city(walk, page)
    walk.ensure(page, "#field-temporal_start", CONTENT["temporal_start"])
    if page.input_value("#field-frequency") != "ANNUAL":
        walk.now.clicks += 1
        walk.now.typed += 1
        page.locator("#field-frequency + .select2-container").click()
        page.keyboard.type("jährlich")
        page.keyboard.press("Enter")
        assert page.input_value("#field-frequency") == "ANNUAL"
    walk.ensure(page, "#field-attribution_text", CONTENT["attribution_text"])


def _whole_city(walk: Walk, page: Any) -> None:
    """The wells are all over the city: the extent is the whole city."""
    picker = page.locator("#field-spatial_scope-city")
    if picker.count():
        walk.check(page, "#field-spatial_scope-city")
    else:
        page.wait_for_selector(".jena-extent-map .leaflet-container, .jena-extent-map.leaflet-container")
        walk.click(page, "text=Stadtgebiet Jena übernehmen")
        assert '"type":"Polygon"' in page.input_value("#field-spatial").replace(" ", "")


def _add_resource(walk: Walk, page: Any, path: Path, name: str, button: str) -> None:
    walk.click(page, "#resource-upload-button")
    walk.upload(page, "#field-resource-upload", path)
    walk.ensure(page, "#field-name", name)
    walk.click(page, f"button[name=save][value={button}]", navigates=True)


def _answer_checklist(walk: Walk, page: Any) -> None:
    walk.type(page, "#q-public_benefit", "Bürger:innen finden im Sommer den nächsten Trinkwasserbrunnen.")
    for question, value in (
        ("publication_basis", "voluntary"),
        ("rights_cleared", "yes"),
        ("licence_open", "yes"),
        ("personal_data", "no"),
        ("small_cells", "not_applicable"),
        ("reidentification_risk", "low"),
        ("special_categories", "no"),
        ("security_risk", "no"),
        ("harm_risk", "low"),
    ):
        walk.check(page, f"#q-{question}-{value}")
    walk.type(page, "#q-limitations", "Die Wassertemperatur ist ein Einzelwert vom Tag der Messung.")
    walk.type(page, "#q-responsibility-next_update", "2027-04-01")
    walk.click(page, "button[name=save]", navigates=True)
    assert "Die Antworten wurden gespeichert." in page.inner_text("body")
    assert "Die Checkliste ist erfüllt" in page.inner_text(".jena-ethics-verdict")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_three_people_publish_find_and_change_a_dataset(
    browser: Any, live_server: str, people: dict[str, Any], files: dict[str, Path]
) -> None:
    walk = Walk()

    walk.step("1 Berger meldet sich an")
    berger = _sign_in(walk, browser, live_server, people["berger"])
    walk.shot(berger, "berger-angemeldet")

    walk.step("2 Berger legt den Datensatz an (Formular)")
    walk.click(berger, "a[href$='/dataset/']", navigates=True)
    walk.click(berger, "a[href$='/dataset/new']", navigates=True)
    _dataset_form(walk, berger)
    walk.shot(berger, "formular-ausgefuellt", "#field-title")
    if berger.locator("#weitere-angaben").count():
        walk.shot(berger, "formular-gebiet", "#field-spatial_scope")
        walk.shot(berger, "formular-weitere-angaben", "#section-5")
    walk.click(berger, "form#dataset-edit button[name=save]", navigates=True)
    assert "/resource/new" in berger.url, (
        berger.inner_text(".error-explanation") if berger.locator(".error-explanation").count() else berger.url
    )

    walk.step("3 Berger lädt CSV und GeoJSON hoch")
    _add_resource(walk, berger, files["csv"], "Trinkwasserbrunnen (CSV)", "again")
    walk.shot(berger, "ressource-zweite")
    _add_resource(walk, berger, files["geojson"], "Trinkwasserbrunnen (GeoJSON)", "go-metadata")
    assert berger.url.endswith("/freigabe"), berger.url
    walk.shot(berger, "freigabeseite-nach-formular")
    name = berger.url.split("/dataset/", 1)[1].split("/", 1)[0]

    walk.step("4 Berger beantwortet die Datenethik-Checkliste")
    walk.click(berger, ".jena-release-gates a:has-text('Datenethik-Checkliste')", navigates=True)
    _answer_checklist(walk, berger)
    walk.shot(berger, "checkliste-erfuellt", ".jena-ethics-verdict")

    walk.step("5 Berger reicht zur Prüfung ein")
    walk.click(berger, "a[href$='/freigabe']", navigates=True)
    walk.type(berger, "#jena-submit-comment", "Erste Fassung der Brunnenstandorte.")
    walk.click(berger, "text=Zur Prüfung einreichen", navigates=True)
    assert "Der Datensatz wurde zur Prüfung eingereicht." in berger.inner_text("body")
    walk.shot(berger, "eingereicht")

    walk.step("6 Schulz meldet sich an und fordert eine Änderung an")
    schulz = _sign_in(walk, browser, live_server, people["schulz"])
    walk.click(schulz, ".jena-header-tasks a", navigates=True)
    walk.click(schulz, f".jena-release-tasks a:has-text('{TITLE}')", navigates=True)
    walk.type(
        schulz, "#jena-changes-comment", "Bitte im Titel „öffentlichen“ ergänzen: Es sind keine privaten Brunnen."
    )
    walk.click(schulz, "form.jena-release-form button:has-text('Änderungen anfordern')", navigates=True)
    assert "Änderungen" in schulz.inner_text("body")
    walk.shot(schulz, "aenderung-angefordert")

    walk.step("7 Berger ändert den Titel und reicht erneut ein")
    walk.click(berger, ".jena-header-tasks a", navigates=True)
    walk.shot(berger, "berger-aufgaben")
    walk.click(berger, f".jena-release-tasks a:has-text('{TITLE}')", navigates=True)
    assert "keine privaten Brunnen" in berger.inner_text("body")
    walk.click(berger, f"a[href$='/dataset/edit/{name}']", navigates=True)
    walk.type(berger, "#field-title", NEW_TITLE)
    walk.click(berger, "form#dataset-edit button[name=save]", navigates=True)
    if not berger.url.endswith("/freigabe"):
        walk.click(berger, "a[href$='/freigabe']", navigates=True)
    walk.click(berger, "text=Zur Prüfung einreichen", navigates=True)
    assert "Der Datensatz wurde zur Prüfung eingereicht." in berger.inner_text("body")
    walk.shot(berger, "erneut-eingereicht")

    walk.step("8 Schulz gibt frei")
    walk.click(schulz, ".jena-header-tasks a", navigates=True)
    walk.click(schulz, f".jena-release-tasks a:has-text('{NEW_TITLE}')", navigates=True)
    walk.click(schulz, "form.jena-release-form button:has-text('Freigeben')", navigates=True)
    assert "Der Datensatz wurde freigegeben." in schulz.inner_text("body")
    assert "Veröffentlicht" in schulz.inner_text(".jena-release-heading")
    walk.shot(schulz, "freigegeben")

    walk.step("9 Bürgerin sucht, sieht die Karte und lädt herunter")
    citizen = _window(browser, live_server)
    citizen.goto("/")
    walk.type(citizen, "input[name=q]", "Trinkwasser")
    walk.now.clicks += 1  # the search button, or Enter
    with citizen.expect_navigation():
        citizen.press("input[name=q]", "Enter")
    walk.shot(citizen, "suche-trinkwasser")
    walk.click(citizen, f"a:has-text('{NEW_TITLE}')", navigates=True)
    walk.click(citizen, "a:has-text('Trinkwasserbrunnen (GeoJSON)')", navigates=True)
    citizen.wait_for_selector(".jena-map-preview.jena-map-ready")
    assert citizen.locator(".jena-map-preview .leaflet-marker-icon, .jena-map-preview path").count() >= 4
    walk.shot(citizen, "kartenvorschau")
    assert citizen.locator(".tag-list a:has-text('Trinkwasser')").count() or "Trinkwasser" in citizen.inner_text("body")
    citizen.go_back()
    walk.click(citizen, "a:has-text('Trinkwasserbrunnen (CSV)')", navigates=True)
    walk.now.clicks += 1
    with citizen.expect_download() as download:
        citizen.locator("a.resource-url-analytics").first.click()
    saved = download.value.path()
    assert Path(saved).read_text(encoding="utf-8") == CSV
    walk.shot(citizen, "csv-seite")

    # issue 20.7: checksum, media type and size of the uploads were computed, not asked for
    for resource in call_action("package_show", id=name)["resources"]:
        assert resource["url_type"] == "upload"
        assert resource["hash"] and resource["hash_algorithm"], resource
        assert resource["mimetype"] and resource["size"], resource

    walk.step("10 Berger ändert den veröffentlichten Titel")
    berger.goto(f"/dataset/{name}")
    walk.click(berger, f"a[href$='/dataset/edit/{name}']", navigates=True)
    assert "Ihre Änderungen werden erst sichtbar" in berger.inner_text(".jena-edit-published-hint")
    walk.type(berger, "#field-title", "Trinkwasserbrunnen in Jena")
    walk.click(berger, "form#dataset-edit button[name=save]", navigates=True)
    walk.shot(berger, "aenderung-wartet")
    assert "Öffentlich bleibt die bisherige Fassung sichtbar" in berger.inner_text("body")
    assert citizen.goto(f"/dataset/{name}").status == 200
    assert NEW_TITLE in citizen.inner_text("h1")  # the public still sees the released title

    print("\nDer Weg der drei Personen (Klicks und getippte Felder je Schritt):\n" + walk.table())
    for page in (berger, schulz, citizen):
        assert not page.errors, page.errors
    # issue 20 point 7: a first publication must not take a hundred clicks
    assert sum(step.clicks for step in walk.steps) < 120

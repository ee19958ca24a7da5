"""The dataset and department forms, posted like a browser does (login form, CSRF token, redirects)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.schemas import data
from tests.schemas.conftest import PASSWORD, FormClient

Complete = Callable[..., dict[str, Any]]
NEW_FORM = {"dataset": "/dataset/new", "geodata": "/geodata/new", "realtime": "/realtime/new"}


def form_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A dataset dict as the stage-1 form posts it (no resources; lists become repeated fields)."""
    posted = {key: value for key, value in fields.items() if key not in ("resources", "type")}
    return {**posted, "_ckan_phase": "dataset_new_1", "pkg_name": "", "save": ""}


def page_text(response: Any) -> str:
    """The page with entities decoded and whitespace runs collapsed (templates break lines freely)."""
    return re.sub(r"\s+", " ", html.unescape(response.body))


def package_count() -> int:
    return model.Session.query(model.Package).count()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestNewForm:
    def test_german_form_with_sections_completeness_and_map(self, form: FormClient) -> None:
        page = page_text(form.get("/geodata/new"))
        for legend in (
            "Beschreibung",
            "Verantwortung und Kontakt",
            "Raum und Zeit",
            "Geodaten",
            "Aktualität und Verfügbarkeit",
            "Lizenz und Rechtliches",
            "Weitere Angaben",
        ):
            assert f'<legend class="jena-form-section-title">{legend}</legend>' in page
        assert "Vollständigkeit der Angaben" in page
        # type names from the schema (CKAN's package/base.html breadcrumb still title-cases the type key)
        assert "<title>Geodatensatz erstellen - " in page
        assert '<span class="highlight">Geodatensatz erstellen</span>' in page
        assert "Für die Veröffentlichung fehlt noch" in page
        assert '<a href="#field-data_steward">Datenverantwortliche:r</a>' in page
        assert "EU-Datenthemen" in page and "Koordinatenreferenzsystem" in page
        assert 'data-module="jena-extent-editor"' in page
        assert "Stadtgebiet Jena übernehmen" in page
        # long code lists are searchable selects, defaults are preselected
        assert '<select id="field-license_id" name="license_id" class="form-control form-select" ' in page
        assert 'name="license_id" class="form-control form-select" data-module="jena-choice">' in page
        assert '<option value="dl-by-de/2.0" selected>' in page
        assert '<option value="EPSG:25832" selected>' in page
        assert 'value="Stadt Jena"' in page
        # help texts in German
        assert "Amtlicher Schlüssel des Gebiets; für Jena der Gemeindeschlüssel 16053000." in page

    def test_no_visibility_choice_the_release_decides(self, form: FormClient) -> None:
        page = page_text(form.get("/dataset/new"))
        assert 'name="private"' not in page
        assert "Öffentlich sichtbar wird der Datensatz erst mit der Freigabe durch eine zweite Person" in page
        assert 'name="owner_org"' in page

    def test_english_labels(self, form: FormClient) -> None:
        page = page_text(form.get("/en/realtime/new"))
        assert '<legend class="jena-form-section-title">Real-time and sensor data</legend>' in page
        assert "Measured parameters" in page
        assert "EU data themes" in page

    def test_realtime_frequency_offers_only_continuous_updates(self, form: FormClient) -> None:
        page = page_text(form.get("/realtime/new"))
        select = page[page.index('id="field-frequency"') : page.index("</select>", page.index('id="field-frequency"'))]
        assert "kontinuierlich" in select and "laufend aktualisiert" in select
        assert "täglich" not in select


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestPublishThroughTheForm:
    @pytest.mark.parametrize("kind", ["dataset", "geodata", "realtime"])
    def test_draft_then_resource_then_published(self, kind: str, form: FormClient, complete: Complete) -> None:
        fields = complete(kind)
        response = form.submit(NEW_FORM[kind], form_fields(fields), post_url=NEW_FORM[kind])
        assert response.status_code == 302
        resource_form = response.headers["Location"]
        assert resource_form.endswith(f"/{kind}/{fields['name']}/resource/new")
        assert model.Package.get(fields["name"]).state == "draft"

        # a browser posts every field of the resource form, the empty ones as ""
        empty = dict.fromkeys(
            ("description", "mimetype", "license", "size", "hash", "hash_algorithm", "availability"), ""
        )
        resource = {**empty, **fields["resources"][0]}
        response = form.submit(resource_form, {**resource, "save": "go-metadata", "id": ""})
        assert response.status_code == 302, page_text(response)[-2000:]
        # "Speichern und weiter zur Freigabe" leads to the release page (issue 20.4)
        assert response.headers["Location"].endswith(f"/dataset/{fields['name']}/freigabe")

        dataset = call_action("package_show", id=fields["name"])
        assert dataset["state"] == "active"
        assert dataset["theme"] == fields["theme"]
        assert dataset["publisher_name"] == "Stadt Jena"
        assert dataset["resources"][0]["license"] == "dl-by-de/2.0"
        assert dataset["resources"][0]["mimetype"]

    def test_incomplete_draft_is_saved_but_not_published(self, form: FormClient, department: dict[str, Any]) -> None:
        partial = {"title": "Wahlergebnisse", "name": "wahlergebnisse", "owner_org": department["id"]}
        response = form.submit("/dataset/new", form_fields(partial))
        assert response.status_code == 302
        assert model.Package.get("wahlergebnisse").state == "draft"

        resource_form = response.headers["Location"]
        response = form.submit(
            resource_form,
            {"name": "Ergebnisse", "url": "https://opendata.jena.de/wahl.csv", "save": "go-metadata", "id": ""},
        )
        assert response.status_code == 200
        page = page_text(response)
        assert "Der Datensatz kann noch nicht veröffentlicht werden." in page
        # styled as an error, and the resource just saved is named so nobody uploads it twice (issue 20.4)
        assert '<div class="error-explanation alert alert-danger jena-publish-errors" role="alert">' in page
        saved = page[page.index("jena-saved-resources") :]
        assert "Bereits gespeichert – Sie müssen nichts erneut hochladen:" in saved and "<li>Ergebnisse</li>" in saved
        assert "Speichern und weiter zur Freigabe" in page and ">Publish<" not in page
        assert "Beschreibung: Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus." in page
        assert "Datenverantwortliche:r: Pflichtangabe für die Veröffentlichung" in page
        assert (
            "E-Mail der Kontaktstelle: Bitte geben Sie für die Kontaktstelle eine E-Mail-Adresse "
            "oder eine Web-Adresse (URL) an." in page
        )
        assert 'href="/dataset/edit/wahlergebnisse"' in page
        assert model.Package.get("wahlergebnisse").state == "draft"

        # the draft's form shows what is still missing
        page = page_text(form.get("/dataset/edit/wahlergebnisse"))
        assert "Für die Veröffentlichung fehlt noch" in page
        assert '<a href="#field-notes">Beschreibung</a>' in page

    def test_attribution_licence_without_text_is_refused_at_publication(
        self, form: FormClient, complete: Complete
    ) -> None:
        fields = complete("dataset", license_id="cc-by/4.0", attribution_text="")
        response = form.submit("/dataset/new", form_fields(fields))
        assert response.status_code == 302  # a draft may lack it
        response = form.submit(
            response.headers["Location"], {**fields["resources"][0], "save": "go-metadata", "id": ""}
        )
        assert response.status_code == 200
        assert (
            "Namensnennung: Die Lizenz „Creative Commons Namensnennung – 4.0 International (CC BY 4.0)“ verlangt "
            "eine Namensnennung. Bitte geben Sie den Namensnennungstext an" in page_text(response)
        )
        assert model.Package.get(fields["name"]).state == "draft"


FORM_ERRORS = [
    ("spatial", "{kaputt", "Ungültiges GeoJSON: Der Text ist kein gültiges JSON (Zeile 1, Spalte 2)."),
    (
        "spatial",
        json.dumps(data.SWAPPED),
        "Die Geometrie reicht etwa 5141 km über das Stadtgebiet von Jena hinaus. Bitte prüfen Sie die Koordinaten",
    ),
    ("temporal_end", "2010-01-01", "Das Enddatum des Zeitraums darf nicht vor dem Startdatum liegen."),
    ("theme", ["SOCI", "VERKEHR"], "Der Wert „VERKEHR“ ist in der Codeliste „EU-Datenthemen“ nicht enthalten."),
    ("frequency", "manchmal", "Der Wert „manchmal“ ist in der Codeliste „Aktualisierungsfrequenzen“ nicht enthalten."),
    ("contact_point_email", "statistik@jena", "„statistik@jena“ ist keine gültige E-Mail-Adresse"),
    ("contact_point_url", "www.jena.de", "„www.jena.de“ ist keine gültige Web-Adresse."),
    ("contact_point_phone", "49-5210", "„49-5210“ ist keine gültige Telefonnummer. Bitte mit Vorwahl"),
    ("issued", "04/01/2025", "„04/01/2025“ ist kein gültiges Datum."),
    ("issued", "31.02.2025", "„31.02.2025“ ist kein gültiges Datum."),
]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestFormRefusesBadInput:
    @pytest.mark.parametrize(
        ("field", "value", "message"), FORM_ERRORS, ids=[f"{e[0]}-{i}" for i, e in enumerate(FORM_ERRORS)]
    )
    def test_new_form_shows_the_error_and_saves_nothing(
        self, field: str, value: Any, message: str, form: FormClient, complete: Complete
    ) -> None:
        response = form.submit("/dataset/new", form_fields(complete("dataset", **{field: value})))
        assert response.status_code == 200
        page = page_text(response)
        assert message in page
        assert "Das Formular enthält unzulässige Einträge" in page
        assert package_count() == 0

    def test_error_page_keeps_exactly_the_chosen_options(self, form: FormClient, complete: Complete) -> None:
        """One selected value arrives as a string; "16" and "16053" must not look selected inside "16053000"."""
        fields = complete("dataset", political_geocoding="16053000", contact_point_email="falsch")
        page = page_text(form.submit("/dataset/new", form_fields(fields)))
        assert 'value="16053000" selected' in page
        assert 'value="16053" selected' not in page
        assert 'value="16" selected' not in page

    def test_outside_extent_is_saved_after_confirmation(self, form: FormClient, complete: Complete) -> None:
        fields = complete("dataset", spatial=json.dumps(data.ERFURT), spatial_outside_confirmed="true")
        response = form.submit("/dataset/new", form_fields(fields))
        assert response.status_code == 302
        assert call_action("package_show", id=fields["name"])["spatial_outside_confirmed"] is True

    def test_edit_form_refuses_and_keeps_the_stored_values(
        self, form: FormClient, editor: dict[str, Any], complete: Complete
    ) -> None:
        fields = complete("geodata")
        call_action("package_create", {"user": editor["name"], "ignore_auth": False}, **fields)
        before = call_action("package_show", id=fields["name"])
        edit = f"/geodata/edit/{fields['name']}"
        posted = {**form_fields(fields), "wms_url": "geo.jena.de/wms", "title": "Geänderter Titel"}
        response = form.submit(edit, posted)
        assert response.status_code == 200
        assert "„geo.jena.de/wms“ ist keine gültige Web-Adresse." in page_text(response)
        assert call_action("package_show", id=fields["name"]) == before

        response = form.submit(edit, {**posted, "wms_url": "https://geo.jena.de/wms"})
        assert response.status_code == 302
        assert call_action("package_show", id=fields["name"])["title"] == "Geänderter Titel"

    def test_edit_form_refuses_to_empty_a_mandatory_field_of_a_published_dataset(
        self, form: FormClient, editor: dict[str, Any], complete: Complete
    ) -> None:
        fields = complete("realtime")
        call_action("package_create", {"user": editor["name"], "ignore_auth": False}, **fields)
        response = form.submit(f"/realtime/edit/{fields['name']}", {**form_fields(fields), "api_endpoint": ""})
        assert response.status_code == 200
        assert "API-Endpunkt: Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus." in page_text(
            response
        )
        assert call_action("package_show", id=fields["name"])["api_endpoint"] == fields["api_endpoint"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDepartmentForm:
    @pytest.fixture
    def admin_form(self, app: Any) -> FormClient:
        return FormClient(app, factories.Sysadmin(name="admin", password=PASSWORD))

    def test_department_with_address_and_contact(self, admin_form: FormClient) -> None:
        page = page_text(admin_form.get("/organization/new"))
        assert "Amtliche Bezeichnung" in page and "Kürzel der Organisationseinheit" in page
        fields = {
            "title": "Statistik und Wahlen",
            "name": "statistik-und-wahlen",
            "official_name": "Stadtverwaltung Jena, Fachdienst Statistik und Wahlen",
            "department_code": "FD 12",
            "street_address": "Am Anger 15",
            "postal_code": "07743",
            "email": "statistik@jena.de",
            "phone": "+49 3641 49-0",
            "website": "https://www.jena.de/statistik",
            "save": "",
        }
        response = admin_form.submit("/organization/new", fields)
        assert response.status_code == 302
        department = call_action("organization_show", id="statistik-und-wahlen")
        assert department["department_code"] == "FD 12"
        assert department["locality"] == "Jena"
        assert department["postal_code"] == "07743"

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("email", "statistik.jena.de", "„statistik.jena.de“ ist keine gültige E-Mail-Adresse"),
            ("website", "jena.de", "„jena.de“ ist keine gültige Web-Adresse."),
            ("postal_code", "7743", "Bitte geben Sie eine fünfstellige Postleitzahl an (z. B. 07743)."),
            ("phone", "ruf an", "Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + / - ( ) an."),
        ],
    )
    def test_department_form_refuses_bad_values(
        self, field: str, value: str, message: str, admin_form: FormClient
    ) -> None:
        fields = {"title": "Umweltschutz", "name": "umweltschutz", field: value, "save": ""}
        response = admin_form.submit("/organization/new", fields)
        assert response.status_code == 200
        assert message in page_text(response)
        assert model.Group.get("umweltschutz") is None


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatesTheGermanWay:
    """Issue 20.3: the browser's date widget turned "01.04.2025" into 2025-01-04 and "31.12.2025" into
    "22025-03-11". Dates are typed TT.MM.JJJJ (or ISO), never reinterpreted, and read "1. April 2025"."""

    def test_german_date_is_stored_day_first_and_shown_in_words(
        self, app: Any, form: FormClient, complete: Complete
    ) -> None:
        fields = complete("dataset", issued="01.04.2025", temporal_start="31.12.2024", temporal_end="2025-12-31")
        response = form.submit("/dataset/new", form_fields(fields))
        assert response.status_code == 302, page_text(response)[-2000:]
        stored = call_action("package_show", id=fields["name"])
        assert (stored["issued"], stored["temporal_start"], stored["temporal_end"]) == (
            "2025-04-01",
            "2024-12-31",
            "2025-12-31",
        )
        page = page_text(form.get(f"/dataset/edit/{fields['name']}"))
        issued = page[page.index('id="field-issued"') - 200 : page.index('id="field-issued"') + 300]
        assert 'type="text"' in issued and 'value="01.04.2025"' in issued and 'placeholder="TT.MM.JJJJ"' in issued
        assert 'type="date"' not in page
        assert "Format: TT.MM.JJJJ, z. B. 01.04.2025" in page
        shown = page_text(form.get(f"/dataset/{fields['name']}"))
        assert "1. April 2025" in shown and "31. Dezember 2024" in shown

    def test_a_wrong_date_comes_back_as_typed_with_the_error(self, form: FormClient, complete: Complete) -> None:
        response = form.submit("/dataset/new", form_fields(complete("dataset", issued="31.02.2025")))
        page = page_text(response)
        assert (
            "„31.02.2025“ ist kein gültiges Datum. Bitte verwenden Sie das Format TT.MM.JJJJ (z. B. 31.03.2024)."
            in page
        )
        assert 'value="31.02.2025"' in page
        assert package_count() == 0

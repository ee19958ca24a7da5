"""Issue 20, point 7: the dataset form no longer overwhelms a first-time editor.

- A department's profile holds defaults (publisher, data steward, contact point, maintainer,
  political geocoding, licence, attribution); a new dataset of the department starts with them
  (still editable).
- The resource form asks for media type, size and checksum only for links; uploads compute them.
- The extent is "Ganze Stadt Jena", "Einzelne Ortsteile" or an own area (raw GeoJSON and the map
  under the optional details).
- What is optional sits in a closed "Weitere Angaben (optional)" that opens on an error in it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.logic.extent_scope import city_geometry
from ckanext.jena.spatial.gazetteer import union_bbox
from tests.schemas.conftest import PASSWORD, FormClient
from tests.schemas.test_form import form_fields, package_count, page_text

DEFAULTS = {
    "default_publisher_name": "Stadt Jena",
    "default_data_steward": "Fachdienst Statistik und Wahlen",
    "default_contact_point_name": "Team Statistik",
    "default_contact_point_email": "statistik@jena.de",
    "default_contact_point_url": "https://www.jena.de/statistik",
    "default_maintainer": "Team Datenpflege",
    "default_maintainer_email": "daten@jena.de",
    "default_political_geocoding_level": "municipality",
    "default_political_geocoding": "16053000",
    "default_license_id": "cc-by/4.0",
    "default_attribution_text": "Stadt Jena, Fachdienst Statistik und Wahlen",
}


def optional_part(page: str) -> str:
    """The HTML of the form's "Weitere Angaben (optional)" (the dataset form's closed details)."""
    start = page.index('<details class="jena-form-optional"')
    return page[start : page.index("</details>", start)]


def extent(name: str) -> dict[str, Any]:
    return json.loads(call_action("package_show", id=name)["spatial"])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDepartmentDefaults:
    @pytest.fixture
    def admin_form(self, app: Any, department: dict[str, Any], sysadmin: dict[str, Any]) -> FormClient:
        """The department's admin (not a sysadmin) edits the department form."""
        admin = factories.User(name="abteilungsleiter", password=PASSWORD)
        call_action(
            "organization_member_create",
            {"user": sysadmin["name"]},
            id=department["id"],
            username=admin["name"],
            role="admin",
        )
        return FormClient(app, admin)

    def test_admin_sets_defaults_and_a_new_dataset_starts_with_them(
        self, app: Any, admin_form: FormClient, editor: dict[str, Any], department: dict[str, Any]
    ) -> None:
        page = page_text(admin_form.get(f"/organization/edit/{department['name']}"))
        assert "Vorgaben für neue Datensätze" in page
        assert "Diese Angaben stehen in jedem neuen Datensatz des Fachbereichs schon im Formular." in page
        fields = {
            "title": department["title"],
            "name": department["name"],
            "email": "statistik@jena.de",
            **DEFAULTS,
            "save": "",
        }
        response = admin_form.submit(f"/organization/edit/{department['name']}", fields)
        assert response.status_code == 302, page_text(response)
        stored = call_action("organization_show", id=department["name"])
        assert {key: stored[key] for key in DEFAULTS} == DEFAULTS

        app.get("/user/_logout")
        form = FormClient(app, editor)
        new = page_text(form.get("/dataset/new"))
        assert 'id="field-data_steward" type="text" name="data_steward" value="Fachdienst Statistik und Wahlen"' in new
        assert 'name="contact_point_email" value="statistik@jena.de"' in new
        assert 'name="maintainer" value="Team Datenpflege"' in new
        assert 'name="attribution_text" value="Stadt Jena, Fachdienst Statistik und Wahlen"' in new
        assert '<option value="cc-by/4.0" selected>' in new
        assert '<option value="dl-by-de/2.0" selected>' not in new  # the department's licence, not the schema's

        # still editable: what the editor sends wins
        response = form.submit(
            "/dataset/new",
            form_fields(
                {
                    "title": "Wahlbezirke",
                    "name": "wahlbezirke",
                    "owner_org": department["id"],
                    "data_steward": "Frau Muster",
                    "contact_point_email": "wahlen@jena.de",
                    "license_id": "dl-by-de/2.0",
                }
            ),
        )
        assert response.status_code == 302, page_text(response)
        dataset = call_action("package_show", id="wahlbezirke")
        assert (dataset["data_steward"], dataset["contact_point_email"], dataset["license_id"]) == (
            "Frau Muster",
            "wahlen@jena.de",
            "dl-by-de/2.0",
        )

    def test_an_existing_dataset_keeps_its_own_values(
        self, form: FormClient, department: dict[str, Any], sysadmin: dict[str, Any]
    ) -> None:
        call_action(
            "organization_patch",
            {"user": sysadmin["name"]},
            id=department["id"],
            default_data_steward="Fachdienst Statistik und Wahlen",
        )
        call_action(
            "package_create",
            {"user": sysadmin["name"]},
            name="alt",
            title="Alt",
            owner_org=department["id"],
            state="draft",
        )
        edit = page_text(form.get("/dataset/edit/alt"))
        assert 'name="data_steward" value=""' in edit

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            (
                "default_contact_point_email",
                "statistik.jena.de",
                "„statistik.jena.de“ ist keine gültige E-Mail-Adresse",
            ),
            ("default_license_id", "gibt-es-nicht", "„gibt-es-nicht“"),
        ],
    )
    def test_bad_default_is_refused_and_nothing_written(
        self, admin_form: FormClient, department: dict[str, Any], field: str, value: str, message: str
    ) -> None:
        fields = {"title": department["title"], "name": department["name"], field: value, "save": ""}
        response = admin_form.submit(f"/organization/edit/{department['name']}", fields)
        assert response.status_code == 200
        assert message in page_text(response)
        assert field not in call_action("organization_show", id=department["name"])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestWhatIsNeededNow:
    def test_optional_fields_wait_in_closed_details(self, form: FormClient) -> None:
        page = page_text(form.get("/dataset/new"))
        optional = optional_part(page)
        assert optional.startswith('<details class="jena-form-optional" id="weitere-angaben">')  # closed
        assert '<summary class="jena-form-optional-summary">Weitere Angaben (optional)</summary>' in optional
        for name in ("hvd_category", "political_geocoding_level", "publisher_name", "maintainer", "spatial", "issued"):
            assert f'id="field-{name}"' in optional, name
        needed = page.replace(optional, "")
        assert 'name="owner_org"' in needed
        for name in ("title", "notes", "theme", "data_steward", "contact_point_email", "frequency"):
            assert f'id="field-{name}"' in needed and f'id="field-{name}"' not in optional, name
        assert "Gebiet der Daten" in needed and 'id="field-spatial_scope-city" checked' in needed
        # CKAN's note put the metadata under the Open Database License, against the portal's licences
        assert "opendatacommons.org/licenses/odbl" not in page and "Wenn Sie dieses" not in page
        assert "Die gewählte Lizenz gilt für die Dateien und Links dieses Datensatzes." in page

    def test_an_error_in_an_optional_field_opens_them(self, form: FormClient, department: dict[str, Any]) -> None:
        fields = form_fields(
            {"title": "Fehler", "name": "fehler", "owner_org": department["id"], "documentation": "keine-adresse"}
        )
        response = form.submit("/dataset/new", fields)
        page = page_text(response)
        assert "„keine-adresse“ ist keine gültige Web-Adresse." in page
        assert optional_part(page).startswith('<details class="jena-form-optional" id="weitere-angaben" open>')
        assert package_count() == 0

    def test_english(self, form: FormClient) -> None:
        page = page_text(form.get("/en/dataset/new"))
        assert "Further details (optional)" in page and "Area of the data" in page


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestExtentByArea:
    def post(self, form: FormClient, department: dict[str, Any], **fields: Any) -> Any:
        return form.submit("/dataset/new", form_fields({"title": "Gebiet", "name": "gebiet", **fields}))

    def test_whole_city(self, form: FormClient, department: dict[str, Any]) -> None:
        response = self.post(form, department, owner_org=department["id"], spatial_scope="city")
        assert response.status_code == 302, page_text(response)
        assert extent("gebiet") == city_geometry()

    def test_districts(self, form: FormClient, department: dict[str, Any]) -> None:
        response = self.post(
            form,
            department,
            owner_org=department["id"],
            spatial_scope="districts",
            district=["lobeda-altstadt", "winzerla"],
        )
        assert response.status_code == 302, page_text(response)
        ring = extent("gebiet")["coordinates"][0]
        min_lon, min_lat, max_lon, max_lat = union_bbox(["lobeda-altstadt", "winzerla"])
        assert ring[0] == [min_lon, min_lat] and ring[2] == [max_lon, max_lat]

    def test_districts_without_a_district_is_refused(self, form: FormClient, department: dict[str, Any]) -> None:
        response = self.post(form, department, owner_org=department["id"], spatial_scope="districts")
        assert response.status_code == 200
        assert "Bitte wählen Sie mindestens einen Ortsteil oder „Ganze Stadt Jena“." in page_text(response)
        assert package_count() == 0

    def test_own_area_is_kept(self, form: FormClient, department: dict[str, Any]) -> None:
        area = {"type": "Polygon", "coordinates": [[[11.58, 50.92], [11.6, 50.92], [11.6, 50.93], [11.58, 50.92]]]}
        response = self.post(
            form, department, owner_org=department["id"], spatial_scope="custom", spatial=json.dumps(area)
        )
        assert response.status_code == 302, page_text(response)
        assert extent("gebiet") == area

    def test_api_without_a_choice_keeps_the_extent(
        self, form: FormClient, department: dict[str, Any], editor: dict[str, Any]
    ) -> None:
        area = {"type": "Point", "coordinates": [11.59, 50.93]}
        call_action(
            "package_create",
            {"user": editor["name"]},
            name="punkt",
            title="Punkt",
            owner_org=department["id"],
            state="draft",
            spatial=json.dumps(area),
        )
        assert extent("punkt") == area
        # its edit form says "Eigene Fläche", so saving it keeps the point
        assert 'id="field-spatial_scope-custom" checked' in page_text(form.get("/dataset/edit/punkt"))


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestResourceForm:
    def test_media_type_size_and_checksum_only_for_links(
        self, form: FormClient, department: dict[str, Any], sysadmin: dict[str, Any]
    ) -> None:
        call_action(
            "package_create",
            {"user": sysadmin["name"]},
            name="mit-datei",
            title="Mit Datei",
            owner_org=department["id"],
            state="draft",
        )
        page = page_text(form.get("/dataset/mit-datei/resource/new"))
        details = page[page.index('<details class="jena-form-optional"') :]
        link_only = details[details.index('<div class="jena-link-only">') :]
        for name in ("mimetype", "size", "hash", "hash_algorithm"):
            assert f'id="field-{name}"' in link_only, name
        for name in ("url", "name", "format"):
            assert re.search(rf'id="field-(resource-)?{name}"', page[: page.index("<details")]), name
        assert "Bei hochgeladenen Dateien ermittelt das Portal Medientyp, Größe und Prüfsumme selbst." in page
        assert model.Session.query(model.Resource).count() == 0

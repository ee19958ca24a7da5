"""Creating and updating datasets of every type through the Action API (stable English keys)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from ckan import model
from ckan.plugins.toolkit import ValidationError
from ckan.tests.helpers import call_action

from tests.schemas import data

Complete = Callable[..., dict[str, Any]]
KINDS = ("dataset", "geodata", "realtime")

# docs/field-contract.md: keys every dataset type carries.
CONTRACT_KEYS = {
    "title", "name", "notes", "tags", "owner_org", "theme", "jena_category", "publisher_name", "data_steward",
    "contact_point_name", "contact_point_email", "political_geocoding_level", "political_geocoding", "spatial",
    "temporal_start", "temporal_end", "frequency", "license_id", "attribution_text", "access_rights",
    "availability", "language",
}  # fmt: skip
TYPE_KEYS = {
    "dataset": set(),
    "geodata": {"reference_system", "scale_denominator", "wms_url", "inspire_theme"},
    "realtime": {"api_endpoint", "sensor_locations", "measured_parameters"},
}


def as_user(user: dict[str, Any]) -> dict[str, Any]:
    """Context of a real API call by ``user`` (``call_action`` would otherwise skip authorization)."""
    return {"user": user["name"], "ignore_auth": False}


def create(user: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    return call_action("package_create", as_user(user), **fields)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestCreate:
    @pytest.mark.parametrize("kind", KINDS)
    def test_complete_dataset_is_published_with_contract_keys(
        self, kind: str, editor: dict[str, Any], complete: Complete
    ) -> None:
        dataset = create(editor, complete(kind))
        assert dataset["type"] == kind
        assert dataset["state"] == "active"
        assert CONTRACT_KEYS | TYPE_KEYS[kind] <= set(dataset)
        shown = call_action("package_show", id=dataset["id"])
        assert shown["title"] == complete(kind)["title"]

    def test_values_come_back_typed_and_as_codes(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("dataset", district=["jena-zentrum", "lobeda-altstadt"]))
        assert dataset["theme"] == ["SOCI", "REGI"]
        assert dataset["jena_category"] == ["demographic"]
        assert dataset["district"] == ["jena-zentrum", "lobeda-altstadt"]
        assert dataset["temporal_start"] == "2015-01-01"
        assert json.loads(dataset["spatial"]) == data.INNER_CITY
        assert sorted(tag["name"] for tag in dataset["tags"]) == ["Bevölkerung", "Statistik"]

    @pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", "")
    def test_defaults_fill_what_the_city_always_uses(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("dataset"))
        assert dataset["publisher_name"] == "Stadt Jena"
        assert dataset["political_geocoding_level"] == "municipality"
        assert dataset["political_geocoding"] == ["16053000"]
        assert dataset["language"] == ["DEU"]
        assert dataset["license_id"] == "dl-by-de/2.0"
        assert dataset["license_title"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
        assert dataset["access_rights"] == "PUBLIC"
        assert dataset["availability"] == "STABLE"
        assert "contributor_id" not in dataset  # no contributorID configured: none is invented

    @pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", "http://dcat-ap.de/def/contributors/stadtJena")
    def test_contributor_id_comes_from_the_configuration(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("dataset"))
        assert dataset["contributor_id"] == "http://dcat-ap.de/def/contributors/stadtJena"

    @pytest.mark.ckan_config("ckanext.jena.dcat.publisher_name", "Kommunale Statistikstelle Jena")
    def test_publisher_default_is_configurable(self, editor: dict[str, Any], complete: Complete) -> None:
        assert create(editor, complete("dataset", publisher_name=None))["publisher_name"] == (
            "Kommunale Statistikstelle Jena"
        )

    def test_uris_and_other_letter_case_are_stored_as_codes(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(
            editor,
            complete(
                "dataset",
                theme=["http://publications.europa.eu/resource/authority/data-theme/ENVI", "tran"],
                frequency="http://publications.europa.eu/resource/authority/frequency/MONTHLY",
                license_id="http://dcat-ap.de/def/licenses/cc-by/4.0",
                political_geocoding=["http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"],
            ),
        )
        assert dataset["theme"] == ["ENVI", "TRAN"]
        assert dataset["frequency"] == "MONTHLY"
        assert dataset["license_id"] == "cc-by/4.0"
        assert dataset["political_geocoding"] == ["16053000"]

    def test_resources_inherit_licence_and_availability_and_get_a_media_type(
        self, editor: dict[str, Any], complete: Complete
    ) -> None:
        resources = [
            {"name": "CSV", "url": "https://opendata.jena.de/a.csv", "format": "CSV"},
            {"name": "ohne Format", "url": "https://opendata.jena.de/b.xlsx"},
            {"name": "eigene Lizenz", "url": "https://opendata.jena.de/c.json", "format": "JSON", "license": "cc-zero"},
            {
                "name": "mit Prüfsumme",
                "url": "https://opendata.jena.de/d.zip",
                "format": "ZIP",
                "size": "204800",
                "hash": "A" * 64,
                "availability": "TEMPORARY",
            },
        ]
        dataset = create(editor, complete("dataset", availability="AVAILABLE", resources=resources))
        csv, guessed, own, checked = dataset["resources"]
        assert (csv["format"], csv["mimetype"], csv["license"], csv["availability"]) == (
            "CSV",
            "text/csv",
            "dl-by-de/2.0",
            "AVAILABLE",
        )
        assert guessed["format"] == "XLSX"
        assert guessed["mimetype"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert own["license"] == "cc-zero"
        assert checked["size"] == 204800
        assert checked["hash"] == "a" * 64
        assert checked["availability"] == "TEMPORARY"

    def test_high_value_dataset_gets_the_implementing_regulation(
        self, editor: dict[str, Any], complete: Complete
    ) -> None:
        dataset = create(editor, complete("dataset", hvd_category=["c_e1da4e07"]))
        assert dataset["hvd_category"] == ["c_e1da4e07"]
        assert dataset["applicable_legislation"] == ["http://data.europa.eu/eli/reg_impl/2023/138/oj"]

    def test_geodata_numbers_and_services(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("geodata", scale_denominator="1:10.000", spatial_resolution_m="0,5"))
        assert dataset["scale_denominator"] == 10000
        assert dataset["spatial_resolution_m"] == 0.5
        assert dataset["reference_system"] == "EPSG:25832"
        assert dataset["inspire_theme"] == "au"
        assert dataset["wms_url"].startswith("https://geo.jena.de/wms")

    def test_realtime_fields(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("realtime"))
        assert dataset["frequency"] == "UPDATE_CONT"
        assert dataset["measured_parameters"] == ["Feinstaub PM10 (µg/m³)", "Stickstoffdioxid NO2 (µg/m³)"]
        assert json.loads(dataset["sensor_locations"])["type"] == "FeatureCollection"
        assert "sensor" in dataset["jena_category"]

    def test_spatial_extent_far_outside_is_accepted_when_confirmed(
        self, editor: dict[str, Any], complete: Complete
    ) -> None:
        dataset = create(editor, complete("dataset", spatial=json.dumps(data.ERFURT), spatial_outside_confirmed=True))
        assert dataset["spatial_outside_confirmed"] is True

    def test_search_finds_all_types(self, editor: dict[str, Any], complete: Complete) -> None:
        for kind in KINDS:
            create(editor, complete(kind))
        result = call_action("package_search", q="*:*", include_private=True)
        assert sorted(d["type"] for d in result["results"]) == ["dataset", "geodata", "realtime"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDrafts:
    def test_draft_may_be_incomplete(self, sysadmin: dict[str, Any], department: dict[str, Any]) -> None:
        draft = call_action(
            "package_create",
            as_user(sysadmin),
            type="geodata",
            name="entwurf",
            owner_org=department["id"],
            state="draft",
        )
        assert draft["state"] == "draft"
        assert draft["political_geocoding"] == ["16053000"]  # defaults still apply

    def test_publishing_requires_the_mandatory_fields(
        self, sysadmin: dict[str, Any], department: dict[str, Any]
    ) -> None:
        context = as_user(sysadmin)
        call_action(
            "package_create", context, type="dataset", name="entwurf", owner_org=department["id"], state="draft"
        )
        with pytest.raises(ValidationError) as raised:
            call_action("package_patch", context, id="entwurf", state="active")
        required = "Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus."
        errors = raised.value.error_dict
        for key in ("title", "notes", "theme", "jena_category", "data_steward", "frequency"):
            assert errors[key] == [required], key
        assert errors["contact_point_email"] == [
            "Bitte geben Sie für die Kontaktstelle eine E-Mail-Adresse oder eine Web-Adresse (URL) an."
        ]
        assert errors["attribution_text"] == [
            "Die Lizenz „Datenlizenz Deutschland – Namensnennung – Version 2.0“ verlangt eine Namensnennung. "
            "Bitte geben Sie den Namensnennungstext an (z. B. „Stadt Jena, Fachdienst …“)."
        ]
        assert model.Package.get("entwurf").state == "draft"

    @pytest.mark.parametrize(
        ("kind", "missing", "key"),
        [
            ("geodata", "spatial", "spatial"),
            ("geodata", "scale_denominator", "scale_denominator"),
            ("realtime", "api_endpoint", "api_endpoint"),
            ("realtime", "measured_parameters", "measured_parameters"),
        ],
    )
    def test_type_specific_mandatory_fields(
        self, kind: str, missing: str, key: str, editor: dict[str, Any], complete: Complete
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            create(editor, complete(kind, **{missing: None}))
        expected = {
            "scale_denominator": "Bitte geben Sie einen Maßstab oder eine räumliche Auflösung an.",
        }.get(key, "Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus.")
        assert raised.value.error_dict == {key: [expected]}
        assert model.Session.query(model.Package).count() == 0

    def test_resolution_instead_of_scale_is_enough(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("geodata", scale_denominator=None, spatial_resolution_m="0.2"))
        assert dataset["spatial_resolution_m"] == 0.2

    def test_contact_url_instead_of_email_is_enough(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(
            editor, complete("dataset", contact_point_email=None, contact_point_url="https://www.jena.de/statistik")
        )
        assert dataset["contact_point_url"] == "https://www.jena.de/statistik"

    @pytest.mark.parametrize("kind", ["dataset", "geodata", "realtime"])
    def test_contact_phone_and_postal_address(self, kind: str, editor: dict[str, Any], complete: Complete) -> None:
        contact = {
            "contact_point_phone": " 03641 49-5210 ",
            "contact_point_street": "Am Anger 26",
            "contact_point_postal_code": "07743",
            "contact_point_locality": "Jena",
        }
        dataset = create(editor, complete(kind, **contact))
        assert {key: dataset[key] for key in contact} == {**contact, "contact_point_phone": "03641 49-5210"}

    def test_editor_cannot_sneak_an_incomplete_dataset_out_as_draft(
        self, editor: dict[str, Any], department: dict[str, Any]
    ) -> None:
        """CKAN drops ``state`` from an editor's package_create; the dataset would be public, so it must be complete."""
        with pytest.raises(ValidationError) as raised:
            create(editor, {"type": "dataset", "name": "heimlich", "owner_org": department["id"], "state": "draft"})
        assert "title" in raised.value.error_dict
        assert model.Package.get("heimlich") is None


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestUpdate:
    def test_update_changes_values(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("geodata"))
        changed = dict(dataset, frequency="QUARTERLY", theme=["REGI", "ENVI"], scale_denominator=2500)
        updated = call_action("package_update", as_user(editor), **changed)
        assert (updated["frequency"], updated["theme"], updated["scale_denominator"]) == (
            "QUARTERLY",
            ["REGI", "ENVI"],
            2500,
        )
        assert call_action("package_show", id=dataset["id"])["frequency"] == "QUARTERLY"

    def test_patch_keeps_the_other_fields(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("realtime"))
        patched = call_action("package_patch", as_user(editor), id=dataset["id"], frequency="CONT")
        assert patched["frequency"] == "CONT"
        assert patched["measured_parameters"] == dataset["measured_parameters"]
        assert patched["resources"][0]["license"] == "dl-by-de/2.0"

    def test_failed_update_writes_nothing(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("dataset"))
        before = call_action("package_show", id=dataset["id"])
        with pytest.raises(ValidationError):
            call_action(
                "package_update",
                as_user(editor),
                **dict(dataset, title="Neuer Titel", temporal_end="2000-01-01"),
            )
        after = call_action("package_show", id=dataset["id"])
        assert after["title"] == before["title"]
        assert after["temporal_end"] == "2024-12-31"
        assert after["metadata_modified"] == before["metadata_modified"]

    def test_unpublishing_to_draft_allows_gaps_again(self, editor: dict[str, Any], complete: Complete) -> None:
        dataset = create(editor, complete("dataset"))
        draft = call_action(
            "package_update", as_user(editor), **dict(dataset, state="draft", notes="", data_steward="")
        )
        assert draft["state"] == "draft"
        assert draft["notes"] == ""
        assert "data_steward" not in draft


@pytest.mark.usefixtures("with_plugins")
class TestSchemaShow:
    @pytest.mark.parametrize("kind", KINDS)
    def test_scheming_dataset_schema_show(self, kind: str) -> None:
        schema = call_action("scheming_dataset_schema_show", type=kind)
        fields = {field["field_name"]: field for field in schema["dataset_fields"]}
        assert CONTRACT_KEYS - {"tags"} | {"tag_string"} | TYPE_KEYS[kind] <= set(fields)
        for field in schema["dataset_fields"] + schema["resource_fields"]:
            assert field["label"]["de"] and field["label"]["en"], field["field_name"]
            help_text = field.get("help_text")
            if help_text:
                assert help_text["de"] and help_text["en"], field["field_name"]
        for name in CONTRACT_KEYS - {"tags", "name", "owner_org"}:
            key = "tag_string" if name == "tags" else name
            assert fields[key].get("dcat"), f"{key} names no DCAT-AP.de property"
        resource_fields = {field["field_name"] for field in schema["resource_fields"]}
        assert {"url", "name", "format", "mimetype", "license", "size", "hash", "availability"} <= resource_fields

    def test_organization_schema_show(self) -> None:
        schema = call_action("scheming_organization_schema_show", type="organization")
        names = [field["field_name"] for field in schema["fields"]]
        assert set(names) >= {
            "name", "title", "official_name", "department_code", "street_address", "postal_code",
            "locality", "email", "phone", "website", "notes",
        }  # fmt: skip
        for field in schema["fields"]:
            assert field["label"]["de"] and field["label"]["en"], field["field_name"]

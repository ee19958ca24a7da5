"""Every bad input through the Action API: the exact German message under the English key, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from ckan import model
from ckan.plugins.toolkit import ValidationError
from ckan.tests.helpers import call_action

from tests.schemas import data

Complete = Callable[..., dict[str, Any]]

REQUIRED = "Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus."
URL_MESSAGE = (
    "„{}“ ist keine gültige Web-Adresse. Bitte geben Sie eine vollständige URL an, "
    "die mit https:// oder http:// beginnt."
)
EMAIL_MESSAGE = "„{}“ ist keine gültige E-Mail-Adresse (Beispiel: vorname.nachname@jena.de)."
OUTSIDE_MESSAGE = (
    "Die Geometrie reicht etwa {} km über das Stadtgebiet von Jena hinaus. Bitte prüfen Sie die Koordinaten "
    "(Reihenfolge: Länge, Breite) oder bestätigen Sie ausdrücklich, dass die Ausdehnung über Jena hinausgeht."
)
NOT_IN_LIST = "Der Wert „{}“ ist in der Codeliste „{}“ nicht enthalten."
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[11.58, 50.92], [11.60, 50.93], [11.60, 50.92], [11.58, 50.93], [11.58, 50.92]]],
}
OPEN_RING = {"type": "Polygon", "coordinates": [[[11.58, 50.92], [11.60, 50.92], [11.60, 50.93], [11.58, 50.93]]]}

# (case id, dataset type, changes, expected error dict)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # invalid GeoJSON
    (
        "geojson-syntax",
        "dataset",
        {"spatial": '{"type": "Polygon", "coordinates": [[[11.5, 50.9]'},
        {"spatial": ["Ungültiges GeoJSON: Der Text ist kein gültiges JSON (Zeile 1, Spalte 50)."]},
    ),
    (
        "geojson-plain-text",
        "geodata",
        {"spatial": "Jena"},
        {"spatial": ["Ungültiges GeoJSON: Der Text ist kein gültiges JSON (Zeile 1, Spalte 1)."]},
    ),
    (
        "geojson-feature-not-geometry",
        "dataset",
        {"spatial": json.dumps({"type": "Feature", "geometry": data.INNER_CITY, "properties": {}})},
        {
            "spatial": [
                "Ungültiges GeoJSON: Erwartet wird eine Geometrie (z. B. Polygon, MultiPolygon oder Point), "
                "nicht „Feature“."
            ]
        },
    ),
    (
        "geojson-open-ring",
        "dataset",
        {"spatial": json.dumps(OPEN_RING)},
        {
            "spatial": [
                "Ungültiges GeoJSON: Die Koordinaten der Geometrie „Polygon“ sind unvollständig oder falsch aufgebaut "
                "(eine Fläche muss geschlossen sein: erster Punkt = letzter Punkt)."
            ]
        },
    ),
    (
        "geojson-out-of-range",
        "dataset",
        {"spatial": json.dumps({"type": "Point", "coordinates": [511.59, 50.93]})},
        {
            "spatial": [
                "Ungültiges GeoJSON: Koordinaten außerhalb des gültigen Bereichs "
                "(Länge −180 bis 180, Breite −90 bis 90; Reihenfolge: Länge, Breite in WGS 84)."
            ]
        },
    ),
    (
        "geojson-self-intersection",
        "dataset",
        {"spatial": json.dumps(BOWTIE)},
        {"spatial": ["Ungültiges GeoJSON: Die Fläche überschneidet sich selbst."]},
    ),
    (
        "sensor-locations-not-points",
        "realtime",
        {"sensor_locations": json.dumps(data.INNER_CITY)},
        {
            "sensor_locations": [
                "Ungültiges GeoJSON: Sensorstandorte sind Punkte: Point, MultiPoint oder eine FeatureCollection."
            ]
        },
    ),
    # far outside Jena without confirmation
    (
        "swapped-coordinates",
        "dataset",
        {"spatial": json.dumps(data.SWAPPED)},
        {"spatial": [OUTSIDE_MESSAGE.format(5141)]},
    ),
    ("erfurt", "geodata", {"spatial": json.dumps(data.ERFURT)}, {"spatial": [OUTSIDE_MESSAGE.format(33)]}),
    (
        "sensor-in-leipzig",
        "realtime",
        {"sensor_locations": json.dumps({"type": "Point", "coordinates": [12.37, 51.34]})},
        {"sensor_locations": [OUTSIDE_MESSAGE.format(60)]},
    ),
    # dates
    (
        "end-before-start",
        "dataset",
        {"temporal_start": "2024-01-01", "temporal_end": "2023-12-31"},
        {"temporal_end": ["Das Enddatum des Zeitraums darf nicht vor dem Startdatum liegen."]},
    ),
    (
        "ambiguous-date-format",
        "dataset",
        {"issued": "04/01/2025"},
        {
            "issued": [
                "„04/01/2025“ ist kein gültiges Datum. Bitte verwenden Sie das Format TT.MM.JJJJ (z. B. 31.03.2024)."
            ]
        },
    ),
    (
        "impossible-date",
        "dataset",
        {"temporal_start": "2024-02-30"},
        {
            "temporal_start": [
                "„2024-02-30“ ist kein gültiges Datum. Bitte verwenden Sie das Format TT.MM.JJJJ (z. B. 31.03.2024)."
            ]
        },
    ),
    # values not in the code lists
    ("theme", "dataset", {"theme": ["TRAN", "VERKEHR"]}, {"theme": [NOT_IN_LIST.format("VERKEHR", "EU-Datenthemen")]}),
    (
        "jena-category",
        "dataset",
        {"jena_category": ["Statistik"]},
        {"jena_category": [NOT_IN_LIST.format("Statistik", "Datenkategorien der Stadt Jena")]},
    ),
    (
        "frequency",
        "dataset",
        {"frequency": "manchmal"},
        {"frequency": [NOT_IN_LIST.format("manchmal", "Aktualisierungsfrequenzen")]},
    ),
    ("licence", "dataset", {"license_id": "cc-by-4.0"}, {"license_id": [NOT_IN_LIST.format("cc-by-4.0", "Lizenzen")]}),
    (
        "political-geocoding",
        "dataset",
        {"political_geocoding": ["16055000"]},
        {"political_geocoding": [NOT_IN_LIST.format("16055000", "Politische Geokodierung")]},
    ),
    (
        "political-geocoding-level",
        "dataset",
        {"political_geocoding_level": "city"},
        {"political_geocoding_level": [NOT_IN_LIST.format("city", "Ebene der politischen Geokodierung")]},
    ),
    (
        "district",
        "dataset",
        {"district": ["Paradies"]},
        {"district": [NOT_IN_LIST.format("Paradies", "Ortsteile der Stadt Jena")]},
    ),
    ("language", "dataset", {"language": ["de"]}, {"language": [NOT_IN_LIST.format("de", "Sprachen")]}),
    (
        "access-rights",
        "dataset",
        {"access_rights": "OPEN"},
        {"access_rights": [NOT_IN_LIST.format("OPEN", "Zugriffsrechte")]},
    ),
    (
        "availability",
        "dataset",
        {"availability": "FOREVER"},
        {"availability": [NOT_IN_LIST.format("FOREVER", "Geplante Verfügbarkeit")]},
    ),
    (
        "hvd-category",
        "dataset",
        {"hvd_category": ["Mobilität"]},
        {"hvd_category": [NOT_IN_LIST.format("Mobilität", "Kategorien hochwertiger Datensätze (HVD)")]},
    ),
    (
        "inspire-theme",
        "geodata",
        {"inspire_theme": "xx"},
        {"inspire_theme": [NOT_IN_LIST.format("xx", "INSPIRE-Themen")]},
    ),
    (
        "reference-system",
        "geodata",
        {"reference_system": "EPSG:9999"},
        {"reference_system": [NOT_IN_LIST.format("EPSG:9999", "Koordinatenreferenzsysteme")]},
    ),
    (
        "realtime-frequency-not-continuous",
        "realtime",
        {"frequency": "DAILY"},
        {"frequency": ["„täglich“ ist hier nicht zulässig. Erlaubt: „kontinuierlich“, „laufend aktualisiert“."]},
    ),
    (
        "resource-format",
        "dataset",
        {"resources": [{"name": "Tabelle", "url": "https://opendata.jena.de/t", "format": "Excel"}]},
        {"resources": [{"format": [NOT_IN_LIST.format("Excel", "Dateiformate")]}]},
    ),
    (
        "resource-licence",
        "dataset",
        {"resources": [{"name": "Tabelle", "url": "https://opendata.jena.de/t.csv", "license": "frei"}]},
        {"resources": [{"license": [NOT_IN_LIST.format("frei", "Lizenzen")]}]},
    ),
    # attribution licence without attribution text
    (
        "attribution-cc-by",
        "dataset",
        {"license_id": "cc-by/4.0", "attribution_text": None},
        {
            "attribution_text": [
                "Die Lizenz „Creative Commons Namensnennung – 4.0 International (CC BY 4.0)“ verlangt eine "
                "Namensnennung. Bitte geben Sie den Namensnennungstext an (z. B. „Stadt Jena, Fachdienst …“)."
            ]
        },
    ),
    (
        "attribution-resource-licence",
        "dataset",
        {
            "license_id": "dl-zero-de/2.0",
            "attribution_text": "",
            "resources": [
                {"name": "Karte", "url": "https://opendata.jena.de/k.pdf", "format": "PDF", "license": "dl-by-de/2.0"}
            ],
        },
        {
            "attribution_text": [
                "Die Lizenz „Datenlizenz Deutschland – Namensnennung – Version 2.0“ verlangt eine Namensnennung. "
                "Bitte geben Sie den Namensnennungstext an (z. B. „Stadt Jena, Fachdienst …“)."
            ]
        },
    ),
    # malformed email and URL
    (
        "contact-email",
        "dataset",
        {"contact_point_email": "statistik(at)jena.de"},
        {"contact_point_email": [EMAIL_MESSAGE.format("statistik(at)jena.de")]},
    ),
    (
        "maintainer-email",
        "dataset",
        {"maintainer_email": "anna@jena"},
        {"maintainer_email": [EMAIL_MESSAGE.format("anna@jena")]},
    ),
    (
        "contact-phone-without-area-code",
        "dataset",
        {"contact_point_phone": "49-5210"},
        {
            "contact_point_phone": [
                "„49-5210“ ist keine gültige Telefonnummer. Bitte mit Vorwahl und nur mit Ziffern, Leerzeichen "
                "und + / - ( ) angeben, z. B. 03641 49-0 oder +49 3641 49-0."
            ]
        },
    ),
    (
        "contact-phone-letters",
        "geodata",
        {"contact_point_phone": "Zentrale"},
        {
            "contact_point_phone": [
                "„Zentrale“ ist keine gültige Telefonnummer. Bitte mit Vorwahl und nur mit Ziffern, Leerzeichen "
                "und + / - ( ) angeben, z. B. 03641 49-0 oder +49 3641 49-0."
            ]
        },
    ),
    (
        "contact-postal-code",
        "realtime",
        {"contact_point_postal_code": "0774"},
        {"contact_point_postal_code": ["Bitte geben Sie eine fünfstellige Postleitzahl an (z. B. 07743)."]},
    ),
    (
        "contact-url-without-scheme",
        "dataset",
        {"contact_point_url": "www.jena.de"},
        {"contact_point_url": [URL_MESSAGE.format("www.jena.de")]},
    ),
    (
        "landing-page-with-space",
        "dataset",
        {"url": "https://www.jena .de"},
        {"url": [URL_MESSAGE.format("https://www.jena .de")]},
    ),
    (
        "documentation-ftp",
        "dataset",
        {"documentation": "ftp://jena.de/doku"},
        {"documentation": [URL_MESSAGE.format("ftp://jena.de/doku")]},
    ),
    ("wms-url", "geodata", {"wms_url": "geo.jena.de/wms"}, {"wms_url": [URL_MESSAGE.format("geo.jena.de/wms")]}),
    ("api-endpoint", "realtime", {"api_endpoint": "https://"}, {"api_endpoint": [URL_MESSAGE.format("https://")]}),
    (
        "conforms-to",
        "dataset",
        {"conforms_to": ["https://schema.org", "DIN 1234"]},
        {"conforms_to": [URL_MESSAGE.format("DIN 1234")]},
    ),
    # numbers, checksum, media type
    (
        "scale",
        "geodata",
        {"scale_denominator": "groß"},
        {"scale_denominator": ["Bitte geben Sie eine positive ganze Zahl an (z. B. 5000 für den Maßstab 1:5000)."]},
    ),
    (
        "resolution",
        "geodata",
        {"spatial_resolution_m": "-1"},
        {"spatial_resolution_m": ["Bitte geben Sie eine positive Zahl an (z. B. 0,5)."]},
    ),
    (
        "resource-size",
        "dataset",
        {"resources": [{"name": "CSV", "url": "https://opendata.jena.de/a.csv", "size": "2 MB"}]},
        {"resources": [{"size": ["Bitte geben Sie die Dateigröße als ganze Zahl in Bytes an (z. B. 204800)."]}]},
    ),
    (
        "resource-hash",
        "dataset",
        {
            "resources": [
                {"name": "CSV", "url": "https://opendata.jena.de/a.csv", "hash": "abc", "hash_algorithm": "md5"}
            ]
        },
        {"resources": [{"hash": ["Die Prüfsumme muss aus 32 Hexadezimalzeichen (0–9, a–f) bestehen (MD5)."]}]},
    ),
    (
        "resource-media-type",
        "dataset",
        {"resources": [{"name": "CSV", "url": "https://opendata.jena.de/a.csv", "mimetype": "csv"}]},
        {
            "resources": [
                {"mimetype": ["„csv“ ist kein gültiger Medientyp (IANA), z. B. text/csv oder application/json."]}
            ]
        },
    ),
    # rules that only publishing enforces
    (
        "no-contact-point",
        "dataset",
        {"contact_point_email": None},
        {
            "contact_point_email": [
                "Bitte geben Sie für die Kontaktstelle eine E-Mail-Adresse oder eine Web-Adresse (URL) an."
            ]
        },
    ),
    (
        "hvd-legislation-without-category",
        "dataset",
        {"applicable_legislation": ["http://data.europa.eu/eli/reg_impl/2023/138/oj"]},
        {"hvd_category": ["Datensätze nach der Durchführungsverordnung (EU) 2023/138 brauchen eine HVD-Kategorie."]},
    ),
    ("missing-title", "dataset", {"title": ""}, {"title": [REQUIRED]}),
    ("missing-theme", "geodata", {"theme": []}, {"theme": [REQUIRED]}),
    ("missing-data-steward", "realtime", {"data_steward": "  "}, {"data_steward": [REQUIRED]}),
    (
        "missing-resource-format",
        "dataset",
        {"resources": [{"name": "x", "url": "https://opendata.jena.de/x"}]},
        {"resources": [{"format": [REQUIRED]}]},
    ),
]


def _as_user(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user["name"], "ignore_auth": False}


def _package_count() -> int:
    return model.Session.query(model.Package).count()


@pytest.mark.usefixtures("with_plugins")
class TestCreateRefusesBadInput:
    @pytest.mark.parametrize(("kind", "changes", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
    def test_error_and_nothing_written(
        self, kind: str, changes: dict[str, Any], expected: dict[str, Any], shared_department: SimpleNamespace
    ) -> None:
        fields = data.complete(kind, owner_org=shared_department.department["id"], **changes)
        with pytest.raises(ValidationError) as raised:
            call_action("package_create", _as_user(shared_department.editor), **fields)
        assert raised.value.error_dict == expected
        assert _package_count() == 0
        assert call_action("package_search", q="*:*", include_private=True)["count"] == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestUpdateRefusesBadInput:
    @pytest.mark.parametrize(
        "case_id",
        ["geojson-syntax", "erfurt", "end-before-start", "frequency", "attribution-cc-by", "contact-email", "wms-url"],
    )
    def test_stored_dataset_stays_unchanged(self, case_id: str, editor: dict[str, Any], complete: Complete) -> None:
        _, kind, changes, expected = next(case for case in CASES if case[0] == case_id)
        dataset = call_action("package_create", _as_user(editor), **complete(kind))
        before = call_action("package_show", id=dataset["id"])
        changed = {key: value for key, value in {**before, **changes}.items() if value is not None}
        for key in [key for key, value in changes.items() if value is None]:
            changed.pop(key, None)
        with pytest.raises(ValidationError) as raised:
            call_action("package_update", _as_user(editor), **changed)
        assert raised.value.error_dict == expected
        assert call_action("package_show", id=dataset["id"]) == before


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDraftsStillRefuseContradictions:
    """Drafts may be incomplete, but not wrong."""

    @pytest.mark.parametrize(
        "case_id", ["geojson-self-intersection", "swapped-coordinates", "end-before-start", "theme", "contact-email"]
    )
    def test_draft_with_bad_value(self, case_id: str, sysadmin: dict[str, Any], department: dict[str, Any]) -> None:
        _, kind, changes, expected = next(case for case in CASES if case[0] == case_id)
        with pytest.raises(ValidationError) as raised:
            call_action(
                "package_create",
                _as_user(sysadmin),
                type=kind,
                name="entwurf",
                owner_org=department["id"],
                state="draft",
                **changes,
            )
        assert raised.value.error_dict == expected
        assert _package_count() == 0

    def test_incomplete_draft_is_saved(self, sysadmin: dict[str, Any], department: dict[str, Any]) -> None:
        draft = call_action(
            "package_create",
            _as_user(sysadmin),
            type="dataset",
            name="entwurf",
            owner_org=department["id"],
            state="draft",
            license_id="cc-by/4.0",
            applicable_legislation=["http://data.europa.eu/eli/reg_impl/2023/138/oj"],
        )
        assert draft["state"] == "draft"
        assert _package_count() == 1

"""RDF → CKAN: a DCAT-AP.de catalog of another portal read into the portal's fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckanext.dcat.processors import RDFParser

from tests.dcat.conftest import DATA


def _parse(name: str, fmt: str) -> dict[str, dict[str, Any]]:
    parser = RDFParser(profiles=["dcat_ap_de"])
    text = (DATA / name).read_text().replace("{base}", "http://127.0.0.1:1")
    parser.parse(text, _format=fmt)
    return {d["title"]: d for d in parser.datasets()}


@pytest.fixture
def weimar() -> dict[str, dict[str, Any]]:
    return {**_parse("weimar-page1.ttl", "turtle"), **_parse("weimar-page2.rdf", "xml")}


@pytest.mark.usefixtures("with_plugins")
class TestForeignCatalog:
    def test_vocabularies_become_codes_and_foreign_values_are_dropped(self, weimar: dict[str, Any]) -> None:
        air = weimar["Luftmessnetz Weimar"]
        assert sorted(air["theme"]) == ["ENVI", "HEAL"], "the unknown theme URI is dropped"
        assert air["language"] == ["DEU"]
        assert air["frequency"] == "HOURLY"
        assert air["access_rights"] == "PUBLIC"
        assert air["availability"] == "STABLE"
        assert air["hvd_category"] == ["c_ac64a52d"]
        assert air["applicable_legislation"] == ["http://data.europa.eu/eli/reg_impl/2023/138/oj"]
        assert air["political_geocoding_level"] == "municipality"
        assert "political_geocoding" not in air, "Weimar's key is not in Jena's code list"
        assert air["license_id"] == "dl-zero-de/2.0"

    def test_agents_contact_dates_and_extent(self, weimar: dict[str, Any]) -> None:
        air = weimar["Luftmessnetz Weimar"]
        assert (air["publisher_name"], air["publisher_uri"]) == ("Stadt Weimar", "https://www.weimar.example")
        assert (air["contact_point_name"], air["contact_point_email"]) == ("Umweltamt Weimar", "umwelt@weimar.example")
        assert air["contributor_id"] == "http://dcat-ap.de/def/contributors/stadtWeimar"
        assert (air["issued"], air["modified"]) == ("2020-05-04", "2025-10-01T08:30:00")
        assert air["temporal_start"] == "2020-01-01" and "temporal_end" not in air
        assert json.loads(air["spatial"])["type"] == "Polygon", "legacy WKT literal converted to GeoJSON"
        assert air["url"] == "https://www.weimar.example/luft"
        assert {t["name"] for t in air["tags"]} == {"Luft", "Umwelt"}
        extras = {e["key"]: e["value"] for e in air["extras"]}
        assert extras["uri"] == "https://daten.weimar.example/dataset/luftmessnetz"
        assert set(extras) <= {"uri", "identifier", "guid"}

    def test_distributions(self, weimar: dict[str, Any]) -> None:
        (csv,) = weimar["Luftmessnetz Weimar"]["resources"]
        assert csv["format"] == "CSV" and csv["mimetype"] == "text/csv"
        assert csv["url"] == "https://daten.weimar.example/files/luft.csv"
        assert csv["license"] == "dl-zero-de/2.0"
        assert csv["uri"] == "https://daten.weimar.example/dataset/luftmessnetz/csv"
        (pdf,) = weimar["Haushaltsplan Weimar"]["resources"]
        assert "format" not in pdf, "a text format is not a file-type URI"
        assert weimar["Haushaltsplan Weimar"]["attribution_text"] == "Stadt Weimar"
        assert weimar["Haushaltsplan Weimar"]["license_id"] == "cc-by/4.0"
        (geojson,) = weimar["Spielplätze in Weimar"]["resources"]
        assert (geojson["format"], geojson["availability"]) == ("GEOJSON", "AVAILABLE")

    def test_nothing_ckanext_dcat_invents_is_left(self, weimar: dict[str, Any]) -> None:
        for dataset in weimar.values():
            for key in ("contact", "publisher", "temporal_coverage", "spatial_coverage", "dcat_type"):
                assert key not in dataset
            assert not any(extra["key"] == "homepage" for extra in dataset["extras"])


CONTACTS = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<https://daten.example/dataset/a> a dcat:Dataset ; dct:title "Mit Telefon" ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Umweltamt" ; vcard:hasEmail <mailto:umwelt@weimar.example> ;
        vcard:hasTelephone <tel:+49-3643-762-0> ;
        vcard:hasAddress [ a vcard:Address ; vcard:street-address "Schwanseestraße 17" ;
            vcard:postal-code "99423" ; vcard:locality "Weimar" ; vcard:country-name "Deutschland" ] ] .
<https://daten.example/dataset/b> a dcat:Dataset ; dct:title "Mit fremden Werten" ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Amt" ; vcard:hasEmail <mailto:amt@example.org> ;
        vcard:hasTelephone "Zentrale" ; vcard:street-address "Hauptplatz 1" ; vcard:postal-code "A-8010" ;
        vcard:locality "Graz" ] .
"""


@pytest.mark.usefixtures("with_plugins")
def test_contact_phone_and_address_foreign_values_left_out() -> None:
    parser = RDFParser(profiles=["dcat_ap_de"])
    parser.parse(CONTACTS, _format="turtle")
    found = {d["title"]: d for d in parser.datasets()}

    with_phone = found["Mit Telefon"]
    assert with_phone["contact_point_phone"] == "+49-3643-762-0"
    assert (
        with_phone["contact_point_street"],
        with_phone["contact_point_postal_code"],
        with_phone["contact_point_locality"],
    ) == ("Schwanseestraße 17", "99423", "Weimar")
    foreign = found["Mit fremden Werten"]
    assert "contact_point_phone" not in foreign and "contact_point_postal_code" not in foreign
    assert (foreign["contact_point_street"], foreign["contact_point_locality"]) == ("Hauptplatz 1", "Graz")

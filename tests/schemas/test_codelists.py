"""Code lists: every value has a URI and both labels; the loader; the schemas only use known codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ckanext.jena.codelists import CodeListError, ckan_license_list, codelist_names, get_codelist

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
SCHEMA_FILES = ("dataset.yaml", "geodata.yaml", "realtime.yaml")

EXPECTED_LISTS = {
    "access_rights",
    "applicable_legislation",
    "checksum_algorithms",
    "data_themes",
    "districts",
    "file_types",
    "frequencies",
    "hvd_categories",
    "inspire_themes",
    "jena_categories",
    "languages",
    "licenses",
    "planned_availability",
    "political_geocoding",
    "political_geocoding_levels",
    "reference_systems",
}


def test_all_code_lists_are_shipped() -> None:
    assert set(codelist_names()) == EXPECTED_LISTS


@pytest.mark.parametrize("name", sorted(EXPECTED_LISTS))
def test_every_value_has_a_uri_and_both_labels(name: str) -> None:
    raw = yaml.safe_load((SCHEMAS / "codelists" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert raw["codes"], name
    for item in raw["codes"]:
        assert str(item["uri"]).startswith(("http://", "https://")), item
        assert " " not in str(item["uri"]), item
        assert isinstance(item["label"]["de"], str) and item["label"]["de"].strip(), item
        assert isinstance(item["label"]["en"], str) and item["label"]["en"].strip(), item
    codes = [str(item["code"]) for item in raw["codes"]]
    uris = [item["uri"] for item in raw["codes"]]
    assert len(codes) == len(set(codes)), f"duplicate codes in {name}"
    assert len(uris) == len(set(uris)), f"duplicate URIs in {name}"
    assert raw["title"]["de"] and raw["title"]["en"]


def test_eu_vocabularies_use_their_authority_uris() -> None:
    for name, base in {
        "data_themes": "http://publications.europa.eu/resource/authority/data-theme/",
        "frequencies": "http://publications.europa.eu/resource/authority/frequency/",
        "file_types": "http://publications.europa.eu/resource/authority/file-type/",
        "languages": "http://publications.europa.eu/resource/authority/language/",
        "access_rights": "http://publications.europa.eu/resource/authority/access-right/",
        "planned_availability": "http://publications.europa.eu/resource/authority/planned-availability/",
        "licenses": "http://dcat-ap.de/def/licenses/",
        "political_geocoding_levels": "http://dcat-ap.de/def/politicalGeocoding/Level/",
        "hvd_categories": "http://data.europa.eu/bna/",
    }.items():
        codelist = get_codelist(name)
        for code in codelist.codes():
            assert codelist.uri(code) == base + code, (name, code)


def test_contract_values_are_in_the_lists() -> None:
    """The codes docs/field-contract.md names must exist."""
    assert set(get_codelist("data_themes").codes()) >= {"TRAN", "ENVI", "REGI", "SOCI", "GOVE", "ECON", "EDUC"}
    assert set(get_codelist("jena_categories").codes()) == {
        "register",
        "mobility",
        "transaction",
        "geo",
        "administrative",
        "business",
        "demographic",
        "sensor",
        "environment",
        "infrastructure",
        "finance",
    }
    assert set(get_codelist("frequencies").codes()) >= {"DAILY", "WEEKLY", "MONTHLY", "ANNUAL", "CONT", "UPDATE_CONT"}
    assert set(get_codelist("file_types").codes()) >= {
        "CSV", "GEOJSON", "JSON", "XLSX", "PDF", "WMS_SRVC", "WFS_SRVC", "SHP", "XML", "ZIP", "HTML",
    }  # fmt: skip
    assert set(get_codelist("hvd_categories").codes()) == {
        "c_dd313021", "c_ac64a52d", "c_b79e35eb", "c_e1da4e07", "c_164e0bf5", "c_a9135398",
    }  # fmt: skip
    assert set(get_codelist("planned_availability").codes()) == {"STABLE", "AVAILABLE", "TEMPORARY", "EXPERIMENTAL"}
    assert "PUBLIC" in get_codelist("access_rights")
    assert "DEU" in get_codelist("languages")
    assert len(get_codelist("districts")) == 30


def test_jena_political_geocoding_facts() -> None:
    geocoding = get_codelist("political_geocoding")
    assert geocoding.uri("16053000") == "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
    assert geocoding.uri("160530000000") == "http://dcat-ap.de/def/politicalGeocoding/regionalKey/160530000000"
    assert geocoding.uri("16053") == "http://dcat-ap.de/def/politicalGeocoding/districtKey/16053"
    assert geocoding.uri("16") == "http://dcat-ap.de/def/politicalGeocoding/stateKey/16"
    levels = get_codelist("political_geocoding_levels")
    assert levels.uri("municipality") == "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
    for code in geocoding.codes():
        assert geocoding.attribute(code, "level") in levels


def test_licence_list_matches_the_official_dcat_ap_de_list(shapes_dir: Path) -> None:
    """Same URIs and German labels as the official dcat-ap-de-licenses-open.rdf (installed, not copied).

    Where a licence's own title differs from the list's label (the dl-de licences), the
    code list keeps the list's label as ``vocabulary_label``.
    """
    rdflib = pytest.importorskip("rdflib")
    official = shapes_dir / "dcat-ap-de-licenses-open.rdf"
    graph = rdflib.Graph().parse(official)
    skos = rdflib.namespace.SKOS
    expected = {
        str(s): " ".join(str(graph.value(s, skos.prefLabel)).split())
        for s in graph.subjects(rdflib.RDF.type, skos.Concept)
    }
    licenses = get_codelist("licenses")
    ours = {
        licenses.uri(code): licenses.attribute(code, "vocabulary_label") or licenses.label(code, "de")
        for code in licenses.codes()
    }
    assert ours == expected
    assert licenses.label("dl-by-de/2.0", "de") == "Datenlizenz Deutschland – Namensnennung – Version 2.0"


def test_attribution_flag_on_attribution_licences() -> None:
    licenses = get_codelist("licenses")
    assert licenses.attribute("dl-by-de/2.0", "attribution") is True
    assert licenses.attribute("cc-by/4.0", "attribution") is True
    assert licenses.attribute("dl-zero-de/2.0", "attribution") is False
    assert licenses.attribute("cc-zero", "attribution") is False


def test_loader_lookups() -> None:
    themes = get_codelist("data_themes")
    assert themes.codes()[0] == "AGRI"
    assert themes.uri("TRAN") == "http://publications.europa.eu/resource/authority/data-theme/TRAN"
    assert themes.label("TRAN") == "Verkehr"
    assert themes.label("TRAN", "en") == "Transport"
    assert themes.label("TRAN", "fr") == "Verkehr"  # unknown language falls back to German
    assert themes.by_uri("http://publications.europa.eu/resource/authority/data-theme/ENVI") == "ENVI"
    assert themes.by_uri("https://publications.europa.eu/resource/authority/data-theme/ENVI/") == "ENVI"
    assert themes.by_uri("http://example.org/ENVI") is None
    assert themes.normalize("envi") == "ENVI"
    assert themes.normalize(" TRAN ") == "TRAN"
    assert themes.normalize("Umwelt") is None
    assert themes.choices()[0] == {
        "value": "AGRI",
        "label": {
            "de": "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel",
            "en": "Agriculture, fisheries, forestry and food",
        },
    }
    with pytest.raises(KeyError):
        themes.uri("NOPE")
    assert get_codelist("data_themes") is themes  # cached


@pytest.mark.parametrize("name", ["nope", "../presets", "Data_Themes"])
def test_unknown_or_unsafe_code_list_names_are_refused(name: str) -> None:
    with pytest.raises(CodeListError):
        get_codelist(name)


def test_ckan_licence_register_file_is_generated_from_the_code_list() -> None:
    """schemas/ckan-licenses.json (CKAN's licenses_group_url) must follow licenses.yaml."""
    written = json.loads((SCHEMAS / "ckan-licenses.json").read_text(encoding="utf-8"))
    assert written == ckan_license_list(), "regenerate: python -m ckanext.jena.codelists > schemas/ckan-licenses.json"
    assert written[0]["id"] == "dl-by-de/2.0"


def _schema_fields() -> list[dict[str, Any]]:
    presets = {
        p["preset_name"]: p["values"]
        for p in yaml.safe_load((SCHEMAS / "presets.yaml").read_text(encoding="utf-8"))["presets"]
    }
    fields = []
    for name in SCHEMA_FILES:
        schema = yaml.safe_load((SCHEMAS / name).read_text(encoding="utf-8"))
        for field in schema["dataset_fields"] + schema["resource_fields"]:
            fields.append({**presets.get(field.get("preset", ""), {}), **field})
    return fields


def test_schema_code_lists_defaults_and_allowed_codes_exist() -> None:
    for field in _schema_fields():
        if "codelist" not in field:
            continue
        codelist = get_codelist(field["codelist"])
        defaults = field.get("default")
        for code in defaults if isinstance(defaults, list) else [defaults] if defaults else []:
            assert code in codelist, (field["field_name"], code)
        for code in field.get("allowed_codes", []):
            assert code in codelist, (field["field_name"], code)

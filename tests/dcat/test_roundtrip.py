"""Round trip: our RDF, parsed by ckanext-dcat's RDFParser with our profile, gives the stored values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckanext.dcat.processors import RDFParser

from ckanext.jena.dcat.serializer import dataset_fragment
from ckanext.jena.dcat.writers import document
from ckanext.jena.profiles.values import tel_uri
from tests.dcat import support


def _normal(field: str, value: Any) -> Any:
    if value in (None, "", []):
        return None
    if field == "spatial":
        return json.loads(value) if isinstance(value, str) else value
    if field == "spatial_resolution_m":
        return float(value)
    if field == "contact_point_phone":
        return tel_uri(value)  # read back as the tel: IRI's number (+49-3641-49-5210)
    if isinstance(value, list) or (isinstance(value, str) and value.startswith("[")):
        return support.as_set(value)
    return str(value)


def _parsed(shown: dict[str, Any], fmt: str) -> dict[str, Any]:
    text = "".join(document(fmt, [dataset_fragment(shown, fmt).text]))
    parser = RDFParser(profiles=["dcat_ap_de"])
    parser.parse(text, _format={"rdf": "xml", "ttl": "turtle", "jsonld": "json-ld"}[fmt])
    datasets = list(parser.datasets())
    assert len(datasets) == 1
    return datasets[0]


def _assert_same(shown: dict[str, Any], parsed: dict[str, Any], fields: tuple[str, ...]) -> None:
    differences = {
        field: (_normal(field, shown.get(field)), _normal(field, parsed.get(field)))
        for field in fields
        if _normal(field, shown.get(field)) != _normal(field, parsed.get(field))
    }
    assert not differences, f"{shown['name']}: {differences}"
    assert {t["name"] for t in shown.get("tags", [])} == {t["name"] for t in parsed.get("tags", [])}
    by_uri = {r["uri"]: r for r in parsed["resources"]}
    assert len(by_uri) == len(shown["resources"])
    for resource in shown["resources"]:
        uri = f"https://opendata.jena.de/dataset/{shown['id']}/resource/{resource['id']}"
        back = by_uri[uri]
        for field in support.MAPPED_RESOURCE_FIELDS:
            assert _normal(field, resource.get(field)) == _normal(field, back.get(field)), (shown["name"], field)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["rdf", "ttl", "jsonld"])
    def test_every_mapped_field_survives(self, fmt: str, sysadmin: Any, department: Any) -> None:
        shown = support.create(sysadmin, **support.full_dataset(department["id"]))

        parsed = _parsed(shown, fmt)

        _assert_same(shown, parsed, support.MAPPED_FIELDS)
        assert {e["key"]: e["value"] for e in parsed["extras"]}[
            "uri"
        ] == f"https://opendata.jena.de/dataset/{shown['id']}"

    def test_geodata_fields_survive(self, sysadmin: Any, department: Any) -> None:
        shown = support.create(sysadmin, **support.full_dataset(department["id"], "ortsteile", "geodata"))

        parsed = _parsed(shown, "ttl")

        _assert_same(shown, parsed, support.MAPPED_FIELDS + support.GEODATA_MAPPED_FIELDS)


@pytest.mark.usefixtures("with_plugins")
class TestDemoRoundTrip:
    def test_all_demo_datasets(self, demo_datasets: list[dict[str, Any]]) -> None:
        for shown in demo_datasets:
            fields = support.MAPPED_FIELDS + (support.GEODATA_MAPPED_FIELDS if shown["type"] == "geodata" else ())
            _assert_same(shown, _parsed(shown, "rdf"), fields)

"""What other parsers read from our catalog: ckanext-dcat's own DCAT-AP 2 and 3 profiles
(``euro_dcat_ap_2`` is the generation GovData's harvester builds on), not our own profile."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckanext.dcat.processors import RDFParser

from ckanext.jena.dcat.serializer import dataset_fragment
from ckanext.jena.dcat.writers import document
from tests.dcat import support


def parsed_with(profile: str, shown: dict[str, Any]) -> dict[str, Any]:
    text = "".join(document("rdf", [dataset_fragment(shown, "rdf").text]))
    parser = RDFParser(profiles=[profile])
    parser.parse(text, _format="xml")
    datasets = list(parser.datasets())
    assert len(datasets) == 1
    return datasets[0]


def extras(parsed: dict[str, Any]) -> dict[str, Any]:
    return {extra["key"]: extra["value"] for extra in parsed.get("extras", [])}


def by_format(parsed: dict[str, Any], fragment: str) -> dict[str, Any]:
    return next(resource for resource in parsed["resources"] if fragment in resource.get("format", ""))


@pytest.fixture
def shown(sysadmin: Any, department: Any) -> dict[str, Any]:
    """A fully filled dataset whose distributions carry no licence of their own (the dataset's applies)."""
    data = support.full_dataset(department["id"])
    for resource in data["resources"]:
        resource.pop("license", None)
    return support.create(sysadmin, **data)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("profile", ["euro_dcat_ap_2", "euro_dcat_ap_3"])
class TestStockParsers:
    def test_version_licence_creator_and_extent(self, profile: str, shown: dict[str, Any]) -> None:
        parsed = parsed_with(profile, shown)

        assert parsed["version"] == "2.1"
        assert parsed["license_id"] == "dl-by-de/2.0"
        found = extras(parsed)
        assert "Kommunale Immobilien Jena" in json.dumps(parsed.get("creator") or found.get("creator_name"))
        assert found.get("spatial_bbox") and found.get("spatial_centroid")
        assert found["contact_email"] == "baustellen@jena.de" or parsed["contact"][0]["email"] == "baustellen@jena.de"

    def test_checksum_and_access_service(self, profile: str, shown: dict[str, Any]) -> None:
        parsed = parsed_with(profile, shown)

        geojson = by_format(parsed, "GEOJSON")
        # dcat:byteSize is not written: DCAT-AP.de 2.0 wants xsd:decimal, 3.0 xsd:nonNegativeInteger.
        assert "size" not in geojson
        assert geojson["hash"] == support.FULL["resources"][0]["hash"]
        wms = by_format(parsed, "WMS_SRVC")
        services = json.loads(wms["access_services"])
        assert len(services) == 1
        service = services[0]
        assert service["endpoint_url"] == ["https://geo.jena.de/wms/baustellen"]
        assert (
            service["endpoint_description"] == "https://geo.jena.de/wms/baustellen?SERVICE=WMS&REQUEST=GetCapabilities"
        )
        assert service["license"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        assert service["access_rights"] == "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
        assert service["title"] == "Baustellen (WMS)"

"""What other parsers read from our catalog: ckanext-dcat's own DCAT-AP 2 and 3 profiles
(``euro_dcat_ap_2`` is the generation GovData's harvester builds on), not our own profile.

The catalog is harvested as a harvester does it: over HTTP, page by page along ``hydra:next``
(ckanext-dcat's ``RDFParser.next_page``), in both flavours: DCAT-AP.de 3.0 (``/catalog.rdf``)
and DCAT-AP.de 2.0 (``/catalog.rdf?profiles=dcat_ap_de_2``, the URL GovData harvests).
GovData's own ``dcatap_de`` profile (ckanext-dcatde) is not on PyPI and not installed here;
the contact phone and address it reads are checked with the ckanext-dcat vCard helper its
parser calls (``_get_vcard_property_value``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckanext.dcat.processors import RDFParser
from ckanext.dcat.profiles import RDFProfile
from rdflib import Graph, URIRef

from ckanext.jena.profiles.flavours import DEFAULT_FLAVOUR, GOVDATA_FLAVOUR
from ckanext.jena.profiles.namespaces import DCAT, VCARD
from tests.dcat import support

PER_PAGE = 2
CATALOG = {DEFAULT_FLAVOUR: "/catalog.rdf", GOVDATA_FLAVOUR: "/catalog.rdf?profiles=dcat_ap_de_2"}


def harvest(app: Any, profile: str, flavour: str) -> tuple[list[dict[str, Any]], Graph]:
    """Every dataset of the catalog as ckanext-dcat's parser with ``profile`` reads it, and the
    union of the pages' graphs."""
    datasets: list[dict[str, Any]] = []
    union = Graph()
    url: str | None = CATALOG[flavour]
    while url:
        parser = RDFParser(profiles=[profile])
        parser.parse(app.get(url.removeprefix("http://test.ckan.net")).body, _format="xml")
        datasets += list(parser.datasets())
        for triple in parser.g:
            union.add(triple)
        url = parser.next_page()
    return datasets, union


def extras(parsed: dict[str, Any]) -> dict[str, Any]:
    """Extras and root keys (with a scheming schema, ckanext-dcat's DCAT-AP 3 parser moves the
    extras that are fields of the schema, e.g. ``spatial``, to the root)."""
    return {**{extra["key"]: extra["value"] for extra in parsed.get("extras", [])}, **parsed}


def by_format(parsed: dict[str, Any], fragment: str) -> dict[str, Any]:
    return next(resource for resource in parsed["resources"] if fragment in resource.get("format", ""))


@pytest.fixture
def released(sysadmin: Any, department: Any) -> dict[str, Any]:
    """A fully filled released dataset (distributions without own licence: the dataset's applies),
    among others so that the catalog has several pages."""
    data = support.full_dataset(department["id"])
    for resource in data["resources"]:
        resource.pop("license", None)
    shown = support.create_released(sysadmin, **data)
    for number in range(3):
        other = support.full_dataset(department["id"], name=f"weiterer-{number}", title=f"Weiterer Datensatz {number}")
        support.create_released(sysadmin, **other)
    return shown


def the_dataset(datasets: list[dict[str, Any]], shown: dict[str, Any]) -> dict[str, Any]:
    assert len(datasets) == 4, [d.get("title") for d in datasets]
    (found,) = [d for d in datasets if d["title"] == shown["title"]]
    return found


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.jena.dcat.datasets_per_page", PER_PAGE)
@pytest.mark.parametrize("flavour", [DEFAULT_FLAVOUR, GOVDATA_FLAVOUR])
@pytest.mark.parametrize("profile", ["euro_dcat_ap_2", "euro_dcat_ap_3"])
class TestStockParsers:
    def test_version_licence_creator_contact_and_extent(
        self, app: Any, profile: str, flavour: str, released: dict[str, Any]
    ) -> None:
        datasets, _graph = harvest(app, profile, flavour)
        parsed = the_dataset(datasets, released)

        assert parsed["version"] == "2.1"
        assert parsed["license_id"] == "dl-by-de/2.0"
        found = extras(parsed)
        assert "Kommunale Immobilien Jena" in json.dumps(parsed.get("creator") or found.get("creator_name"))
        assert found["contact_email"] == "baustellen@jena.de" or parsed["contact"][0]["email"] == "baustellen@jena.de"
        assert json.loads(found["spatial_bbox"]) == support.POLYGON  # the test polygon is its own box
        assert json.loads(found["spatial_centroid"]) == {"type": "Point", "coordinates": [11.588505, 50.927605]}
        if flavour == GOVDATA_FLAVOUR:
            # locn:geometry as GeoJSON literal: the exact geometry, the key ckanext-spatial indexes.
            assert json.loads(found["spatial"]) == support.POLYGON
        else:
            # 3.0 has the geometry as GeoSPARQL node only (a locn:geometry node would crash the parser).
            assert "spatial" not in found

    def test_byte_size_checksum_and_access_service(
        self, app: Any, profile: str, flavour: str, released: dict[str, Any]
    ) -> None:
        datasets, _graph = harvest(app, profile, flavour)
        parsed = the_dataset(datasets, released)

        geojson = by_format(parsed, "GEOJSON")
        assert geojson["size"] == 412380
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

    def test_phone_and_postal_address_as_govdata_reads_them(
        self, app: Any, profile: str, flavour: str, released: dict[str, Any]
    ) -> None:
        _datasets, graph = harvest(app, profile, flavour)
        reader = RDFProfile(graph)
        dataset = URIRef(f"https://opendata.jena.de/dataset/{released['id']}")
        (contact,) = graph.objects(dataset, DCAT.contactPoint)

        assert reader._get_vcard_property_value(contact, VCARD.hasTelephone) == "tel:+49-3641-49-5210"
        address = reader._object(contact, VCARD.hasAddress)
        assert address is not None
        assert reader._get_vcard_property_value(address, VCARD.hasStreetAddress, VCARD["street-address"]) == (
            "Am Anger 26"
        )
        assert reader._get_vcard_property_value(address, VCARD.hasPostalCode, VCARD["postal-code"]) == "07743"
        assert reader._get_vcard_property_value(address, VCARD.hasLocality, VCARD.locality) == "Jena"
        assert reader._get_vcard_property_value(address, VCARD.hasCountryName, VCARD["country-name"]) == "Deutschland"
        assert reader._get_vcard_property_value(contact, VCARD.hasEmail) == "mailto:baustellen@jena.de"

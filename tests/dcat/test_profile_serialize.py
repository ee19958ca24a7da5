"""CKAN → RDF: every field of the field contract as the DCAT-AP.de profile writes it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ckanext.jena.dcat.graph import dataset_graph
from ckanext.jena.profiles.namespaces import (
    DCAT,
    DCATAP,
    DCATDE,
    DCT,
    FOAF,
    GEODCATAP,
    GSP,
    LOCN,
    SPDX,
    VCARD,
)
from tests.dcat import support

EU = "http://publications.europa.eu/resource/authority/"
GEO = "http://dcat-ap.de/def/politicalGeocoding/"


def _one(graph: Graph, subject: Any, predicate: URIRef) -> Any:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{predicate}: {values}"
    return values[0]


def _uris(graph: Graph, subject: Any, predicate: URIRef) -> set[str]:
    return {str(value) for value in graph.objects(subject, predicate)}


@pytest.fixture
def shown(sysadmin: dict[str, Any], department: dict[str, Any]) -> dict[str, Any]:
    return support.create(sysadmin, **support.full_dataset(department["id"]))


@pytest.fixture
def graph_and_ref(shown: dict[str, Any]) -> tuple[Graph, URIRef]:
    return dataset_graph(shown)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatasetFields:
    def test_dataset_uri_is_base_uri_and_id(self, shown: dict[str, Any], graph_and_ref: tuple[Graph, URIRef]) -> None:
        graph, ref = graph_and_ref
        assert str(ref) == f"https://opendata.jena.de/dataset/{shown['id']}"
        assert (ref, RDF.type, DCAT.Dataset) in graph
        assert str(_one(graph, ref, DCT.identifier)) == shown["id"]

    def test_title_description_keywords_landing_page_documentation_version(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        assert str(_one(graph, ref, DCT.title)) == support.FULL["title"]
        assert str(_one(graph, ref, DCT.description)) == support.FULL["notes"]
        assert {str(k) for k in graph.objects(ref, DCAT.keyword)} == {"Baustellen", "Verkehr"}
        assert _one(graph, ref, DCAT.landingPage) == URIRef(support.FULL["url"])
        assert _one(graph, ref, FOAF.page) == URIRef(support.FULL["documentation"])
        assert str(_one(graph, ref, DCAT.version)) == "2.1"

    def test_vocabularies_are_uris_never_text(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        assert _uris(graph, ref, DCAT.theme) == {EU + "data-theme/TRAN", EU + "data-theme/REGI"}
        assert _uris(graph, ref, DCT.language) == {EU + "language/DEU", EU + "language/ENG"}
        assert _one(graph, ref, DCT.accrualPeriodicity) == URIRef(EU + "frequency/DAILY")
        assert _one(graph, ref, DCT.accessRights) == URIRef(EU + "access-right/PUBLIC")
        assert _one(graph, ref, DCATAP.availability) == URIRef(EU + "planned-availability/AVAILABLE")
        for predicate in (DCAT.theme, DCT.language, DCT.accrualPeriodicity, DCT.accessRights, DCATAP.availability):
            assert all(isinstance(value, URIRef) for value in graph.objects(ref, predicate))

    def test_exactly_one_contributor_id(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        assert _one(graph, ref, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/stadtJena")

    def test_political_geocoding_uri_and_level(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        expected = {GEO + "municipalityKey/16053000", GEO + "districtKey/16053"}
        assert _uris(graph, ref, DCATDE.politicalGeocodingURI) == expected
        assert _one(graph, ref, DCATDE.politicalGeocodingLevelURI) == URIRef(GEO + "Level/municipality")
        # DCAT-AP.de 3.0 puts the geocoding into dct:spatial as well.
        assert expected <= _uris(graph, ref, DCT.spatial)
        assert (URIRef(GEO + "municipalityKey/16053000"), RDF.type, DCT.Location) in graph

    def test_spatial_geometry_bbox_and_centroid(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        locations = [node for node in graph.objects(ref, DCT.spatial) if isinstance(node, BNode)]
        assert len(locations) == 1
        location = locations[0]
        assert (location, RDF.type, DCT.Location) in graph
        bbox = _one(graph, location, DCAT.bbox)
        assert bbox.datatype == GSP.wktLiteral
        assert (
            str(bbox)
            == "POLYGON((11.5815 50.9232, 11.59551 50.9232, 11.59551 50.93201, 11.5815 50.93201, 11.5815 50.9232))"
        )
        assert str(_one(graph, location, DCAT.centroid)) == "POINT(11.588505 50.927605)"
        geometry = _one(graph, location, GSP.hasGeometry)
        assert json.loads(str(_one(graph, geometry, GSP.asGeoJSON))) == support.POLYGON
        assert str(_one(graph, geometry, GSP.asWKT)).startswith("POLYGON ((11.5815")
        # DCAT-AP.de 3.0 wants locn:geometry as node, 2.0 as literal: it is left out on purpose.
        assert not list(graph.objects(location, LOCN.geometry))

    def test_districts_as_described_locations(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        district = URIRef("https://opendata.jena.de/def/ortsteil/neulobeda")
        assert district in set(graph.objects(ref, DCT.spatial))
        assert (district, RDF.type, DCT.Location) in graph
        assert (district, SKOS.prefLabel, Literal("Neulobeda", lang="de")) in graph

    def test_city_categories_as_subject_concepts(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        category = URIRef("https://opendata.jena.de/def/datenkategorie/mobility")
        assert _uris(graph, ref, DCT.subject) == {str(category), "https://opendata.jena.de/def/datenkategorie/geo"}
        assert (category, SKOS.inScheme, URIRef("https://opendata.jena.de/def/datenkategorie")) in graph
        assert not list(graph.objects(ref, DCT.type))

    def test_temporal_issued_modified(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        period = _one(graph, ref, DCT.temporal)
        assert _one(graph, period, DCAT.startDate) == Literal("2019-01-01", datatype=XSD.date)
        assert _one(graph, period, DCAT.endDate) == Literal("2025-12-31", datatype=XSD.date)
        assert _one(graph, ref, DCT.issued) == Literal("2019-03-04", datatype=XSD.date)
        assert _one(graph, ref, DCT.modified) == Literal("2025-11-20", datatype=XSD.date)

    def test_publisher_and_vcard_contact_point(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        publisher = _one(graph, ref, DCT.publisher)
        assert publisher == URIRef(support.FULL["publisher_uri"])
        assert (publisher, RDF.type, FOAF.Agent) in graph
        assert str(_one(graph, publisher, FOAF.name)) == support.FULL["publisher_name"]
        contact = _one(graph, ref, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Kind) in graph
        assert str(_one(graph, contact, VCARD.fn)) == "Baustellenkoordination Jena"
        assert _one(graph, contact, VCARD.hasEmail) == URIRef("mailto:baustellen@jena.de")
        assert _one(graph, contact, VCARD.hasURL) == URIRef("https://www.jena.de/baustellen")
        assert _one(graph, contact, VCARD.hasTelephone) == URIRef("tel:+49-3641-49-5210")
        address = _one(graph, contact, VCARD.hasAddress)
        assert (address, RDF.type, VCARD.Address) in graph
        assert str(_one(graph, address, VCARD["street-address"])) == "Am Anger 26"
        assert str(_one(graph, address, VCARD["postal-code"])) == "07743"
        assert str(_one(graph, address, VCARD.locality)) == "Jena"
        assert _one(graph, address, VCARD["country-name"]) == Literal("Deutschland", lang="de")
        for service in graph.objects(None, DCAT.accessService):  # HVD: the data service names the contact too
            service_contact = _one(graph, service, DCAT.contactPoint)
            assert _one(graph, service_contact, VCARD.hasTelephone) == URIRef("tel:+49-3641-49-5210")

    def test_maintainer_originator_steward_legal_basis(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        maintainer = _one(graph, ref, DCATDE.maintainer)
        assert str(_one(graph, maintainer, FOAF.name)) == "Fachdienst Verkehr und Mobilität"
        assert _one(graph, maintainer, FOAF.mbox) == URIRef("mailto:mobilitaet@jena.de")
        originator = _one(graph, ref, GEODCATAP.originator)
        assert _one(graph, ref, DCATDE.originator) == originator
        assert str(_one(graph, originator, FOAF.name)) == "Kommunale Immobilien Jena"
        assert str(_one(graph, _one(graph, ref, GEODCATAP.custodian), FOAF.name)) == "Thomas Riedel"
        assert str(_one(graph, ref, DCATDE.legalBasis)) == support.FULL["legal_basis"]

    def test_hvd_category_with_applicable_legislation(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        assert _one(graph, ref, DCATAP.hvdCategory) == URIRef("http://data.europa.eu/bna/c_b79e35eb")
        legislation = _one(graph, ref, DCATAP.applicableLegislation)
        assert legislation == URIRef(support.ELI_HVD)
        assert (legislation, RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in graph

    def test_conforms_to(self, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        assert _uris(graph, ref, DCT.conformsTo) == {"https://www.w3.org/TR/tabular-data-primer/"}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDistributions:
    def _distributions(self, graph: Graph, ref: URIRef, shown: dict[str, Any]) -> list[URIRef]:
        found = list(graph.objects(ref, DCAT.distribution))
        assert len(found) == 3
        return [
            URIRef(f"https://opendata.jena.de/dataset/{shown['id']}/resource/{r['id']}") for r in shown["resources"]
        ]

    def test_every_distribution_has_a_dcat_ap_de_licence_and_attribution(self, shown: Any, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        geojson, csv, wms = self._distributions(graph, ref, shown)
        assert _one(graph, geojson, DCT.license) == URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
        for distribution in (csv, wms):
            assert _one(graph, distribution, DCT.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
        for distribution in (geojson, csv, wms):
            attribution = _one(graph, distribution, DCATDE.licenseAttributionByText)
            assert str(attribution) == support.FULL["attribution_text"]
            assert not list(graph.objects(_one(graph, distribution, DCT.license), DCT.type))

    def test_file_type_media_type_availability_checksum(self, shown: Any, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        geojson, csv, _wms = self._distributions(graph, ref, shown)
        assert _one(graph, geojson, DCT["format"]) == URIRef(EU + "file-type/GEOJSON")
        assert _one(graph, geojson, DCAT.mediaType) == URIRef(
            "https://www.iana.org/assignments/media-types/application/geo+json"
        )
        assert _one(graph, csv, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
        assert _one(graph, geojson, DCATAP.availability) == URIRef(EU + "planned-availability/STABLE")
        assert _one(graph, csv, DCATAP.availability) == URIRef(EU + "planned-availability/AVAILABLE")
        checksum = _one(graph, geojson, SPDX.checksum)
        assert str(_one(graph, checksum, SPDX.checksumValue)) == support.FULL["resources"][0]["hash"]
        assert _one(graph, checksum, SPDX.algorithm) == URIRef("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")
        # DCAT-AP.de 3.0 types dcat:byteSize xsd:nonNegativeInteger (the 2.0 flavour: xsd:decimal).
        assert _one(graph, geojson, DCAT.byteSize) == Literal("412380", datatype=XSD.nonNegativeInteger)

    def test_files_get_download_url_services_access_url_only(self, shown: Any, graph_and_ref: Any) -> None:
        graph, ref = graph_and_ref
        geojson, _csv, wms = self._distributions(graph, ref, shown)
        url = URIRef(support.FULL["resources"][0]["url"])
        assert _one(graph, geojson, DCAT.accessURL) == url
        assert _one(graph, geojson, DCAT.downloadURL) == url
        assert _one(graph, wms, DCAT.accessURL) == URIRef(support.FULL["resources"][2]["url"])
        assert not list(graph.objects(wms, DCAT.downloadURL))
        assert _one(graph, wms, DCT["format"]) == URIRef(EU + "file-type/WMS_SRVC")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDefaultsAndGeodata:
    def test_contributor_id_and_publisher_default_from_config(self, sysadmin: Any, department: Any) -> None:
        data = support.full_dataset(department["id"], contributor_id="", publisher_name="", publisher_uri="")
        graph, ref = dataset_graph(support.create(sysadmin, **data))
        assert _one(graph, ref, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/stadtJena")
        publisher = _one(graph, ref, DCT.publisher)
        assert publisher == URIRef("https://www.jena.de")
        assert str(_one(graph, publisher, FOAF.name)) == "Stadt Jena"

    @pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", "http://dcat-ap.de/def/contributors/stadtJenaNeu")
    def test_configured_contributor_id_is_used(self, sysadmin: Any, department: Any) -> None:
        shown = support.create(sysadmin, **support.full_dataset(department["id"], contributor_id=""))
        graph, ref = dataset_graph(shown)
        assert _uris(graph, ref, DCATDE.contributorID) == {"http://dcat-ap.de/def/contributors/stadtJenaNeu"}

    def test_geocoding_level_follows_the_geocoding_default(self, sysadmin: Any, department: Any) -> None:
        data = support.full_dataset(department["id"])
        del data["political_geocoding"], data["political_geocoding_level"]
        shown = support.create(sysadmin, **data)
        graph, ref = dataset_graph(shown)
        assert _uris(graph, ref, DCATDE.politicalGeocodingURI) == {GEO + "municipalityKey/16053000"}
        assert _one(graph, ref, DCATDE.politicalGeocodingLevelURI) == URIRef(GEO + "Level/municipality")

    def test_geodata_reference_system_resolution_inspire_theme(self, sysadmin: Any, department: Any) -> None:
        shown = support.create(sysadmin, **support.full_dataset(department["id"], "ortsteile", "geodata"))
        graph, ref = dataset_graph(shown)
        assert URIRef("http://www.opengis.net/def/crs/EPSG/0/25833") in set(graph.objects(ref, DCT.conformsTo))
        assert _one(graph, ref, DCAT.spatialResolutionInMeters) == Literal("0.2", datatype=XSD.decimal)
        assert URIRef("http://inspire.ec.europa.eu/theme/au") in set(graph.objects(ref, DCT.subject))

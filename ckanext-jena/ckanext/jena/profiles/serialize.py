"""CKAN → RDF: the DCAT-AP.de additions on top of ckanext-dcat's DCAT-AP 3 serialization.

:func:`dcat_view` turns a stored dataset (codes, flat contact and publisher fields) into the
dict shape ckanext-dcat's DCAT-AP 3 profile understands (vocabulary URIs, ``contact`` and
``publisher`` lists). The mixin then adds what DCAT-AP.de defines beyond DCAT-AP:
contributorID, political geocoding, licence attribution, the city's own vocabularies, and
the spatial extent written exactly (GeoJSON geometry, WKT bounding box and centroid).
"""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from ckanext.dcat.profiles import CleanedURIRef
from ckanext.dcat.utils import dataset_uri, resource_uri
from geomet import InvalidGeoJSONException, wkt
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ckanext.jena import config
from ckanext.jena.codelists import get_codelist

from .namespaces import DCAT, DCATAP, DCATDE, DCT, FOAF, GEODCATAP, GSP, OWL, RDF, RDFS, SKOS, VCARD, XSD
from .quality import ETHICS_SUMMARY_KEY, MQA_KEY, add_ethics_review, add_quality_measurements
from .values import (
    SERVICE_FORMATS,
    as_list,
    bbox_of,
    first,
    geocoding_uri,
    media_type_uri,
    tel_uri,
    uri_of,
    uris_of,
    wkt_point,
    wkt_polygon,
)

__all__ = ["DCATAPDESerializeMixin", "contributor_id", "dcat_view", "political_geocoding_level"]

UNKNOWN_IPR = URIRef("http://purl.org/adms/licencetype/UnknownIPR")

# Keys copied unchanged into the view ckanext-dcat serializes.
_CORE_KEYS = ("id", "name", "title", "notes", "url", "tags", "version", "metadata_created", "metadata_modified")


def contributor_id(dataset_dict: dict[str, Any]) -> str:
    """The dataset's GovData contributorID, else the portal's (``ckanext.jena.dcat.contributor_id``)."""
    return first(dataset_dict.get("contributor_id")) or config.dcat_contributor_id()


def political_geocoding_level(dataset_dict: dict[str, Any]) -> str | None:
    """Level URI: the stored level, else the level the first geocoding code names."""
    level = uri_of("political_geocoding_levels", dataset_dict.get("political_geocoding_level"))
    if level:
        return level
    geocoding = get_codelist("political_geocoding")
    for value in as_list(dataset_dict.get("political_geocoding")):
        code = geocoding.normalize(value)
        if code and geocoding.attribute(code, "level"):
            return uri_of("political_geocoding_levels", geocoding.attribute(code, "level"))
    return None


def _identifier(dataset_dict: dict[str, Any]) -> str:
    if dataset_dict.get("identifier"):
        return str(dataset_dict["identifier"])
    for extra in dataset_dict.get("extras") or []:
        if extra.get("key") == "identifier" and extra.get("value"):
            return str(extra["value"])
    return str(dataset_dict.get("id") or "")


def _access_service(
    fmt: str, url: str, resource: dict[str, Any], dataset_dict: dict[str, Any], publisher: dict[str, str]
) -> dict[str, Any]:
    """The ``dcat:DataService`` behind a service distribution (WMS, WFS, …): endpoint, its
    description (the capabilities document), publisher and terms; required for High-Value Datasets."""
    endpoint, _, query = url.partition("?")
    service: dict[str, Any] = {"title": resource.get("name") or dataset_dict.get("title") or endpoint}
    service["endpoint_url"] = [endpoint]
    kind = fmt.removesuffix("_SRVC")
    if kind != fmt:
        asks_capabilities = "getcapabilities" in query.lower()
        service["endpoint_description"] = (
            url if asks_capabilities else f"{endpoint}?SERVICE={kind}&REQUEST=GetCapabilities"
        )
    licence = uri_of("licenses", resource.get("license") or dataset_dict.get("license_id"))
    if licence:
        service["license"] = licence
    access_rights = uri_of("access_rights", dataset_dict.get("access_rights"))
    if access_rights:
        service["access_rights"] = access_rights
    service["publisher"] = publisher  # DCAT-AP.de requires it on a data service
    if _is_high_value(dataset_dict):
        # DCAT-AP HVD 3.0.0: a high-value dataset's data service names its contact point and the
        # legislation (category and documentation are added in DCATAPDESerializeMixin._add_hvd_terms)
        contact = _contact(dataset_dict)
        if contact:
            service["contact"] = contact
        service["applicable_legislation"] = uris_of(
            "applicable_legislation", dataset_dict.get("applicable_legislation")
        )
    return service


def _is_high_value(dataset_dict: dict[str, Any]) -> bool:
    return bool(uris_of("hvd_categories", dataset_dict.get("hvd_category")))


def _contact(dataset_dict: dict[str, Any]) -> dict[str, str] | None:
    contact = {
        "name": dataset_dict.get("contact_point_name") or "",
        "email": dataset_dict.get("contact_point_email") or "",
        "url": dataset_dict.get("contact_point_url") or "",
    }
    return contact if any(contact.values()) else None


def _publisher(dataset_dict: dict[str, Any]) -> dict[str, str]:
    return {
        "name": dataset_dict.get("publisher_name") or config.dcat_publisher_name(),
        "uri": dataset_dict.get("publisher_uri") or config.dcat_publisher_uri() or "",
    }


def _resource_view(resource: dict[str, Any], dataset_dict: dict[str, Any]) -> dict[str, Any]:
    fmt = get_codelist("file_types").normalize(str(resource.get("format") or ""))
    url = str(resource.get("url") or "").strip()
    view: dict[str, Any] = {
        key: resource[key] for key in ("id", "package_id", "uri", "name", "description", "hash") if resource.get(key)
    }
    view["package_id"] = resource.get("package_id") or dataset_dict.get("id")
    if url:
        view["access_url"] = url
        if fmt not in SERVICE_FORMATS:
            view["download_url"] = url
    if fmt:
        view["format"] = get_codelist("file_types").uri(fmt)
    if url and fmt in SERVICE_FORMATS:
        view["access_services"] = [_access_service(fmt, url, resource, dataset_dict, _publisher(dataset_dict))]
    media_type = media_type_uri(resource.get("mimetype"))
    if media_type:
        view["mimetype"] = media_type
    licence = uri_of("licenses", resource.get("license") or dataset_dict.get("license_id"))
    if licence:
        view["license"] = licence
    availability = uri_of("planned_availability", resource.get("availability") or dataset_dict.get("availability"))
    if availability:
        view["availability"] = availability
    algorithm = uri_of("checksum_algorithms", resource.get("hash_algorithm") or ("sha256" if view.get("hash") else ""))
    if algorithm:
        view["hash_algorithm"] = algorithm
    if _is_high_value(dataset_dict):
        legislation = uris_of("applicable_legislation", dataset_dict.get("applicable_legislation"))
        if legislation:
            view["applicable_legislation"] = legislation  # DCAT-AP HVD: on every distribution too
    size = _byte_size(resource.get("size"))
    if size is not None:
        # Written as xsd:decimal by ckanext-dcat and retyped to xsd:nonNegativeInteger by its
        # DCAT-AP 3 step; the 2.0 flavour types it xsd:decimal again (flavours.py).
        view["size"] = size
    if resource.get("created"):
        view["issued"] = resource["created"]
    modified = resource.get("last_modified") or resource.get("metadata_modified")
    if modified:
        view["modified"] = modified
    return view


def _byte_size(value: Any) -> int | None:
    try:
        size = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return size if size >= 0 else None


def dcat_view(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """The dataset as ckanext-dcat's DCAT-AP 3 profile expects it: vocabulary URIs, no legacy keys.

    Keys the DE mixin writes itself (spatial, maintainer, originator, geocoding, categories)
    are left out, so ckanext-dcat cannot write them a second time in its own way.
    """
    view: dict[str, Any] = {key: dataset_dict[key] for key in _CORE_KEYS if dataset_dict.get(key)}
    view["identifier"] = _identifier(dataset_dict)
    for key in ("issued", "modified", "temporal_start", "temporal_end"):
        if dataset_dict.get(key):
            view[key] = str(dataset_dict[key])
    single = {"frequency": "frequencies", "access_rights": "access_rights"}
    for key, codelist in single.items():
        uri = uri_of(codelist, dataset_dict.get(key))
        if uri:
            view[key] = uri
    multiple = {
        "theme": "data_themes",
        "language": "languages",
        "hvd_category": "hvd_categories",
        "applicable_legislation": "applicable_legislation",
    }
    for key, codelist in multiple.items():
        uris = uris_of(codelist, dataset_dict.get(key))
        if uris:
            view[key] = uris
    conforms_to = as_list(dataset_dict.get("conforms_to"))
    reference_system = uri_of("reference_systems", dataset_dict.get("reference_system"))
    if reference_system:
        conforms_to.append(reference_system)
    if conforms_to:
        view["conforms_to"] = list(dict.fromkeys(conforms_to))
    if as_list(dataset_dict.get("documentation")):
        view["documentation"] = as_list(dataset_dict.get("documentation"))
    contact = _contact(dataset_dict)
    if contact:
        view["contact"] = [contact]
    view["publisher"] = [_publisher(dataset_dict)]
    view["resources"] = [_resource_view(resource, dataset_dict) for resource in dataset_dict.get("resources") or []]
    return view


class DCATAPDESerializeMixin:
    """Adds the DCAT-AP.de properties after ckanext-dcat has written the DCAT-AP 3 ones."""

    g: Any

    def _graph_from_dataset_de(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        g = self.g
        contributor = contributor_id(dataset_dict)
        if contributor:
            g.add((dataset_ref, DCATDE.contributorID, URIRef(contributor)))
        level = political_geocoding_level(dataset_dict)
        if level:
            g.add((dataset_ref, DCATDE.politicalGeocodingLevelURI, URIRef(level)))
        availability = uri_of("planned_availability", dataset_dict.get("availability"))
        if availability:
            g.add((dataset_ref, DCATAP.availability, URIRef(availability)))
        licence = uri_of("licenses", dataset_dict.get("license_id"))
        if licence:
            # DCAT-AP puts licences on distributions; the dataset's own (the default of its
            # distributions) is stated too (W3C DCAT allows it on any dcat:Resource).
            g.add((dataset_ref, DCT.license, URIRef(licence)))
            g.add((URIRef(licence), RDF.type, DCT.LicenseDocument))
        version = str(dataset_dict.get("version") or "").strip()
        if version:
            # DCAT-AP 3 writes dcat:version only; parsers of the DCAT-AP 2 generation (GovData's)
            # read owl:versionInfo.
            g.add((dataset_ref, OWL.versionInfo, Literal(version)))
        legal_basis = str(dataset_dict.get("legal_basis") or "").strip()
        if legal_basis:
            g.add((dataset_ref, DCATDE.legalBasis, Literal(legal_basis)))
        self._add_geocoding(dataset_dict, dataset_ref)
        # dct:subject, not dct:type: DCAT-AP.de 2.0 allows one dct:type only, 3.0 wants it from the
        # EU dataset-type vocabulary; the city's categories are neither.
        self._add_own_concepts(dataset_ref, DCT.subject, "jena_categories", dataset_dict.get("jena_category"))
        self._add_own_concepts(dataset_ref, DCT.spatial, "districts", dataset_dict.get("district"), DCT.Location)
        resolution = dataset_dict.get("spatial_resolution_m")
        if resolution not in (None, ""):
            # ckanext-dcat reads the value through json.loads and a float: 0.2 would come out as
            # 0.2000000000000000111...; written here from the decimal text instead.
            with contextlib.suppress(InvalidOperation, ValueError):
                value = Decimal(str(resolution))
                g.add((dataset_ref, DCAT.spatialResolutionInMeters, Literal(str(value), datatype=XSD.decimal)))
        inspire_theme = uri_of("inspire_themes", dataset_dict.get("inspire_theme"))
        if inspire_theme:
            g.add((dataset_ref, DCT.subject, URIRef(inspire_theme)))
        self._add_geometry(dataset_dict.get("spatial"), dataset_ref)
        self._add_parties(dataset_dict, dataset_ref)
        self._add_distribution_terms(dataset_dict)
        self._add_licence_titles()
        self._add_hvd_terms(dataset_dict, dataset_ref)
        self._add_contact_details(dataset_dict)
        self._type_contact_addresses()
        summary = dataset_dict.get(ETHICS_SUMMARY_KEY)
        add_ethics_review(g, dataset_ref, summary if isinstance(summary, dict) else None)
        quality = dataset_dict.get(MQA_KEY)
        add_quality_measurements(g, dataset_ref, quality if isinstance(quality, dict) else None)

    def _add_hvd_terms(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        """DCAT-AP HVD 3.0.0: the data services of a high-value dataset name its HVD categories and
        their documentation (the dataset's page, which explains the service and its use)."""
        categories = uris_of("hvd_categories", dataset_dict.get("hvd_category"))
        if not categories:
            return
        page = URIRef(dataset_uri(dataset_dict))
        for distribution in self.g.objects(dataset_ref, DCAT.distribution):
            for service in self.g.objects(distribution, DCAT.accessService):
                for category in categories:
                    self.g.add((service, DCATAP.hvdCategory, URIRef(category)))
                self.g.add((service, FOAF.page, page))
                self.g.add((page, RDF.type, FOAF.Document))

    def _add_contact_details(self, dataset_dict: dict[str, Any]) -> None:
        """Phone (``tel:`` IRI, as DCAT-AP.de 3.0 requires) and postal address of the contact
        point, on every contact node (the dataset's and its data services')."""
        phone = tel_uri(dataset_dict.get("contact_point_phone"))
        address = {
            VCARD["street-address"]: str(dataset_dict.get("contact_point_street") or "").strip(),
            VCARD["postal-code"]: str(dataset_dict.get("contact_point_postal_code") or "").strip(),
            VCARD.locality: str(dataset_dict.get("contact_point_locality") or "").strip(),
        }
        if not phone and not any(address.values()):
            return
        for contact in set(self.g.objects(None, DCAT.contactPoint)):
            if phone:
                self.g.add((contact, VCARD.hasTelephone, URIRef(phone)))
            if any(address.values()):
                node = BNode()
                self.g.add((contact, VCARD.hasAddress, node))
                self.g.add((node, RDF.type, VCARD.Address))
                for predicate, value in address.items():
                    if value:
                        self.g.add((node, predicate, Literal(value)))
                # The portal takes German postal codes only (jena_postal_code).
                self.g.add((node, VCARD["country-name"], Literal("Deutschland", lang="de")))

    def _type_contact_addresses(self) -> None:
        """Mail and web addresses of contact points are IRIs, i.e. resources: said explicitly (as
        ckanext-dcat does for endpoint descriptions), for validators without RDFS inference."""
        for predicate in (VCARD.hasEmail, VCARD.hasURL, VCARD.hasTelephone):
            for address in list(self.g.objects(None, predicate)):
                if isinstance(address, URIRef):
                    self.g.add((address, RDF.type, RDFS.Resource))

    def _add_geocoding(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        geocoding = get_codelist("political_geocoding")
        for value in as_list(dataset_dict.get("political_geocoding")):
            uri = geocoding_uri(value)
            if not uri:
                continue
            node = URIRef(uri)
            # 2.0 property (what GovData's harvester reads) and the 3.0 way (dct:spatial).
            self.g.add((dataset_ref, DCATDE.politicalGeocodingURI, node))
            self.g.add((dataset_ref, DCT.spatial, node))
            self.g.add((node, RDF.type, DCT.Location))
            code = geocoding.by_uri(uri)
            if code:
                self.g.add((node, SKOS.prefLabel, Literal(geocoding.label(code, "de"), lang="de")))

    def _add_own_concepts(
        self, dataset_ref: Node, predicate: URIRef, codelist: str, values: Any, kind: URIRef | None = None
    ) -> None:
        """Values from the city's own vocabularies, described in place (no public register knows them)."""
        entries = get_codelist(codelist)
        scheme = URIRef(entries.scheme_uri)
        for value in as_list(values):
            code = entries.normalize(value)
            if code is None:
                continue
            node = URIRef(entries.uri(code))
            self.g.add((dataset_ref, predicate, node))
            self.g.add((node, RDF.type, SKOS.Concept))
            if kind is not None:
                self.g.add((node, RDF.type, kind))
            self.g.add((node, SKOS.inScheme, scheme))
            for lang, label in entries.entry(code).labels.items():
                self.g.add((node, SKOS.prefLabel, Literal(label, lang=lang)))

    def _add_geometry(self, spatial: Any, dataset_ref: Node) -> None:
        if not spatial:
            return
        geometry = spatial if isinstance(spatial, dict) else None
        if geometry is None:
            try:
                geometry = json.loads(str(spatial))
            except ValueError:
                return
        bbox = bbox_of(geometry)
        if not isinstance(geometry, dict) or bbox is None:
            return
        location = BNode()
        self.g.add((dataset_ref, DCT.spatial, location))
        self.g.add((location, RDF.type, DCT.Location))
        # The exact geometry as GeoSPARQL geometry node: DCAT-AP.de 3.0 wants locn:geometry to be a
        # node, 2.0 a literal, so locn:geometry cannot pass both; bbox and centroid carry the extent.
        shape = BNode()
        self.g.add((location, GSP.hasGeometry, shape))
        self.g.add((shape, RDF.type, GSP.Geometry))
        compact = json.dumps(geometry, separators=(",", ":"))
        self.g.add((shape, GSP.asGeoJSON, Literal(compact, datatype=GSP.geoJSONLiteral)))
        with contextlib.suppress(ValueError, TypeError, KeyError, InvalidGeoJSONException):
            self.g.add((shape, GSP.asWKT, Literal(wkt.dumps(geometry, decimals=7), datatype=GSP.wktLiteral)))
        self.g.add((location, DCAT.bbox, Literal(wkt_polygon(bbox), datatype=GSP.wktLiteral)))
        self.g.add((location, DCAT.centroid, Literal(wkt_point(bbox), datatype=GSP.wktLiteral)))

    def _agent(self, name: str, email: str = "") -> BNode:
        agent = BNode()
        self.g.add((agent, RDF.type, FOAF.Agent))
        self.g.add((agent, FOAF.name, Literal(name)))
        if email:
            self.g.add((agent, FOAF.mbox, URIRef("mailto:" + email.removeprefix("mailto:"))))
        return agent

    def _add_parties(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        maintainer = str(dataset_dict.get("maintainer") or "").strip()
        if maintainer:
            agent = self._agent(maintainer, str(dataset_dict.get("maintainer_email") or "").strip())
            self.g.add((dataset_ref, DCATDE.maintainer, agent))
        originator = str(dataset_dict.get("originator") or "").strip()
        if originator:
            agent = self._agent(originator)
            self.g.add((dataset_ref, GEODCATAP.originator, agent))
            self.g.add((dataset_ref, DCATDE.originator, agent))
            # dct:creator: the DCAT-AP term for who made the data, read by every DCAT-AP parser.
            self.g.add((dataset_ref, DCT.creator, agent))
        steward = str(dataset_dict.get("data_steward") or "").strip()
        if steward:
            self.g.add((dataset_ref, GEODCATAP.custodian, self._agent(steward)))

    def _add_distribution_terms(self, dataset_dict: dict[str, Any]) -> None:
        attribution = str(dataset_dict.get("attribution_text") or "").strip()
        for resource in dataset_dict.get("resources") or []:
            package_id = resource.get("package_id") or dataset_dict.get("id")
            distribution = CleanedURIRef(resource_uri({**resource, "package_id": package_id}))
            # ckanext-dcat types every licence as "UnknownIPR"; the dcat-ap.de list says nothing of the kind.
            for licence in list(self.g.objects(distribution, DCT.license)):
                self.g.remove((licence, DCT.type, UNKNOWN_IPR))
            if attribution:
                self.g.add((distribution, DCATDE.licenseAttributionByText, Literal(attribution)))

    def _add_licence_titles(self) -> None:
        """Licence documents carry their official title: parsers that cannot match the dcat-ap.de
        URI against their licence register (ckanext-dcat's) match the title instead."""
        licences = get_codelist("licenses")
        for licence in set(self.g.objects(None, DCT.license)):
            code = licences.by_uri(str(licence)) if isinstance(licence, URIRef) else None
            if code and (licence, DCT.title, None) not in self.g:
                self.g.add((licence, DCT.title, Literal(licences.label(code, "de"), lang="de")))

    def _graph_from_catalog_de(self, catalog_dict: dict[str, Any] | None, catalog_ref: Node) -> None:
        """Catalog: vocabulary language, publisher (mandatory in DCAT-AP), licence, typed homepage."""
        g = self.g
        for language in list(g.objects(catalog_ref, DCT.language)):
            if isinstance(language, Literal):
                g.remove((catalog_ref, DCT.language, language))
        language = uri_of("languages", (catalog_dict or {}).get("language") or "DEU")
        if language:
            g.add((catalog_ref, DCT.language, URIRef(language)))
            g.add((URIRef(language), RDF.type, DCT.LinguisticSystem))
        publisher_uri = config.dcat_publisher_uri()
        publisher: Node = URIRef(publisher_uri) if publisher_uri else BNode()
        g.add((catalog_ref, DCT.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal(config.dcat_publisher_name())))
        licence = uri_of("licenses", (catalog_dict or {}).get("license") or config.dcat_catalog_license())
        if licence:
            g.add((catalog_ref, DCT.license, URIRef(licence)))
            g.add((URIRef(licence), RDF.type, DCT.LicenseDocument))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))

"""Test data and helpers of the DCAT tests: datasets with every mapped field, publishing, RDF."""

from __future__ import annotations

import copy
import json
from typing import Any

from ckan import model
from ckan.tests.helpers import call_action
from rdflib import Graph

from ckanext.jena.demo import publishing

ELI_HVD = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
POLYGON = {
    "type": "Polygon",
    "coordinates": [
        [[11.5815, 50.9232], [11.59551, 50.9232], [11.59551, 50.93201], [11.5815, 50.93201], [11.5815, 50.9232]]
    ],
}

# Every field of docs/field-contract.md the DCAT-AP.de profile maps, with non-default values.
FULL: dict[str, Any] = {
    "title": "Baustellen und Verkehrseinschränkungen",
    "notes": "Aktuelle und geplante Baustellen im öffentlichen Straßenraum der Stadt Jena.",
    "tag_string": "Baustellen,Verkehr",
    "theme": ["TRAN", "REGI"],
    "jena_category": ["mobility", "geo"],
    "language": ["DEU", "ENG"],
    "publisher_name": "Stadt Jena, Dezernat Stadtentwicklung",
    "publisher_uri": "https://www.jena.de/stadtentwicklung",
    "data_steward": "Thomas Riedel",
    "contact_point_name": "Baustellenkoordination Jena",
    "contact_point_email": "baustellen@jena.de",
    "contact_point_url": "https://www.jena.de/baustellen",
    "contact_point_phone": "+49 3641 49-5210",
    "contact_point_street": "Am Anger 26",
    "contact_point_postal_code": "07743",
    "contact_point_locality": "Jena",
    "maintainer": "Fachdienst Verkehr und Mobilität",
    "maintainer_email": "mobilitaet@jena.de",
    "originator": "Kommunale Immobilien Jena",
    "contributor_id": "http://dcat-ap.de/def/contributors/stadtJena",
    "political_geocoding_level": "municipality",
    "political_geocoding": ["16053000", "16053"],
    "district": ["jena-zentrum", "neulobeda"],
    "spatial": json.dumps(POLYGON),
    "temporal_start": "2019-01-01",
    "temporal_end": "2025-12-31",
    "frequency": "DAILY",
    "issued": "2019-03-04",
    "modified": "2025-11-20",
    "availability": "AVAILABLE",
    "version": "2.1",
    "license_id": "dl-by-de/2.0",
    "attribution_text": "Stadt Jena, Baustellenkoordination",
    "access_rights": "PUBLIC",
    "legal_basis": "§ 45 Straßenverkehrs-Ordnung (StVO)",
    "hvd_category": ["c_b79e35eb"],
    "applicable_legislation": [ELI_HVD],
    "url": "https://www.jena.de/baustellen",
    "documentation": "https://www.jena.de/baustellen/datenbeschreibung",
    "conforms_to": ["https://www.w3.org/TR/tabular-data-primer/"],
    "resources": [
        {
            "name": "Baustellen (GeoJSON)",
            "description": "Flächen aller aktuellen Baustellen.",
            "url": "https://opendata.jena.de/data/baustellen.geojson",
            "format": "GEOJSON",
            "mimetype": "application/geo+json",
            "license": "cc-by/4.0",
            "availability": "STABLE",
            "size": 412380,
            "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "hash_algorithm": "sha256",
        },
        {
            "name": "Baustellen (CSV)",
            "description": "Tabellarische Übersicht, Trennzeichen Semikolon.",
            "url": "https://opendata.jena.de/data/baustellen.csv",
            "format": "CSV",
        },
        {
            "name": "Baustellen (WMS)",
            "description": "Kartendienst der Baustellen.",
            "url": "https://geo.jena.de/wms/baustellen?SERVICE=WMS&REQUEST=GetCapabilities",
            "format": "WMS_SRVC",
        },
    ],
}

GEODATA_EXTRA: dict[str, Any] = {
    "reference_system": "EPSG:25833",
    "spatial_resolution_m": 0.2,
    "scale_denominator": 5000,
    "inspire_theme": "au",
    "wms_url": "https://geo.jena.de/wms/ortsteile?SERVICE=WMS&REQUEST=GetCapabilities",
}

# Dataset fields the profile maps in both directions (round trip), resources separately.
MAPPED_FIELDS = (
    "title", "notes", "theme", "jena_category", "language", "publisher_name", "publisher_uri",
    "data_steward", "contact_point_name", "contact_point_email", "contact_point_url", "contact_point_phone",
    "contact_point_street", "contact_point_postal_code", "contact_point_locality", "maintainer",
    "maintainer_email", "originator", "contributor_id", "political_geocoding_level", "political_geocoding",
    "district", "spatial", "temporal_start", "temporal_end", "frequency", "issued", "modified",
    "availability", "version", "license_id", "attribution_text", "access_rights", "legal_basis",
    "hvd_category", "applicable_legislation", "url", "documentation", "conforms_to",
)  # fmt: skip
GEODATA_MAPPED_FIELDS = ("reference_system", "spatial_resolution_m", "inspire_theme")
MAPPED_RESOURCE_FIELDS = (
    "name",
    "description",
    "url",
    "format",
    "mimetype",
    "license",
    "availability",
    "size",
    "hash",
    "hash_algorithm",
)

# The warnings the city's DCAT-AP.de 3.0 output may carry, and why (reported, not hidden):
EXPECTED_WARNINGS_3_0 = {
    # Jena has no contributorID in the official list yet (placeholder until GovData assigns one).
    "dcatde:contributorID",
    # Deprecated in 3.0, still delivered because GovData's current harvester reads the 2.0 terms.
    "dcatde:legalBasis",
    "dcatde:maintainer",
    "dcatde:originator",
    "dcatde:politicalGeocodingURI",
    "owl:versionInfo",
}
# A contributor ID from the official list (any listed one makes the 2.0 shapes pass).
LISTED_CONTRIBUTOR = "http://dcat-ap.de/def/contributors/stadtNuernberg"


def full_dataset(
    owner_org: str, name: str = "baustellen-voll", dataset_type: str = "dataset", **changes: Any
) -> dict[str, Any]:
    data = copy.deepcopy(FULL)
    if dataset_type == "geodata":
        data.update(copy.deepcopy(GEODATA_EXTRA))
    data.update({"name": name, "type": dataset_type, "owner_org": owner_org})
    data.update(changes)
    return data


def sysadmin_context(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user["name"], "ignore_auth": False}


def create(user: dict[str, Any], **data: Any) -> dict[str, Any]:
    """Create through the Action API as ``user``: a private draft of the release workflow."""
    return call_action("package_create", sysadmin_context(user), **data)


def release(dataset: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """Publish through the release workflow's trusted path (as the demo loader does)."""
    publishing.publish(dataset["id"], user["name"])
    model.Session.remove()
    return call_action("package_show", {"user": "", "ignore_auth": False}, id=dataset["id"])


def create_released(user: dict[str, Any], **data: Any) -> dict[str, Any]:
    return release(create(user, **data), user)


def as_set(value: Any) -> set[str]:
    """A multi-valued field as a set of strings (lists and JSON lists)."""
    if isinstance(value, str):
        value = json.loads(value) if value.startswith("[") else [value]
    return {str(item) for item in value or []}


def parse(text: str, fmt: str) -> Graph:
    return Graph().parse(data=text, format={"rdf": "xml", "ttl": "turtle", "jsonld": "json-ld"}[fmt])

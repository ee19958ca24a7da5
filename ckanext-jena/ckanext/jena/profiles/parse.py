"""RDF → CKAN: read a DCAT-AP.de dataset into the portal's fields (docs/field-contract.md).

ckanext-dcat's DCAT-AP 3 parser runs first (title, description, keywords, landing page,
version, distributions). This mixin then reads every field of the field contract from the
graph itself, maps vocabulary URIs back to codes (values outside the project's code lists
are dropped, so a harvested dataset never fails on a foreign code), and removes what
ckanext-dcat left that is not a field of ours (raw URIs in extras, ``contact`` lists, ...).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from geomet import wkt
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ckanext.jena.codelists import get_codelist

from .namespaces import (
    DCAT,
    DCATAP,
    DCATDE,
    DCT,
    FOAF,
    GEOCODING,
    GEODCATAP,
    GSP,
    LOCN,
    SPDX,
    VCARD,
)
from .values import code_of, codes_of, media_type_of, tel_uri

__all__ = ["KEPT_EXTRAS", "DCATAPDEParseMixin"]

# ckanext-dcat extras that stay extras (the harvester adds ``guid`` itself).
KEPT_EXTRAS = frozenset({"uri", "identifier", "guid"})
# Keys ckanext-dcat may put at the root that are not fields of ours.
_FOREIGN_ROOT_KEYS = (
    "contact",
    "publisher",
    "creator",
    "temporal_coverage",
    "spatial_coverage",
    "qualified_relation",
    "qualified_attribution",
    "provenance_activity",
    "license_id",
)


class DCATAPDEParseMixin:
    g: Any

    def _values(self, subject: Node, predicate: URIRef) -> list[Node]:
        return list(self.g.objects(subject, predicate))

    def _text(self, subject: Node, predicate: URIRef) -> str:
        """The first literal (German preferred) or URI value as text, else ``""``."""
        values = self._values(subject, predicate)
        german = [v for v in values if isinstance(v, Literal) and v.language == "de"]
        for value in german or values:
            return str(value).strip()
        return ""

    def _uris(self, subject: Node, predicate: URIRef) -> list[str]:
        return sorted(str(v) for v in self._values(subject, predicate) if isinstance(v, URIRef))

    def _agent_name(self, subject: Node, *predicates: URIRef) -> tuple[str, str]:
        for predicate in predicates:
            for agent in self._values(subject, predicate):
                if isinstance(agent, Literal):
                    return str(agent), ""
                name = self._text(agent, FOAF.name)
                email = self._text(agent, FOAF.mbox) or self._text(agent, VCARD.hasEmail)
                if name:
                    return name, email.removeprefix("mailto:")
        return "", ""

    def _parse_dataset_de(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> dict[str, Any]:
        fields = self._dataset_fields(dataset_ref)
        extras = [e for e in dataset_dict.get("extras") or [] if e.get("key") in KEPT_EXTRAS and e.get("value")]
        for key in (*fields, *_FOREIGN_ROOT_KEYS, *(e.get("key") for e in dataset_dict.get("extras") or [])):
            dataset_dict.pop(str(key), None)
        dataset_dict.update({key: value for key, value in fields.items() if value not in (None, "", [])})
        dataset_dict["extras"] = extras
        resources = {str(r.get("distribution_ref")): r for r in dataset_dict.get("resources") or []}
        dataset_dict["resources"] = [
            self._resource_fields(distribution, resources.get(str(distribution), {}))
            for distribution in self.g.objects(dataset_ref, DCAT.distribution)
        ]
        licence = code_of("licenses", self._text(dataset_ref, DCT.license))
        if licence is None:
            # The licence most distributions share (ties: alphabetically first), not "the first
            # distribution": the order of distributions in a graph is not defined.
            counts = Counter(r["license"] for r in dataset_dict["resources"] if r.get("license"))
            licence = min(counts, key=lambda code: (-counts[code], code)) if counts else None
        if licence:
            dataset_dict["license_id"] = licence
        distributions = self._values(dataset_ref, DCAT.distribution)
        attributions = [self._text(node, DCATDE.licenseAttributionByText) for node in [*distributions, dataset_ref]]
        attribution = next((text for text in attributions if text), "")
        if attribution:
            dataset_dict["attribution_text"] = attribution
        return dataset_dict

    def _dataset_fields(self, ref: Node) -> dict[str, Any]:
        spatial_uris = self._uris(ref, DCT.spatial)
        geocoding = self._uris(ref, DCATDE.politicalGeocodingURI) + [u for u in spatial_uris if u.startswith(GEOCODING)]
        conforms_to = self._uris(ref, DCT.conformsTo)
        reference_systems = codes_of("reference_systems", conforms_to)
        publisher = next(iter(self._values(ref, DCT.publisher)), None)
        contact = next(iter(self._values(ref, DCAT.contactPoint)), BNode())
        maintainer, maintainer_email = self._agent_name(ref, DCATDE.maintainer)
        start, end = self._temporal(ref)
        resolution = self._text(ref, DCAT.spatialResolutionInMeters)
        return {
            "theme": codes_of("data_themes", self._uris(ref, DCAT.theme)),
            "jena_category": codes_of("jena_categories", self._uris(ref, DCT.subject) + self._uris(ref, DCT.type)),
            "frequency": code_of("frequencies", self._text(ref, DCT.accrualPeriodicity)),
            "issued": self._text(ref, DCT.issued),
            "modified": self._text(ref, DCT.modified),
            "language": codes_of("languages", self._uris(ref, DCT.language)),
            "access_rights": code_of("access_rights", self._text(ref, DCT.accessRights)),
            "availability": code_of("planned_availability", self._text(ref, DCATAP.availability)),
            "hvd_category": codes_of("hvd_categories", self._uris(ref, DCATAP.hvdCategory)),
            "applicable_legislation": codes_of("applicable_legislation", self._uris(ref, DCATAP.applicableLegislation)),
            "conforms_to": [u for u in conforms_to if code_of("reference_systems", u) is None],
            "reference_system": reference_systems[0] if reference_systems else None,
            "documentation": self._text(ref, FOAF.page),
            "contributor_id": self._text(ref, DCATDE.contributorID),
            "political_geocoding_level": code_of(
                "political_geocoding_levels", self._text(ref, DCATDE.politicalGeocodingLevelURI)
            ),
            "political_geocoding": codes_of("political_geocoding", dict.fromkeys(geocoding)),
            "district": codes_of("districts", spatial_uris),
            "inspire_theme": next(iter(codes_of("inspire_themes", self._uris(ref, DCT.subject))), None),
            "spatial": self._geometry(ref),
            "temporal_start": start,
            "temporal_end": end,
            "legal_basis": self._text(ref, DCATDE.legalBasis),
            "publisher_name": self._text(publisher, FOAF.name) if publisher is not None else "",
            "publisher_uri": str(publisher) if isinstance(publisher, URIRef) else "",
            "contact_point_name": self._text(contact, VCARD.fn),
            "contact_point_email": self._text(contact, VCARD.hasEmail).removeprefix("mailto:"),
            "contact_point_url": self._text(contact, VCARD.hasURL),
            "contact_point_phone": self._phone(contact),
            **self._postal_address(contact),
            "maintainer": maintainer,
            "maintainer_email": maintainer_email,
            "originator": self._agent_name(ref, GEODCATAP.originator, DCATDE.originator)[0],
            "data_steward": self._agent_name(ref, GEODCATAP.custodian)[0],
            "spatial_resolution_m": float(resolution) if _is_number(resolution) else None,
        }

    def _phone(self, contact: Node) -> str:
        """The contact's phone number; one the portal could not publish as ``tel:`` IRI is left
        out (a harvested dataset must not fail on a foreign value)."""
        number = self._text(contact, VCARD.hasTelephone).removeprefix("tel:")
        return number if tel_uri(number) else ""

    def _postal_address(self, contact: Node) -> dict[str, str]:
        """vCard address of a contact point (a vcard:hasAddress node, or its properties on the
        contact); a postal code that is not a German one (five digits) is left out."""
        node = next(iter(self._values(contact, VCARD.hasAddress)), contact)
        postal_code = self._text(node, VCARD["postal-code"])
        return {
            "contact_point_street": self._text(node, VCARD["street-address"]),
            "contact_point_postal_code": postal_code if re.fullmatch(r"\d{5}", postal_code) else "",
            "contact_point_locality": self._text(node, VCARD.locality),
        }

    def _temporal(self, ref: Node) -> tuple[str, str]:
        for period in self._values(ref, DCT.temporal):
            start = self._text(period, DCAT.startDate)
            end = self._text(period, DCAT.endDate)
            if start or end:
                return start, end
        return "", ""

    def _geometry(self, ref: Node) -> str:
        """The GeoJSON geometry of the dataset's dct:Location (node or legacy literal; WKT converted)."""
        for location in self._values(ref, DCT.spatial):
            for geometry in self._values(location, GSP.hasGeometry) + self._values(location, LOCN.geometry):
                literals = [geometry] if isinstance(geometry, Literal) else []
                literals += self._values(geometry, GSP.asGeoJSON) + self._values(geometry, GSP.asWKT)
                for literal in literals:
                    text = _geojson_text(literal)
                    if text:
                        return text
        return ""

    def _resource_fields(self, distribution: Node, parsed: dict[str, Any]) -> dict[str, Any]:
        """Our resource fields; name, description and URL as ckanext-dcat read them."""
        resource: dict[str, Any] = {
            key: parsed[key] for key in ("name", "description", "url", "uri", "issued", "modified") if parsed.get(key)
        }
        resource["url"] = self._text(distribution, DCAT.downloadURL) or self._text(distribution, DCAT.accessURL)
        file_type = get_codelist("file_types").by_uri(self._text(distribution, DCT["format"]))
        media_type = media_type_of(self._text(distribution, DCAT.mediaType))
        values = {
            "format": file_type,
            "mimetype": media_type,
            "license": code_of("licenses", self._text(distribution, DCT.license)),
            "availability": code_of("planned_availability", self._text(distribution, DCATAP.availability)),
        }
        size = self._text(distribution, DCAT.byteSize)
        if size.isdigit():
            values["size"] = int(size)
        for checksum in self._values(distribution, SPDX.checksum):
            values["hash"] = self._text(checksum, SPDX.checksumValue)
            values["hash_algorithm"] = code_of("checksum_algorithms", self._text(checksum, SPDX.algorithm))
        resource.update({key: value for key, value in values.items() if value not in (None, "")})
        return resource


def _geojson_text(literal: Node) -> str:
    if not isinstance(literal, Literal):
        return ""
    try:
        if literal.datatype == GSP.wktLiteral:
            return json.dumps(wkt.loads(str(literal)), separators=(",", ":"))
        parsed = json.loads(str(literal))
    except (ValueError, TypeError, KeyError):
        return ""
    return json.dumps(parsed, separators=(",", ":")) if isinstance(parsed, dict) and parsed.get("type") else ""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

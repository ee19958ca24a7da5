"""schema.org ``Dataset`` for search engines (the JSON-LD in every dataset page, written by
ckanext-dcat's ``structured_data`` plugin with this profile, ``jena_schemaorg``).

ckanext-dcat's schema.org profile does the basics (name, description, url, dates, licence,
publisher, keywords, distributions); this adds what our fields know and Google's Dataset
documentation recommends: the extent as a ``GeoShape`` box (the stock profile would put raw
GeoJSON where schema.org expects coordinates), the originator as creator, free access and the
language.
"""

from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles.schemaorg import SchemaOrgProfile
from rdflib import BNode, Literal
from rdflib.namespace import RDF, Namespace
from rdflib.term import Node

from ckanext.jena.codelists import get_codelist

from .values import SERVICE_FORMATS, as_list, bbox_of

SCHEMA = Namespace("http://schema.org/")

__all__ = ["JenaSchemaOrgProfile"]


class JenaSchemaOrgProfile(SchemaOrgProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        stock = {key: value for key, value in dataset_dict.items() if key != "spatial"}
        originator = str(dataset_dict.get("originator") or "").strip()
        if originator:
            stock["creator_name"] = originator  # the stock profile names the department otherwise
        super().graph_from_dataset(stock, dataset_ref)
        self._add_extent(dataset_dict, dataset_ref)
        self.g.add((dataset_ref, SCHEMA.isAccessibleForFree, Literal(True)))
        languages = [str(code).lower()[:2] for code in as_list(dataset_dict.get("language"))] or ["de"]
        for language in dict.fromkeys(languages):
            self.g.add((dataset_ref, SCHEMA.inLanguage, Literal(language)))

    def _distribution_url_graph(self, distribution: Node, resource_dict: dict[str, Any]) -> None:
        """Files as ``contentUrl`` (what search engines download), services as ``url``."""
        url = resource_dict.get("download_url") or resource_dict.get("url")
        if not url:
            return
        file_type = get_codelist("file_types").normalize(str(resource_dict.get("format") or ""))
        predicate = SCHEMA.url if file_type in SERVICE_FORMATS else SCHEMA.contentUrl
        self.g.add((distribution, predicate, Literal(url)))

    def _add_extent(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        """The bounding box as schema.org wants it: "south west north east" in WGS 84."""
        bbox = bbox_of(dataset_dict.get("spatial"))
        if bbox is None:
            return
        min_x, min_y, max_x, max_y = bbox
        place, shape = BNode(), BNode()
        self.g.add((dataset_ref, SCHEMA.spatialCoverage, place))
        self.g.add((place, RDF.type, SCHEMA.Place))
        self.g.add((place, SCHEMA.geo, shape))
        self.g.add((shape, RDF.type, SCHEMA.GeoShape))
        self.g.add((shape, SCHEMA.box, Literal(f"{min_y:.6f} {min_x:.6f} {max_y:.6f} {max_x:.6f}")))

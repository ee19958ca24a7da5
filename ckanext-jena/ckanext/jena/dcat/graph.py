"""Build the RDF graph of one dataset or of the catalog node with the DCAT-AP.de profile.

Uses ckanext-dcat's serializer machinery, but resolves our profile by class so the portal's
own code paths (endpoints, validation) do not depend on the ``ckan.rdf.profiles`` entry point.
"""

from __future__ import annotations

from typing import Any

from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import catalog_uri, dataset_uri
from rdflib import Graph, URIRef

from ckanext.jena.profiles import DCATAPDEProfile
from ckanext.jena.profiles.flavours import DEFAULT_FLAVOUR, GOVDATA_FLAVOUR, as_dcat_ap_de_2

__all__ = [
    "PROFILE_NAME",
    "DCATAPDESerializer",
    "catalog_graph",
    "dataset_graph",
    "dataset_graphs",
    "dataset_ref",
]

PROFILE_NAME = "dcat_ap_de"


class DCATAPDESerializer(RDFSerializer):
    """ckanext-dcat's serializer with ``dcat_ap_de`` resolvable without an installed entry point."""

    def __init__(self, profiles: list[str] | None = None) -> None:
        super().__init__(profiles=profiles or [PROFILE_NAME])

    def _load_profiles(self, profile_names: list[str]) -> list[type]:
        if list(profile_names) == [PROFILE_NAME]:
            DCATAPDEProfile.name = PROFILE_NAME  # type: ignore[attr-defined]
            return [DCATAPDEProfile]
        return super()._load_profiles(profile_names)


def dataset_ref(dataset_dict: dict[str, Any]) -> URIRef:
    """The dataset's stable URI: a stored ``uri`` or ``{base_uri}/dataset/{id}`` (never the name)."""
    return URIRef(dataset_uri(dataset_dict))


def dataset_graph(dataset_dict: dict[str, Any], flavour: str = DEFAULT_FLAVOUR) -> tuple[Graph, URIRef]:
    """The DCAT-AP.de graph of one dataset (a fresh graph) in a flavour (3.0 or 2.0) and its URI."""
    graphs, ref = dataset_graphs(dataset_dict, (flavour,))
    return graphs[flavour], ref


def dataset_graphs(
    dataset_dict: dict[str, Any], flavours: tuple[str, ...] = (DEFAULT_FLAVOUR, GOVDATA_FLAVOUR)
) -> tuple[dict[str, Graph], URIRef]:
    """The dataset's graph in several flavours; the profile runs once (the 2.0 one is derived)."""
    serializer = DCATAPDESerializer()
    ref = serializer.graph_from_dataset(dataset_dict)
    graphs = {DEFAULT_FLAVOUR: serializer.g}
    if GOVDATA_FLAVOUR in flavours:
        graphs[GOVDATA_FLAVOUR] = as_dcat_ap_de_2(serializer.g)
    unknown = set(flavours) - set(graphs)
    if unknown:
        raise ValueError(f"unknown DCAT flavour(s): {sorted(unknown)}")
    return {flavour: graphs[flavour] for flavour in flavours}, ref


def catalog_graph(catalog_dict: dict[str, Any] | None = None) -> tuple[Graph, URIRef]:
    """The graph of the catalog node alone (title, publisher, language, licence, ...)."""
    serializer = DCATAPDESerializer()
    serializer.graph_from_catalog(catalog_dict or {})
    return serializer.g, URIRef(catalog_uri())

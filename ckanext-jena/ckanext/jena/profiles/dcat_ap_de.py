"""The DCAT-AP.de 3.0 profile (``dcat_ap_de``), built on ckanext-dcat's DCAT-AP 3 profile.

Register it under the ``ckan.rdf.profiles`` entry point::

    dcat_ap_de = ckanext.jena.profiles:DCATAPDEProfile

and use it alone (``ckanext.dcat.rdf.profiles = dcat_ap_de``): it runs the DCAT-AP 3 steps
itself on a view of the dataset with vocabulary URIs, then adds DCAT-AP.de.
"""

from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles import EuropeanDCATAP3Profile
from rdflib.term import Node

from .parse import DCATAPDEParseMixin
from .serialize import DCATAPDESerializeMixin, dcat_view

__all__ = ["DCATAPDEProfile"]


class DCATAPDEProfile(DCATAPDEParseMixin, DCATAPDESerializeMixin, EuropeanDCATAP3Profile):
    """DCAT-AP.de 3.0 for the Jena portal (fields: docs/field-contract.md)."""

    _catalog_modified: str | None = None

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        super().graph_from_dataset(dcat_view(dataset_dict), dataset_ref)
        self._graph_from_dataset_de(dataset_dict, dataset_ref)

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: Node) -> None:
        self._catalog_modified = (catalog_dict or {}).get("modified")
        super().graph_from_catalog(catalog_dict, catalog_ref)
        self._graph_from_catalog_de(catalog_dict, catalog_ref)

    def _last_catalog_modification(self) -> str | None:
        # ckanext-dcat asks the search index as sysadmin (private datasets included); the
        # caller passes the date of the last change to a published dataset instead.
        return self._catalog_modified

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> dict[str, Any]:
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        return self._parse_dataset_de(dataset_dict, dataset_ref)

"""DCAT-AP.de profile(s) for ckanext-dcat (entry point group ``ckan.rdf.profiles``)."""

from __future__ import annotations

from .dcat_ap_de import DCATAPDEProfile

__all__ = ["DCATAPDEProfile"]

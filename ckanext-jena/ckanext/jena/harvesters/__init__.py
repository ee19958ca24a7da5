"""Harvesters of the portal (ckanext-harvest plugins; ``HarvesterBase`` makes them plugins).

Register them under the ``ckan.plugins`` entry point::

    jena_dcat_rdf_harvester = ckanext.jena.harvesters:JenaDCATRDFHarvester
    jena_csw_harvester = ckanext.jena.harvesters:JenaCSWHarvester
"""

from __future__ import annotations

from .csw import JenaCSWHarvester
from .dcat_rdf import JenaDCATRDFHarvester

__all__ = ["JenaCSWHarvester", "JenaDCATRDFHarvester"]

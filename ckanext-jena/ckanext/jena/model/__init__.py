"""ckanext-jena's own tables (created by ``ckan db upgrade -p jena``)."""

from __future__ import annotations

from ckanext.jena.model.cockpit import JenaCockpitState, JenaMailBounce
from ckanext.jena.model.links import JenaLinkCheck
from ckanext.jena.model.quality import JenaDataConfirmation
from ckanext.jena.model.release import JenaRelease, JenaReleaseEvent
from ckanext.jena.model.responsibility import JenaDigestOptOut, JenaResponsiblePerson
from ckanext.jena.model.snapshots import JenaQualitySnapshot
from ckanext.jena.model.tables import JenaTableLoad
from ckanext.jena.model.usage import JenaUsageDaily

__all__ = [
    "JenaCockpitState",
    "JenaDataConfirmation",
    "JenaDigestOptOut",
    "JenaLinkCheck",
    "JenaMailBounce",
    "JenaQualitySnapshot",
    "JenaRelease",
    "JenaReleaseEvent",
    "JenaResponsiblePerson",
    "JenaTableLoad",
    "JenaUsageDaily",
]

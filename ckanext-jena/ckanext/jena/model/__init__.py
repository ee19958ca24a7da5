"""ckanext-jena's own tables (created by ``ckan db upgrade -p jena``)."""

from __future__ import annotations

from ckanext.jena.model.release import JenaRelease, JenaReleaseEvent

__all__ = ["JenaRelease", "JenaReleaseEvent"]

"""Blueprints of ckanext-jena, registered through ``tk.blanket.blueprints`` (every
blueprint named in ``__all__``; add yours here)."""

from __future__ import annotations

from ckanext.jena.outage.views import outage
from ckanext.jena.views.cockpit import cockpit
from ckanext.jena.views.digest import digest
from ckanext.jena.views.ethics import ethics
from ckanext.jena.views.guards import guards
from ckanext.jena.views.guide import guide
from ckanext.jena.views.info_pages import info_pages
from ckanext.jena.views.logic_errors import logic_errors
from ckanext.jena.views.quality import quality
from ckanext.jena.views.release import release
from ckanext.jena.views.search_engines import search_engines
from ckanext.jena.views.sensor_feeds import sensor_feeds

__all__ = [
    "cockpit",
    "digest",
    "ethics",
    "guards",
    "guide",
    "info_pages",
    "logic_errors",
    "outage",
    "quality",
    "release",
    "search_engines",
    "sensor_feeds",
]

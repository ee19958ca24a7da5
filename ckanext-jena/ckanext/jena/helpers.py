"""Template helpers (all named ``jena_*``), registered through ``tk.blanket.helpers``."""

from __future__ import annotations

from ckanext.jena import config

__all__ = ["jena_city_name"]


def jena_city_name() -> str:
    """Name of the city the portal belongs to (``ckanext.jena.portal.city_name``)."""
    return config.city_name()

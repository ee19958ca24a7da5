"""The spatial extent chosen the simple way (issue 20, point 7): "Ganze Stadt Jena" or "Einzelne
Ortsteile" in the dataset form (``spatial_scope``) sets the GeoJSON ``spatial`` field, which the
form keeps under "Weitere Angaben (optional)" for a drawn or pasted area ("Eigene Fläche").

Without a ``spatial_scope`` (API clients, older datasets) ``spatial`` stays as given."""

from __future__ import annotations

import json
from typing import Any

from ckanext.jena import config
from ckanext.jena.spatial.gazetteer import union_bbox

__all__ = ["CITY", "CUSTOM", "DISTRICTS", "city_geometry", "scope_geometry"]

CITY = "city"
DISTRICTS = "districts"
CUSTOM = "custom"


def _polygon(bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    min_lon, min_lat, max_lon, max_lat = bbox
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def city_geometry() -> dict[str, Any]:
    """The whole city: its bounding box (``ckanext.jena.spatial.home_bbox``) as a polygon."""
    return _polygon(config.spatial_home_bbox())


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                return []
        else:
            value = [part.strip() for part in text.split(",")] if text else []
    if not isinstance(value, list | tuple):
        return []
    return [str(code) for code in value if str(code).strip()]


def scope_geometry(scope: Any, districts: Any) -> dict[str, Any] | None:
    """The extent ``scope`` stands for: the city's area, the box around ``districts``, or ``None``
    (custom, unknown or no scope, or no known district: ``spatial`` stays as given)."""
    if scope == CITY:
        return city_geometry()
    if scope == DISTRICTS:
        bbox = union_bbox(_codes(districts))
        return _polygon(bbox) if bbox else None
    return None

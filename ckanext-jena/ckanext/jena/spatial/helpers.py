"""Template helpers of the map search, dataset extent and previews (``h.jena_spatial_*``)."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena import config
from ckanext.jena.spatial import extent_text, gazetteer, search

__all__ = [
    "jena_spatial_bbox_error",
    "jena_spatial_bbox_geojson",
    "jena_spatial_dataset_extent",
    "jena_spatial_district_choices",
    "jena_spatial_districts_in",
    "jena_spatial_extent_text",
    "jena_spatial_map_config",
]


def jena_spatial_map_config() -> dict[str, str]:
    """Base map for the ``jena-*`` map modules: tile URL (may be empty) and attribution."""
    return {"tile_url": config.spatial_tile_url(), "attribution": config.spatial_tile_attribution()}


def jena_spatial_dataset_extent(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset's extent for the map: its ``spatial`` field, else the box of its districts."""
    spatial = pkg.get("spatial")
    if isinstance(spatial, str) and spatial.strip():
        try:
            spatial = json.loads(spatial)
        except ValueError:
            spatial = None
    if isinstance(spatial, dict) and spatial.get("type"):
        return {"geometry": spatial, "approximate": False, "districts": []}
    codes = [code for code in pkg.get("district") or [] if isinstance(code, str)]
    box = gazetteer.union_bbox(codes)
    if not box:
        return None
    labels = [district.label for district in gazetteer.districts() if district.code in codes]
    geometry = gazetteer.District("", "", "", "", (0, 0), box, ()).geometry()
    return {"geometry": geometry, "approximate": True, "districts": labels}


def jena_spatial_district_choices() -> list[dict[str, Any]]:
    """The districts for the extent picker of the form: label and the box as GeoJSON."""
    english = tk.h.lang() == "en"
    return [
        {"label": (district.label_en or district.label) if english else district.label, "geometry": district.geometry()}
        for district in sorted(gazetteer.districts(), key=lambda district: district.label)
    ]


def jena_spatial_extent_text(value: Any) -> str:
    """The ``spatial`` field in words for the dataset page (districts or a box), never raw GeoJSON."""
    return extent_text.describe(value)


def jena_spatial_districts_in(q: str | None) -> list[dict[str, Any]]:
    """Districts named in the search text, with their box for the map search."""
    return [district.as_dict() for district in gazetteer.recognise(q or "")]


def jena_spatial_bbox_error(value: str | None) -> str:
    return search.bbox_error(value)


def jena_spatial_bbox_geojson(value: str | None) -> str:
    """The current ``ext_bbox`` as a GeoJSON polygon string for the map ('' when absent or invalid)."""
    box = search.parse_bbox(value) if value else None
    if not box:
        return ""
    return json.dumps(gazetteer.District("", "", "", "", (0, 0), box, ()).geometry())

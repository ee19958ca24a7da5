"""A dataset's spatial extent in words for its page ("Ortsteile Lobeda-West, Winzerla"), not
the raw GeoJSON of the ``spatial`` field (issue 20)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import format_decimal

from ckanext.jena.spatial import gazetteer

# Up to this many districts are named; more read as "most of the city".
MAX_NAMED = 5


def _positions(coordinates: Any) -> Iterator[tuple[float, float]]:
    if isinstance(coordinates, (list, tuple)):
        if len(coordinates) >= 2 and all(isinstance(value, (int, float)) for value in coordinates[:2]):
            yield float(coordinates[0]), float(coordinates[1])
        else:
            for item in coordinates:
                yield from _positions(item)


def _geometry(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _inside(point: tuple[float, float], box: gazetteer.BBox) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _degrees(value: float) -> str:
    return format_decimal(round(value, 3), format="#,##0.0##")


def _label(district: gazetteer.District) -> str:
    return district.label_en if tk.h.lang() == "en" and district.label_en else district.label


def describe(value: Any) -> str:
    """The extent in the page's language; '' when ``value`` is no geometry."""
    geometry = _geometry(value)
    points = list(_positions(geometry.get("coordinates"))) if geometry else []
    if not points:
        return ""
    lons, lats = [lon for lon, _lat in points], [lat for _lon, lat in points]
    box = (min(lons), min(lats), max(lons), max(lats))
    everything = gazetteer.districts()
    if len(set(points)) == 1:
        home = [district for district in everything if _inside(points[0], district.bbox)]
        where = tk._("Punkt bei {lat}° N, {lon}° O").format(lat=_degrees(box[1]), lon=_degrees(box[0]))
        return f"{where} ({_label(home[0])})" if len(home) == 1 else where
    covered = [district for district in everything if _inside(district.centroid, box)]
    if everything and len(covered) == len(everything):
        return tk._("Ganzes Stadtgebiet")
    if 0 < len(covered) <= MAX_NAMED:
        return tk._("Gebiet um die Ortsteile {districts}").format(districts=", ".join(map(_label, covered)))
    return tk._("Gebiet zwischen {south}° und {north}° N sowie {west}° und {east}° O").format(
        south=_degrees(box[1]), north=_degrees(box[3]), west=_degrees(box[0]), east=_degrees(box[2])
    )

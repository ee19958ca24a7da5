"""GeoJSON parsing and plausibility checks for spatial extents and sensor locations.

Errors are raised as navl ``Invalid`` with German messages so validators can pass them
straight to the form and the API.
"""

from __future__ import annotations

import json
import math
from typing import Any

import shapely
from ckan.lib.navl.dictization_functions import Invalid
from ckan.plugins.toolkit import _
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ckanext.jena import config, nesting

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


def geojson_error(detail: str) -> Invalid:
    return Invalid(_("Ungültiges GeoJSON: {detail}").format(detail=detail))


def _too_large(detail: str) -> Invalid:
    return geojson_error(
        _(
            "Die Geometrie ist zu umfangreich ({detail}). Bitte vereinfachen Sie den Umriss "
            "(z. B. in QGIS mit „Vereinfachen“) oder geben Sie ein umschließendes Rechteck an."
        ).format(detail=detail)
    )


def _load(value: Any) -> Any:
    size = len(value) if isinstance(value, str) else 0
    if size > config.spatial_max_extent_bytes():
        raise _too_large(_("{size} Zeichen, höchstens {max}").format(size=size, max=config.spatial_max_extent_bytes()))
    try:
        if not isinstance(value, str):
            if nesting.value_depth(value) > nesting.MAX_DEPTH:
                raise nesting.TooDeep()
            return value
        return nesting.loads(value)
    except nesting.TooDeep:
        depth = nesting.MAX_DEPTH
        raise geojson_error(_("Die Daten sind tiefer als {depth} Ebenen verschachtelt.").format(depth=depth)) from None
    except ValueError as error:
        line, col = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        detail = _("Der Text ist kein gültiges JSON (Zeile {line}, Spalte {col}).").format(line=line, col=col)
        raise geojson_error(detail) from None


def parse_geometry(value: Any) -> tuple[dict[str, Any], BaseGeometry]:
    """Parse and check a GeoJSON geometry (WGS 84); ``Invalid`` with a German message if it is not one."""
    obj = _load(value)
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind not in GEOMETRY_TYPES:
        detail = _("Erwartet wird eine Geometrie (z. B. Polygon, MultiPolygon oder Point), nicht „{kind}“.")
        raise geojson_error(detail.format(kind=kind or type(obj).__name__))
    geometry = _shape(obj, kind)
    coordinates = shapely.get_coordinates(geometry)
    if len(coordinates) > config.spatial_max_extent_vertices():
        limit = config.spatial_max_extent_vertices()
        raise _too_large(_("{count} Stützpunkte, höchstens {max}").format(count=len(coordinates), max=limit))
    if len(coordinates) == 0:
        raise geojson_error(_("Die Geometrie enthält keine Koordinaten."))
    if any(abs(lon) > 180 or abs(lat) > 90 for lon, lat in coordinates):
        detail = _(
            "Koordinaten außerhalb des gültigen Bereichs (Länge −180 bis 180, Breite −90 bis 90; "
            "Reihenfolge: Länge, Breite in WGS 84)."
        )
        raise geojson_error(detail)
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        if "Self-intersection" in reason:
            raise geojson_error(_("Die Fläche überschneidet sich selbst."))
        raise geojson_error(_("Die Geometrie ist geometrisch ungültig ({reason}).").format(reason=reason))
    return obj, geometry


def _shape(obj: dict[str, Any], kind: str) -> BaseGeometry:
    try:
        if kind in ("Polygon", "MultiPolygon"):
            polygons = [obj["coordinates"]] if kind == "Polygon" else obj["coordinates"]
            for ring in (ring for polygon in polygons for ring in polygon):
                if len(ring) < 4 or list(ring[0]) != list(ring[-1]):
                    raise ValueError("ring not closed")
        return shape(obj)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ShapelyError, RecursionError):
        detail = _(
            "Die Koordinaten der Geometrie „{kind}“ sind unvollständig oder falsch aufgebaut "
            "(eine Fläche muss geschlossen sein: erster Punkt = letzter Punkt)."
        )
        raise geojson_error(detail.format(kind=kind)) from None


def parse_points(value: Any) -> dict[str, Any]:
    """Sensor locations: a Point, a MultiPoint or a FeatureCollection of Point features."""
    obj = _load(value)
    if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        features = obj.get("features") if isinstance(obj.get("features"), list) else []
        geometries = [feature.get("geometry") if isinstance(feature, dict) else None for feature in features]
        if not geometries or any(not isinstance(g, dict) or g.get("type") != "Point" for g in geometries):
            raise geojson_error(_("Jedes Feature der Sensorstandorte braucht eine Punktgeometrie."))
        for geometry in geometries:
            parse_geometry(geometry)
        return obj
    parsed, _geometry = parse_geometry(obj)
    if parsed["type"] not in ("Point", "MultiPoint"):
        raise geojson_error(_("Sensorstandorte sind Punkte: Point, MultiPoint oder eine FeatureCollection."))
    return parsed


def geometry_of(value: Any) -> BaseGeometry | None:
    """The geometry of a stored ``spatial`` or ``sensor_locations`` value (``None`` if unparseable)."""
    try:
        obj = value if isinstance(value, dict) else json.loads(str(value))
        if obj.get("type") == "FeatureCollection":
            return shapely.GeometryCollection([shape(feature["geometry"]) for feature in obj["features"]])
        return shape(obj)
    except (ValueError, TypeError, KeyError, AttributeError, ShapelyError, RecursionError):
        return None


def km_outside_home(geometry: BaseGeometry) -> float:
    """How far (km) the farthest point of ``geometry`` lies outside the city's bounding box.

    An equirectangular approximation at the box's latitude is plenty for telling a city
    extent from swapped or mistyped coordinates.
    """
    min_lon, min_lat, max_lon, max_lat = config.spatial_home_bbox()
    km_per_lon = 111.32 * math.cos(math.radians((min_lat + max_lat) / 2))
    km_per_lat = 110.57
    farthest = 0.0
    for lon, lat in shapely.get_coordinates(geometry):
        dx = max(min_lon - lon, 0.0, lon - max_lon) * km_per_lon
        dy = max(min_lat - lat, 0.0, lat - max_lat) * km_per_lat
        farthest = max(farthest, math.hypot(dx, dy))
    return farthest

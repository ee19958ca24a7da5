"""Turn GeoJSON and CSV files into a FeatureCollection for the map previews, or a German message.

Checks what breaks maps in practice: invalid JSON, something that is not GeoJSON, a
coordinate reference system other than WGS 84 (e.g. UTM coordinates of EPSG:25832 saved as
GeoJSON), too many features or vertices, CSV without recognisable coordinate columns.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from typing import Any

from ckanext.jena import nesting
from ckanext.jena.logic.geojson import GEOMETRY_TYPES
from ckanext.jena.spatial.fetch import PreviewError

__all__ = ["csv_points", "geojson_features"]

WGS84_CRS = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "OGC:CRS84"}
LAT_NAMES = ("lat", "latitude", "breite", "breitengrad", "geo_lat", "y_wgs84", "wgs84_lat", "lat_wgs84")
LON_NAMES = ("lon", "lng", "long", "longitude", "laenge", "länge", "laengengrad", "längengrad", "geo_lon", "x_wgs84")
NOT_GEOJSON = "Die Datei ist kein gültiges GeoJSON: {detail}"


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PreviewError("Die Datei ist keine Textdatei (unbekannte Zeichenkodierung).")


def _positions(coordinates: Any) -> Iterator[list[Any]]:
    if isinstance(coordinates, list) and coordinates and not any(isinstance(part, list) for part in coordinates):
        yield coordinates
    elif isinstance(coordinates, list):
        for part in coordinates:
            yield from _positions(part)


def _geometries(geometry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            if isinstance(part, dict):
                yield from _geometries(part)
    else:
        yield geometry


def _check_geometry(geometry: Any, number: int) -> int:
    """Number of positions of ``geometry``; ``PreviewError`` for a broken one."""
    if geometry is None:
        return 0
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise PreviewError(NOT_GEOJSON.format(detail=f"Objekt {number} hat keinen bekannten Geometrietyp."))
    count = 0
    for part in _geometries(geometry):
        for position in _positions(part.get("coordinates")):
            if len(position) < 2 or not all(isinstance(value, (int, float)) for value in position[:2]):
                raise PreviewError(NOT_GEOJSON.format(detail=f"Objekt {number} hat ungültige Koordinaten."))
            lon, lat = position[0], position[1]
            if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                raise PreviewError(
                    f"Die Koordinaten (z. B. {lon:g}, {lat:g}) sind keine geografischen Koordinaten in WGS 84 "
                    "(Längen- und Breitengrad). Vermutlich ist die Datei in einem anderen Koordinatenreferenzsystem "
                    "(z. B. ETRS89 / UTM, EPSG:25832) gespeichert; GeoJSON muss WGS 84 verwenden."
                )
            count += 1
    return count


def _check_crs(document: dict[str, Any]) -> None:
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return
    name = str((crs.get("properties") or {}).get("name", ""))
    if name and name not in WGS84_CRS and not name.endswith(("CRS84", "EPSG::4326", "EPSG:4326")):
        raise PreviewError(
            f"Die Datei verwendet das Koordinatenreferenzsystem {name}. Die Kartenvorschau zeigt nur GeoJSON "
            "in WGS 84 (EPSG:4326) an, wie es der GeoJSON-Standard verlangt."
        )


def _limits(features: int, positions: int, max_features: int) -> None:
    if features > max_features:
        raise PreviewError(
            f"Die Datei enthält {features} Objekte; die Kartenvorschau zeigt höchstens {max_features}. "
            "Bitte laden Sie die Datei herunter."
        )
    if positions > max_features * 50:
        raise PreviewError(
            f"Die Geometrien sind zu umfangreich für die Kartenvorschau ({positions} Stützpunkte). "
            "Bitte laden Sie die Datei herunter."
        )


def geojson_features(data: bytes, max_features: int) -> dict[str, Any]:
    """A checked FeatureCollection from GeoJSON bytes (a geometry, a Feature or a FeatureCollection)."""
    try:
        document = nesting.loads(_text(data))
    except nesting.TooDeep:
        detail = f"Die Daten sind tiefer als {nesting.MAX_DEPTH} Ebenen verschachtelt."
        raise PreviewError(NOT_GEOJSON.format(detail=detail)) from None
    except ValueError as error:
        raise PreviewError(NOT_GEOJSON.format(detail="Die Datei ist kein gültiges JSON.")) from error
    if not isinstance(document, dict):
        raise PreviewError(NOT_GEOJSON.format(detail="Es fehlt das GeoJSON-Objekt mit dem Feld „type“."))
    _check_crs(document)
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise PreviewError(NOT_GEOJSON.format(detail="Die FeatureCollection hat keine Liste „features“."))
    elif kind == "Feature":
        features = [document]
    elif kind in GEOMETRY_TYPES:
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    else:
        raise PreviewError(NOT_GEOJSON.format(detail=f"Unbekannter Typ „{kind}“."))
    _limits(len(features), 0, max_features)
    positions = 0
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise PreviewError(NOT_GEOJSON.format(detail=f"Objekt {number} ist kein Feature."))
        positions += _check_geometry(feature.get("geometry"), number)
    _limits(len(features), positions, max_features)
    if positions == 0:
        raise PreviewError("Die Datei enthält keine Geometrien, die Karte hätte nichts zu zeigen.")
    return {"type": "FeatureCollection", "features": features}


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [name.strip().casefold() for name in header]
    return next((folded.index(name) for name in names if name in folded), None)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _complete_lines(sample: str) -> str:
    """``sample`` without its cut-off last line, which would mislead the dialect sniffer."""
    end = sample.rfind("\n")
    return sample[:end] if end > 0 else sample


def csv_points(data: bytes, max_features: int) -> dict[str, Any]:
    """Points from a CSV file with latitude/longitude columns (comma or semicolon, decimal comma allowed)."""
    text = _text(data)
    try:
        dialect = csv.Sniffer().sniff(_complete_lines(text[:4096]), delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _csv_points(csv.reader(io.StringIO(text), dialect), max_features)
    except csv.Error as error:
        raise PreviewError(
            f"Die CSV-Datei lässt sich nicht lesen ({error}); die Kartenvorschau liest Felder bis "
            f"{csv.field_size_limit() // 1024} kB. Bitte laden Sie die Datei herunter."
        ) from None


def _csv_points(rows: Iterator[list[str]], max_features: int) -> dict[str, Any]:
    header = next(rows, None)
    if not header:
        raise PreviewError("Die CSV-Datei ist leer.")
    lat_col, lon_col = _column(header, LAT_NAMES), _column(header, LON_NAMES)
    if lat_col is None or lon_col is None:
        raise PreviewError(
            "Die CSV-Datei hat keine Spalten mit Koordinaten. Erkannt werden Spalten namens "
            "„lat“/„latitude“/„breite“ und „lon“/„lng“/„longitude“/„laenge“ in WGS 84."
        )
    features: list[dict[str, Any]] = []
    skipped = 0
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(features) >= max_features:
            _limits(len(features) + 1, 0, max_features)
        lat = _number(row[lat_col]) if lat_col < len(row) else None
        lon = _number(row[lon_col]) if lon_col < len(row) else None
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            skipped += 1
            continue
        properties = {name: row[index] for index, name in enumerate(header) if index < len(row)}
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}
        )
    if not features:
        raise PreviewError(
            "Keine Zeile der CSV-Datei hat gültige Koordinaten in WGS 84 (Breite −90…90, Länge −180…180)."
        )
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}

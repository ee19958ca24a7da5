"""Test data: publishable datasets of every Jena dataset type, geometries in and far outside Jena."""

from __future__ import annotations

import copy
import json
from typing import Any

# Jena's inner city (WGS 84, lon/lat).
INNER_CITY = {
    "type": "Polygon",
    "coordinates": [[[11.575, 50.920], [11.600, 50.920], [11.600, 50.935], [11.575, 50.935], [11.575, 50.920]]],
}
# The same polygon with longitude and latitude swapped: lands in the Indian Ocean region.
SWAPPED = {"type": "Polygon", "coordinates": [[[y, x] for x, y in INNER_CITY["coordinates"][0]]]}
# A box around Erfurt, about 35 km west of Jena's bounding box.
ERFURT = {
    "type": "Polygon",
    "coordinates": [[[10.98, 50.95], [11.07, 50.95], [11.07, 51.00], [10.98, 51.00], [10.98, 50.95]]],
}
SENSORS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Dammstraße"},
            "geometry": {"type": "Point", "coordinates": [11.5992, 50.9301]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Camsdorfer Brücke"},
            "geometry": {"type": "Point", "coordinates": [11.5978, 50.9283]},
        },
    ],
}

COMMON: dict[str, Any] = {
    "notes": "Einwohnerinnen und Einwohner mit Hauptwohnsitz in Jena am 31. Dezember, nach Ortsteil.",
    "tag_string": "Bevölkerung,Statistik",
    "theme": ["SOCI", "REGI"],
    "jena_category": ["demographic"],
    "data_steward": "Fachdienst Statistik und Wahlen, Anna Beispiel",
    "contact_point_name": "Team Statistik",
    "contact_point_email": "statistik@jena.de",
    "frequency": "ANNUAL",
    "attribution_text": "Stadt Jena, Fachdienst Statistik und Wahlen",
    "temporal_start": "2015-01-01",
    "temporal_end": "2024-12-31",
    "spatial": json.dumps(INNER_CITY),
    "resources": [
        {"name": "Einwohner 2024 (CSV)", "url": "https://opendata.jena.de/data/einwohner-2024.csv", "format": "CSV"}
    ],
}

BY_KIND: dict[str, dict[str, Any]] = {
    "dataset": {"name": "einwohner-ortsteile", "title": "Einwohner nach Ortsteilen"},
    "geodata": {
        "name": "stadtbezirke-geodaten",
        "title": "Grenzen der Ortsteile",
        "theme": ["REGI"],
        "jena_category": ["geo"],
        "reference_system": "EPSG:25832",
        "scale_denominator": "5000",
        "wms_url": "https://geo.jena.de/wms?SERVICE=WMS&REQUEST=GetCapabilities",
        "inspire_theme": "au",
        "resources": [
            {
                "name": "Ortsteile (GeoJSON)",
                "url": "https://opendata.jena.de/data/ortsteile.geojson",
                "format": "GEOJSON",
            }
        ],
    },
    "realtime": {
        "name": "luftqualitaet-echtzeit",
        "title": "Luftqualität in Echtzeit",
        "theme": ["ENVI"],
        "jena_category": ["sensor", "environment"],
        "frequency": "UPDATE_CONT",
        "api_endpoint": "https://opendata.jena.de/api/luft/v1/messwerte",
        "measured_parameters": ["Feinstaub PM10 (µg/m³)", "Stickstoffdioxid NO2 (µg/m³)"],
        "sensor_locations": json.dumps(SENSORS),
        "resources": [
            {"name": "Messwerte (JSON-API)", "url": "https://opendata.jena.de/api/luft/v1/messwerte", "format": "JSON"}
        ],
    },
}


def complete(kind: str, **changes: Any) -> dict[str, Any]:
    """A dataset of type ``kind`` with everything publishing requires; ``changes`` win (``None`` drops a key)."""
    result = copy.deepcopy({**COMMON, **BY_KIND[kind], "type": kind})
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result

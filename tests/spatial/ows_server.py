"""A small WMS, WMTS and WFS on 127.0.0.1 for the map service previews (a real HTTP server, no mocks).

Capabilities come from ``data/ows/*.xml``; GetMap draws street trees (layer ``baeume``) or the
districts' boxes (``ortsteile``) into a PNG, GetTile answers a tinted tile (so a browser map shows
something); GetFeature answers GeoJSON of the requested feature
type, honouring the count. Further routes serve the bad inputs of the tests.
"""

from __future__ import annotations

import json
import math
import random
import struct
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from tests.dcat.servers import LocalServer, Route

DATA = Path(__file__).parent / "data" / "ows"

FEATURES: dict[str, list[dict[str, Any]]] = {
    "jena:spielplaetze": [
        {
            "type": "Feature",
            "id": "spielplaetze.1",
            "geometry": {"type": "Point", "coordinates": [11.5863, 50.9279]},
            "properties": {"name": "Spielplatz Holzmarkt", "geraete": 6, "ortsteil": "Zentrum"},
        },
        {
            "type": "Feature",
            "id": "spielplaetze.2",
            "geometry": {"type": "Point", "coordinates": [11.6163, 50.8830]},
            "properties": {"name": "Spielplatz Lobeda-West", "geraete": 9, "ortsteil": "Lobeda"},
        },
        {
            "type": "Feature",
            "id": "spielplaetze.3",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[11.575, 50.935], [11.580, 50.935], [11.580, 50.938], [11.575, 50.938], [11.575, 50.935]]
                ],
            },
            "properties": {"name": "Abenteuerspielplatz Nord", "geraete": 12, "ortsteil": "Nord"},
        },
    ],
    "jena:brunnen": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [11.5890, 50.9287]},
            "properties": {"name": "Marktbrunnen"},
        }
    ],
}


def _png(width: int, height: int, pixels: bytearray) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    stride = width * 4
    raw = b"".join(b"\x00" + bytes(pixels[row * stride : (row + 1) * stride]) for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@cache
def tile_png() -> bytes:
    """A 256×256 PNG for WMTS tiles: translucent orange with a dark border."""
    pixels = bytearray()
    for y in range(256):
        for x in range(256):
            edge = x < 2 or y < 2 or x >= 254 or y >= 254
            pixels += bytes((150, 60, 0, 230)) if edge else bytes((240, 140, 20, 90))
    return _png(256, 256, pixels)


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return lon * 20037508.342789244 / 180, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * 6378137


@cache
def _trees() -> tuple[tuple[float, float], ...]:
    """Street trees of the test WMS: a fixed pseudo-random scatter along streets in the city centre."""
    rng = random.Random(1558)
    trees = []
    for _street in range(14):
        lon, lat = rng.uniform(11.572, 11.606), rng.uniform(50.914, 50.938)
        dlon, dlat = rng.choice([(0.0016, 0.0003), (0.0003, 0.0011), (0.0013, -0.0007)])
        trees += [(lon + i * dlon, lat + i * dlat) for i in range(rng.randint(3, 7))]
    return tuple(trees)


def render_getmap(layers: str, bbox: str, width: int, height: int) -> bytes:
    """A GetMap answer in EPSG:3857: green trees (``baeume``), district boxes (``ortsteile``), else a tinted tile."""
    minx, miny, maxx, maxy = (float(value) for value in bbox.split(","))
    pixels = bytearray(width * height * 4)

    def to_pixel(lon: float, lat: float) -> tuple[int, int]:
        x, y = _mercator(lon, lat)
        return round((x - minx) / (maxx - minx) * width), round((maxy - y) / (maxy - miny) * height)

    def dot(cx: int, cy: int, radius: int, fill: tuple[int, ...], ring: tuple[int, ...]) -> None:
        for y in range(max(cy - radius, 0), min(cy + radius + 1, height)):
            for x in range(max(cx - radius, 0), min(cx + radius + 1, width)):
                distance = (x - cx) ** 2 + (y - cy) ** 2
                if distance <= radius * radius:
                    colour = ring if distance > (radius - 1.5) ** 2 else fill
                    pixels[(y * width + x) * 4 : (y * width + x) * 4 + 4] = bytes(colour)

    def box(west: float, south: float, east: float, north: float) -> None:
        (x0, y0), (x1, y1) = to_pixel(west, north), to_pixel(east, south)
        for x in range(max(x0, 0), min(x1 + 1, width)):
            for y in (y0, y0 + 1, y1, y1 - 1):
                if 0 <= y < height:
                    pixels[(y * width + x) * 4 : (y * width + x) * 4 + 4] = bytes((179, 32, 42, 200))
        for y in range(max(y0, 0), min(y1 + 1, height)):
            for x in (x0, x0 + 1, x1, x1 - 1):
                if 0 <= x < width:
                    pixels[(y * width + x) * 4 : (y * width + x) * 4 + 4] = bytes((179, 32, 42, 200))

    if layers == "baeume":
        for lon, lat in _trees():
            dot(*to_pixel(lon, lat), 5, (46, 139, 58, 220), (20, 80, 30, 255))
    elif layers == "ortsteile":
        from ckanext.jena.spatial import gazetteer

        for district in gazetteer.districts():
            box(*district.bbox)
    else:
        return tile_png()
    return _png(width, height, pixels)


def xml(name: str, status: int = 200) -> Route:
    return Route((DATA / name).read_bytes(), status, {"Content-Type": "text/xml"})


def _lower(query: dict[str, list[str]]) -> dict[str, str]:
    return {key.lower(): values[0] for key, values in query.items()}


def _service(capabilities: str) -> Any:
    def answer(query: dict[str, list[str]]) -> Route:
        asked = _lower(query)
        request = asked.get("request", "").lower()
        if request == "getcapabilities":
            return xml(capabilities)
        if request == "getmap":
            image = render_getmap(asked.get("layers", ""), asked["bbox"], int(asked["width"]), int(asked["height"]))
            return Route(image, headers={"Content-Type": "image/png"})
        if request == "gettile":
            return Route(tile_png(), headers={"Content-Type": "image/png"})
        if request == "getfeature":
            kind = asked.get("typenames") or asked.get("typename") or ""
            count = int(asked.get("count") or asked.get("maxfeatures") or 1000)
            collection = {"type": "FeatureCollection", "features": FEATURES.get(kind, [])[:count]}
            return Route(json.dumps(collection).encode(), headers={"Content-Type": "application/json"})
        return xml("service-exception.xml", 400)

    return answer


def _failing_wfs(query: dict[str, list[str]]) -> Route:
    """A WFS whose capabilities are fine but whose GetFeature answers an exception report (HTTP 200)."""
    if _lower(query).get("request", "").lower() == "getcapabilities":
        body = (DATA / "wfs-200.xml").read_bytes().replace(b"{base}/wfs?", b"{base}/wfs-fehler?")
        return Route(body, headers={"Content-Type": "text/xml"})
    return xml("service-exception.xml")


def ows_server() -> LocalServer:
    """The server with every route of the map service tests (start it with ``with``)."""
    server = LocalServer()
    server.routes.update(
        {
            "/wms": _service("wms-130.xml"),
            "/wmts": _service("wmts.xml"),
            "/wfs": _service("wfs-200.xml"),
            "/alkis": _service("wms-111-utm-only.xml"),
            "/alt-wfs": _service("wfs-110-gml-only.xml"),
            "/fehler": xml("service-exception.xml"),
            "/leer": xml("no-layers.xml"),
            "/kaputt": Route(b"<html><body>Wartungsarbeiten</body></html", headers={"Content-Type": "text/html"}),
            "/defekt": Route(b"Internal Server Error", status=500),
            "/langsam": Route(b"<WMS_Capabilities/>", delay=3.0),
            "/bombe": Route(
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                b"<WMS_Capabilities>&b;</WMS_Capabilities>"
            ),
            "/wfs-fehler": _failing_wfs,
        }
    )
    return server

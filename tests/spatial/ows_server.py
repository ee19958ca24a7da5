"""A small WMS, WMTS and WFS on 127.0.0.1 for the map service previews (a real HTTP server, no mocks).

Capabilities come from ``data/ows/*.xml``; GetMap and GetTile answer with a small PNG for any
request (so a browser map shows tiles); GetFeature answers GeoJSON of the requested feature
type, honouring the count. Further routes serve the bad inputs of the tests.
"""

from __future__ import annotations

import json
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


@cache
def tile_png() -> bytes:
    """A 256×256 PNG: translucent orange with a dark border, so tiles are visible on the map."""
    size = 256
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            edge = x < 2 or y < 2 or x >= size - 2 or y >= size - 2
            diagonal = abs(x - y) < 2
            row += bytes((150, 60, 0, 230)) if edge or diagonal else bytes((240, 140, 20, 90))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


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
        if request in ("getmap", "gettile"):
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

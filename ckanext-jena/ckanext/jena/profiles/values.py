"""Conversions between stored field values and DCAT-AP.de terms (no graph, no CKAN app needed).

The portal stores code-list *codes* (``TRAN``, ``DAILY``, ``dl-by-de/2.0``); RDF carries the
vocabulary *URIs*. Both directions go through the project's code lists
(:mod:`ckanext.jena.codelists`) so the form, the validators and the DCAT output share one
source of truth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ckanext.jena.codelists import get_codelist

from .namespaces import GEOCODING

__all__ = [
    "IANA_MEDIA_TYPES",
    "SERVICE_FORMATS",
    "as_list",
    "bbox_of",
    "code_of",
    "codes_of",
    "first",
    "geocoding_uri",
    "media_type_of",
    "media_type_uri",
    "tel_uri",
    "uri_of",
    "uris_of",
    "wkt_point",
    "wkt_polygon",
]

IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# File types that describe a service endpoint (dcat:accessURL only, no dcat:downloadURL).
SERVICE_FORMATS = frozenset({"WMS_SRVC", "WFS_SRVC", "WMTS_SRVC", "WCS_SRVC", "SPARQLQ"})


def as_list(value: Any) -> list[str]:
    """A multi-valued field as a list of non-empty strings (lists, JSON lists, single strings)."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                return [text]
            return as_list(parsed) if isinstance(parsed, list) else [text]
        return [text]
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if item is not None and str(item).strip()]
    return [str(value)]


def first(value: Any) -> str:
    """The first non-empty value of a field, or ``""``."""
    values = as_list(value)
    return values[0] if values else ""


def uri_of(codelist: str, value: Any) -> str | None:
    """The vocabulary URI of a code (or of a URI already in the list); ``None`` if unknown."""
    if value is None or not str(value).strip():
        return None
    entries = get_codelist(codelist)
    code = entries.normalize(str(value))
    return entries.uri(code) if code is not None else None


def uris_of(codelist: str, values: Any) -> list[str]:
    """URIs of every known value of a multi-valued field, in order, without duplicates."""
    return list(dict.fromkeys(uri for uri in (uri_of(codelist, value) for value in as_list(values)) if uri))


def code_of(codelist: str, uri: Any) -> str | None:
    """The code whose URI is ``uri``; ``None`` when the vocabulary entry is not in the list."""
    if uri is None or not str(uri).strip():
        return None
    return get_codelist(codelist).by_uri(str(uri).strip())


def codes_of(codelist: str, uris: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(code for code in (code_of(codelist, uri) for uri in uris) if code))


def geocoding_uri(value: Any) -> str | None:
    """A political geocoding value as URI: a known code, a known URI or any dcat-ap.de geocoding URI."""
    uri = uri_of("political_geocoding", value)
    if uri:
        return uri
    text = str(value or "").strip()
    return text if text.startswith(GEOCODING) else None


def media_type_uri(value: Any) -> str | None:
    """An IANA media type (``text/csv``) as the IANA register URI DCAT-AP.de requires."""
    text = str(value or "").strip()
    if not text:
        return None
    if text.startswith(("http://", "https://")):
        path = text.split("/assignments/media-types/", 1)
        return IANA_MEDIA_TYPES + path[1] if len(path) == 2 and path[1] else None
    media_type = text.split(";", 1)[0].strip().lower()
    if media_type.count("/") != 1 or " " in media_type:
        return None
    return IANA_MEDIA_TYPES + media_type


_TRUNK_ZERO = re.compile(r"\(0\)")
_SEPARATORS = re.compile(r"[\s/().-]+")


def tel_uri(value: Any, country_code: str = "49") -> str | None:
    """A phone number (``03641 49-0``, ``+49 3641 49-0``, ``0049 …``) as global ``tel:`` URI
    (RFC 3966: ``tel:+49-3641-49-0``); ``None`` for a number without area code or country code."""
    text = _TRUNK_ZERO.sub(" ", str(value or "").strip())
    if text.startswith("tel:"):
        text = text[4:]
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("0"):
        text = f"+{country_code} {text[1:]}"
    if not text.startswith("+"):
        return None
    parts = [part for part in _SEPARATORS.split(text[1:]) if part]
    if not parts or not all(part.isdigit() for part in parts) or sum(map(len, parts)) < 6:
        return None
    return "tel:+" + "-".join(parts)


def media_type_of(uri: Any) -> str | None:
    """The media type (``text/csv``) named by an IANA register URI or given as plain text."""
    text = str(uri or "").strip()
    if "/assignments/media-types/" in text:
        return text.split("/assignments/media-types/", 1)[1] or None
    if text and not text.startswith(("http://", "https://")) and text.count("/") == 1:
        return text
    return None


def _coordinates(node: Any) -> Iterator[tuple[float, float]]:
    if isinstance(node, list | tuple) and len(node) >= 2 and all(isinstance(c, int | float) for c in node[:2]):
        yield float(node[0]), float(node[1])
    elif isinstance(node, list | tuple):
        for child in node:
            yield from _coordinates(child)


def bbox_of(geometry: Any) -> tuple[float, float, float, float] | None:
    """``(min_x, min_y, max_x, max_y)`` of a GeoJSON geometry (dict or JSON text); ``None`` if none."""
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError:
            return None
    if not isinstance(geometry, Mapping):
        return None
    if geometry.get("type") == "GeometryCollection":
        nodes: list[Any] = [g.get("coordinates") for g in geometry.get("geometries") or [] if isinstance(g, Mapping)]
    elif geometry.get("type") == "Feature":
        return bbox_of(geometry.get("geometry"))
    else:
        nodes = [geometry.get("coordinates")]
    points = list(_coordinates(nodes))
    if not points:
        return None
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _number(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".")


def wkt_polygon(bbox: tuple[float, float, float, float]) -> str:
    """The bounding box as WKT polygon (counter-clockwise, closed)."""
    min_x, min_y, max_x, max_y = (_number(v) for v in bbox)
    ring = [(min_x, min_y), (max_x, min_y), (max_x, max_y), (min_x, max_y), (min_x, min_y)]
    return "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"


def wkt_point(bbox: tuple[float, float, float, float]) -> str:
    """The centre of the bounding box as WKT point."""
    min_x, min_y, max_x, max_y = bbox
    return f"POINT({_number((min_x + max_x) / 2)} {_number((min_y + max_y) / 2)})"

"""OGC map services behind a resource: which service it is, its capabilities, WFS features as GeoJSON.

A resource is a WMS, WMTS or WFS by its format (also GovData's ``WMS_SRVC`` etc.) or by its
address (``SERVICE=WMS`` in the query, a path ending in ``/wms``, ``WMTSCapabilities.xml``).
The portal reads the capabilities and the WFS features through the preview's safe fetch;
WMS and WMTS tiles are loaded by the browser straight from the service.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ckanext.jena.spatial import features
from ckanext.jena.spatial.fetch import PreviewError, fetch, fetch_xml
from ckanext.jena.spatial.ows_capabilities import Capabilities, Layer, parse_capabilities

__all__ = [
    "SERVICES",
    "as_result",
    "capabilities_url",
    "choose_layer",
    "getfeature_url",
    "read_capabilities",
    "requested_layer",
    "service_endpoint",
    "service_of",
    "wfs_features",
]

SERVICES = ("WMS", "WMTS", "WFS")
SERVICE_FORMATS = {
    "WMS": {"wms", "wms_srvc", "ogc:wms", "application/vnd.ogc.wms_xml"},
    "WMTS": {"wmts", "wmts_srvc", "ogc:wmts"},
    "WFS": {"wfs", "wfs_srvc", "ogc:wfs"},
}
LAYER_PARAMS = ("layers", "layer", "typenames", "typename")
# Request parameters of a service URL that belong to one request, not to the service.
REQUEST_PARAMS = {
    "service", "request", "version", "styles", "bbox", "width", "height", "format", "crs", "srs",
    "outputformat", "count", "maxfeatures", "transparent", "srsname", *LAYER_PARAMS,
}  # fmt: skip


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def service_of(resource: dict[str, Any]) -> str | None:
    """``WMS``, ``WMTS``, ``WFS`` or None, from the resource's format, media type or address."""
    named = {str(resource.get(key) or "").strip().lower() for key in ("format", "mimetype")}
    for service, formats in SERVICE_FORMATS.items():
        if named & formats:
            return service
    url = str(resource.get("url") or "")
    asked = next((value.upper() for key, value in _query(url) if key.lower() == "service"), "")
    if asked in SERVICES:
        return asked
    path = urlsplit(url).path.lower().rstrip("/")
    if path.endswith("/wmts") or path.endswith("wmtscapabilities.xml"):
        return "WMTS"
    if path.endswith("/wms"):
        return "WMS"
    if path.endswith("/wfs"):
        return "WFS"
    return None


def capabilities_url(url: str, service: str) -> str:
    """The GetCapabilities request of the service at ``url`` (a REST capabilities .xml stays as it is)."""
    parts = urlsplit(url)
    if parts.path.lower().endswith(".xml") and not parts.query:
        return url
    query = [(key, value) for key, value in _query(url) if key.lower() not in REQUEST_PARAMS]
    query += [("SERVICE", service), ("REQUEST", "GetCapabilities")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def requested_layer(url: str) -> str:
    """The layer (or feature type) named in the resource's address, '' when none."""
    for key, value in _query(url):
        if key.lower() in LAYER_PARAMS and value.strip():
            return value.split(",")[0].strip()
    return ""


def checked_address(url: str) -> str:
    """``url`` itself; ``PreviewError`` when it cannot be parsed (stored before the URL check or harvested)."""
    try:
        urlsplit(url).port  # noqa: B018 - reading the port validates it
    except ValueError as error:
        raise PreviewError(f"„{url}“ ist keine gültige Adresse ({error}).") from None
    return url


def read_capabilities(url: str, service: str, max_bytes: int) -> Capabilities:
    return parse_capabilities(fetch_xml(capabilities_url(checked_address(url), service), max_bytes))


def choose_layer(capabilities: Capabilities, name: str) -> Layer:
    """The layer ``name``; ``PreviewError`` naming what the service offers when it has no such layer."""
    layer = capabilities.layer(name)
    if layer is not None:
        return layer
    noun = "den Objekttyp" if capabilities.service == "WFS" else "die Ebene"
    offered = ", ".join(layer.name for layer in capabilities.layers[:10])
    more = " …" if len(capabilities.layers) > 10 else ""
    raise PreviewError(f"Der Dienst bietet {noun} „{name}“ nicht an. Angeboten werden: {offered}{more}.", 404)


def geojson_format(capabilities: Capabilities) -> str:
    found = capabilities.geojson_format()
    if not found:
        offered = ", ".join(capabilities.output_formats[:6]) or "keine Angabe"
        raise PreviewError(
            "Der WFS-Dienst liefert keine Objekte als GeoJSON (outputFormat application/json); die "
            f"Kartenvorschau kann ihn nicht anzeigen. Angebotene Formate: {offered}."
        )
    return found


def getfeature_url(capabilities: Capabilities, service_url: str, type_name: str, output_format: str, count: int) -> str:
    """GetFeature of ``count`` features of ``type_name`` as GeoJSON in WGS 84."""
    endpoint = capabilities.endpoint or service_endpoint(service_url)
    parts = urlsplit(endpoint)
    version = capabilities.version or "2.0.0"
    modern = version.startswith("2")
    query = [(key, value) for key, value in _query(endpoint) if key.lower() not in REQUEST_PARAMS]
    query += [
        ("SERVICE", "WFS"),
        ("VERSION", version),
        ("REQUEST", "GetFeature"),
        ("TYPENAMES" if modern else "TYPENAME", type_name),
        ("COUNT" if modern else "MAXFEATURES", str(count)),
        ("OUTPUTFORMAT", output_format),
        ("SRSNAME", "EPSG:4326"),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _service_exception(body: bytes) -> None:
    """A WFS that answers GetFeature with an exception report (often with HTTP 200)."""
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return
    try:
        parse_capabilities(body)
    except PreviewError as error:
        if error.message.startswith("Der Dienst meldet einen Fehler"):
            raise
    raise PreviewError(
        "Der WFS-Dienst hat statt GeoJSON ein XML-Dokument geliefert; die Vorschau kann es nicht zeigen."
    )


def wfs_features(
    capabilities: Capabilities, service_url: str, type_name: str, max_bytes: int, max_features: int
) -> dict[str, Any]:
    """At most ``max_features`` features of ``type_name``; ``limited`` says whether the service had more."""
    choose_layer(capabilities, type_name)
    url = getfeature_url(capabilities, service_url, type_name, geojson_format(capabilities), max_features + 1)
    body = fetch(url, max_bytes, accept="application/geo+json, application/json;q=0.9, */*;q=0.1")
    _service_exception(body)
    collection = features.geojson_features(body, max_features + 1)
    limited = len(collection["features"]) > max_features
    collection["features"] = collection["features"][:max_features]
    collection["limited"] = limited
    return collection


def service_endpoint(url: str) -> str:
    """The service address of ``url`` without the parameters of one request."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in _query(url) if key.lower() not in REQUEST_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def as_result(capabilities: Capabilities, service_url: str, selected: str) -> dict[str, Any]:
    """The JSON the preview's layer chooser gets."""
    return {
        "service": capabilities.service,
        "version": capabilities.version,
        "title": capabilities.title,
        "endpoint": capabilities.endpoint or service_endpoint(service_url),
        "layers": [layer.as_dict() for layer in capabilities.layers],
        "selected": selected,
    }

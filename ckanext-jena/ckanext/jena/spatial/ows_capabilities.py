"""Read WMS, WMTS and WFS GetCapabilities documents into what the map preview needs.

Namespace-agnostic (local names), so WMS 1.1.1/1.3.0, WMTS 1.0.0 and WFS 1.0/1.1/2.0 all work.
Everything that makes a preview impossible becomes a :class:`PreviewError` with a German
message: not XML, a ServiceException/ExceptionReport, no layers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ckanext.jena.spatial.fetch import PreviewError

__all__ = ["Capabilities", "Layer", "parse_capabilities"]

Box = tuple[float, float, float, float]
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Scale denominator of zoom level 0 in EPSG:3857 (256 px tiles, 0.28 mm pixels).
WEB_MERCATOR_Z0 = 559082264.0287178
WEB_MERCATOR_CRS = re.compile(r"(EPSG(::?|/0/)(3857|900913|3785|102100))$|GoogleMapsCompatible$", re.IGNORECASE)
GEOJSON_FORMATS = ("application/geo+json", "application/json", "application/vnd.geo+json", "geojson", "json")


@dataclass(frozen=True)
class Layer:
    """One choosable layer (WMS layer, WMTS layer, WFS feature type)."""

    name: str
    title: str
    bbox: Box | None = None
    problem: str = ""  # German reason the map cannot show this layer ('' when it can)
    tiles: dict[str, Any] | None = None  # WMTS: template and tile matrix identifiers per zoom

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "bbox": self.bbox, "problem": self.problem, "tiles": self.tiles}


@dataclass(frozen=True)
class Capabilities:
    service: str  # WMS, WMTS, WFS
    version: str
    title: str
    endpoint: str  # GetMap (WMS) or GetFeature (WFS) address; '' for WMTS
    layers: tuple[Layer, ...]
    output_formats: tuple[str, ...] = field(default=())

    def layer(self, name: str) -> Layer | None:
        return next((layer for layer in self.layers if layer.name == name), None)

    def geojson_format(self) -> str | None:
        """The WFS output format that gives GeoJSON, if the service offers one."""
        for wanted in GEOJSON_FORMATS:
            for offered in self.output_formats:
                if offered.strip().lower().split(";")[0].strip() == wanted:
                    return offered
        return next((offered for offered in self.output_formats if "json" in offered.lower()), None)


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child) == name]


def _child(element: Any, name: str) -> Any:
    return next(iter(_children(element, name)), None)


def _text(element: Any, *path: str) -> str:
    for name in path:
        element = _child(element, name) if element is not None else None
    return (element.text or "").strip() if element is not None else ""


def _descendants(element: Any, name: str) -> list[Any]:
    return [node for node in element.iter() if _local(node) == name]


def _box(values: list[str]) -> Box | None:
    try:
        minx, miny, maxx, maxy = (float(value) for value in values)
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)) or minx > maxx or miny > maxy:
        return None
    return (minx, miny, maxx, maxy)


def _ows_box(element: Any) -> Box | None:
    """``ows:WGS84BoundingBox`` (lon lat corners) of a WMTS layer or WFS 1.1/2.0 feature type."""
    box = _child(element, "WGS84BoundingBox")
    if box is None:
        return None
    return _box(_text(box, "LowerCorner").split() + _text(box, "UpperCorner").split())


def _exception_text(root: Any) -> str:
    nodes = [node for node in root.iter() if _local(node) in ("ServiceException", "ExceptionText")]
    texts = [" ".join((node.text or "").split()) for node in nodes]
    return "; ".join(text for text in texts if text)[:300]


def _parse_xml(body: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise PreviewError(
            "Der Dienst hat keine lesbare Capabilities-Antwort geliefert (kein gültiges XML). "
            "Bitte prüfen Sie die Adresse des Dienstes."
        ) from error
    if root is None:
        raise PreviewError("Der Dienst hat eine leere Antwort geliefert.")
    return root


# WMS -----------------------------------------------------------------------------------------


def _wms_box(layer: Any) -> Box | None:
    box = _child(layer, "EX_GeographicBoundingBox")
    if box is not None:
        names = ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")
        return _box([_text(box, name) for name in names])
    box = _child(layer, "LatLonBoundingBox")
    if box is not None:
        return _box([box.get(name, "") for name in ("minx", "miny", "maxx", "maxy")])
    return None


def _wms_layers(element: Any, crs: set[str], box: Box | None, found: list[Layer]) -> None:
    """Named layers of the (nested) layer tree; CRS and bounding box are inherited."""
    crs = crs | {(node.text or "").strip() for node in element if _local(node) in ("CRS", "SRS")}
    box = _wms_box(element) or box
    name = _text(element, "Name")
    if name:
        web_mercator = any(WEB_MERCATOR_CRS.search(code) for entry in crs for code in entry.split())
        problem = (
            ""
            if web_mercator
            else "Der Dienst bietet diese Ebene nicht in Web-Mercator (EPSG:3857) an; "
            "die Kartenvorschau kann sie nicht anzeigen."
        )
        found.append(Layer(name, _text(element, "Title") or name, box, problem))
    for child in _children(element, "Layer"):
        _wms_layers(child, crs, box, found)


def _wms(root: Any) -> Capabilities:
    capability = _child(root, "Capability")
    layers: list[Layer] = []
    endpoint = ""
    if capability is not None:
        for top in _children(capability, "Layer"):
            _wms_layers(top, set(), None, layers)
        get_map = _child(_child(capability, "Request"), "GetMap") if _child(capability, "Request") is not None else None
        for resource in _descendants(get_map, "OnlineResource") if get_map is not None else []:
            if _local(resource.getparent()) == "Get":
                href = resource.get(XLINK_HREF, "")
                endpoint = href if href.lower().startswith(("http://", "https://")) else ""
                break
    return Capabilities("WMS", root.get("version", ""), _text(root, "Service", "Title"), endpoint, tuple(layers))


# WMTS ----------------------------------------------------------------------------------------


def _matrix_set(element: Any) -> dict[str, Any] | None:
    """Zoom level → tile matrix identifier for a Web-Mercator set, or None if it is not one."""
    crs = _text(element, "SupportedCRS")
    scale_set = _text(element, "WellKnownScaleSet")
    if not (WEB_MERCATOR_CRS.search(crs) or WEB_MERCATOR_CRS.search(scale_set)):
        return None
    matrices: dict[int, str] = {}
    for matrix in _children(element, "TileMatrix"):
        try:
            scale = float(_text(matrix, "ScaleDenominator"))
        except ValueError:
            continue
        zoom = math.log2(WEB_MERCATOR_Z0 / scale) if scale > 0 else -1
        if zoom >= -0.01 and abs(zoom - round(zoom)) < 0.01:
            matrices[round(zoom)] = _text(matrix, "Identifier")
    return {"matrices": {str(z): ident for z, ident in sorted(matrices.items())}} if matrices else None


def _kvp_template(root: Any) -> str:
    """The GetTile KVP address from OperationsMetadata, as a template like a REST ResourceURL."""
    for operation in _descendants(root, "Operation"):
        if operation.get("name") != "GetTile":
            continue
        for get in _descendants(operation, "Get"):
            encodings = [(value.text or "").strip() for value in _descendants(get, "Value")]
            if encodings and "KVP" not in encodings:
                continue
            href = get.get(XLINK_HREF, "")
            if href:
                separator = "" if href.endswith(("?", "&")) else ("&" if "?" in href else "?")
                return (
                    f"{href}{separator}SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={{Layer}}&STYLE={{Style}}"
                    "&TILEMATRIXSET={TileMatrixSet}&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}"
                    "&FORMAT={Format}"
                )
    return ""


def _wmts_layer(layer: Any, sets: dict[str, dict[str, Any]], kvp: str) -> Layer:
    name = _text(layer, "Identifier")
    title = _text(layer, "Title") or name
    box = _ows_box(layer)
    usable = [_text(link, "TileMatrixSet") for link in _children(layer, "TileMatrixSetLink")]
    usable = [ident for ident in usable if ident in sets]
    if not usable:
        return Layer(
            name,
            title,
            box,
            "Diese Ebene hat keine Kachelmatrix in Web-Mercator (EPSG:3857 / GoogleMapsCompatible); "
            "die Kartenvorschau kann sie nicht anzeigen.",
        )
    styles = _children(layer, "Style")
    default = next((s for s in styles if s.get("isDefault") == "true"), styles[0] if styles else None)
    style = _text(default, "Identifier") if default is not None else "default"
    rest = [res for res in _children(layer, "ResourceURL") if res.get("resourceType") == "tile" and res.get("template")]
    formats = [(node.text or "").strip() for node in _children(layer, "Format")]
    image = next((f for f in formats if f in ("image/png", "image/jpeg")), formats[0] if formats else "image/png")
    template = rest[0].get("template", "") if rest else kvp
    if not template.lower().startswith(("http://", "https://")):
        # The browser loads these addresses: only web addresses, never javascript: or data: URLs.
        return Layer(name, title, box, "Der Dienst nennt keine Web-Adresse für Kacheln (weder REST noch KVP).")
    for dimension in _children(layer, "Dimension"):
        template = template.replace("{" + _text(dimension, "Identifier") + "}", _text(dimension, "Default"))
    matrix_set = usable[0]
    template = (
        template.replace("{Layer}", name)
        .replace("{Style}", style or "default")
        .replace("{style}", style or "default")
        .replace("{TileMatrixSet}", matrix_set)
        .replace("{Format}", image)
    )
    return Layer(name, title, box, "", {"template": template, **sets[matrix_set]})


def _wmts(root: Any) -> Capabilities:
    contents = _child(root, "Contents")
    if contents is None:
        return Capabilities("WMTS", root.get("version", ""), _text(root, "ServiceIdentification", "Title"), "", ())
    sets: dict[str, dict[str, Any]] = {}
    for element in _children(contents, "TileMatrixSet"):
        parsed = _matrix_set(element)
        if parsed:
            sets[_text(element, "Identifier")] = parsed
    kvp = _kvp_template(root)
    layers = tuple(_wmts_layer(layer, sets, kvp) for layer in _children(contents, "Layer"))
    return Capabilities("WMTS", root.get("version", ""), _text(root, "ServiceIdentification", "Title"), "", layers)


# WFS -----------------------------------------------------------------------------------------


def _wfs_output_formats(root: Any) -> list[str]:
    formats: list[str] = []
    for operation in _descendants(root, "Operation"):
        if operation.get("name") != "GetFeature":
            continue
        for parameter in _children(operation, "Parameter"):
            if parameter.get("name", "").lower() == "outputformat":
                formats += [(value.text or "").strip() for value in _descendants(parameter, "Value")]
    for result_format in _descendants(root, "ResultFormat"):  # WFS 1.0.0
        formats += [_local(node) for node in result_format if _local(node)]
    return formats


def _wfs_endpoint(root: Any) -> str:
    for operation in _descendants(root, "Operation"):
        if operation.get("name") == "GetFeature":
            for get in _descendants(operation, "Get"):
                if get.get(XLINK_HREF):
                    return str(get.get(XLINK_HREF))
    for get_feature in _descendants(root, "GetFeature"):  # WFS 1.0.0
        for get in _descendants(get_feature, "Get"):
            if get.get("onlineResource"):
                return str(get.get("onlineResource"))
    return ""


def _wfs(root: Any) -> Capabilities:
    formats = _wfs_output_formats(root)
    layers: list[Layer] = []
    for feature_type in _descendants(root, "FeatureType"):
        name = _text(feature_type, "Name")
        if not name:
            continue
        formats += [(node.text or "").strip() for node in _descendants(feature_type, "Format")]
        box = _ows_box(feature_type)
        if box is None:
            legacy = _child(feature_type, "LatLongBoundingBox")
            box = _box([legacy.get(n, "") for n in ("minx", "miny", "maxx", "maxy")]) if legacy is not None else None
        layers.append(Layer(name, _text(feature_type, "Title") or name, box))
    title = _text(root, "ServiceIdentification", "Title") or _text(root, "Service", "Title")
    unique = tuple(dict.fromkeys(f for f in formats if f))
    return Capabilities("WFS", root.get("version", ""), title, _wfs_endpoint(root), tuple(layers), unique)


ROOTS = {
    "WMS_Capabilities": _wms,
    "WMT_MS_Capabilities": _wms,
    "WFS_Capabilities": _wfs,
}


def parse_capabilities(body: bytes) -> Capabilities:
    """The capabilities of a WMS, WMTS or WFS, with at least one layer; ``PreviewError`` otherwise."""
    root = _parse_xml(body)
    kind = _local(root)
    if kind in ("ServiceExceptionReport", "ExceptionReport"):
        detail = _exception_text(root)
        raise PreviewError(f"Der Dienst meldet einen Fehler: {detail or 'ohne Begründung'}.", 502)
    if kind in ROOTS:
        capabilities = ROOTS[kind](root)
    elif kind == "Capabilities" and "wmts" in (etree.QName(root).namespace or "").lower():
        capabilities = _wmts(root)
    else:
        raise PreviewError(
            f"Die Antwort des Dienstes ist kein WMS-, WMTS- oder WFS-Capabilities-Dokument (Wurzelelement „{kind}“)."
        )
    if not capabilities.layers:
        noun = "Objekttypen" if capabilities.service == "WFS" else "Ebenen"
        raise PreviewError(
            f"Der {capabilities.service}-Dienst bietet keine {noun} an; die Karte hätte nichts zu zeigen."
        )
    return capabilities

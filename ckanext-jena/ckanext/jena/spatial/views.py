"""Preview data endpoints: the portal reads the resource file (or the map service's capabilities and
WFS features) and hands the map a checked FeatureCollection, a layer list or a German message."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, jsonify

from ckanext.jena import config
from ckanext.jena.spatial import features, ows
from ckanext.jena.spatial.fetch import PreviewError, fetch_resource
from ckanext.jena.spatial.ows_capabilities import Capabilities

__all__ = ["blueprint", "ows_capabilities_url", "ows_features_url", "preview_data_url"]

blueprint = Blueprint("jena_spatial", __name__)

KINDS = {"geojson": features.geojson_features, "csv": features.csv_points}


def preview_data_url(resource_id: str, kind: str) -> str:
    return tk.url_for("jena_spatial.preview_data", resource_id=resource_id, kind=kind)


def ows_capabilities_url(resource_id: str, kind: str) -> str:
    return tk.url_for("jena_spatial.ows_capabilities", resource_id=resource_id, kind=kind)


def ows_features_url(resource_id: str) -> str:
    return tk.url_for("jena_spatial.ows_features", resource_id=resource_id)


def _declared_size(resource: dict[str, Any]) -> int | None:
    size = resource.get("size")
    try:
        return int(size) if size not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _error(message: str, status: int) -> tuple[Response, int]:
    return jsonify({"success": False, "error": message}), status


def _resource(resource_id: str) -> dict[str, Any]:
    try:
        return tk.get_action("resource_show")({}, {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # a resource of an unreleased dataset answers like a missing one (resource_show does too)
        raise PreviewError("Die Ressource gibt es nicht (mehr).", 404) from None


@blueprint.route("/jena-spatial/preview/<resource_id>/<kind>.json")
def preview_data(resource_id: str, kind: str) -> tuple[Response, int]:
    if kind not in KINDS:
        return _error("Unbekannte Vorschauart.", 404)
    try:
        resource = _resource(resource_id)
        body = fetch_resource(resource, config.spatial_preview_max_bytes(), _declared_size(resource))
        collection = KINDS[kind](body, config.spatial_preview_max_features())
    except PreviewError as error:
        return _error(error.message, error.status)
    return jsonify({"success": True, "result": collection}), 200


# What each map-service view accepts, and the service to ask for when the resource does not say.
OWS_KINDS = {"wms": (("WMS", "WMTS"), "WMS"), "wfs": (("WFS",), "WFS")}


def _ows_capabilities(resource: dict[str, Any], kind: str) -> Capabilities:
    accepted, default = OWS_KINDS[kind]
    url = resource.get("url") or ""
    capabilities = ows.read_capabilities(url, ows.service_of(resource) or default, config.spatial_preview_max_bytes())
    if capabilities.service not in accepted:
        raise PreviewError(
            f"Der Dienst ist ein {capabilities.service}, kein {' oder '.join(accepted)}; "
            "bitte wählen Sie die passende Ansicht."
        )
    return capabilities


@blueprint.route("/jena-spatial/ows/<resource_id>/<kind>/capabilities.json")
def ows_capabilities(resource_id: str, kind: str) -> tuple[Response, int]:
    """Layers of the WMS/WMTS (``kind`` wms) or feature types of the WFS (``kind`` wfs) behind a resource."""
    if kind not in OWS_KINDS:
        return _error("Unbekannte Vorschauart.", 404)
    try:
        resource = _resource(resource_id)
        capabilities = _ows_capabilities(resource, kind)
        if capabilities.service == "WFS":
            ows.geojson_format(capabilities)
        named = ows.requested_layer(resource.get("url") or "")
        selected = ows.choose_layer(capabilities, named).name if named else ""
    except PreviewError as error:
        return _error(error.message, error.status)
    return jsonify({"success": True, "result": ows.as_result(capabilities, resource.get("url") or "", selected)}), 200


@blueprint.route("/jena-spatial/ows/<resource_id>/wfs/features.json")
def ows_features(resource_id: str) -> tuple[Response, int]:
    """Features of one WFS feature type (``?layer=``) as a checked FeatureCollection."""
    layer = tk.request.args.get("layer", "").strip()
    if not layer:
        return _error("Bitte wählen Sie einen Objekttyp.", 400)
    try:
        resource = _resource(resource_id)
        capabilities = _ows_capabilities(resource, "wfs")
        collection = ows.wfs_features(
            capabilities,
            resource.get("url") or "",
            layer,
            config.spatial_preview_max_bytes(),
            config.spatial_preview_max_features(),
        )
    except PreviewError as error:
        return _error(error.message, error.status)
    return jsonify({"success": True, "result": collection}), 200

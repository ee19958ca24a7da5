"""Preview data endpoint: the portal reads the resource file and hands the map a checked FeatureCollection."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, jsonify

from ckanext.jena import config
from ckanext.jena.spatial import features
from ckanext.jena.spatial.fetch import PreviewError, fetch

__all__ = ["blueprint", "preview_data_url"]

blueprint = Blueprint("jena_spatial", __name__)

KINDS = {"geojson": features.geojson_features, "csv": features.csv_points}


def preview_data_url(resource_id: str, kind: str) -> str:
    return tk.url_for("jena_spatial.preview_data", resource_id=resource_id, kind=kind)


def _declared_size(resource: dict[str, Any]) -> int | None:
    size = resource.get("size")
    try:
        return int(size) if size not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _error(message: str, status: int) -> tuple[Response, int]:
    return jsonify({"success": False, "error": message}), status


@blueprint.route("/jena-spatial/preview/<resource_id>/<kind>.json")
def preview_data(resource_id: str, kind: str) -> tuple[Response, int]:
    if kind not in KINDS:
        return _error("Unbekannte Vorschauart.", 404)
    try:
        resource = tk.get_action("resource_show")({}, {"id": resource_id})
    except tk.ObjectNotFound:
        return _error("Die Ressource gibt es nicht (mehr).", 404)
    except tk.NotAuthorized:
        return _error("Sie dürfen diese Ressource nicht sehen.", 403)
    try:
        body = fetch(resource.get("url") or "", config.spatial_preview_max_bytes(), _declared_size(resource))
        collection = KINDS[kind](body, config.spatial_preview_max_features())
    except PreviewError as error:
        return _error(error.message, error.status)
    return jsonify({"success": True, "result": collection}), 200

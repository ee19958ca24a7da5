"""Action ``jena_gazetteer_search``: find Jena's districts by name or in free text."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import types

from ckanext.jena.spatial import gazetteer

__all__ = ["get_actions", "get_auth_functions"]


@tk.side_effect_free
def jena_gazetteer_search(context: types.Context, data_dict: types.DataDict) -> list[dict[str, Any]]:
    """Districts (Ortsteile) named in ``q`` ("was gibt es für Lobeda?"); all 30 without ``q``.

    Each with code, German and English label, URI, approximate centroid, bbox, the bbox as
    ``ext_bbox`` parameter and as GeoJSON polygon.
    """
    tk.check_access("jena_gazetteer_search", context, data_dict)
    q = data_dict.get("q")
    if q is not None and not isinstance(q, str):
        raise tk.ValidationError({"q": ["Bitte geben Sie einen Suchtext an."]})
    found = gazetteer.recognise(q) if q else list(gazetteer.districts())
    return [district.as_dict() for district in found]


@tk.auth_allow_anonymous_access
def jena_gazetteer_search_auth(context: types.Context, data_dict: types.DataDict) -> types.AuthResult:
    return {"success": True}


def get_actions() -> dict[str, Any]:
    return {"jena_gazetteer_search": jena_gazetteer_search}


def get_auth_functions() -> dict[str, Any]:
    return {"jena_gazetteer_search": jena_gazetteer_search_auth}

"""What several pages need when they call actions: the messages of a refused input, and a
resource looked up under its dataset as the current user may see it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena.current_user import action_context

__all__ = ["package_and_resource", "validation_messages"]


def validation_messages(error: tk.ValidationError, ignore: Collection[str] = ()) -> list[str]:
    """The texts of a ``ValidationError`` (keys in ``ignore`` left out); a general one if none."""
    messages: list[str] = []
    for key, value in (error.error_dict or {}).items():
        if key in ignore:
            continue
        items = value if isinstance(value, list) else [value]
        messages.extend(str(item) for item in items if isinstance(item, str))
    return messages or [tk._("Die Eingabe ist ungültig.")]


def package_and_resource(id: str, resource_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``package_show`` and ``resource_show`` as the current user; 404 when either is not visible
    or the resource belongs to another dataset."""
    context = action_context()
    try:
        pkg = tk.get_action("package_show")(dict(context), {"id": id})
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Ressource nicht gefunden."))
    if resource.get("package_id") != pkg["id"]:
        return tk.abort(404, tk._("Ressource nicht gefunden."))
    return pkg, resource

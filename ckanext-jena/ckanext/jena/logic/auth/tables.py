"""Auth of the tables: the data dictionary is edited by whoever may edit the dataset."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

__all__ = ["jena_data_dictionary_update"]


def jena_data_dictionary_update(context: Context, data_dict: DataDict) -> AuthResult:
    resource_id = data_dict.get("resource_id")
    resource = model.Resource.get(resource_id) if isinstance(resource_id, str) and resource_id else None
    if resource is not None:
        try:
            tk.check_access("package_update", dict(context), {"id": resource.package_id})  # type: ignore[arg-type]
            return {"success": True}
        except tk.NotAuthorized:
            pass
    return {"success": False, "msg": tk._("Nur der Fachbereich des Datensatzes bearbeitet sein Datenwörterbuch.")}

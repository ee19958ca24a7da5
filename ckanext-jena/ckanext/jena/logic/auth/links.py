"""Auth of the link checker's results: the department (whoever may edit the dataset)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["jena_link_status_show"]


def jena_link_status_show(context: Context, data_dict: DataDict) -> AuthResult:
    from ckanext.jena.release import roles

    user = roles.user_from_context(context)
    package_id = data_dict.get("id")
    if isinstance(package_id, str) and roles.can_edit(user, package_id):
        return {"success": True}
    return {"success": False, "msg": tk._("Nur wer den Datensatz bearbeiten darf, sieht den Zustand seiner Links.")}

"""Finding the dataset and the acting user of a workflow or checklist call (actions and auth)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.jena.release import roles, visibility

__all__ = ["managed_package", "managed_package_or_404", "signed_in_actor"]


def managed_package(data_dict: dict[str, Any]) -> model.Package | None:
    """The not deleted dataset under the release workflow named by ``data_dict["id"]`` (id or name)."""
    reference = data_dict.get("id")
    package = model.Package.get(reference) if isinstance(reference, str) and reference else None
    if package is None or package.state == "deleted" or not visibility.is_managed(package):
        return None
    return package


def managed_package_or_404(data_dict: dict[str, Any]) -> model.Package:
    package = managed_package(data_dict)
    if package is None:
        raise tk.ObjectNotFound(tk._("Datensatz nicht gefunden."))
    return package


def signed_in_actor(context: Context) -> model.User:
    user = roles.user_from_context(context)
    if user is None:
        raise tk.NotAuthorized(tk._("Bitte melden Sie sich an."))
    return user

"""CKAN's resource view actions, chained for datasets under the release workflow.

Resource views are public content of a released dataset (a title, a description, for
some types a URL shown in an iframe). While a dataset is in a department's hands (draft,
changes requested, withdrawn) its views change freely and count as changes for the
four-eyes rule. Once it is submitted, approved or public, the reviewed views stay as they
are: the portal itself may still add its standard view of a resource (the default views it
creates for new resources), nobody else changes, reorders or deletes a view. A call by
the portal's own code (``ignore_auth``) is not restricted.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import datapreview
from ckan.types import Action, Context, DataDict

from ckanext.jena.release import roles, states, store, visibility

__all__ = [
    "resource_view_clear",
    "resource_view_create",
    "resource_view_delete",
    "resource_view_reorder",
    "resource_view_update",
]

# Views change freely (and count for the four-eyes rule) only in these states.
EDITABLE_STATES = frozenset({states.DRAFT, states.CHANGES_REQUESTED, states.WITHDRAWN})
# What the portal's own default views consist of.
_STANDARD_KEYS = frozenset({"resource_id", "view_type", "title", "description"})


def _package_of_resource(resource_id: Any) -> model.Package | None:
    resource = model.Resource.get(resource_id) if isinstance(resource_id, str) and resource_id else None
    if resource is None:
        return None
    package = model.Package.get(resource.package_id)
    return package if package is not None and visibility.is_managed(package) else None


def _package_of_view(view_id: Any) -> model.Package | None:
    view = model.ResourceView.get(view_id) if isinstance(view_id, str) and view_id else None
    return _package_of_resource(view.resource_id) if view is not None else None


def _frozen(package: model.Package) -> bool:
    """Are the views of this dataset part of a submitted, approved or public version?"""
    return (store.state_of(package.id) or states.DRAFT) not in EDITABLE_STATES


def _standard_view(data_dict: DataDict, resource_id: str) -> DataDict | None:
    """The view as the portal creates it for the resource (its type, the default title, no
    description, no URL or other settings of its own), or None if ``data_dict`` is another."""
    plugin = datapreview.get_view_plugin(data_dict.get("view_type"))
    if plugin is None:
        return None
    info = plugin.info()
    default_title = info.get("default_title") or info.get("title")
    given = {key for key, value in data_dict.items() if value not in (None, "")}
    if given - _STANDARD_KEYS or data_dict.get("description"):
        return None
    if data_dict.get("title") and data_dict["title"] != default_title:
        return None
    resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    package = tk.get_action("package_show")({"ignore_auth": True}, {"id": resource["package_id"]})
    if not plugin.can_view({"resource": resource, "package": package}):
        return None
    return {"resource_id": resource_id, "view_type": info["name"], "title": default_title, "description": ""}


def _record_change(context: Context, package: model.Package) -> None:
    """Four-eyes: a view change is a change of the version the reviewer will approve."""
    user = roles.user_from_context(context)
    if user is not None:
        store.add_contributor(store.get_or_create(package, lock=True), user.id)


def _unrestricted(context: Context) -> bool:
    return bool(context.get("ignore_auth") or context.get("preview"))


def _guard(context: Context, package: model.Package, new_view: DataDict | None = None) -> None:
    """Refuse a change of a frozen dataset's views (a new standard view excepted: ``new_view``
    becomes exactly what the portal creates); remember a change of an editable one for the
    four-eyes rule. Auth first: outsiders get CKAN's answer."""
    tk.check_access("package_update", context, {"id": package.id})
    if not _frozen(package):
        _record_change(context, package)
        return
    if new_view is None:
        raise tk.NotAuthorized(
            tk._(
                "Die Ansichten eines eingereichten, freigegebenen oder veröffentlichten Datensatzes "
                "gehören zur geprüften Fassung und können nicht geändert, umsortiert oder gelöscht werden."
            )
        )
    standard = _standard_view(new_view, new_view["resource_id"])
    if standard is None:
        raise tk.NotAuthorized(
            tk._(
                "Einem eingereichten, freigegebenen oder veröffentlichten Datensatz fügt das Portal nur "
                "seine Standardansicht einer Ressource hinzu (mit vorgegebenem Titel, ohne Beschreibung, "
                "URL oder eigene Einstellungen). Andere Ansichten sind nur im Entwurf möglich."
            )
        )
    new_view.clear()
    new_view.update(standard)


@tk.chained_action
def resource_view_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    package = _package_of_resource(data_dict.get("resource_id"))
    if package is not None and not _unrestricted(context):
        _guard(context, package, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def resource_view_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    package = _package_of_view(data_dict.get("id"))
    if package is not None and not _unrestricted(context):
        _guard(context, package)
    return up_func(context, data_dict)


@tk.chained_action
def resource_view_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    package = _package_of_view(data_dict.get("id"))
    if package is not None and not _unrestricted(context):
        _guard(context, package)
    return up_func(context, data_dict)


@tk.chained_action
def resource_view_reorder(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    package = _package_of_resource(data_dict.get("id"))
    if package is not None and not _unrestricted(context):
        _guard(context, package)
    return up_func(context, data_dict)


@tk.chained_action
def resource_view_clear(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Deletes views of every dataset at once (sysadmins): only the portal's own code may."""
    if not context.get("ignore_auth"):
        raise tk.NotAuthorized(tk._("Ansichten werden nur einzeln und nur an Datensätzen im Entwurf gelöscht."))
    return up_func(context, data_dict)

"""CKAN's dataset actions, chained for datasets under the release workflow.

* ``private`` is never taken from the caller: it is derived from the release state
  (``release.visibility``), for everybody, sysadmins included; the bulk
  public/private actions refuse datasets under the workflow.
* An edit of a published dataset (``package_update``/``package_patch``/``package_revise``
  and the resource actions) becomes a pending revision; the package keeps the approved
  version. ``package_show`` returns the pending revision only to the forms and patch
  actions of people who may edit (``for_edit``/``for_update``), so edits build on it.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from ckanext.jena import config
from ckanext.jena.logic.auth.dataset import HARVEST_SOURCE_TYPE
from ckanext.jena.release import revisions, states, store, visibility

__all__ = [
    "bulk_update_private",
    "bulk_update_public",
    "package_create",
    "package_show",
    "package_update",
    "resource_create",
    "resource_delete",
    "resource_show",
    "resource_update",
]


def _managed(package: model.Package | None) -> bool:
    return package is not None and visibility.is_managed(package)


def _in_public_release(package: model.Package) -> bool:
    return states.is_public(store.state_of(package.id))


def _internal(context: Context) -> bool:
    return bool(context.get(revisions.APPLYING_KEY) or context.get(revisions.DRY_RUN_KEY))


def _check_type(data_dict: DataDict) -> None:
    """Every dataset goes through the workflow: a type it does not manage is refused (harvest
    sources, sysadmins only, are no datasets)."""
    dataset_type = data_dict.get("type") or "dataset"
    if dataset_type == HARVEST_SOURCE_TYPE and p.plugin_loaded("harvest"):
        return
    if not isinstance(dataset_type, str) or not visibility.is_managed_type(dataset_type):
        message = tk._("Unbekannter Datensatztyp „{type}“. Erlaubt: {allowed}.").format(
            type=dataset_type, allowed=", ".join(config.release_dataset_types())
        )
        raise tk.ValidationError({"type": [message]})


@tk.chained_action
def package_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """A new dataset is under the workflow and a private draft, whatever the caller asked for."""
    _check_type(data_dict)
    if visibility.is_managed_type(data_dict.get("type")):
        data_dict["private"] = True
    return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    reference = data_dict.get("id") or data_dict.get("name")
    package = model.Package.get(reference) if isinstance(reference, str) else None
    if package is None or not _managed(package):
        return up_func(context, data_dict)
    if not _internal(context) and _in_public_release(package):
        return revisions.save(up_func, context, package, data_dict)
    data_dict["private"] = visibility.derived_private(package)
    return up_func(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def package_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        result = up_func(context, data_dict)
    except tk.NotAuthorized:
        # An unreleased dataset answers like a missing one (CKAN's own NotFound, no id in it).
        raise tk.ObjectNotFound() from None
    if (context.get("for_edit") or context.get("for_update")) and not _internal(context) and isinstance(result, dict):
        package = model.Package.get(result.get("id") or "")
        if _managed(package):
            proposed = revisions.for_edit(result["id"], context)
            if proposed is not None:
                return proposed
    return result


def _published_package(package_id: Any, context: Context) -> model.Package | None:
    """The package if edits of it must become a pending revision, else None."""
    package = model.Package.get(package_id) if isinstance(package_id, str) else None
    if package is None or not _managed(package) or _internal(context) or not _in_public_release(package):
        return None
    return package


def _save_resources(
    context: Context, package: model.Package, base: dict[str, Any], resources: list[dict[str, Any]]
) -> dict[str, Any]:
    update_context: Any = {
        key: value for key, value in context.items() if key not in ("original_package", "package", "resource")
    }
    return tk.get_action("package_update")(update_context, {**base, "resources": resources})


def _resource_index(resources: list[dict[str, Any]], resource_id: str) -> int:
    for index, resource in enumerate(resources):
        if resource.get("id") == resource_id:
            return index
    raise tk.ObjectNotFound(tk._("Ressource nicht gefunden."))


@tk.chained_action
@tk.side_effect_free
def resource_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        raise tk.ObjectNotFound() from None


@tk.chained_action
def resource_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    package = _published_package(data_dict.get("package_id"), context)
    if package is None:
        return up_func(context, data_dict)
    tk.check_access("resource_create", context, data_dict)
    base = revisions.editable_version(package)
    resource = {key: value for key, value in data_dict.items() if key != "package_id"}
    resource.setdefault("url", "")
    proposed = _save_resources(context, package, base, [*base.get("resources", []), resource])
    return proposed["resources"][-1]


@tk.chained_action
def resource_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    existing = model.Resource.get(data_dict.get("id") or "")
    package = _published_package(existing.package_id if existing else None, context)
    if package is None or existing is None:
        return up_func(context, data_dict)
    tk.check_access("resource_update", context, data_dict)
    base = revisions.editable_version(package)
    resources = list(base.get("resources", []))
    index = _resource_index(resources, existing.id)
    resources[index] = {**data_dict, "id": existing.id, "url": data_dict.get("url") or ""}
    proposed = _save_resources(context, package, base, resources)
    return proposed["resources"][_resource_index(proposed["resources"], existing.id)]


@tk.chained_action
def resource_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    existing = model.Resource.get(data_dict.get("id") or "")
    package = _published_package(existing.package_id if existing else None, context)
    if package is None or existing is None:
        return up_func(context, data_dict)
    tk.check_access("resource_delete", context, data_dict)
    base = revisions.editable_version(package)
    resources = list(base.get("resources", []))
    del resources[_resource_index(resources, existing.id)]
    _save_resources(context, package, base, resources)
    return None


def _refuse_managed(data_dict: DataDict) -> None:
    for package_id in data_dict.get("datasets") or []:
        if _managed(model.Package.get(package_id)):
            raise tk.NotAuthorized(
                tk._(
                    "Ob ein Datensatz öffentlich ist, entscheidet der Freigabeprozess "
                    "(Einreichen, Prüfen, Freigeben, Zurückziehen)."
                )
            )


@tk.chained_action
def bulk_update_public(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    _refuse_managed(data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def bulk_update_private(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    _refuse_managed(data_dict)
    return up_func(context, data_dict)

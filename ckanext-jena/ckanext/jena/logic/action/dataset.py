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
from ckanext.jena.quality import responsible
from ckanext.jena.release import revisions, roles, states, store, visibility
from ckanext.jena.tables import dictionary

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


def _store_responsible(context: Context, package_id: str, value: Any, default: model.User | None = None) -> None:
    """Write the (already validated) responsible person; none given: ``default``, if any.
    Committed with the dataset: not before a caller's own commit (``defer_commit``)."""
    user = responsible.resolve(value) or default
    if user is not None:
        responsible.assign(package_id, user, commit=not context.get("defer_commit"))


def _result_id(result: Any) -> str | None:
    if isinstance(result, dict):
        return result.get("id")
    return result if isinstance(result, str) else None


@tk.chained_action
def package_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """A new dataset is under the workflow and a private draft, whatever the caller asked for;
    its responsible person is the one chosen, else the creator (if they edit for the department)."""
    _check_type(data_dict)
    managed = visibility.is_managed_type(data_dict.get("type"))
    if managed:
        data_dict["private"] = True
    chosen = data_dict.get(responsible.FIELD)
    result = up_func(context, data_dict)
    package_id = _result_id(result)
    if managed and package_id:
        package = model.Package.get(package_id)
        default = responsible.default_for_create(context, package.owner_org if package else None)
        _store_responsible(context, package_id, chosen, default)
    return _with_responsible(context, result)


@tk.chained_action
def package_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    reference = data_dict.get("id") or data_dict.get("name")
    package = model.Package.get(reference) if isinstance(reference, str) else None
    if package is None or not _managed(package):
        return up_func(context, data_dict)
    if _internal(context):
        # An approved revision carries the responsible person of its time: the current one stays.
        data_dict.pop(responsible.FIELD, None)
    chosen = data_dict.get(responsible.FIELD)
    if not _internal(context) and _in_public_release(package):
        result = revisions.save(up_func, context, package, data_dict)
    else:
        data_dict["private"] = visibility.derived_private(package)
        result = up_func(context, data_dict)
    # Internal, no public content: written at once, also for a published dataset (no review).
    _store_responsible(context, package.id, chosen)
    return _with_responsible(context, result)


def _with_responsible(context: Context, result: Any) -> Any:
    """Add ``responsible_person`` for a caller who may edit the dataset. Never for internal calls
    (``ignore_auth``: the search index, the activity stream's snapshot, DCAT read that way)."""
    if not isinstance(result, dict) or not result.get("id") or context.get("ignore_auth") or _internal(context):
        return result
    package = model.Package.get(result["id"])
    if not _managed(package) or not roles.can_edit(roles.user_from_context(context), result["id"]):
        return result
    user = responsible.user_of(result["id"])
    return {**result, responsible.FIELD: user.name if user is not None else None}


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
                return _with_responsible(context, proposed)
    return _with_responsible(context, result)


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
    previous = resources[index]
    resources[index] = {**data_dict, "id": existing.id, "url": data_dict.get("url") or ""}
    if dictionary.KEY in previous and dictionary.KEY not in data_dict:
        # the form and resource_patch start from the public resource: a proposed data dictionary stays
        resources[index][dictionary.KEY] = previous[dictionary.KEY]
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

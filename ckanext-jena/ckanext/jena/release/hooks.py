"""``IPackageController`` hooks of the release workflow (run inside CKAN's own transaction)."""

from __future__ import annotations

from typing import Any

from ckan import model
from ckan.types import Context

from ckanext.jena.release import revisions, roles, states, store, visibility, workflow


def _actor_id(context: Context) -> str | None:
    user = roles.user_from_context(context)
    return user.id if user else None


def _package(context: Context, pkg_dict: dict[str, Any]) -> model.Package | None:
    package = context.get("package")
    if isinstance(package, model.Package) and package.id == pkg_dict.get("id"):
        return package
    return model.Package.get(pkg_dict.get("id") or "")


def after_dataset_create(context: Context, pkg_dict: dict[str, Any]) -> None:
    package = _package(context, pkg_dict)
    if package is not None and visibility.is_managed(package):
        workflow.record_create(package, _actor_id(context))


def after_dataset_update(context: Context, pkg_dict: dict[str, Any]) -> None:
    if context.get(revisions.APPLYING_KEY) or context.get(revisions.DRY_RUN_KEY):
        return
    package = _package(context, pkg_dict)
    if package is None or not visibility.is_managed(package):
        return
    # Edits of public datasets never get here: they become pending revisions.
    if not states.is_public(store.state_of(package.id)):
        workflow.record_edit(package, _actor_id(context))

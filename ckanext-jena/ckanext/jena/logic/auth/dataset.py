"""CKAN's dataset auth functions, chained: harvest sources are packages of type ``harvest``
and only sysadmins manage them (and their jobs: ckanext-harvest's own auth functions
delegate to ``package_create``/``package_update``/``package_delete`` of the source)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthFunction, AuthResult, Context, DataDict

__all__ = ["package_create", "package_delete", "package_update"]

HARVEST_SOURCE_TYPE = "harvest"  # ckanext.harvest.utils.DATASET_TYPE_NAME


def _harvest_source_denied() -> AuthResult:
    return {"success": False, "msg": tk._("Nur Systemadministrator:innen dürfen Harvest-Quellen verwalten.")}


def _package(context: Context, data_dict: DataDict | None) -> model.Package | None:
    package = context.get("package")
    if isinstance(package, model.Package):
        return package
    reference: Any = (data_dict or {}).get("id") or (data_dict or {}).get("name")
    return model.Package.get(reference) if isinstance(reference, str) and reference else None


def _is_harvest_source(package: model.Package | None) -> bool:
    return package is not None and package.type == HARVEST_SOURCE_TYPE


@tk.chained_auth_function
def package_create(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    # Sysadmins never get here (CKAN lets them pass every auth function).
    if (data_dict or {}).get("type") == HARVEST_SOURCE_TYPE:
        return _harvest_source_denied()
    return next_auth(context, data_dict)  # type: ignore[call-arg]


@tk.chained_auth_function
def package_update(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    if _is_harvest_source(_package(context, data_dict)):
        return _harvest_source_denied()
    return next_auth(context, data_dict)  # type: ignore[call-arg]


@tk.chained_auth_function
def package_delete(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    if _is_harvest_source(_package(context, data_dict)):
        return _harvest_source_denied()
    return next_auth(context, data_dict)  # type: ignore[call-arg]

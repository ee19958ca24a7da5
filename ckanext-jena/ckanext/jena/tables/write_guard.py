"""Who may change a DataStore table directly through the API.

Reading is CKAN's own rule: ``datastore_search``/``_info``/``_search_sql`` ask ``resource_show``,
which the release state's permission labels decide (``release/visibility.py``), so the table of
an unreleased dataset is closed to everybody outside its department.

Writing is tightened here: the table of a *released* dataset is public content, and every change
to public content passes review. So a department may write the tables of its unreleased
datasets, while a published table changes only through the loader after an approved revision
(``ckanext.jena.tables``), or by a sysadmin (who passes every auth function anyway). The same holds
for an approved dataset waiting for its release date: what goes public then is what was reviewed.
The data dictionary of a published table changes through ``jena_data_dictionary_update``, which
makes it part of the pending revision.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from ckanext.jena.release import states, store, visibility

__all__ = ["datastore_create", "datastore_delete", "datastore_records_delete", "datastore_upsert"]


def _package_of(data_dict: DataDict) -> model.Package | None:
    resource_id = data_dict.get("resource_id") or (data_dict.get("resource") or {}).get("package_id")
    if not isinstance(resource_id, str):
        return None
    resource = model.Resource.get(resource_id)
    if resource is not None:
        return resource.package
    return model.Package.get(resource_id)  # datastore_create with a new resource names its dataset


def _guarded(next_auth: AuthFunction, context: Context, data_dict: DataDict) -> AuthResult:
    result = next_auth(context, data_dict)  # type: ignore[call-arg]
    if not result.get("success"):
        return result
    package = _package_of(data_dict or {})
    if package is None or not visibility.is_managed(package):
        return result
    if store.state_of(package.id) == states.APPROVED:
        return {
            "success": False,
            "msg": tk._(
                "Der Datensatz ist freigegeben und wartet auf seine Veröffentlichung; seine Tabelle bleibt bis "
                "dahin so, wie sie geprüft wurde."
            ),
        }
    if visibility.is_public(package):
        return {
            "success": False,
            "msg": tk._(
                "Die Tabelle eines veröffentlichten Datensatzes ändert sich nur über eine freigegebene "
                "Überarbeitung (neue Datei hochladen und zur Prüfung einreichen)."
            ),
        }
    return result


@tk.chained_auth_function
def datastore_create(next_auth: AuthFunction, context: Context, data_dict: DataDict) -> AuthResult:
    return _guarded(next_auth, context, data_dict)


@tk.chained_auth_function
def datastore_upsert(next_auth: AuthFunction, context: Context, data_dict: DataDict) -> AuthResult:
    return _guarded(next_auth, context, data_dict)


@tk.chained_auth_function
def datastore_delete(next_auth: AuthFunction, context: Context, data_dict: DataDict) -> AuthResult:
    return _guarded(next_auth, context, data_dict)


@tk.chained_auth_function
def datastore_records_delete(next_auth: AuthFunction, context: Context, data_dict: DataDict) -> AuthResult:
    return _guarded(next_auth, context, data_dict)

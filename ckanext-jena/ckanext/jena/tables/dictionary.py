"""The data dictionary of a table: a German label and description per column, kept by the department.

The dictionary lives where CKAN's DataStore keeps it (``info`` of each field, stored as column
comments), so the preview, ``datastore_info`` and the resource page show it. Who changes it and
when follows the release workflow like every other public content:

* a dataset not yet released: the department writes the dictionary at once;
* a published dataset: the change becomes part of the pending revision (the resource's
  ``jena_data_dictionary`` in the revision, shown to the reviewer in the diff); the public
  table's dictionary changes only when a reviewer approves (``take_pending`` / ``write`` from
  ``release.revisions.apply``), and the key never reaches the stored resource;
* an approved dataset waiting for its release date: refused (the approval covers what was reviewed).
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena.release import revisions, states, store, visibility

log = logging.getLogger(__name__)

KEY = "jena_data_dictionary"
MAX_LABEL = 200
MAX_NOTES = 5000
TEXTS = ("label", "notes")
SAVED, PENDING = "saved", "pending"

__all__ = [
    "KEY",
    "PENDING",
    "SAVED",
    "describe_change",
    "entries_of",
    "pending_entries",
    "save",
    "take_pending",
    "write",
]


def _table_fields(resource_id: str) -> list[dict[str, Any]] | None:
    """The table's own columns (without ``_id``/``_full_text``), None without a table."""
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    return [field for field in info.get("fields", []) if not field["id"].startswith("_")]


def _entry(field_id: str, info: dict[str, Any] | None) -> dict[str, str]:
    info = info or {}
    return {"id": field_id, **{key: str(info.get(key) or "").strip() for key in TEXTS}}


def entries_of(resource_id: str) -> list[dict[str, Any]] | None:
    """The public dictionary: ``id``, ``type``, ``label``, ``notes`` per column (None without a table)."""
    fields = _table_fields(resource_id)
    if fields is None:
        return None
    return [{**_entry(field["id"], field.get("info")), "type": field["type"]} for field in fields]


def pending_entries(package: model.Package, resource_id: str) -> list[dict[str, str]] | None:
    """The dictionary a pending revision proposes for ``resource_id``, if it proposes one."""
    proposed = revisions.pending(package.id) or {}
    for resource in proposed.get("resources") or []:
        if resource.get("id") == resource_id and isinstance(resource.get(KEY), list):
            return resource[KEY]
    return None


def _text(entry: dict[str, str]) -> str:
    text = f"{entry['id']}: {entry.get('label') or '–'}"
    return f"{text} ({entry['notes']})" if entry.get("notes") else text


def describe_change(resource_id: Any, proposed: Any) -> tuple[str, str] | None:
    """For the reviewer's diff: the public and the proposed texts of the columns a revision's
    dictionary changes (``Spalte: Bezeichnung (Beschreibung)``), None if it changes nothing."""
    if not isinstance(resource_id, str) or not isinstance(proposed, list):
        return None
    public = {entry["id"]: _entry(entry["id"], entry) for entry in entries_of(resource_id) or []}
    changed = [
        (public.get(entry.get("id"), _entry(str(entry.get("id")), None)), _entry(str(entry.get("id")), entry))
        for entry in proposed
        if isinstance(entry, dict) and _entry(str(entry.get("id")), entry) != public.get(entry.get("id"))
    ]
    if not changed:
        return None
    return "; ".join(_text(old) for old, _new in changed), "; ".join(_text(new) for _old, new in changed)


def _validated(given: Any, base: list[dict[str, str]]) -> list[dict[str, str]]:
    """``base`` with the given columns' texts replaced; every problem named, nothing applied on one."""
    if not isinstance(given, list) or not given or not all(isinstance(item, dict) for item in given):
        raise tk.ValidationError(
            {"fields": [tk._("Bitte die Spalten als Liste angeben: je Spalte „id“, „label“ und „notes“.")]}
        )
    result = {entry["id"]: dict(entry) for entry in base}
    errors: list[str] = []
    for item in given:
        field_id = item.get("id")
        if not isinstance(field_id, str) or field_id not in result:
            names = ", ".join(result) or tk._("keine")
            errors.append(
                tk._("„{name}“ ist keine Spalte der Tabelle. Spalten: {names}.").format(name=field_id, names=names)
            )
            continue
        for key, limit in (("label", MAX_LABEL), ("notes", MAX_NOTES)):
            if key not in item:
                continue
            value = item[key]
            if value is not None and not isinstance(value, str):
                errors.append(tk._("Spalte „{name}“: „{key}“ muss ein Text sein.").format(name=field_id, key=key))
            elif len(value or "") > limit:
                errors.append(
                    tk._("Spalte „{name}“: „{key}“ ist zu lang ({length} Zeichen, erlaubt sind {limit}).").format(
                        name=field_id, key=key, length=len(value or ""), limit=limit
                    )
                )
            else:
                result[field_id][key] = (value or "").strip()
    if errors:
        raise tk.ValidationError({"fields": errors})
    return [result[entry["id"]] for entry in base]


def save(context: Any, resource_id: Any, fields: Any) -> dict[str, Any]:
    """Change the dictionary of ``resource_id`` for the department (see the module's rules)."""
    resource = model.Resource.get(resource_id) if isinstance(resource_id, str) and resource_id else None
    if resource is None or resource.state != "active" or resource.package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Ressource nicht gefunden."))
    package = resource.package
    tk.check_access("jena_data_dictionary_update", context, {"resource_id": resource.id})
    public = entries_of(resource.id)
    if public is None:
        raise tk.ValidationError(
            {"resource_id": [tk._("Die Ressource hat noch keine Tabelle; das Datenwörterbuch folgt dem Laden.")]}
        )
    public_entries = [_entry(entry["id"], entry) for entry in public]
    managed = visibility.is_managed(package)
    if managed and store.state_of(package.id) == states.APPROVED:
        raise tk.ValidationError(
            {
                "state": [
                    tk._(
                        "Der Datensatz ist freigegeben und wartet auf seine Veröffentlichung; das geprüfte "
                        "Datenwörterbuch bleibt bis dahin unverändert. Änderungen sind nach der "
                        "Veröffentlichung als Überarbeitung möglich."
                    )
                ]
            }
        )
    if not (managed and visibility.is_public(package)):
        entries = _validated(fields, public_entries)
        write(resource.id, entries)
        return {"resource_id": resource.id, "state": SAVED, "fields": entries}
    entries = _validated(fields, pending_entries(package, resource.id) or public_entries)
    _propose(context, package, resource.id, None if entries == public_entries else entries)
    return {"resource_id": resource.id, "state": PENDING, "fields": entries}


def _propose(context: Any, package: model.Package, resource_id: str, entries: list[dict[str, str]] | None) -> None:
    """The dictionary as part of the pending revision (``package_update`` makes one of a published
    dataset); ``None`` drops a proposed dictionary again (the revision may then vanish)."""
    base = revisions.editable_version(package)
    for resource in base.get("resources") or []:
        if resource.get("id") == resource_id:
            resource.pop(KEY, None)
            if entries is not None:
                resource[KEY] = entries
            break
    else:
        raise tk.ValidationError(
            {"resource_id": [tk._("Die ausstehende Änderung entfernt diese Ressource; ihr Datenwörterbuch bleibt.")]}
        )
    update_context = {key: value for key, value in context.items() if key not in ("package", "resource")}
    tk.get_action("package_update")(update_context, base)


def take_pending(proposed: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Remove the proposed dictionaries from an approved revision (they are not resource metadata);
    returns them by resource id for ``write`` once the revision is applied."""
    taken = {}
    for resource in proposed.get("resources") or []:
        entries = resource.pop(KEY, None)
        if isinstance(entries, list) and resource.get("id"):
            taken[resource["id"]] = entries
    return taken


def write(resource_id: str, entries: list[dict[str, str]]) -> None:
    """Store labels and descriptions in the table (other ``info`` keys and the columns stay)."""
    fields = _table_fields(resource_id)
    if fields is None:
        log.warning("data dictionary of resource %s not written: the table is gone", resource_id)
        return
    texts = {entry["id"]: entry for entry in entries}
    changed = []
    for field in fields:
        info = copy.deepcopy(field.get("info") or {})
        entry = texts.get(field["id"])
        if entry is not None:
            for key in TEXTS:
                if entry.get(key):
                    info[key] = entry[key]
                else:
                    info.pop(key, None)
        changed.append({"id": field["id"], "type": field["type"], "info": info})
    tk.get_action("datastore_create")(
        {"ignore_auth": True, "user": ""}, {"resource_id": resource_id, "force": True, "fields": changed}
    )

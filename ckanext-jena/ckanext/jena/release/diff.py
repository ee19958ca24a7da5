"""Field-by-field comparison of the approved version of a dataset with a pending revision."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena.release import labels

# package_show keys that describe the record, not its content (or are derived from other keys)
IGNORED = frozenset(
    {
        "id",
        "type",
        "state",
        "private",
        "metadata_created",
        "metadata_modified",
        "revision_id",
        "creator_user_id",
        "responsible_person",  # internal, written at once (quality/responsible.py)
        "num_resources",
        "num_tags",
        "organization",
        "isopen",
        "license_title",
        "license_url",
        "relationships_as_object",
        "relationships_as_subject",
        "tracking_summary",
        "resources",
        "tags",
        "groups",
        "extras",
    }
)
RESOURCE_IGNORED = frozenset(
    {
        "id",
        "package_id",
        "position",
        "state",
        "created",
        "metadata_modified",
        "last_modified",
        "revision_id",
        "tracking_summary",
    }
)


def _labels(dataset_type: str) -> tuple[dict[str, str], dict[str, str]]:
    base = {"tags": tk._("Schlagwörter"), "tag_string": tk._("Schlagwörter"), "groups": tk._("Gruppen")}
    dataset_labels, resource_labels = labels.field_labels(dataset_type)
    resource_base = {DICTIONARY_KEY: tk._("Datenwörterbuch")}
    return {**base, **dataset_labels}, {**resource_base, **resource_labels}


def as_text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _entry(field: str, label: str, old: Any, new: Any) -> dict[str, Any]:
    change = "added" if old in (None, "", []) else "removed" if new in (None, "", []) else "changed"
    return {
        "field": field,
        "label": label,
        "change": change,
        "old": old,
        "new": new,
        "old_text": as_text(old),
        "new_text": as_text(new),
    }


def _flat(package: dict[str, Any]) -> dict[str, Any]:
    flat = {key: value for key, value in package.items() if key not in IGNORED}
    flat["tags"] = sorted(tag.get("display_name") or tag.get("name") for tag in package.get("tags") or [])
    flat["groups"] = sorted(group.get("name") for group in package.get("groups") or [])
    for extra in package.get("extras") or []:
        flat[extra["key"]] = extra.get("value")
    return flat


def _resource_name(resource: dict[str, Any], position: int) -> str:
    return resource.get("name") or resource.get("url") or tk._("Ressource {position}").format(position=position)


DICTIONARY_KEY = "jena_data_dictionary"  # a table's proposed data dictionary (tables/dictionary.py)


def _dictionary_change(resource: dict[str, Any], name: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The proposed dictionary against the public table's (which is not part of the approved package)."""
    from ckanext.jena.tables import dictionary

    texts = dictionary.describe_change(resource.get("id"), resource.get(DICTIONARY_KEY))
    if texts is None:
        return []
    label = tk._("Ressource „{name}“: {field}").format(name=name, field=labels.get(DICTIONARY_KEY, DICTIONARY_KEY))
    return [_entry(f"resources.{resource.get('id')}.{DICTIONARY_KEY}", label, texts[0], texts[1])]


def _resource_changes(
    old: list[dict[str, Any]], new: list[dict[str, Any]], labels: dict[str, str]
) -> list[dict[str, Any]]:
    changes = []
    old_by_id = {resource.get("id"): resource for resource in old}
    new_ids = {resource.get("id") for resource in new}
    for position, resource in enumerate(new, start=1):
        name = _resource_name(resource, position)
        previous = old_by_id.get(resource.get("id"))
        if previous is None:
            changes.append(_entry(f"resources.{resource.get('id')}", tk._("Ressource hinzugefügt"), None, name))
            continue
        for key in sorted((set(previous) | set(resource)) - RESOURCE_IGNORED):
            if key == DICTIONARY_KEY:
                changes.extend(_dictionary_change(resource, name, labels))
            elif previous.get(key) != resource.get(key) and as_text(previous.get(key)) != as_text(resource.get(key)):
                label = tk._("Ressource „{name}“: {field}").format(name=name, field=labels.get(key, key))
                changes.append(
                    _entry(f"resources.{resource.get('id')}.{key}", label, previous.get(key), resource.get(key))
                )
    for position, resource in enumerate(old, start=1):
        if resource.get("id") not in new_ids:
            changes.append(
                _entry(
                    f"resources.{resource.get('id')}",
                    tk._("Ressource entfernt"),
                    _resource_name(resource, position),
                    None,
                )
            )
    return changes


def compare(approved: dict[str, Any], proposed: dict[str, Any]) -> list[dict[str, Any]]:
    """What a pending revision changes, field by field (dataset fields first, then resources)."""
    dataset_labels, resource_labels = _labels(proposed.get("type") or approved.get("type") or "dataset")
    old, new = _flat(approved), _flat(proposed)
    changes = [
        _entry(key, dataset_labels.get(key, key), old.get(key), new.get(key))
        for key in sorted(
            set(old) | set(new),
            key=lambda name: (list(dataset_labels).index(name) if name in dataset_labels else 999, name),
        )
        if old.get(key) != new.get(key) and as_text(old.get(key)) != as_text(new.get(key))
    ]
    return changes + _resource_changes(
        approved.get("resources") or [], proposed.get("resources") or [], resource_labels
    )

"""What a department's profile gives a new dataset (issue 20, point 7).

The department form holds "Vorgaben für neue Datensätze" (organization extras ``default_<field>``,
each naming the dataset field it fills with ``default_for`` in schemas/organization.yaml); a new
dataset form of that department starts with them filled in. They are form defaults only: the
editor can change or empty them, and datasets made through the API get nothing unasked."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from ckan import model

__all__ = ["department_defaults", "department_fields", "switchable_defaults"]

# Dataset fields that hold a list (the department stores one code).
_LIST_FIELDS = frozenset({"political_geocoding"})


def department_fields() -> dict[str, str]:
    """Department extra → dataset field, from the organization schema's ``default_for`` keys."""
    import ckan.plugins.toolkit as tk

    schema = tk.h.scheming_get_organization_schema("organization") or {}
    return {field["field_name"]: field["default_for"] for field in schema.get("fields", []) if field.get("default_for")}


def department_defaults(organization: str | None) -> dict[str, Any]:
    """The dataset values the department ``organization`` (id or name) gives a new dataset; {} for none."""
    group = model.Group.get(organization) if organization else None
    if group is None or not group.is_organization or group.state != "active":
        return {}
    extras = group.extras or {}
    values: dict[str, Any] = {}
    for extra, dataset_field in department_fields().items():
        value = extras.get(extra)
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
        if not value:
            continue
        if dataset_field in _LIST_FIELDS and isinstance(value, str):
            value = [value]
        values[dataset_field] = value
    return values


def switchable_defaults(organizations: list[str], dataset_fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per department id the values its new datasets start with (its defaults over the schema's),
    for the form to follow a change of department (``jena-department-defaults``)."""
    covered = set(department_fields().values())
    schema_defaults = {
        field["field_name"]: field.get("default") or ""
        for field in dataset_fields
        if field["field_name"] in covered and field.get("form_snippet", "") is not None
    }
    return {organization: {**schema_defaults, **department_defaults(organization)} for organization in organizations}

"""Field labels of the dataset schemas (ckanext-scheming), in the reader's language."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import has_request_context


def text(label: Any) -> str:
    """A scheming "language text" (``{"de": ..., "en": ...}`` or a msgid) as one string;
    outside a web request (jobs, API tests) in the portal's default language."""
    if not label:
        return ""
    if isinstance(label, dict):
        language = tk.h.lang() if has_request_context() else tk.config.get("ckan.locale_default")
        return label.get(language) or label.get("de") or label.get("en") or next(iter(label.values()), "")
    return tk._(label)


def field_labels(dataset_type: str) -> tuple[dict[str, str], dict[str, str]]:
    """``(dataset field labels, resource field labels)`` by field name."""
    if not p.plugin_loaded("scheming_datasets"):
        return {}, {}
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(dataset_type) or {}

    def labels_of(fields: list[dict[str, Any]]) -> dict[str, str]:
        return {field["field_name"]: text(field.get("label")) or field["field_name"] for field in fields}

    return labels_of(schema.get("dataset_fields", [])), labels_of(schema.get("resource_fields", []))

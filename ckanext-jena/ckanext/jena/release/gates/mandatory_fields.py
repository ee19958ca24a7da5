"""Gate ``mandatory_fields``: the dataset validates against its own schema in publish mode.

Which fields are required is not written down here: the dataset type's schema
(ckanext-scheming, or CKAN's default) decides. The version to be approved is run
through the same validation as ``package_update`` as if it were published
(``state: active``), so the schema's publication rules apply to it even when it is
still an incomplete CKAN draft (``jena_required`` in ``logic/validators.py`` enforces
``required: true`` only for datasets that are not drafts).
"""

from __future__ import annotations

import copy
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins

from ckanext.jena.release import labels
from ckanext.jena.release.gates import GateFailure, GateInput, register

# package_show output that is not input to validation
_NOT_VALIDATED = (
    "metadata_modified",
    "metadata_created",
    "num_resources",
    "num_tags",
    "organization",
    "relationships_as_object",
    "relationships_as_subject",
)


def _field_labels(dataset_type: str) -> dict[str, str]:
    dataset_labels, resource_labels = labels.field_labels(dataset_type)
    return {**resource_labels, **dataset_labels}


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _messages(value)]
    if isinstance(errors, list):
        return [message for value in errors for message in _messages(value)]
    return [str(errors)]


def _failures(errors: dict[str, Any], labels: dict[str, str]) -> list[GateFailure]:
    failures = []
    for key, value in errors.items():
        if key == "resources" and isinstance(value, list):
            for position, resource_errors in enumerate(value, start=1):
                for resource_key, messages in (resource_errors or {}).items():
                    for message in _messages(messages):
                        failures.append(
                            GateFailure(
                                tk._("Ressource {position}, Feld „{label}“: {message}").format(
                                    position=position, label=labels.get(resource_key, resource_key), message=message
                                ),
                                field=f"resources.{position - 1}.{resource_key}",
                                code="invalid_field",
                            )
                        )
            continue
        for message in _messages(value):
            failures.append(
                GateFailure(
                    tk._("Feld „{label}“: {message}").format(label=labels.get(key, key), message=message),
                    field=key,
                    code="invalid_field",
                )
            )
    return failures


@register("mandatory_fields", label=lambda: tk._("Pflichtfelder vollständig"), order=10)
def mandatory_fields(gate_input: GateInput) -> list[GateFailure]:
    package = model.Package.get(gate_input.package_id)
    if package is None:
        return [GateFailure(tk._("Der Datensatz existiert nicht mehr."), code="not_found")]
    plugin = lib_plugins.lookup_package_plugin(package.type)
    data = copy.deepcopy(gate_input.package)
    for key in _NOT_VALIDATED:
        data.pop(key, None)
    data["state"] = "active"
    # defer_commit: the gate runs inside the approving transaction, which must not commit early
    site_user = tk.get_action("get_site_user")({"ignore_auth": True, "defer_commit": True}, {})
    context: Any = {
        "model": model,
        "session": model.Session,
        "user": site_user["name"],
        "ignore_auth": True,
        "package": package,
    }
    _, errors = lib_plugins.plugin_validate(plugin, context, data, plugin.update_package_schema(), "package_update")
    return _failures(errors, _field_labels(package.type)) if errors else []

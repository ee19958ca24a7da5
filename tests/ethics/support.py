"""Helpers of the checklist tests: answers that pass, and the people of the release tests."""

from __future__ import annotations

import copy
from typing import Any

from ckan import model
from ckan.tests.helpers import call_action

from tests.release.support import People, context

DPO = "dora-datenschutz"
ETHICS = "erik-ethikrat"

# Answers that pass every rule and need no sign-off (no personal data).
PASSING: dict[str, Any] = {
    "public_benefit": "Bürger:innen und Schulen sehen, welche Bäume in ihrer Straße stehen.",
    "publication_basis": "voluntary",
    "rights_cleared": "yes",
    "licence_open": "yes",
    "personal_data": "no",
    "small_cells": "not_applicable",
    "reidentification_risk": "low",
    "special_categories": "no",
    "security_risk": "no",
    "limitations": "Private Grundstücke fehlen; Pflanzjahre vor 1990 sind geschätzt.",
    "harm_risk": "low",
    # Department, mailbox and frequency come from the dataset's metadata (issue 20, point 6).
    "responsibility": {"next_update": "2027-03-01"},
}

# Personal data, aggregated, tested, with the data-protection officer: needs the DPO sign-off.
PERSONAL: dict[str, Any] = {
    **PASSING,
    "personal_data": "indirect",
    "anonymisation": "Zusammengefasst auf Ortsteile, Werte unter 3 unterdrückt.",
    "intruder_test": "yes",
    "small_cells": "safe",
    "dpo": {"name": "Dora Datenschutz", "date": "2026-10-01", "outcome": "approved"},
}


# What the portal adds from the metadata of tests.release.support.make_dataset's datasets.
FROM_METADATA = {"department": "Umweltschutz", "mailbox": "umwelt@jena.de", "frequency": "ANNUAL"}


def as_saved(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as the portal stores and shows them: with the answers taken from the metadata."""
    result = copy.deepcopy(values)
    result["responsibility"] = {**FROM_METADATA, **result.get("responsibility", {})}
    return result


def answers(base: dict[str, Any] = PASSING, **changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def update(
    people: People, dataset: dict[str, Any], values: dict[str, Any], user: dict[str, Any] | None = None
) -> dict[str, Any]:
    return call_action("jena_checklist_update", context(user or people.editor), id=dataset["id"], answers=values)


def show(people: People, dataset: dict[str, Any], user: dict[str, Any] | None = None) -> dict[str, Any]:
    return call_action("jena_checklist_show", context(user or people.editor), id=dataset["id"])


def signoff(
    user: dict[str, Any], dataset: dict[str, Any], role: str, outcome: str = "approved", **data: Any
) -> dict[str, Any]:
    return call_action("jena_checklist_signoff", context(user), id=dataset["id"], role=role, outcome=outcome, **data)


def stored(dataset: dict[str, Any]) -> tuple[Any, int]:
    """The stored answers (or None) and the number of sign-offs of ``dataset``."""
    from ckanext.jena.ethics import store

    model.Session.rollback()
    row = store.get(dataset["id"])
    return (row.answers if row else None), len(store.signoffs(dataset["id"]))

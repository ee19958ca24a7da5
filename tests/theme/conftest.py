"""Fixtures of the theme tests: three departments and a few datasets released through the workflow."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.demo import publishing

DEPARTMENTS = [
    {"name": "verkehr-und-mobilitaet", "title": "Verkehr und Mobilität"},
    {"name": "umweltschutz", "title": "Umweltschutz"},
    {"name": "statistik-und-wahlen", "title": "Statistik und Wahlen"},
]

# Fields every dataset of the field contract (docs/field-contract.md) needs to be published.
DATASET_DEFAULTS: dict[str, Any] = {
    "license_id": "dl-by-de/2.0",
    "attribution_text": "Stadt Jena",
    "publisher_name": "Stadt Jena",
    "data_steward": "Anna Beispiel",
    "contact_point_name": "Team Offene Daten",
    "contact_point_email": "opendata@example.org",
    "frequency": "ANNUAL",
    "access_rights": "PUBLIC",
    "language": ["DEU"],
}

DATASETS = [
    {
        "name": "baustellen-verkehrseinschraenkungen",
        "title": "Baustellen und Verkehrseinschränkungen",
        "owner_org": "verkehr-und-mobilitaet",
        "notes": "Aktuelle und geplante Baustellen im öffentlichen Straßenraum der Stadt Jena.",
        "theme": ["TRAN"],
        "jena_category": ["mobility", "geo"],
        "tags": ["Baustellen", "Verkehr"],
        "resources": [
            {"name": "Baustellen (GeoJSON)", "url": "https://example.org/baustellen.geojson", "format": "GEOJSON"},
            {"name": "Baustellen (CSV)", "url": "https://example.org/baustellen.csv", "format": "CSV"},
        ],
    },
    {
        "name": "parkhaeuser-belegung",
        "title": "Belegung der Parkhäuser",
        "owner_org": "verkehr-und-mobilitaet",
        "notes": "Freie Stellplätze in den Parkhäusern der Innenstadt, alle fünf Minuten aktualisiert.",
        "theme": ["TRAN"],
        "jena_category": ["mobility", "sensor"],
        "tags": ["Parken", "Verkehr"],
        "resources": [{"name": "Belegung (JSON)", "url": "https://example.org/parken.json", "format": "JSON"}],
    },
    {
        "name": "baumkataster",
        "title": "Baumkataster",
        "owner_org": "umweltschutz",
        "notes": "Alle Straßen- und Parkbäume der Stadt Jena mit Art, Pflanzjahr und Standort.",
        "theme": ["ENVI"],
        "jena_category": ["environment", "register", "geo"],
        "tags": ["Bäume", "Stadtgrün"],
        "resources": [{"name": "Bäume (CSV)", "url": "https://example.org/baeume.csv", "format": "CSV"}],
    },
    {
        "name": "einwohner-nach-ortsteilen",
        "title": "Einwohnerinnen und Einwohner nach Ortsteilen",
        "owner_org": "statistik-und-wahlen",
        "notes": "Bevölkerung mit Hauptwohnsitz in Jena am 31. Dezember, nach Ortsteil, Alter und Geschlecht.",
        "theme": ["SOCI", "REGI"],
        "jena_category": ["demographic"],
        "tags": ["Bevölkerung", "Statistik"],
        "resources": [{"name": "Einwohner 2025 (XLSX)", "url": "https://example.org/einwohner.xlsx", "format": "XLSX"}],
    },
]


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def editor() -> dict[str, Any]:
    """An editor in every department: writes and submits the datasets (the sysadmin approves)."""
    return factories.User(name="erika-editor", email="erika@example.org")


@pytest.fixture
def departments(sysadmin: dict[str, Any], editor: dict[str, Any]) -> list[dict[str, Any]]:
    members = [{"name": editor["name"], "capacity": "editor"}]
    return [call_action("organization_create", {"user": sysadmin["name"]}, users=members, **org) for org in DEPARTMENTS]


def create_dataset(editor: dict[str, Any], data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Create one dataset (a draft) through the Action API as the department's editor."""
    fields = {**DATASET_DEFAULTS, **data, **changes}
    fields["tags"] = [{"name": tag} for tag in fields.get("tags", [])]
    return call_action("package_create", {"user": editor["name"]}, **fields)


def publish(editor: dict[str, Any], sysadmin: dict[str, Any], data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Create a dataset and release it at once.

    The theme tests need public datasets, not the review itself (tests/release covers that),
    so they take the release workflow's trusted path that the demo loader uses; it is
    recorded in the audit trail and unreachable from the web or the Action API.
    """
    dataset = create_dataset(editor, data, **changes)
    assert publishing.publish(dataset["id"], sysadmin["name"]), f"{dataset['name']} was not published"
    return call_action("package_show", {"user": sysadmin["name"]}, id=dataset["id"])


@pytest.fixture
def public_datasets(
    sysadmin: dict[str, Any], editor: dict[str, Any], departments: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The datasets of ``DATASETS``, released in this order (the last one is the newest)."""
    return [publish(editor, sysadmin, data) for data in DATASETS]

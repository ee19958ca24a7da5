"""Fixtures of the spatial tests: released datasets with extents and a local file server for previews."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.release import workflow
from tests.dcat.servers import LocalServer
from tests.spatial.ows_server import ows_server

ALLOWED_HOSTS = "ckanext.jena.spatial.preview_allowed_hosts"

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
    "theme": ["ENVI"],
    "jena_category": ["geo"],
    "notes": "Testdaten der Kartenvorschau.",
}


def box(minx: float, miny: float, maxx: float, maxy: float) -> str:
    ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


# Lobeda (south-east), the whole city, Zwätzen by district only, and one without any place.
LOBEDA = box(11.60, 50.87, 11.64, 50.90)
CITY = box(11.45, 50.84, 11.70, 51.00)


@pytest.fixture(autouse=True)
def previews_may_read_local_servers(
    request: pytest.FixtureRequest, ckan_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """127.0.0.1 is explicitly allowed for previews (the local test servers run there); a test that
    sets the option itself with ``ckan_config`` (e.g. to check the refusal) keeps its value."""
    if not any(mark.args[0] == ALLOWED_HOSTS for mark in request.node.iter_markers("ckan_config")):
        monkeypatch.setitem(ckan_config, ALLOWED_HOSTS, ["127.0.0.1"])


@pytest.fixture
def services() -> Iterator[LocalServer]:
    """The local WMS, WMTS and WFS of tests/spatial/ows_server.py."""
    with ows_server() as server:
        yield server


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def editor() -> dict[str, Any]:
    return factories.User(name="gisela-geo", email="gisela@example.org")


@pytest.fixture
def department(sysadmin: dict[str, Any], editor: dict[str, Any]) -> dict[str, Any]:
    return call_action(
        "organization_create",
        {"user": sysadmin["name"]},
        name="geodaten",
        title="Geodaten und Vermessung",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )


def publish(editor: dict[str, Any], sysadmin: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Create a dataset as the department's editor and release it through the workflow's trusted
    path for test fixtures (review and checklist are the release and ethics suites' business)."""
    dataset = call_action("package_create", {"user": editor["name"]}, **{**DATASET_DEFAULTS, **fields})
    package = model.Package.get(dataset["id"])
    workflow.publish_without_review(package, reason="Testdaten der Kartensuche", actor_id=sysadmin["id"])
    return call_action("package_show", {"user": sysadmin["name"]}, id=dataset["id"])


@pytest.fixture
def place_datasets(sysadmin: dict[str, Any], editor: dict[str, Any], department: dict[str, Any]) -> dict[str, Any]:
    def make(name: str, title: str, **fields: Any) -> dict[str, Any]:
        resources = [{"name": "Daten", "url": f"https://example.org/{name}.csv", "format": "CSV"}]
        return publish(editor, sysadmin, name=name, title=title, owner_org="geodaten", resources=resources, **fields)

    return {
        "lobeda": make("baeume-lobeda", "Straßenbäume Lobeda", spatial=LOBEDA, notes="Bäume in Lobeda."),
        "city": make("baeume-stadt", "Straßenbäume Stadtgebiet", spatial=CITY, notes="Alle Bäume der Stadt."),
        "zwaetzen": make("spielplaetze-zwaetzen", "Spielplätze Zwätzen", district=["zwaetzen"], notes="Spielplätze."),
        "nowhere": make("haushalt", "Haushaltsplan", notes="Haushalt der Stadt, ohne Raumbezug."),
    }


@pytest.fixture
def viewer() -> dict[str, str]:
    """Headers of a signed-in citizen without any role in a department (sees what the public sees)."""
    user = factories.User(name="bea-buerger")
    token = factories.APIToken(user=user["name"])
    return {"Authorization": token["token"]}

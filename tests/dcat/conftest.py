"""Fixtures of the DCAT tests (catalog endpoint, profile, validation, harvesting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.demo.loader import load_demo_data

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin(name="dcat-admin")


@pytest.fixture
def department(sysadmin: dict[str, Any]) -> dict[str, Any]:
    return factories.Organization(name="verkehr-und-mobilitaet", title="Verkehr und Mobilität", user=sysadmin)


@pytest.fixture
def other_department(sysadmin: dict[str, Any]) -> dict[str, Any]:
    return factories.Organization(name="umweltschutz", title="Umweltschutz", user=sysadmin)


# Fixtures of every harvesting test.
HARVEST_FIXTURES = ("harvest_plugins", "with_plugins", "clean_db", "clean_index", "clean_harvest_queues")


@pytest.fixture
def harvest_plugins(ckan_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 is explicitly allowed as harvest source (the local test servers run there)."""
    monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.allowed_hosts", ["127.0.0.1"])


@pytest.fixture
def clean_harvest_queues() -> None:
    from ckanext.harvest import queue

    queue.purge_queues()


def _demo_fingerprint() -> tuple[Any, ...]:
    """What the database, the search index and the catalog settings look like right now."""
    packages, latest = model.Session.query(
        sa.func.count(model.Package.id), sa.func.max(model.Package.metadata_modified)
    ).one()
    indexed = call_action("package_search", {"ignore_auth": True}, rows=0, include_private=True, include_drafts=True)
    return packages, latest, indexed["count"], config.get("ckanext.jena.dcat.contributor_id")


_demo_loaded_as: list[tuple[Any, ...]] = []


@pytest.fixture
def demo_datasets(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """The demo data as the public sees it (package_show of every public dataset).

    For tests that only read it: the first such test loads it into a clean database and index
    (about 15 s); the next one reuses it as long as the database, the index and the catalog
    settings are exactly as that load left them, and loads afresh otherwise."""
    request.getfixturevalue("with_plugins")
    if not _demo_loaded_as or _demo_loaded_as[-1] != _demo_fingerprint():
        request.getfixturevalue("clean_db")
        request.getfixturevalue("clean_index")
        load_demo_data(progress=False)
        _demo_loaded_as[:] = [_demo_fingerprint()]
    anonymous = {"user": "", "ignore_auth": False}
    names = call_action("package_list", anonymous)
    assert len(names) > 50
    return [call_action("package_show", anonymous, id=name) for name in names]

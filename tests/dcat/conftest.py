"""Fixtures of the DCAT tests (catalog endpoint, profile, validation, harvesting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories

from ckanext.jena.dcat.shapes import SHAPE_FILES, resolve_shapes_dir

DATA = Path(__file__).parent / "data"


@pytest.fixture
def shapes_dir() -> Path:
    """The official shapes in ``../shared/dcat-ap-de``; the test is skipped only if that folder is absent."""
    directory = resolve_shapes_dir("../shared/dcat-ap-de")
    if not directory.is_dir():
        pytest.skip(f"official DCAT-AP.de shapes not available: {directory} does not exist")
    missing = [name for names in SHAPE_FILES.values() for name in names if not (directory / name).is_file()]
    assert not missing, f"{directory} exists but lacks {missing}"
    return directory


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

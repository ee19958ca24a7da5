"""Fixtures of the checklist tests: the release tests' people plus the data-protection
and ethics roles. The ``jena`` plugin registers the ``ethics`` gate when it loads."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from tests.ethics.support import DPO, ETHICS
from tests.release.support import CENTRAL_TEAM, People, make_people


@pytest.fixture(autouse=True)
def ethics_config(ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ckan_config, "ckanext.jena.release.central_team", [CENTRAL_TEAM])
    monkeypatch.setitem(ckan_config, "ckanext.jena.ethics.dpo_users", [DPO])
    monkeypatch.setitem(ckan_config, "ckanext.jena.ethics.ethics_users", [ETHICS])
    monkeypatch.setitem(ckan_config, "smtp.server", "")


@pytest.fixture
def people(clean_db: None, clean_index: None, with_plugins: None) -> People:
    return make_people()


@pytest.fixture
def dpo(people: People) -> dict[str, Any]:
    return factories.User(name=DPO, email="dora@jena.invalid")


@pytest.fixture
def ethicist(people: People) -> dict[str, Any]:
    return factories.User(name=ETHICS, email="erik@jena.invalid")

"""Fixtures of the link checker's tests: the release tests' people and a local link server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.links.server import LinkServer, link_server
from tests.release.support import People, make_data_management_people


@pytest.fixture
def people(
    with_plugins: None, clean_db: None, clean_index: None, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> People:
    monkeypatch.setitem(ckan_config, "ckanext.jena.links.allowed_hosts", ["127.0.0.1"])
    monkeypatch.setitem(ckan_config, "ckanext.jena.links.timeout_ms", 2000)
    monkeypatch.setitem(ckan_config, "ckanext.jena.links.backoff_ms", 0)
    return make_data_management_people(ckan_config, monkeypatch)


@pytest.fixture
def server() -> Iterator[LinkServer]:
    with link_server() as running:
        yield running

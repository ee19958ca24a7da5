"""Fixtures of the usage tests: the release tests' people, and no counters left in Redis."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.lib.redis import connect_to_redis

from ckanext.jena.usage import counting, store
from tests.release.support import People, make_data_management_people


@pytest.fixture
def people(
    clean_db: None, clean_index: None, with_plugins: None, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> People:
    connect_to_redis().delete(counting.PENDING, store.FLUSHING)
    return make_data_management_people(ckan_config, monkeypatch)

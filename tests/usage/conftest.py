"""Fixtures of the usage tests: the release tests' people, and no counters left in Redis."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.lib.redis import connect_to_redis

from ckanext.jena.usage import counting, store
from tests.release import support
from tests.release.support import CENTRAL_TEAM, People, make_people


@pytest.fixture
def people(
    clean_db: None, clean_index: None, with_plugins: None, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> People:
    monkeypatch.setitem(ckan_config, "ckanext.jena.release.central_team", [CENTRAL_TEAM])
    monkeypatch.setitem(ckan_config, "smtp.server", "")
    monkeypatch.setattr(support, "ANSWER_CHECKLIST", True)
    connect_to_redis().delete(counting.PENDING, store.FLUSHING)
    return make_people()

"""Fixtures of the data-management tests: the release tests' people and datasets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.release import support
from tests.release.support import CENTRAL_TEAM, People, make_people


@pytest.fixture
def people(
    clean_db: None, clean_index: None, with_plugins: None, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> People:
    monkeypatch.setitem(ckan_config, "ckanext.jena.release.central_team", [CENTRAL_TEAM])
    monkeypatch.setitem(ckan_config, "smtp.server", "")
    monkeypatch.setattr(support, "ANSWER_CHECKLIST", True)
    return make_people()

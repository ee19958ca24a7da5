"""Fixtures of the data-management tests: the release tests' people and datasets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.release.support import People, make_data_management_people


@pytest.fixture
def people(
    clean_db: None, clean_index: None, with_plugins: None, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> People:
    return make_data_management_people(ckan_config, monkeypatch)

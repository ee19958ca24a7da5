"""Fixtures of the release-workflow tests (helpers live in ``support.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.release import support
from tests.release.support import CENTRAL_TEAM, People, make_people


@pytest.fixture(autouse=True)
def central_team(ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The central data team is the user ``zentrales-datenteam`` in every release test."""
    monkeypatch.setitem(ckan_config, "ckanext.jena.release.central_team", [CENTRAL_TEAM])
    # No mail server unless a test starts one (tests/release/test_notifications.py).
    monkeypatch.setitem(ckan_config, "smtp.server", "")
    # Every dataset's data-ethics checklist is answered (the ethics gate has its own tests).
    monkeypatch.setattr(support, "ANSWER_CHECKLIST", True)


@pytest.fixture
def people(clean_db: None, clean_index: None, with_plugins: None) -> People:
    return make_people()

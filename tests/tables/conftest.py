"""Fixtures of the table tests (DataStore, loader, previews): one department with its people."""

from __future__ import annotations

from typing import Any

import pytest
from ckanext.datastore.tests import helpers as datastore_helpers

from tests.release import support
from tests.release.support import CENTRAL_TEAM, People, make_people


@pytest.fixture(autouse=True)
def _release_settings(ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ckan_config, "ckanext.jena.release.central_team", [CENTRAL_TEAM])
    monkeypatch.setitem(ckan_config, "smtp.server", "")
    monkeypatch.setattr(support, "ANSWER_CHECKLIST", True)


@pytest.fixture
def clean_datastore(clean_db: None, clean_index: None) -> None:
    """Every DataStore table dropped (CKAN's own fixture of the same name, on our ``clean_db``)."""
    engine = datastore_helpers.db.get_write_engine()
    datastore_helpers.rebuild_all_dbs(
        datastore_helpers.orm.scoped_session(datastore_helpers.orm.sessionmaker(bind=engine))
    )


@pytest.fixture
def people(clean_datastore: None, with_plugins: None) -> People:
    return make_people()

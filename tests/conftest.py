"""Fixtures shared by every test folder (folders may add or override their own)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ckan.cli.db import _get_pending_plugins


@pytest.fixture
def clean_db(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None]) -> None:
    """CKAN's ``clean_db`` plus the tables of every loaded plugin that ships migrations
    (activity, harvest, jena ...), as ``ckan db upgrade`` would create them."""
    reset_db()
    for plugin in _get_pending_plugins():
        migrate_db_for(plugin)

"""Fixtures of the demo-data tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.db import _resolve_alembic_config


@pytest.fixture
def clean_db(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None]) -> None:
    """CKAN's clean_db plus the migrations of every enabled plugin that ships some (activity, harvest, jena)."""
    reset_db()
    for plugin in tk.config["ckan.plugins"]:
        if Path(_resolve_alembic_config(plugin)).is_file():
            migrate_db_for(plugin)

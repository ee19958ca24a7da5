"""Fixtures shared by every test folder (folders may add or override their own)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.db import _get_pending_plugins
from sqlalchemy.pool import NullPool

from ckanext.jena.dcat.shapes import SHAPE_FILES, resolve_shapes_dir
from tests.browser_support import browser_page, gunicorn_portal, live_server  # noqa: F401 (fixtures)
from tests.plugin_cache import _unload_cached_plugins, app, with_plugins  # noqa: F401 (fixtures)


def pytest_configure(config: pytest.Config) -> None:
    """Under ``make test`` with several workers, each pytest-xdist worker uses its own stack:
    its ini (``--ckan-ini``, read by CKAN's pytest plugin at session start) and ``CKAN_INI``
    for the ``ckan`` commands the tests start."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    inis = json.loads(os.environ.get("JENA_TEST_WORKER_INIS") or "{}")
    if worker in inis:
        config.option.ckan_ini = inis[worker]
        os.environ["CKAN_INI"] = inis[worker]


def _restore_pooled_engine() -> None:
    """CKAN's own migration environment (``ckan/migration/env.py``) installs its NullPool
    engine as the model's engine when ``reset_db`` rebuilds the tables; from then on every
    transaction of the test session opened a new PostgreSQL connection (~30 ms each).
    The web application uses a pooled engine; so do the tests."""
    engine = model.meta.engine
    if engine is not None and isinstance(engine.pool, NullPool):
        model.init_model(sa.engine_from_config(dict(tk.config)))


@pytest.fixture
def clean_db(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None]) -> None:
    """CKAN's ``clean_db`` plus the tables of every loaded plugin that ships migrations
    (activity, harvest, jena ...), as ``ckan db upgrade`` would create them."""
    reset_db()
    for plugin in _get_pending_plugins():
        migrate_db_for(plugin)
    _restore_pooled_engine()


@pytest.fixture
def shapes_dir() -> Path:
    """The official shapes where the install step put them (the portal's default ``shapes_dir``)."""
    directory = resolve_shapes_dir("")
    missing = [name for names in SHAPE_FILES.values() for name in names if not (directory / name).is_file()]
    assert not missing, f"the install step did not fill {directory}: {missing} missing (run `make install`)"
    return directory


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local http.server on 127.0.0.1 serving ``tmp_path/files``: (base URL, folder)."""
    folder = tmp_path / "files"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

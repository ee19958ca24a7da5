"""Reuse loaded plugins and the Flask test app between tests that run with the same settings.

CKAN's ``with_plugins`` fixture loads every plugin before each test and unloads them after it,
and its ``app`` fixture builds a new Flask application, which loads all plugins once more
(``load_environment`` → ``plugins.load_all(force_update=True)``). Together that is about two
seconds per test, most of the suite's run time.

Here a test gets the plugins and the application of the previous test only when they were
built from exactly the same configuration (compared value by value, after the ``ckan_config``
marks and the autouse fixtures have applied their settings) and nothing has reloaded the plugins
since (checked by the identity of the loaded plugin objects). Otherwise they are built afresh,
as CKAN's fixtures do. Each test still gets its own test client (cookies, session) and a reset
``app_globals``; the database and the search index are reset by ``clean_db``/``clean_index``
as before.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ckan.config.middleware as middleware
import ckan.lib.app_globals as app_globals
import ckan.plugins
import pytest
from ckan.common import config
from ckan.tests.helpers import CKANTestApp


@dataclass
class _Cache:
    plugins_built_from: dict[str, Any] | None = None  # config before the plugins were loaded
    plugins_left: dict[str, Any] | None = None  # config right after loading (plugin additions)
    plugin_objects: tuple[int, ...] = ()
    app: Any = None
    app_built_from: dict[str, Any] | None = None
    app_left: dict[str, Any] | None = None
    request_context: Any = None

    def forget(self) -> None:
        self.__init__()  # type: ignore[misc]


_cache = _Cache()


# ckanext-spatial's update_config appends "frange" to this list on every plugin load, so the
# list grows by one entry per reload (harmless: a list of allowed parsers). Compare it as a set.
_GROWING_LISTS = ("ckan.search.solr_allowed_query_parsers",)


def _snapshot() -> dict[str, Any]:
    snapshot = copy.deepcopy(dict(config))
    for key in _GROWING_LISTS:
        if isinstance(snapshot.get(key), list):
            snapshot[key] = list(dict.fromkeys(snapshot[key]))
    return snapshot


def _restore(snapshot: dict[str, Any]) -> None:
    config.clear()
    config.update(copy.deepcopy(snapshot))


def _loaded_objects() -> tuple[int, ...]:
    return tuple(id(plugin) for plugin in ckan.plugins.core._PLUGINS_SERVICE.values())


def _plugins_current() -> bool:
    return bool(_cache.plugin_objects) and _loaded_objects() == _cache.plugin_objects


def _requested_plugins(request: pytest.FixtureRequest, provide_plugin: Any) -> tuple[list[str], bool]:
    """Plugin names added by ``with_plugins`` marks; True when a mark provides its own plugin class."""
    names: list[str] = []
    provided = False
    for plugin in itertools.chain.from_iterable(mark.args for mark in request.node.iter_markers("with_plugins")):
        if isinstance(plugin, str):
            names.append(plugin)
        elif isinstance(plugin, dict):
            provided = True
            for name, implementation in plugin.items():
                provide_plugin(name, implementation)
                names.append(name)
        else:
            raise AssertionError(f"Unexpected argument {plugin!r} for the with_plugins mark")
    return names, provided


@pytest.fixture(autouse=True)
def _unload_cached_plugins(request: pytest.FixtureRequest) -> None:
    """A test without ``with_plugins`` starts without the plugins a previous test left loaded."""
    if "with_plugins" not in request.fixturenames and _cache.plugin_objects:
        if _plugins_current():  # still ours: a class fixture may have loaded its own since
            ckan.plugins.unload_all()
        _cache.forget()


@pytest.fixture
def with_plugins(
    ckan_config: Any, provide_plugin: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[None]:
    """CKAN's ``with_plugins`` (same marks), reusing the plugins of an identically configured test."""
    names, provided = _requested_plugins(request, provide_plugin)
    current = ckan_config["ckan.plugins"]
    if isinstance(current, str):
        current = current.split()
    monkeypatch.setitem(ckan_config, "ckan.plugins", list(current) + names)
    wanted = _snapshot()
    if not provided and _plugins_current() and wanted == _cache.plugins_built_from:
        assert _cache.plugins_left is not None
        _restore(_cache.plugins_left)
    else:
        _cache.forget()
        ckan.plugins.load_all()
        if not provided:
            _cache.plugins_built_from = wanted
            _cache.plugins_left = _snapshot()
            _cache.plugin_objects = _loaded_objects()
    yield
    if provided:
        ckan.plugins.unload_all()
        _cache.forget()


@pytest.fixture
def app(make_app: Any, request: pytest.FixtureRequest) -> CKANTestApp:
    """CKAN's ``app``, reusing the Flask application of an identically configured test."""
    wanted = _snapshot()
    cached = "with_plugins" in request.fixturenames and _plugins_current()
    if cached and _cache.app is not None and wanted == _cache.app_built_from:
        assert _cache.app_left is not None
        _restore(_cache.app_left)
        middleware._internal_test_request_context = _cache.request_context
        app_globals.reset()
        return CKANTestApp(_cache.app)
    test_app = make_app()
    if cached and wanted == _cache.plugins_left:
        # The application reloaded the plugins from the configuration they were loaded with.
        _cache.plugin_objects = _loaded_objects()
        _cache.plugins_left = _snapshot()
        _cache.app = test_app.app
        _cache.app_built_from = wanted
        _cache.app_left = _cache.plugins_left
        _cache.request_context = middleware._internal_test_request_context
    elif "with_plugins" in request.fixturenames:
        # Settings changed between loading the plugins and building the app: the reloaded
        # plugins no longer match what ``with_plugins`` recorded. Build both afresh next time.
        _cache.forget()
        _cache.plugin_objects = _loaded_objects()
    else:
        _cache.forget()
    return test_app

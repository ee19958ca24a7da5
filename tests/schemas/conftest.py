"""Fixtures of the schema tests: a department with an editor, complete datasets per type, form posting."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import ckan.plugins as plugins
import pytest
from ckan.cli.db import _get_pending_plugins
from ckan.tests import factories

from tests.schemas import data


@pytest.fixture
def clean_db(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None]) -> None:
    """CKAN's ``clean_db`` plus the tables of every loaded plugin (activity, harvest, jena ...)."""
    _reset(reset_db, migrate_db_for)


def _reset(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None]) -> None:
    reset_db()
    for plugin in _get_pending_plugins():
        migrate_db_for(plugin)


@pytest.fixture(scope="class")
def shared_department(
    reset_db: Callable[[], None], migrate_db_for: Callable[[str], None], reset_index: Callable[[], None]
) -> SimpleNamespace:
    """One clean database per test class with a department and its editor, for tests that must not write.

    Each such test asserts that nothing was written, so the next one starts from the same state
    without paying for a database reset.
    """
    plugins.load_all()  # the migrations and the schemas belong to plugins; ``with_plugins`` is per test
    _reset(reset_db, migrate_db_for)
    reset_index()
    admin = factories.Sysadmin()
    editor = factories.User(name="redakteurin")
    department = factories.Organization(
        name="statistik-und-wahlen", user=admin, users=[{"name": editor["name"], "capacity": "editor"}]
    )
    return SimpleNamespace(sysadmin=admin, editor=editor, department=department)


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


PASSWORD = "Jena-Test-2024!"


@pytest.fixture
def editor() -> dict[str, Any]:
    return factories.User(name="redakteurin", fullname="Rita Redakteurin", password=PASSWORD)


@pytest.fixture
def department(sysadmin: dict[str, Any], editor: dict[str, Any]) -> dict[str, Any]:
    """The department ``statistik-und-wahlen`` with ``editor`` as an editor (not an admin)."""
    return factories.Organization(
        name="statistik-und-wahlen",
        title="Statistik und Wahlen",
        user=sysadmin,
        users=[{"name": editor["name"], "capacity": "editor"}],
    )


@pytest.fixture
def complete(department: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """``complete(kind, **changes)``: a publishable dataset of type ``kind`` owned by the department."""

    def build(kind: str = "dataset", **changes: Any) -> dict[str, Any]:
        return data.complete(kind, owner_org=department["id"], **changes)

    return build


class FormClient:
    """Posts CKAN forms as a person in a browser would: logged in through the login form, every
    POST carrying the CSRF token of the page it was sent from."""

    def __init__(self, app: Any, user: dict[str, Any], password: str = PASSWORD) -> None:
        self.app = app
        response = self.submit("/user/login", {"login": user["name"], "password": password})
        assert response.status_code == 302, "login failed"

    def get(self, url: str) -> Any:
        response = self.app.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    @staticmethod
    def csrf_token(page: str) -> str:
        match = re.search(r'<meta name="_csrf_token" content="([^"]+)"', page) or re.search(
            r'name="_csrf_token"[^>]*value="([^"]+)"', page
        )
        assert match, "the page has no CSRF token"
        return match.group(1)

    def submit(self, form_url: str, fields: dict[str, Any], post_url: str | None = None) -> Any:
        """GET ``form_url`` for a fresh token, then POST ``fields`` (lists become repeated fields)."""
        token = self.csrf_token(self.get(form_url).body)
        return self.app.post(post_url or form_url, data={**fields, "_csrf_token": token}, follow_redirects=False)


@pytest.fixture
def form(app: Any, editor: dict[str, Any], department: dict[str, Any]) -> FormClient:
    """Form client logged in as the department's editor."""
    return FormClient(app, editor)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ckan_config(name, value): CKAN setting for one test (CKAN's pytest plugin)")

"""Fixtures of the hostile-input tests: one department, its editor and a released dataset per class.

The tests here assert that nothing was written, so a class shares one database state
(reset once per class) instead of paying for a reset per test.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import ckan.plugins as plugins
import pytest
from ckan import model
from ckan.cli.db import _get_pending_plugins
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.release import workflow
from tests.auth import auth_headers
from tests.schemas import data


@pytest.fixture(scope="class")
def portal(
    reset_db: Callable[[], None], migrate_db_for: Callable[[str], None], reset_index: Callable[[], None]
) -> SimpleNamespace:
    """A department with an editor (API token headers), a sysadmin and one released dataset."""
    plugins.load_all()
    reset_db()
    for plugin in _get_pending_plugins():
        migrate_db_for(plugin)
    reset_index()
    admin = factories.Sysadmin()
    editor = factories.User(name="redakteurin")
    department = factories.Organization(
        name="statistik-und-wahlen", user=admin, users=[{"name": editor["name"], "capacity": "editor"}]
    )
    dataset = call_action(
        "package_create", {"user": editor["name"]}, **data.complete("dataset", owner_org=department["id"])
    )
    workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Testdaten", actor_id=admin["id"])
    model.Session.remove()
    return SimpleNamespace(
        sysadmin=admin,
        editor=editor,
        department=department,
        dataset=call_action("package_show", {"user": admin["name"]}, id=dataset["id"]),
        editor_headers=auth_headers(editor),
        admin_headers=auth_headers(admin),
    )


def package_count() -> int:
    return model.Session.query(model.Package).count()


def assert_session_clean(app: Any, portal: SimpleNamespace) -> None:
    """The next ordinary requests on the same app (same worker thread) still work."""
    name = portal.dataset["name"]
    assert app.get(f"/dataset/{name}.rdf").status_code == 200
    answer = app.post("/api/action/package_show", json={"id": name}, headers=portal.editor_headers)
    assert answer.status_code == 200, answer.body[:500]
    assert app.get(f"/dataset/{name}").status_code == 200

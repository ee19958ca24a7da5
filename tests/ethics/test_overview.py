"""The overview for data managers: outdated answers after the default two years (published
datasets too), and the way there from "Meine Aufgaben"."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.ethics import store
from tests.auth import auth_headers
from tests.ethics.support import PASSING, update
from tests.release.support import People, context, make_dataset, publish

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _answered_days_ago(dataset: dict[str, Any], days: int) -> None:
    row = store.get(dataset["id"])
    assert row is not None
    row.updated_at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)
    model.Session.commit()


def _listed(people: People) -> dict[str, str]:
    result = call_action("jena_checklist_overview", context(people.admin))
    return {entry["name"]: entry["status"] for entry in result["datasets"]}


def test_answers_count_for_two_years_by_default_also_for_published_datasets(people: People) -> None:
    recent = make_dataset(people)
    update(people, recent, PASSING)
    publish(people, recent)
    old = make_dataset(people)
    update(people, old, PASSING)
    publish(people, old)
    _answered_days_ago(recent, 729)
    _answered_days_ago(old, 731)

    assert _listed(people) == {old["name"]: "outdated_age"}


def test_data_managers_find_the_overview_from_their_tasks(app: Any, people: People) -> None:
    page = app.get("/aufgaben", headers=auth_headers(people.admin)).get_data(as_text=True)
    assert 'href="/ethik/uebersicht"' in page and "Datenethik: offene Checklisten" in page
    page = app.get("/aufgaben", headers=auth_headers(people.editor)).get_data(as_text=True)
    assert "/ethik/uebersicht" not in page

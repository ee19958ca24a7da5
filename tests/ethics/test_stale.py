"""Issue 20 (5): only changes that touch what the checklist judged make it stale; saving such a
change says so; a stale checklist blocks submission (server side and on the release page) with
the way to the checklist."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.ethics import store
from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.ethics.support import PASSING, update
from tests.release.support import People, approve, context, events, make_dataset, release_state, submit

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

STALE = (
    "Seit der Beantwortung wurden Ressourcen ersetzt oder Felder mit Bezug zu personenbezogenen Daten "
    "geändert; bitte die Checkliste prüfen und erneut speichern."
)


def _replace_file(people: People, dataset: dict[str, Any]) -> None:
    resource = dataset["resources"][0]
    call_action("resource_patch", context(people.editor), id=resource["id"], url="https://example.org/neu.csv")


def test_correcting_the_time_covered_keeps_the_answers_valid(people: People) -> None:
    dataset = make_dataset(people, temporal_start="2024-01-04")
    update(people, dataset, PASSING)
    call_action("package_patch", context(people.editor), id=dataset["id"], temporal_start="2024-04-01")
    model.Session.rollback()
    assert not store.is_stale(dataset["id"], call_action("package_show", context(people.editor), id=dataset["id"]))
    submit(people, dataset)
    approve(people, dataset)
    assert release_state(dataset) == states.PUBLISHED


def test_checklists_saved_with_the_old_fingerprint_stay_valid(people: People) -> None:
    dataset = make_dataset(people, temporal_start="2024-01-04")
    update(people, dataset, PASSING)
    row = store.get(dataset["id"])
    package = call_action("package_show", context(people.editor), id=dataset["id"])
    row.fingerprint = store._fingerprint(package, store._LEGACY_FIELDS)
    model.Session.commit()
    assert not store.is_stale(dataset["id"], package)


def test_submitting_with_a_stale_checklist_is_refused_and_nothing_is_written(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    _replace_file(people, dataset)
    before = len(events(dataset))
    with pytest.raises(tk.ValidationError) as error:
        submit(people, dataset)
    assert error.value.error_dict == {"ethics": [STALE]}
    assert release_state(dataset) == states.DRAFT
    assert len(events(dataset)) == before
    update(people, dataset, PASSING)  # reviewed and saved again: the answers fit the data
    submit(people, dataset)
    assert release_state(dataset) == states.IN_REVIEW


def test_release_page_offers_the_checklist_instead_of_the_submit_button(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    headers = auth_headers(people.editor)
    body = app.get(f"/dataset/{dataset['name']}/freigabe", headers=headers).get_data(as_text=True)
    assert "Zur Prüfung einreichen" in body and "jena-release-submit-blocked" not in body
    _replace_file(people, dataset)
    body = app.get(f"/dataset/{dataset['name']}/freigabe", headers=headers).get_data(as_text=True)
    blocked = body[body.index('class="alert alert-warning jena-release-submit-blocked"') :]
    blocked = blocked[: blocked.index("</div>")]
    assert "Einreichen ist noch nicht möglich:" in blocked and STALE in blocked
    assert f'href="/dataset/{dataset["name"]}/ethik"' in blocked and "Zur Datenethik-Checkliste" in blocked
    assert "Zur Prüfung einreichen" not in body


def test_saving_a_replaced_file_says_the_checklist_needs_a_review(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    headers = auth_headers(people.editor)
    resource = dataset["resources"][0]
    url = f"/dataset/{dataset['name']}/resource/{resource['id']}/edit"
    fields = {"name": resource["name"], "url": "https://example.org/neu.csv", "format": "CSV", "save": ""}
    response = app.post(url, data=fields, headers=headers, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ihre Änderung betrifft die Datenethik-Checkliste" in body
    notice = body[body.index("Ihre Änderung betrifft die Datenethik-Checkliste") :][:600]
    assert f'<a href="/dataset/{dataset["name"]}/ethik">Zur Datenethik-Checkliste</a>' in notice


def test_saving_an_unrelated_change_says_nothing_about_the_checklist(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    headers = auth_headers(people.editor)
    resource = dataset["resources"][0]
    url = f"/dataset/{dataset['name']}/resource/{resource['id']}/edit"
    fields = {"name": "Bäume als Tabelle", "url": resource["url"], "format": "CSV", "save": ""}
    response = app.post(url, data=fields, headers=headers, follow_redirects=True)
    assert response.status_code == 200
    assert "Ihre Änderung betrifft die Datenethik-Checkliste" not in response.get_data(as_text=True)

"""Issue 20 (8, 9): the department is never left at a dead end. A draft's page says what is
missing and offers the next step; a change to a published dataset says it needs review."""

from __future__ import annotations

import pytest

from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.support import COMPLETE_FIELDS, dataset_in_state, make_dataset

COMPLETE_NOTES = COMPLETE_FIELDS["notes"]


def _page(app, url, user):
    response = app.get(url, headers=auth_headers(user))
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDraftPageOffersTheNextStep:
    def test_empty_draft_asks_for_data_with_a_button(self, app, people):
        dataset = make_dataset(people, resources=[])
        body = _page(app, f"/dataset/{dataset['name']}", people.editor)
        step = body[body.index('class="alert alert-info jena-next-step"') :]
        step = step[: step.index("</section>")]
        assert "Dieser Datensatz ist noch nicht öffentlich (Zustand: Entwurf)." in step
        assert "Es fehlen noch die Daten selbst (eine Datei oder ein Link)." in step
        assert f'href="/dataset/{dataset["name"]}/resource/new"' in step and "Daten hinzufügen" in step
        assert f'href="/dataset/{dataset["name"]}/freigabe"' in step
        assert "Dieser Datensatz enthält noch keine Daten." in body
        assert "This dataset has no data" not in body and "Dieser Datensatz hat keine Daten" not in body

    def test_complete_draft_leads_to_submission_and_state_is_german(self, app, people):
        dataset = make_dataset(people)
        body = _page(app, f"/dataset/{dataset['name']}", people.editor)
        assert "Zur Freigabe: prüfen und einreichen" in body
        assert "Es fehlen noch die Daten selbst" not in body
        state_row = body[body.index(">Status<") if ">Status<" in body else body.index(">State<") :][:400]
        assert "Entwurf" in state_row and ">draft<" not in body

    def test_draft_page_shows_the_review_state_not_private(self, app, people):
        dataset = make_dataset(people)
        body = _page(app, f"/dataset/{dataset['name']}", people.editor)
        heading = body[body.index("jena-release-state jena-release-state-draft") :][:300]
        assert "Entwurf" in heading
        assert "fa-lock" not in body[body.index('class="alert alert-info jena-next-step"') :]
        assert COMPLETE_NOTES in body  # the description is still shown

    def test_published_dataset_has_no_next_step_box(self, app, people):
        dataset = dataset_in_state(people, states.PUBLISHED)
        assert "jena-next-step" not in _page(app, f"/dataset/{dataset['name']}", people.editor)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestChangesToPublishedDatasets:
    def test_edit_form_says_changes_go_to_review(self, app, people):
        dataset = dataset_in_state(people, states.PUBLISHED)
        body = _page(app, f"/dataset/edit/{dataset['name']}", people.editor)
        assert "Dieser Datensatz ist veröffentlicht. Ihre Änderungen werden erst sichtbar, wenn Sie sie" in body
        draft = make_dataset(people)
        assert "jena-edit-published-hint" not in _page(app, f"/dataset/edit/{draft['name']}", people.editor)

    def test_unsubmitted_change_is_not_called_waiting_for_release(self, app, people):
        dataset = dataset_in_state(people, states.REVISION_DRAFT)
        body = _page(app, f"/dataset/{dataset['name']}", people.editor)
        assert "Eine Änderung ist gespeichert, aber noch nicht zur Prüfung eingereicht." in body
        assert "Eine Änderung wartet auf Freigabe" not in body
        assert "Zur Freigabe: prüfen und einreichen" in body
        submitted = dataset_in_state(people, states.REVISION_IN_REVIEW)
        assert "Eine Änderung wartet auf Freigabe" in _page(app, f"/dataset/{submitted['name']}", people.editor)

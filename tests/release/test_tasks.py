"""\"Meine Aufgaben\": the review queue, the author's open items and the counts per state."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.support import context, dataset_in_state, make_dataset, submit


def _names(result):
    return sorted(item["name"] for item in result["results"])


@pytest.fixture
def landscape(people):
    """One dataset per interesting state in the department, one in review elsewhere."""
    made = {
        state: dataset_in_state(people, state)
        for state in (
            states.DRAFT,
            states.IN_REVIEW,
            states.CHANGES_REQUESTED,
            states.PUBLISHED,
            states.REVISION_IN_REVIEW,
        )
    }
    own = make_dataset(people, user=people.admin)
    submit(people, own, user=people.admin)  # the data manager's own submission
    made["own"] = own
    elsewhere = make_dataset(people, owner_org=people.other_org["id"], user=people.sysadmin)
    submit(people, elsewhere, user=people.sysadmin)
    made["elsewhere"] = elsewhere
    return made


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestQueue:
    def test_review_queue_of_a_data_manager(self, people, landscape):
        queue = call_action("jena_release_queue", context(people.admin), task="review")
        # four-eyes: the own submission is for somebody else to review
        assert _names(queue) == sorted(
            [landscape[states.IN_REVIEW]["name"], landscape[states.REVISION_IN_REVIEW]["name"]]
        )
        assert queue["counts"] == {
            "draft": 1,
            "in_review": 2,
            "changes_requested": 1,
            "approved": 0,
            "published": 1,
            "revision_draft": 0,
            "revision_in_review": 1,
            "revision_changes_requested": 0,
            "withdrawn": 0,
        }
        other = call_action("jena_release_queue", context(people.admin2), task="review")
        assert landscape["own"]["name"] in _names(other)

    def test_central_team_reviews_every_department_but_not_their_drafts(self, people, landscape):
        queue = call_action("jena_release_queue", context(people.central), task="review")
        assert landscape["elsewhere"]["name"] in _names(queue) and landscape["own"]["name"] in _names(queue)
        assert queue["counts"]["draft"] == 0
        assert queue["counts"]["in_review"] == 3

    def test_author_tasks_and_filters(self, people, landscape):
        mine = call_action("jena_release_queue", context(people.editor), task="author")
        assert _names(mine) == sorted([landscape[states.DRAFT]["name"], landscape[states.CHANGES_REQUESTED]["name"]])
        assert call_action("jena_release_queue", context(people.editor), task="review")["results"] == []
        published = call_action("jena_release_queue", context(people.member), state="published")
        assert _names(published) == [landscape[states.PUBLISHED]["name"]]
        assert call_action("jena_release_queue", context(people.outsider))["count"] == 0
        other = call_action("jena_release_queue", context(people.other_admin))
        assert _names(other) == [landscape["elsewhere"]["name"]]

    def test_tasks_page_in_german(self, app, people, landscape):
        response = app.get("/aufgaben", headers=auth_headers(people.admin))
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        for text in ("Meine Aufgaben", "Datensätze nach Zustand", "Zu prüfen", "Entwürfe und Rückfragen", "In Prüfung"):
            assert text in body
        assert f"/dataset/{landscape[states.IN_REVIEW]['name']}/freigabe" in body
        assert app.get("/aufgaben").status_code == 403


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestPeopleLearnOfTheirTasks:
    """Issue 20.1: nobody found "Meine Aufgaben"; the department saw "Privat"; a mail was claimed."""

    def test_header_entry_with_count_for_everyone_in_the_workflow(self, app, people, landscape):
        reviewer = app.get("/dataset", headers=auth_headers(people.admin)).get_data(as_text=True)
        assert 'class="jena-header-tasks"' in reviewer and 'href="/aufgaben"' in reviewer
        # in review, revision in review; plus the department's draft and returned dataset
        badge = '<span class="badge bg-light text-dark jena-header-task-count">4<span class="visually-hidden">'
        assert f"{badge} wartende Aufgaben" in reviewer
        editor = app.get("/dataset", headers=auth_headers(people.editor)).get_data(as_text=True)
        assert 'jena-header-task-count">2<' in editor
        outsider = app.get("/dataset", headers=auth_headers(people.outsider)).get_data(as_text=True)
        assert "jena-header-tasks" not in outsider  # no department, no reviewer: no entry
        assert "jena-header-tasks" not in app.get("/dataset").get_data(as_text=True)

    def test_department_page_shows_the_release_state_not_private(self, app, people, landscape):
        body = app.get(f"/organization/{people.org['name']}", headers=auth_headers(people.editor)).get_data(
            as_text=True
        )
        for state in ("Entwurf", "In Prüfung", "Änderungen angefordert"):
            assert f"</i>\n      {state}\n    </span>" in body
        assert ">Private<" not in body and "Privat\n" not in body

    def test_news_tell_the_author_what_happened_without_mail(self, app, people, landscape):
        body = app.get("/aufgaben", headers=auth_headers(people.editor)).get_data(as_text=True)
        assert "Neuigkeiten zu Ihren Datensätzen" in body
        assert "Das Portal verschickt keine E-Mails" in body
        news = body[body.index('class="list-unstyled jena-release-news"') :]
        assert "Änderungen angefordert" in news and "Bitte Lizenz prüfen." in news


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestNoClaimOfAMailThatWasNotSent:
    def test_request_changes_without_mail_server(self, app, people):
        dataset = dataset_in_state(people, states.IN_REVIEW)
        response = app.post(
            f"/dataset/{dataset['name']}/freigabe/request_changes",
            data={"comment": "Bitte Zeitraum ergänzen."},
            headers=auth_headers(people.admin),
            follow_redirects=True,
        )
        body = response.get_data(as_text=True)
        assert "Die Änderungswünsche sind gespeichert. Die Autor:innen sehen sie unter „Aufgaben“." in body
        assert "geschickt" not in body and "E-Mail-Benachrichtigung" not in body

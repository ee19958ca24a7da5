"""The invariant, channel by channel: only released datasets reach the public, and only
in their approved version."""

from __future__ import annotations

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.channels import ACTIVITY_CHANNELS, ALL_CHANNELS, DISCOVERY_CHANNELS, observe
from tests.release.support import add_to_group, context, dataset_in_state, edit, make_dataset, publish, submit, withdraw

UNRELEASED = (states.DRAFT, states.IN_REVIEW, states.CHANGES_REQUESTED, states.APPROVED, states.WITHDRAWN)
# Every dataset here carries a keyword of its own, so the tag channel (tag_list) can show it.
OWN_TAG = "sichtbarkeitsprobe"


def _group(people):
    group = factories.Group(name="umwelt-und-natur", title="Umwelt und Natur", user=people.sysadmin)
    return group


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestEveryChannel:
    @pytest.mark.parametrize("state", UNRELEASED)
    def test_unreleased_dataset_is_nowhere(self, app, people, state):
        group = _group(people)
        dataset = make_dataset(people, tag_string=OWN_TAG)
        add_to_group(people, group, dataset)
        dataset = dataset_in_state_from(people, dataset, state)
        seen = observe(app, dataset, people.org, group)
        assert seen.showing() == []
        assert sorted(seen.visible) == sorted(ALL_CHANNELS)
        assert seen.counts == {"organization_show": 0, "organization_list": 0}

    def test_released_dataset_is_everywhere(self, app, people):
        group = _group(people)
        dataset = make_dataset(people, tag_string=OWN_TAG)
        add_to_group(people, group, dataset)
        publish(people, dataset)
        seen = observe(app, dataset, people.org, group)
        assert [name for name in DISCOVERY_CHANNELS if not seen.visible[name]] == []
        assert seen.counts == {"organization_show": 1, "organization_list": 1}

    @pytest.mark.parametrize("state", sorted(states.REVISION_STATES))
    def test_pending_revision_shows_only_the_approved_version(self, app, people, state):
        group = _group(people)
        dataset = make_dataset(people, notes="Freigegebene Beschreibung", tag_string=OWN_TAG)
        add_to_group(people, group, dataset)
        publish(people, dataset)
        edit(people, dataset, notes="GEHEIMER ENTWURF der Beschreibung")
        if state != states.REVISION_DRAFT:
            submit(people, dataset)
        if state == states.REVISION_CHANGES_REQUESTED:
            call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Noch nicht.")
        seen = observe(app, dataset, people.org, group)
        assert [name for name in DISCOVERY_CHANNELS if not seen.visible[name]] == []
        assert seen.leaking("GEHEIMER ENTWURF") == []
        assert "Freigegebene Beschreibung" in seen.texts["package_show"]
        assert "Freigegebene Beschreibung" in seen.texts["dcat_dataset"]

    def test_withdrawal_also_hides_the_activities_recorded_while_public(self, app, people):
        group = _group(people)
        dataset = make_dataset(people, tag_string=OWN_TAG)
        add_to_group(people, group, dataset)
        publish(people, dataset)
        edit(people, dataset, notes="Korrigierte Beschreibung")
        submit(people, dataset)
        call_action("jena_release_approve", context(people.admin), id=dataset["id"])
        before = observe(app, dataset, people.org, group, pages=False)
        assert before.visible["package_activity_list"]  # the approved change is public news
        withdraw(people, dataset)
        after = observe(app, dataset, people.org, group)
        assert [name for name in ACTIVITY_CHANNELS if after.visible[name]] == []
        assert after.showing() == []


def dataset_in_state_from(people, dataset, state):
    """Move an existing draft into ``state`` (the same steps as ``dataset_in_state``)."""
    if state == states.DRAFT:
        return dataset
    if state == states.WITHDRAWN:
        publish(people, dataset)
        withdraw(people, dataset)
        return dataset
    submit(people, dataset)
    if state == states.CHANGES_REQUESTED:
        call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Bitte ergänzen.")
    elif state == states.APPROVED:
        from tests.release.support import approve, future

        approve(people, dataset, release_at=future())
    return dataset


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestWhoSeesWhat:
    def test_withdrawn_page_says_since_when_and_nothing_else(self, app, people):
        dataset = make_dataset(people, notes="Interne Beschreibung")
        publish(people, dataset)
        withdraw(people, dataset, reason="Vertraulicher Grund")
        response = app.get(f"/dataset/{dataset['name']}")
        body = response.get_data(as_text=True)
        assert response.status_code == 410
        assert "Dieser Datensatz wurde zurückgezogen" in body
        assert f"Der Datensatz „{dataset['name']}“ ist seit" in body
        assert "Vertraulicher Grund" not in body
        assert "Interne Beschreibung" not in body
        assert app.get(f"/dataset/{dataset['id']}.ttl").status_code == 404
        public = call_action("jena_release_show", context(None), id=dataset["id"])
        assert sorted(public) == ["name", "package_id", "state", "state_label", "withdrawn_at"]

    def test_department_keeps_seeing_its_withdrawn_dataset(self, app, people):
        dataset = dataset_in_state(people, states.WITHDRAWN)
        response = app.get(f"/dataset/{dataset['name']}", headers=auth_headers(people.editor))
        assert response.status_code == 200

    def test_department_and_central_team_see_what_they_work_on(self, people):
        draft = make_dataset(people)
        in_review = dataset_in_state(people, states.IN_REVIEW)

        def found(user, dataset):
            result = call_action(
                "package_search", context(user), q=f"name:{dataset['name']}", include_private=True, include_drafts=True
            )
            return result["count"] == 1

        assert found(people.member, draft) and found(people.member, in_review)
        assert not found(people.central, draft)  # a department's drafts are its own
        assert found(people.central, in_review)
        assert not found(people.other_admin, in_review) and not found(people.outsider, in_review)
        call_action("package_show", context(people.central), id=in_review["id"])
        with pytest.raises(Exception) as raised:
            call_action("package_show", context(people.central), id=draft["id"])
        assert type(raised.value).__name__ == "NotFound"  # as for a missing dataset (issue 12)

    def test_public_release_facts_only(self, people):
        dataset = dataset_in_state(people, states.REVISION_IN_REVIEW)
        public = call_action("jena_release_show", context(None), id=dataset["id"])
        assert sorted(public) == ["last_reviewed_at", "name", "package_id", "published_at", "state", "state_label"]
        assert public["state"] == states.PUBLISHED  # the pending revision is nobody else's business
        assert public["published_at"] and public["last_reviewed_at"]
        draft = make_dataset(people)
        with pytest.raises(Exception) as raised:
            call_action("jena_release_show", context(people.outsider), id=draft["id"])
        assert type(raised.value).__name__ == "NotFound"  # as for a missing dataset (issue 12)

    def test_dataset_page_shows_the_two_public_dates(self, app, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        body = app.get(f"/dataset/{dataset['name']}").get_data(as_text=True)
        assert "Veröffentlicht am" in body and "Zuletzt geprüft am" in body
        assert "Prüfverlauf" not in body and "Freigabe und Prüfverlauf" not in body

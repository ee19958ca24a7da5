"""Channels an independent probe found open (issue 12, items 1–5 and 7), one test each:
tags, member lists, resource-view activities, resource history, existence oracles.

Each asks as anonymous, a plain registered user and another department's editor (who
must all see the same as for a missing dataset), and where it matters checks that the
department still sees its own data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action

from tests.auth import auth_headers
from tests.release.support import (
    People,
    add_to_group,
    context,
    dataset_in_state,
    edit,
    make_dataset,
    publish,
    states,
    withdraw,
)

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _outsiders(people: People) -> list[dict[str, Any] | None]:
    return [None, people.outsider, people.other_admin]


def _call(user: dict[str, Any] | None, action: str, **data: Any) -> Any:
    return call_action(action, context(user), **data)


def _answer(user: dict[str, Any] | None, action: str, **data: Any) -> str:
    """What the action tells ``user`` (as JSON text), or the refusal."""
    try:
        return json.dumps(_call(user, action, **data), default=str)
    except Exception as error:
        assert type(error).__name__ in ("NotAuthorized", "NotFound"), error
        return type(error).__name__


def _refusal(user: dict[str, Any] | None, action: str, **data: Any) -> str:
    with pytest.raises(Exception) as raised:
        _call(user, action, **data)
    return f"{type(raised.value).__name__}: {raised.value}"


def _not_found(user: dict[str, Any] | None, action: str, **data: Any) -> str:
    """The action refuses with NotFound; returns its message."""
    with pytest.raises(Exception) as raised:
        _call(user, action, **data)
    assert type(raised.value).__name__ == "NotFound", (action, user, raised.value)
    return str(raised.value)


def _image_view(people: People, dataset: dict[str, Any], title: str) -> dict[str, Any]:
    return call_action(
        "resource_view_create",
        context(people.editor),
        resource_id=dataset["resources"][0]["id"],
        view_type="image_view",
        title=title,
        description=f"Beschreibung {title}",
        image_url="https://example.org/bild.png",
    )


class TestTags:
    """Item 1: tags of unreleased datasets are not part of the public vocabulary."""

    def test_only_tags_of_released_datasets_exist_for_outsiders(self, app: Any, people: People) -> None:
        secret = {}
        for state in (states.DRAFT, states.IN_REVIEW, states.CHANGES_REQUESTED, states.APPROVED, states.WITHDRAWN):
            tag = f"geheim-{state}".replace("_", "-")
            dataset_in_state(people, state, tag_string=tag)
            secret[state] = tag
        dataset_in_state(people, states.PUBLISHED, tag_string="oeffentlich-baum")
        revised = dataset_in_state(people, states.PUBLISHED, tag_string="oeffentlich-zwei")
        edit(people, revised, tag_string="oeffentlich-zwei,geheim-revision")
        model.Session.rollback()
        hidden = [*secret.values(), "geheim-revision"]

        for user in [*_outsiders(people), people.editor]:
            names = _call(user, "tag_list")
            assert sorted(names) == ["oeffentlich-baum", "oeffentlich-zwei"], user
            full = _call(user, "tag_list", all_fields=True)
            assert sorted(item["name"] for item in full) == ["oeffentlich-baum", "oeffentlich-zwei"]
            assert _call(user, "tag_list", query="geheim") == []
            assert _call(user, "tag_autocomplete", q="geheim") == []
            assert _call(user, "tag_autocomplete", q="oeffentlich") == ["oeffentlich-baum", "oeffentlich-zwei"]
            assert _call(user, "tag_search", query="geheim") == {"count": 0, "results": []}
            assert _call(user, "tag_search", query="baum")["count"] == 1
            for tag in hidden:
                assert _not_found(user, "tag_show", id=tag) == _not_found(user, "tag_show", id="gibt-es-nicht")
            assert _call(user, "tag_show", id="oeffentlich-baum")["name"] == "oeffentlich-baum"

        body = app.get("/api/2/util/tag/autocomplete?incomplete=geheim").get_data(as_text=True)
        assert json.loads(body) == {"ResultSet": {"Result": []}}
        body = app.get("/api/2/util/tag/autocomplete?incomplete=oeffentlich").get_data(as_text=True)
        assert [item["Name"] for item in json.loads(body)["ResultSet"]["Result"]] == [
            "oeffentlich-baum",
            "oeffentlich-zwei",
        ]


class TestMemberList:
    """Item 2: ``member_list`` of an organization or group names only datasets the user may read."""

    def test_unreleased_datasets_are_not_members_for_outsiders(self, people: People) -> None:
        draft = make_dataset(people)
        withdrawn = dataset_in_state(people, states.WITHDRAWN)
        released = dataset_in_state(people, states.PUBLISHED)
        group = call_action("group_create", context(people.sysadmin), name="umwelt-gruppe")
        for dataset in (draft, withdrawn, released):
            add_to_group(people, group, dataset)
        for container in (people.org["id"], group["id"]):
            for user in _outsiders(people):
                members = _call(user, "member_list", id=container, object_type="package")
                assert [member[0] for member in members] == [released["id"]], (container, user)
            department = _call(people.editor, "member_list", id=container, object_type="package")
            assert sorted(member[0] for member in department) == sorted(
                dataset["id"] for dataset in (draft, withdrawn, released)
            )


class TestResourceViewActivities:
    """Items 3 and 4: "new resource view" activities of unreleased datasets stay with the department."""

    def test_user_activity_list_hides_views_of_unreleased_datasets(self, app: Any, people: People) -> None:
        draft = make_dataset(people)
        _image_view(people, draft, "Ansicht-ENTWURF-x71")
        withdrawn = dataset_in_state(people, states.WITHDRAWN)
        _image_view(people, withdrawn, "Ansicht-ZURUECK-x72")

        for user in _outsiders(people):
            text = _answer(user, "user_activity_list", id=people.editor["id"])
            assert "ENTWURF-x71" not in text and "ZURUECK-x72" not in text, user
            assert "resource view" not in text
        for headers in ({}, auth_headers(people.outsider), auth_headers(people.other_admin)):
            page = app.get(f"/user/activity/{people.editor['name']}", headers=headers).get_data(as_text=True)
            assert "ENTWURF-x71" not in page and draft["id"] not in page
            assert "ZURUECK-x72" not in page and withdrawn["id"] not in page
        department = json.dumps(_call(people.editor2, "user_activity_list", id=people.editor["id"]))
        assert "ENTWURF-x71" in department and "ZURUECK-x72" in department

    def test_dashboard_of_a_follower_hides_views_added_after_withdrawal(self, people: People) -> None:
        dataset = dataset_in_state(people, states.PUBLISHED)
        _call(people.outsider, "follow_dataset", id=dataset["id"])
        withdraw(people, dataset)
        _image_view(people, dataset, "Ansicht-NACH-RUECKZUG-x74")
        text = json.dumps(_call(people.outsider, "dashboard_activity_list"))
        assert "NACH-RUECKZUG-x74" not in text
        assert "NACH-RUECKZUG-x74" in json.dumps(_call(people.editor2, "package_activity_list", id=dataset["id"]))


class TestResourceHistory:
    """Item 5: the resource history page checks the activity like the dataset history page."""

    def test_draft_time_activity_of_a_published_dataset_is_not_shown(self, app: Any, people: People) -> None:
        dataset = make_dataset(people, notes="Entwurfstext-GEHEIM-x75")
        draft_activity = _call(people.editor, "package_activity_list", id=dataset["id"])[-1]
        edit(people, dataset, notes="Freigegebener Text")
        publish(people, dataset)
        resource_id = dataset["resources"][0]["id"]
        url = f"/dataset/{dataset['id']}/resources/{resource_id}/history/{draft_activity['id']}"
        for headers in ({}, auth_headers(people.outsider), auth_headers(people.other_admin)):
            response = app.get(url, headers=headers)
            assert response.status_code == 404
            assert "GEHEIM-x75" not in response.get_data(as_text=True)
        assert "GEHEIM-x75" in app.get(url, headers=auth_headers(people.editor2)).get_data(as_text=True)


class TestExistenceOracles:
    """Item 7: outsiders cannot tell an unreleased dataset from a missing one."""

    def test_package_show_and_release_show_answer_like_for_a_missing_dataset(self, app: Any, people: People) -> None:
        draft = make_dataset(people)
        missing = "00000000-0000-0000-0000-000000000000"
        for user in _outsiders(people):
            for action in ("package_show", "jena_release_show", "dataset_follower_count"):
                message = _refusal(user, action, id=draft["id"])
                assert message == _refusal(user, action, id=missing), (action, user)
                assert draft["id"] not in message
            assert _not_found(user, "resource_show", id=draft["resources"][0]["id"]) == _not_found(
                user, "resource_show", id=missing
            )
        for action in ("package_show", "jena_release_show", "resource_show"):
            reference = draft["resources"][0]["id"] if action == "resource_show" else draft["id"]
            unreleased = app.get(f"/api/3/action/{action}?id={reference}")
            absent = app.get(f"/api/3/action/{action}?id={missing}")
            assert (unreleased.status_code, unreleased.json["error"]) == (absent.status_code, absent.json["error"])
            assert unreleased.status_code == 404
        assert app.get(f"/dataset/{draft['id']}").status_code == app.get(f"/dataset/{missing}").status_code == 404
        assert _call(people.editor, "dataset_follower_count", id=draft["id"]) == 0

    def test_catalog_last_modified_ignores_edits_of_unreleased_datasets(self, app: Any, people: People) -> None:
        dataset_in_state(people, states.PUBLISHED)
        draft = make_dataset(people)
        before = app.get("/catalog.ttl").headers.get("Last-Modified")
        assert before
        model.Session.execute(
            model.package_table.update()
            .where(model.package_table.c.id == draft["id"])
            .values(metadata_modified=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=3))
        )
        model.Session.commit()  # as if the draft had been edited three days from now
        assert app.get("/catalog.ttl").headers.get("Last-Modified") == before

    def test_memberships_of_others_are_not_listed(self, people: People) -> None:
        for user in _outsiders(people):
            assert _call(user, "organization_list_for_user", id=people.editor["id"], permission="read") == []
        own = _call(people.editor, "organization_list_for_user", id=people.editor["id"], permission="read")
        assert [org["name"] for org in own] == [people.org["name"]]
        assert len(_call(people.sysadmin, "organization_list_for_user", id=people.editor["id"])) == 1

"""Helpers of the release-workflow tests: a department with its people, a second
department, the central data team and datasets that satisfy the Jena schema."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.jena.model import JenaReleaseEvent
from ckanext.jena.release import states, store

CENTRAL_TEAM = "zentrales-datenteam"
PASSWORD = "Baumkataster-2031"  # every user of make_people() (the browser tests log in with it)

# The fields the Jena schemas require for publication (docs/field-contract.md keys only).
COMPLETE_FIELDS: dict[str, Any] = {
    "notes": "Alle Straßen- und Parkbäume der Stadt Jena mit Art, Pflanzjahr und Standort.",
    "theme": ["ENVI"],
    "jena_category": ["environment"],
    "frequency": "ANNUAL",
    "data_steward": "Fachdienst Umweltschutz",
    "contact_point_email": "umwelt@jena.de",
    "attribution_text": "Stadt Jena, Fachdienst Umweltschutz",
    "resources": [{"name": "Bäume (CSV)", "url": "https://example.org/baeume.csv", "format": "CSV"}],
}

_counter = itertools.count(1)

# The release tests answer the data-ethics checklist of every dataset they create, so the
# ``ethics`` gate passes (tests/ethics tests that gate and leave this off, as does any other
# folder reusing these helpers). tests/release/conftest.py switches it on.
ANSWER_CHECKLIST = False


@dataclass
class People:
    """Everybody the workflow distinguishes (user dicts), plus the two departments."""

    org: dict[str, Any]
    other_org: dict[str, Any]
    editor: dict[str, Any]
    editor2: dict[str, Any]
    member: dict[str, Any]
    admin: dict[str, Any]
    admin2: dict[str, Any]
    other_admin: dict[str, Any]
    central: dict[str, Any]
    sysadmin: dict[str, Any]
    outsider: dict[str, Any]

    def by_role(self, role: str) -> dict[str, Any] | None:
        return None if role == "anonymous" else getattr(self, role)


def context(user: dict[str, Any] | None) -> dict[str, Any]:
    """A fresh action context for ``user`` (None: anonymous)."""
    return {"user": user["name"] if user else "", "ignore_auth": False}


def make_people() -> People:
    editor = factories.User(name="erika-editor", fullname="Erika Editor", email="erika@jena.invalid", password=PASSWORD)
    editor2 = factories.User(name="emil-editor", fullname="Emil Editor", email="emil@jena.invalid", password=PASSWORD)
    member = factories.User(name="mia-mitglied", email="mia@jena.invalid", password=PASSWORD)
    admin = factories.User(
        name="dana-datenmanagerin", fullname="Dana Datenmanagerin", email="dana@jena.invalid", password=PASSWORD
    )
    admin2 = factories.User(name="david-datenmanager", email="david@jena.invalid", password=PASSWORD)
    other_admin = factories.User(name="olga-andere", email="olga@jena.invalid", password=PASSWORD)
    central = factories.User(
        name=CENTRAL_TEAM, fullname="Zentrales Datenteam", email="team@jena.invalid", password=PASSWORD
    )
    sysadmin = factories.Sysadmin(name="sigrid-sysadmin", email="sigrid@jena.invalid", password=PASSWORD)
    outsider = factories.User(name="otto-aussen", email="otto@jena.invalid", password=PASSWORD)
    org = factories.Organization(
        name="umweltschutz",
        title="Umweltschutz",
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": editor2["name"], "capacity": "editor"},
            {"name": member["name"], "capacity": "member"},
            {"name": admin["name"], "capacity": "admin"},
            {"name": admin2["name"], "capacity": "admin"},
        ],
    )
    other_org = factories.Organization(
        name="statistik", title="Statistik und Wahlen", users=[{"name": other_admin["name"], "capacity": "admin"}]
    )
    return People(org, other_org, editor, editor2, member, admin, admin2, other_admin, central, sysadmin, outsider)


def make_data_management_people(ckan_config: dict[str, Any], monkeypatch: Any) -> People:
    """``make_people()`` as the data-management tests need them: the central team configured, no
    mail server (no notifications sent), every new dataset's checklist answered."""
    monkeypatch.setitem(ckan_config, "ckanext.jena.release.central_team", [CENTRAL_TEAM])
    monkeypatch.setitem(ckan_config, "smtp.server", "")
    monkeypatch.setattr(f"{__name__}.ANSWER_CHECKLIST", True)
    return make_people()


def make_dataset(people: People, user: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A complete dataset of ``people.org``, created by ``user`` (default: the editor): a draft."""
    number = next(_counter)
    data = {
        "name": f"baumkataster-{number}",
        "title": f"Baumkataster {number}",
        "owner_org": people.org["id"],
        **COMPLETE_FIELDS,
        **fields,
    }
    dataset = call_action("package_create", context(user or people.editor), **data)
    if ANSWER_CHECKLIST:
        answer_checklist(people, dataset, user or people.editor)
    return dataset


def answer_checklist(people: People, dataset: dict[str, Any], user: dict[str, Any] | None = None) -> None:
    """The department answers the data-ethics checklist so that it passes (no personal data)."""
    from tests.ethics.support import PASSING

    call_action("jena_checklist_update", context(user or people.editor), id=dataset["id"], answers=PASSING)


def add_to_group(people: People, group: dict[str, Any], dataset: dict[str, Any]) -> None:
    """The sysadmin puts ``dataset`` into ``group`` (group pages and activities become channels)."""
    call_action(
        "member_create",
        context(people.sysadmin),
        id=group["id"],
        object=dataset["id"],
        object_type="package",
        capacity="public",
    )


def submit(people: People, dataset: dict[str, Any], user: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    return call_action("jena_release_submit", context(user or people.editor), id=dataset["id"], **data)


def approve(people: People, dataset: dict[str, Any], user: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    return call_action("jena_release_approve", context(user or people.admin), id=dataset["id"], **data)


def publish(people: People, dataset: dict[str, Any]) -> dict[str, Any]:
    """Editor submits, data manager approves: the dataset is public."""
    submit(people, dataset)
    return approve(people, dataset)


def request_changes(people: People, dataset: dict[str, Any], comment: str = "Bitte Lizenz prüfen.") -> dict[str, Any]:
    return call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment=comment)


def withdraw(people: People, dataset: dict[str, Any], reason: str = "Personenbezug entdeckt.") -> dict[str, Any]:
    return call_action("jena_release_withdraw", context(people.admin), id=dataset["id"], reason=reason)


def edit(people: People, dataset: dict[str, Any], user: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    return call_action("package_patch", context(user or people.editor), id=dataset["id"], **changes)


def future(hours: int = 24) -> str:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=hours)).isoformat()


def release_state(dataset: dict[str, Any]) -> str | None:
    model.Session.rollback()
    return store.state_of(dataset["id"])


def events(dataset: dict[str, Any]) -> list[JenaReleaseEvent]:
    model.Session.rollback()
    return list(reversed(store.events(package_id=dataset["id"])))


def dataset_in_state(people: People, state: str, **fields: Any) -> dict[str, Any]:
    """A dataset of ``people.org`` brought into ``state`` the way people would (editor, then data manager)."""
    dataset = make_dataset(people, **fields)
    if state == states.DRAFT:
        return dataset
    if state in (states.WITHDRAWN, states.PUBLISHED) or state in states.REVISION_STATES:
        publish(people, dataset)
        if state == states.WITHDRAWN:
            withdraw(people, dataset)
        elif state in states.REVISION_STATES:
            edit(people, dataset, title=dataset["title"] + " (überarbeitet)")
            if state != states.REVISION_DRAFT:
                submit(people, dataset)
            if state == states.REVISION_CHANGES_REQUESTED:
                request_changes(people, dataset)
        return dataset
    submit(people, dataset)
    if state == states.CHANGES_REQUESTED:
        request_changes(people, dataset)
    elif state == states.APPROVED:
        approve(people, dataset, release_at=future())
    assert release_state(dataset) == state
    return dataset

"""The fixture of the sweep test (``test_sweep.py``): datasets in every release state that
carry unique marker strings in every place an outsider must not see, and the parameter
sets the sweep fills into actions and routes.

Markers are lowercase ASCII (``zq`` + a letter per place + the state + a random part), so
they survive JSON, HTML escaping and tag normalisation, and never occur by accident.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.ethics.support import PASSING, answers
from tests.release.support import (
    COMPLETE_FIELDS,
    People,
    add_to_group,
    approve,
    context,
    edit,
    future,
    make_people,
    publish,
    release_state,
    request_changes,
    states,
    submit,
    withdraw,
)

# The states an outsider must not see anything of (the pending revision: its proposed content).
SECRET_STATES = (
    states.DRAFT,
    states.IN_REVIEW,
    states.CHANGES_REQUESTED,
    states.APPROVED,  # approved, embargoed until tomorrow
    states.REVISION_IN_REVIEW,  # published, with a pending revision in review
    states.WITHDRAWN,
)


def _marker(place: str, state: str) -> str:
    return f"zq{place}{state.replace('_', '')[:10]}{secrets.token_hex(3)}"


@dataclass
class SecretDataset:
    """One dataset of the fixture and the markers nobody outside may see."""

    state: str
    id: str
    name: str
    resource_id: str
    view_id: str | None
    tag: str
    activity_id: str  # an activity recorded while the content was not public
    markers: dict[str, str] = field(default_factory=dict)  # place -> marker


@dataclass
class Fixture:
    people: People
    group: dict[str, Any]
    secret: list[SecretDataset]
    public: dict[str, Any]
    public_marker: str  # in the released dataset: the sweep must see it (it is not blind)

    def markers(self) -> dict[str, str]:
        """marker -> where it hides (state/place); ids of unreleased datasets included."""
        found: dict[str, str] = {}
        for dataset in self.secret:
            for place, marker in dataset.markers.items():
                found[marker] = f"{dataset.state}/{place}"
            if dataset.state != states.REVISION_IN_REVIEW:  # the published one's ids are public
                found[dataset.id] = f"{dataset.state}/id"
                found[dataset.resource_id] = f"{dataset.state}/resource id"
                if dataset.view_id:
                    found[dataset.view_id] = f"{dataset.state}/view id"
        return found


def _view(people: People, resource_id: str, marker: str) -> str:
    view = call_action(
        "resource_view_create",
        context(people.editor),
        resource_id=resource_id,
        view_type="image_view",
        title=f"Ansicht {marker}",
        description=f"Beschreibung {marker}",
        image_url=f"https://example.org/{marker}.png",
    )
    return view["id"]


def _create(people: People, state: str) -> tuple[dict[str, Any], dict[str, str]]:
    revision = state == states.REVISION_IN_REVIEW
    place = "o" if revision else ""  # the approved content of the published one is public
    m = {key: _marker(key + place, state) for key in ("t", "n", "g", "r", "d", "c", "a", "x", "y")}
    dataset = call_action(
        "package_create",
        context(people.editor),
        name=f"sweep-{state.replace('_', '-')}-{secrets.token_hex(3)}",
        title=f"Titel {m['t']}",
        owner_org=people.org["id"],
        **{
            **COMPLETE_FIELDS,
            "notes": f"Beschreibung {m['n']}",
            "tag_string": m["g"],
            "resources": [
                {
                    "name": f"Ressource {m['r']}",
                    "description": f"Inhalt {m['d']}",
                    "url": f"https://example.org/{m['r']}.csv",
                    "format": "CSV",
                }
            ],
        },
    )
    # a DataStore table: a row and a data-dictionary label (the revision's table is the public one)
    call_action(
        "datastore_create",
        {"user": people.sysadmin["name"], "ignore_auth": True},
        resource_id=dataset["resources"][0]["id"],
        force=True,
        fields=[{"id": "wert", "type": "text", "info": {"label": f"Spalte {m['y']}"}}],
        records=[{"wert": f"Zeile {m['x']}"}],
    )
    checklist = answers(PASSING, public_benefit=f"Nutzen {m['c']}", limitations=f"Grenzen {m['a']}")
    call_action("jena_checklist_update", context(people.editor), id=dataset["id"], answers=checklist)
    return dataset, ({} if revision else m)


def _secret_dataset(people: People, group: dict[str, Any], state: str) -> SecretDataset:
    dataset, markers = _create(people, state)
    add_to_group(people, group, dataset)
    resource_id = dataset["resources"][0]["id"]
    draft_activity = call_action("package_activity_list", context(people.sysadmin), id=dataset["id"])[-1]["id"]
    view_id = None
    if state not in (states.REVISION_IN_REVIEW, states.WITHDRAWN):
        markers["v"] = _marker("v", state)
        view_id = _view(people, resource_id, markers["v"])
    if state in (states.WITHDRAWN, states.REVISION_IN_REVIEW):
        publish(people, dataset)
        if state == states.WITHDRAWN:
            withdraw(people, dataset)
            markers["v"] = _marker("v", state)  # a view added after the withdrawal
            view_id = _view(people, resource_id, markers["v"])
        else:
            for key in ("t", "n", "g", "r"):
                markers[key] = _marker(key, state)
            edit(
                people,
                dataset,
                title=f"Titel {markers['t']}",
                notes=f"Beschreibung {markers['n']}",
                tag_string=f"{dataset['tags'][0]['name']},{markers['g']}",
            )
            submit(people, dataset)
    elif state != states.DRAFT:
        submit(people, dataset)
        if state == states.CHANGES_REQUESTED:
            request_changes(people, dataset, comment="Bitte nachbessern.")
        elif state == states.APPROVED:
            approve(people, dataset, release_at=future())
    assert release_state(dataset) == state
    return SecretDataset(
        state=state,
        id=dataset["id"],
        name=dataset["name"],
        resource_id=resource_id,
        view_id=view_id,
        tag=markers.get("g") or dataset["tags"][0]["name"],
        activity_id=draft_activity,
        markers=markers,
    )


def build() -> Fixture:
    people = make_people()
    group = factories.Group(name="sweep-gruppe", title="Sweep", user=people.sysadmin)
    public_marker = _marker("p", "public")
    public, _ = _create(people, states.PUBLISHED)
    edit(people, public, notes=f"Öffentlich {public_marker}")
    publish(people, public)
    secret = [_secret_dataset(people, group, state) for state in SECRET_STATES]
    model.Session.rollback()
    return Fixture(people=people, group=group, secret=secret, public=public, public_marker=public_marker)

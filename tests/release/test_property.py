"""Random histories of workflow actions by random people; after every step the public
channels are asked whether they show the dataset, and with which content.

A small reference model (written independently of the implementation, from the issue's
rules) predicts for each step whether it is allowed and what the state becomes. The
invariant checked after each step: the dataset reaches anonymous visitors through any
channel if and only if the model says it is released, and then only in its approved
version (no text of an unapproved edit anywhere).

After every step, one channel per visibility mechanism is asked (``QUICK_CHANNELS``:
labels on read, labels in the search index, the private flag, activity labels); in
about one history of ``SWEEP_EVERY`` (drawn at random) every channel of
``tests/release/channels.py`` — API, pages, feeds, DCAT — is asked after every step.
A full sweep costs about a second per step (each page is a template rendering), the
quick one a tenth: 60 histories (about 10 of them with full sweeps) take about 2½ minutes
on two cores (150 took 6½ minutes in CI).

``JENA_RELEASE_HISTORIES`` sets the number of histories (default 60, as in CI, to keep CI
under 45 minutes as the suite grows; for a deeper run before a release of the workflow code,
e.g. ``JENA_RELEASE_HISTORIES=3000``).
"""

from __future__ import annotations

import datetime
import itertools
import os
from dataclasses import dataclass, field
from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.jena.release import scheduling, states
from tests.release.channels import ACTIVITY_CHANNELS, ALL_CHANNELS, QUICK_CHANNELS, observe, observe_quick
from tests.release.support import People, add_to_group, context, make_dataset, release_state

HISTORIES = int(os.environ.get("JENA_RELEASE_HISTORIES", "60"))
SWEEP_EVERY = 6
ROLES = ("editor", "editor2", "member", "admin", "admin2", "central", "sysadmin", "outsider", "anonymous")
ACTIONS = ("submit", "approve", "approve_later", "request_changes", "withdraw", "edit", "time_passes")
EDITORS = {"editor", "editor2", "admin", "admin2", "sysadmin"}
REVIEWERS = {"admin", "admin2", "central", "sysadmin"}
LATER = datetime.timedelta(hours=1)

_markers = itertools.count(1)


@dataclass
class Expected:
    """The reference model of one dataset."""

    state: str = states.DRAFT
    submitter: str | None = None
    last_editor: str = "editor"
    # Everybody who changed the version under review (the creator answered the checklist too).
    contributors: set[str] = field(default_factory=lambda: {"editor"})
    approved_notes: str | None = None  # what the public may see once released
    notes: str = ""  # the package's own (not pending) notes
    pending_notes: str | None = None
    unapproved: set[str] = field(default_factory=set)

    @property
    def public(self) -> bool:
        return self.state in states.PUBLIC_STATES

    def step(self, role: str, action: str, marker: str) -> bool:
        """Apply ``action`` by ``role``; returns whether it must succeed."""
        if action == "time_passes":
            if self.state == states.APPROVED:
                self._publish()
            return True
        if action == "edit":
            return self._edit(role, marker)
        allowed = {
            "submit": states.ALLOWED_FROM[states.SUBMIT],
            "approve": states.ALLOWED_FROM[states.APPROVE],
            "approve_later": {states.IN_REVIEW},
            "request_changes": states.ALLOWED_FROM[states.REQUEST_CHANGES],
            "withdraw": states.ALLOWED_FROM[states.WITHDRAW],
        }[action]
        permitted = role in (EDITORS if action == "submit" else REVIEWERS)
        if not permitted or self.state not in allowed:
            return False
        if action.startswith("approve") and (role in (self.submitter, self.last_editor) or role in self.contributors):
            return False  # four-eyes: nobody approves a version they submitted or changed
        if action == "submit":
            self.submitter = role
            self.state = states.REVISION_IN_REVIEW if self.state in states.REVISION_STATES else states.IN_REVIEW
        elif action == "approve":
            if self.state == states.REVISION_IN_REVIEW:
                self.notes = self.pending_notes or self.notes
                self.pending_notes = None
            self._publish()
            self.contributors = set()
        elif action == "approve_later":
            self.state = states.APPROVED
            self.contributors = set()
        elif action == "request_changes":
            self.state = (
                states.REVISION_CHANGES_REQUESTED
                if self.state == states.REVISION_IN_REVIEW
                else states.CHANGES_REQUESTED
            )
        elif action == "withdraw":
            self.pending_notes = None
            self.state = states.WITHDRAWN
            self.contributors = set()
        return True

    def _publish(self) -> None:
        self.state = states.PUBLISHED
        self.approved_notes = self.notes

    def _edit(self, role: str, marker: str) -> bool:
        if role not in EDITORS:
            return False
        self.last_editor = role
        self.contributors.add(role)
        self.unapproved.add(marker)
        if self.state in states.PUBLIC_STATES:
            self.pending_notes = marker
            if self.state == states.PUBLISHED:
                self.state = states.REVISION_DRAFT
        else:
            self.notes = marker
            if self.state == states.APPROVED:
                self.state = states.IN_REVIEW
        return True


def _act(people: People, dataset: dict[str, Any], role: str, action: str, marker: str) -> None:
    user = people.by_role(role)
    now = datetime.datetime.now(datetime.UTC)
    if action == "time_passes":
        scheduling.publish_due(now + 2 * LATER)
    elif action == "edit":
        call_action("package_patch", context(user), id=dataset["id"], notes=marker)
    elif action == "approve_later":
        call_action("jena_release_approve", context(user), id=dataset["id"], release_at=(now + LATER).isoformat())
    else:
        params = {"request_changes": {"comment": "Bitte nachbessern."}, "withdraw": {"reason": "Fehler."}}
        call_action(f"jena_release_{action}", context(user), id=dataset["id"], **params.get(action, {}))


def _check(
    app: Any, people: People, group: dict[str, Any] | None, dataset: dict[str, Any], expected: Expected, note: str
) -> None:
    """The state is the model's; the channels show the dataset iff it is released, and only approved text."""
    assert release_state(dataset) == expected.state, note
    if group is None:
        seen, channels = observe_quick(dataset), QUICK_CHANNELS
    else:
        seen, channels = observe(app, dataset, people.org, group), ALL_CHANNELS
    assert sorted(seen.visible) == sorted(channels), note
    if expected.public:
        hidden = [name for name in channels if name not in ACTIVITY_CHANNELS and not seen.visible[name]]
        assert hidden == [], note
        assert seen.texts["package_show"].count(f'"notes": "{expected.approved_notes}"') == 1, note
    else:
        assert seen.showing() == [], note
    leaked = {marker: seen.leaking(marker) for marker in expected.unapproved - {expected.approved_notes}}
    assert {marker: where for marker, where in leaked.items() if where} == {}, note


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_random_histories_never_leak(app: Any, people: People) -> None:
    group = factories.Group(name="zufall", title="Zufall", user=people.sysadmin)
    histories = itertools.count(1)

    @settings(
        max_examples=HISTORIES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        st.lists(st.tuples(st.sampled_from(ROLES), st.sampled_from(ACTIONS)), min_size=1, max_size=4),
        st.integers(min_value=1, max_value=SWEEP_EVERY).map(lambda draw: draw == 1),
    )
    def history(steps: list[tuple[str, str]], sweep: bool) -> None:
        number = next(histories)
        dataset = make_dataset(
            people, title=f"Zufallsdatensatz {number}", notes=f"Anfang {number}", tag_string=f"zufall-{number}"
        )
        checked_group = group if sweep else None
        if sweep:
            add_to_group(people, group, dataset)
        expected = Expected(notes=f"Anfang {number}")
        _check(app, people, checked_group, dataset, expected, f"history {number}: created")
        for index, (role, action) in enumerate(steps, start=1):
            marker = f"Fassung-{number}-{next(_markers)}"
            must_succeed = expected.step(role, action, marker)
            note = f"history {number}, step {index}: {role} {action} → expected {expected.state}; steps {steps}"
            try:
                _act(people, dataset, role, action, marker)
            except Exception as error:
                assert type(error).__name__ in ("NotAuthorized", "NotFound", "ValidationError"), note
                assert not must_succeed, f"{note}: {error!r}"
            else:
                assert must_succeed, f"{note}: succeeded but must not"
            _check(app, people, checked_group, dataset, expected, note)

    history()

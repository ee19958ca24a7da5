"""The transitions of the release workflow.

Every transition locks the dataset's ``jena_release`` row, checks that it is allowed in
the current state, writes the new state and one audit event, derives CKAN's visibility
from it (``visibility.apply``), commits, re-indexes and then sends
``ckanext.jena.signals.release_transition``. Permission checks (roles, four-eyes) are
the auth functions' job; the four-eyes rule is checked again here under the lock.

Re-indexing is ordered so that a failure errs on the side of hiding: a dataset that
stops being public is removed from the public index before the commit, one that
becomes public is indexed after it.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search

from ckanext.jena import signals
from ckanext.jena.model import JenaRelease, JenaReleaseEvent
from ckanext.jena.release import audit, clock, gates, revisions, roles, scheduling, states, store, visibility
from ckanext.jena.translation import N_

log = logging.getLogger(__name__)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _transition(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """A transition owns its transaction: any error rolls back everything it wrote (and its lock)."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return func(*args, **kwargs)
        except BaseException:
            model.Session.rollback()
            raise

    return wrapper


def _finish(package: model.Package, labels_before: list[str], event: JenaReleaseEvent) -> dict[str, Any]:
    """Derive visibility, commit, re-index if the labels changed, then tell the subscribers."""
    was_public = visibility.PUBLIC_LABEL in labels_before
    visibility.apply(package, was_public=was_public)
    labels_after = visibility.dataset_labels(package)
    hides = was_public and visibility.PUBLIC_LABEL not in labels_after
    try:
        if hides:
            model.Session.flush()
            visibility.reindex(package.id)
        model.Session.commit()
    except search.SearchIndexError as error:
        log.error("Release transition of %s not done: the search index failed: %s", package.id, error)
        raise tk.ValidationError(
            {
                "search": [
                    tk._(
                        "Der Suchindex ist nicht erreichbar; der Zustand wurde nicht "
                        "geändert. Bitte später erneut versuchen."
                    )
                ]
            }
        ) from error
    if not hides and set(labels_before) != set(labels_after):
        try:
            visibility.reindex(package.id)
        except search.SearchIndexError:
            # The database is right and nothing is over-exposed; `ckan search-index rebuild` repairs it.
            log.exception("Dataset %s changed its release state but could not be re-indexed", package.id)
    result = audit.event_dict(event)
    signals.release_transition.send(event.action, event=result)
    return result


def _lock(package: model.Package) -> tuple[JenaRelease, str, list[str]]:
    """Lock the dataset's release row; returns it, its state and the permission labels before."""
    release = store.get_or_create(package, lock=True)
    return release, release.state, visibility.dataset_labels(package)


def _require(action: str, release: JenaRelease) -> None:
    if release.state not in states.ALLOWED_FROM[action]:
        raise states.invalid_transition(action, release.state)


def record_create(package: model.Package, actor_id: str | None) -> None:
    """A managed dataset was created: it starts as a draft (inside the creating transaction)."""
    release = store.get_or_create(package, lock=True)
    release.last_editor = actor_id
    release.last_edited_at = clock.now()
    store.add_contributor(release, actor_id)
    store.add_event(release, package, action=states.CREATE, actor_id=actor_id, from_state=None)


def record_edit(package: model.Package, actor_id: str | None) -> None:
    """A non-public dataset was edited (inside the editing transaction): remember the editor;
    an approval is void once the approved content changes."""
    release = store.get_or_create(package, lock=True)
    release.last_editor = actor_id
    release.last_edited_at = clock.now()
    store.add_contributor(release, actor_id)
    if release.state == states.APPROVED:
        release.state = states.after_edit(release.state)
        release.release_at = None
        store.add_event(
            release,
            package,
            action=states.EDIT,
            actor_id=actor_id,
            from_state=states.APPROVED,
            comment=N_("Die Freigabe ist durch die Bearbeitung erloschen; der Datensatz muss erneut geprüft werden."),
        )


@_transition
def submit(package: model.Package, actor: model.User, comment: str | None = None) -> dict[str, Any]:
    release, from_state, labels_before = _lock(package)
    _require(states.SUBMIT, release)
    blockers = submit_blockers(package, release, actor)
    if blockers:
        raise tk.ValidationError({result.name: [failure.message for failure in result.failures] for result in blockers})
    release.state = states.after_submit(from_state)
    release.submitted_by = actor.id
    release.submitted_at = clock.now()
    event = store.add_event(
        release, package, action=states.SUBMIT, actor_id=actor.id, from_state=from_state, comment=comment
    )
    return _finish(package, labels_before, event)


def _check_four_eyes(actor: model.User, release: JenaRelease, override_reason: str | None) -> str | None:
    """The conflict that is being overridden, or None; raises if there is one and no override."""
    conflict = roles.four_eyes_conflict(actor, release)
    if conflict is None:
        return None
    if roles.is_sysadmin(actor) and override_reason:
        return conflict
    raise tk.NotAuthorized(conflict)


def _check_release_date(release_at: datetime.datetime | None, is_revision: bool) -> None:
    if release_at is None:
        return
    if is_revision:
        raise tk.ValidationError(
            {
                "release_at": [
                    tk._(
                        "Änderungen an veröffentlichten Datensätzen werden sofort übernommen; ein "
                        "Veröffentlichungsdatum ist nur bei der ersten Freigabe möglich."
                    )
                ]
            }
        )
    if release_at <= clock.now():
        raise tk.ValidationError({"release_at": [tk._("Das Veröffentlichungsdatum muss in der Zukunft liegen.")]})


def _gate_input(package: model.Package, release: JenaRelease | None, actor: model.User | None) -> gates.GateInput:
    """The version that would become public (a pending revision if there is one)."""
    is_revision = release is not None and release.state in states.REVISION_STATES and release.revision_data is not None
    version = release.revision_data if release is not None and is_revision else revisions.approved_version(package)
    assert version is not None
    return gates.GateInput(
        package_id=package.id, dataset_type=package.type, package=version, is_revision=is_revision, user=actor
    )


def gate_results(
    package: model.Package, release: JenaRelease | None, actor: model.User | None
) -> list[gates.GateResult]:
    """The gates run on the version that would become public (a pending revision if there is one)."""
    return gates.run(_gate_input(package, release, actor))


def submit_blockers(
    package: model.Package, release: JenaRelease | None, actor: model.User | None
) -> list[gates.GateResult]:
    """What the department must fix before it may submit (see ``gates.register_submit_check``)."""
    return gates.submit_blockers(_gate_input(package, release, actor))


def _check_gates(package: model.Package, release: JenaRelease, actor: model.User) -> None:
    failed = gates.failed(gate_results(package, release, actor))
    if failed:
        messages = [f"{result.label}: {failure.message}" for result in failed for failure in result.failures]
        raise tk.ValidationError({"gates": messages})


@_transition
def approve(
    package: model.Package,
    actor: model.User,
    *,
    release_at: datetime.datetime | None = None,
    comment: str | None = None,
    override_reason: str | None = None,
) -> dict[str, Any]:
    release, from_state, labels_before = _lock(package)
    _require(states.APPROVE, release)
    overridden = _check_four_eyes(actor, release, override_reason)
    is_revision = from_state == states.REVISION_IN_REVIEW
    _check_release_date(release_at, is_revision)
    _check_gates(package, release, actor)
    details: dict[str, Any] = {}
    if overridden:
        details.update({"override_reason": override_reason, "four_eyes_conflict": overridden})
    if is_revision:
        details["changed_fields"] = revisions.apply(package, release, actor)
        # Applying commits the package; take the lock again and make sure nobody finished first.
        release, from_state, labels_before = _lock(package)
        if from_state != states.REVISION_IN_REVIEW:
            raise states.invalid_transition(states.APPROVE, from_state)
        release.revision_data = None
    now = clock.now()
    release.approved_by = actor.id
    release.last_reviewed_at = now
    store.clear_contributors(release)
    if release_at is not None:
        release.state = states.APPROVED
        release.release_at = release_at
    else:
        _make_public(package, release, now)
    event = store.add_event(
        release,
        package,
        action=states.APPROVE,
        actor_id=actor.id,
        from_state=from_state,
        comment=comment if not overridden else "\n".join(filter(None, [comment, override_reason])),
        override=bool(overridden),
        release_at=release_at,
        details=details,
    )
    result = _finish(package, labels_before, event)
    if release_at is not None:
        scheduling.schedule(package.id, release_at)
    return result


def _make_public(package: model.Package, release: JenaRelease, when: datetime.datetime) -> None:
    if release.state != states.REVISION_IN_REVIEW:
        release.published_at = when
    release.state = states.PUBLISHED
    release.release_at = None
    release.withdrawn_at = None
    release.withdraw_reason = None
    if package.state.startswith("draft"):
        # A CKAN draft (form not finished) that passed the gates is complete now.
        package.state = "active"


@_transition
def request_changes(package: model.Package, actor: model.User, comment: str) -> dict[str, Any]:
    release, from_state, labels_before = _lock(package)
    _require(states.REQUEST_CHANGES, release)
    release.state = states.after_request_changes(from_state)
    release.release_at = None
    release.last_reviewed_at = clock.now()
    event = store.add_event(
        release, package, action=states.REQUEST_CHANGES, actor_id=actor.id, from_state=from_state, comment=comment
    )
    return _finish(package, labels_before, event)


@_transition
def withdraw(package: model.Package, actor: model.User | None, reason: str) -> dict[str, Any]:
    release, from_state, labels_before = _lock(package)
    _require(states.WITHDRAW, release)
    details = {"discarded_revision": True} if release.revision_data is not None else None
    release.state = states.WITHDRAWN
    release.release_at = None
    release.revision_data = None
    release.withdrawn_at = clock.now()
    release.withdraw_reason = reason
    store.clear_contributors(release)
    event = store.add_event(
        release,
        package,
        action=states.WITHDRAW,
        actor_id=actor.id if actor else None,
        from_state=from_state,
        comment=reason,
        details=details,
    )
    return _finish(package, labels_before, event)


@_transition
def publish_due_one(package: model.Package, now: datetime.datetime) -> dict[str, Any] | None:
    """Publish an approved dataset whose release date has come; None if there is nothing to do."""
    release = store.get(package.id, lock=True)
    if release is None or release.state != states.APPROVED or release.release_at is None or release.release_at > now:
        model.Session.rollback()
        return None
    scheduled_for = release.release_at
    labels_before = visibility.dataset_labels(package)
    _make_public(package, release, now)
    event = store.add_event(
        release,
        package,
        action=states.PUBLISH,
        actor_id=None,
        from_state=states.APPROVED,
        release_at=scheduled_for,
        when=now,
    )
    return _finish(package, labels_before, event)


@_transition
def publish_without_review(
    package: model.Package, *, reason: str, actor_id: str | None = None
) -> dict[str, Any] | None:
    """Publish at once, bypassing review: only for trusted code paths (demo data, migrations,
    test fixtures), never reachable from the web or the API. Logged as an override.
    Returns None when the dataset is already published."""
    release, from_state, labels_before = _lock(package)
    if release.state == states.PUBLISHED:
        model.Session.rollback()
        return None
    release.revision_data = None
    release.last_reviewed_at = clock.now()
    store.clear_contributors(release)
    _make_public(package, release, clock.now())
    event = store.add_event(
        release,
        package,
        action=states.APPROVE,
        actor_id=actor_id,
        from_state=from_state,
        comment=reason,
        override=True,
        details={"override_reason": reason, "without_review": True},
    )
    return _finish(package, labels_before, event)

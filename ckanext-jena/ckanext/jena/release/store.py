"""Reading and writing the workflow tables (no commits here: callers own the transaction)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects import postgresql

from ckanext.jena.model import JenaRelease, JenaReleaseEvent
from ckanext.jena.release import clock, states


def get(package_id: str, *, lock: bool = False) -> JenaRelease | None:
    query = model.Session.query(JenaRelease).filter(JenaRelease.package_id == package_id)
    if lock:
        query = query.with_for_update()
    return query.one_or_none()


def state_of(package_id: str) -> str | None:
    # CKAN's session does not autoflush: a transition in progress must see its own state.
    model.Session.flush()
    return model.Session.execute(sa.select(JenaRelease.state).where(JenaRelease.package_id == package_id)).scalar()


def states_of(package_ids: Iterable[str]) -> dict[str, str]:
    ids = list(package_ids)
    if not ids:
        return {}
    rows = model.Session.execute(
        sa.select(JenaRelease.package_id, JenaRelease.state).where(JenaRelease.package_id.in_(ids))
    )
    return {package_id: state for package_id, state in rows}


def get_or_create(package: model.Package, *, lock: bool = False) -> JenaRelease:
    """The release row of ``package``; a dataset without one is a draft (never public)."""
    release = get(package.id, lock=lock)
    if release is None:
        # Concurrent creators race on the primary key; the loser re-reads the winner's row.
        statement = (
            postgresql.insert(JenaRelease.__table__)
            .values(package_id=package.id, state=states.DRAFT)
            .on_conflict_do_nothing(index_elements=["package_id"])
        )
        model.Session.execute(statement)
        release = get(package.id, lock=lock)
        assert release is not None
    return release


CONTENT = "content"
CHECKLIST = "checklist"


def add_contributor(release: JenaRelease, user_id: str | None, kind: str = CONTENT) -> None:
    """``user_id`` changed the version under review (its content or its checklist answers)."""
    if not user_id:
        return
    contributors = dict(release.contributors or {})
    kinds = list(contributors.get(user_id, []))
    if kind not in kinds:
        contributors[user_id] = [*kinds, kind]
        release.contributors = contributors


def clear_contributors(release: JenaRelease) -> None:
    """The version under review was approved (or dropped): the next one starts with nobody."""
    release.contributors = {}


def add_event(
    release: JenaRelease,
    package: model.Package,
    *,
    action: str,
    actor_id: str | None,
    from_state: str | None,
    comment: str | None = None,
    override: bool = False,
    release_at: datetime.datetime | None = None,
    details: dict[str, Any] | None = None,
    when: datetime.datetime | None = None,
) -> JenaReleaseEvent:
    event = JenaReleaseEvent(
        package_id=package.id,
        organization_id=package.owner_org,
        timestamp=when or clock.now(),
        actor_id=actor_id,
        action=action,
        from_state=from_state,
        to_state=release.state,
        comment=comment or None,
        override=override,
        release_at=release_at,
        details=details or None,
    )
    model.Session.add(event)
    return event


def events(
    *,
    package_id: str | None = None,
    organization_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[JenaReleaseEvent]:
    query = model.Session.query(JenaReleaseEvent)
    if package_id is not None:
        query = query.filter(JenaReleaseEvent.package_id == package_id)
    if organization_id is not None:
        query = query.filter(JenaReleaseEvent.organization_id == organization_id)
    query = query.order_by(JenaReleaseEvent.timestamp.desc(), JenaReleaseEvent.seq.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query.all()


def recent_events(organization_ids: set[str], *, not_by: str, limit: int) -> list[JenaReleaseEvent]:
    """The newest events of these departments that ``not_by`` did not cause."""
    query = model.Session.query(JenaReleaseEvent).filter(
        sa.or_(JenaReleaseEvent.actor_id.is_(None), JenaReleaseEvent.actor_id != not_by)
    )
    query = query.filter(JenaReleaseEvent.organization_id.in_(organization_ids or {""}))
    return query.order_by(JenaReleaseEvent.timestamp.desc(), JenaReleaseEvent.seq.desc()).limit(limit).all()


def count_events(*, package_id: str | None = None, organization_id: str | None = None) -> int:
    query = model.Session.query(sa.func.count(JenaReleaseEvent.id))
    if package_id is not None:
        query = query.filter(JenaReleaseEvent.package_id == package_id)
    if organization_id is not None:
        query = query.filter(JenaReleaseEvent.organization_id == organization_id)
    return int(query.scalar() or 0)


def due_for_publication(now: datetime.datetime) -> list[str]:
    """Approved datasets whose release date has come (each is locked and re-checked when published)."""
    rows = model.Session.execute(
        sa.select(JenaRelease.package_id)
        .where(JenaRelease.state == states.APPROVED, JenaRelease.release_at <= now)
        .order_by(JenaRelease.release_at)
    )
    return [package_id for (package_id,) in rows]


def scheduled(now: datetime.datetime) -> list[tuple[str, datetime.datetime]]:
    rows = model.Session.execute(
        sa.select(JenaRelease.package_id, JenaRelease.release_at).where(
            JenaRelease.state == states.APPROVED, JenaRelease.release_at > now
        )
    )
    return [(package_id, release_at) for package_id, release_at in rows]

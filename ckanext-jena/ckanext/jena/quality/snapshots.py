"""The cockpit's chart over time: a daily snapshot per department of its *released* datasets
per quality band and of the overdue ones (``jena_quality_snapshot``).

Released datasets only: the chart is the same for the department and for the central team (who
does not see a department's drafts), and overdue updates concern published data. Written by a
daily job in the worker (:data:`DAILY`) and on demand by ``ckan jena cockpit snapshot``; a second
run on the same day replaces that day's rows. Counted with SQL from the cockpit state
(:mod:`.cockpit_state`; datasets without one are scored first).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.jena import config
from ckanext.jena.model import JenaCockpitState, JenaQualitySnapshot, JenaRelease
from ckanext.jena.recurring import Recurring
from ckanext.jena.release import clock, states

from . import cockpit_state

__all__ = ["BANDS", "CHART_DAYS", "DAILY", "queue_daily", "series", "take"]

BANDS = ("excellent", "good", "sufficient", "bad")
CHART_DAYS = 90
log = logging.getLogger(__name__)


def _counts(now: dt.datetime) -> dict[str, Counter[str]]:
    """Per department: its released datasets, per band, and the overdue ones (from the cockpit state)."""
    package, release, state = model.Package.__table__, JenaRelease.__table__, JenaCockpitState.__table__
    at = sa.literal(now, sa.DateTime(timezone=True))
    overdue = sa.func.count().filter(sa.and_(state.c.due_at.isnot(None), at > state.c.overdue_at))
    query = (
        sa.select(package.c.owner_org, state.c.band, sa.func.count(), overdue)
        .select_from(
            package.join(release, release.c.package_id == package.c.id).join(state, state.c.package_id == package.c.id)
        )
        .where(
            package.c.state == "active",
            package.c.owner_org.isnot(None),
            package.c.type.in_(config.release_dataset_types()),
            release.c.state.in_(list(states.PUBLIC_STATES)),
            state.c.band.isnot(None),  # a dataset whose score failed is left out, as before
        )
        .group_by(package.c.owner_org, state.c.band)
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for organization_id, band, datasets, late in model.Session.execute(query):
        counts[organization_id].update({"datasets": datasets, band: datasets, "overdue": late})
    return counts


def take(now: dt.datetime | None = None) -> int:
    """Write today's snapshot of every active department; returns the number of rows written."""
    now = now or clock.now()
    day = now.astimezone(clock.display_timezone()).date()
    cockpit_state.fill_missing(None, limit=None)
    counts = _counts(now)
    organizations = [
        org_id
        for (org_id,) in model.Session.query(model.Group.id).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active"
        )
    ]
    model.Session.query(JenaQualitySnapshot).filter(JenaQualitySnapshot.day == day).delete()
    for organization_id in organizations:
        found = counts.get(organization_id, Counter())
        model.Session.add(
            JenaQualitySnapshot(
                day=day,
                organization_id=organization_id,
                datasets=found["datasets"],
                overdue=found["overdue"],
                **{band: found[band] for band in BANDS},
            )
        )
    model.Session.commit()
    return len(organizations)


def series(organization_ids: list[str], days: int = CHART_DAYS) -> list[dict[str, Any]]:
    """The snapshots of the last ``days`` days summed over ``organization_ids``, oldest first."""
    if not organization_ids:
        return []
    table = JenaQualitySnapshot.__table__
    since = clock.now().astimezone(clock.display_timezone()).date() - dt.timedelta(days=days - 1)
    columns = ("datasets", *BANDS, "overdue")
    query = (
        sa.select(table.c.day, *(sa.func.sum(table.c[name]) for name in columns))
        .where(table.c.organization_id.in_(organization_ids), table.c.day >= since)
        .group_by(table.c.day)
        .order_by(table.c.day)
    )
    return [
        {"day": row[0].isoformat(), **{name: int(value or 0) for name, value in zip(columns, row[1:], strict=True)}}
        for row in model.Session.execute(query)
    ]


def _daily_job() -> int:
    return DAILY.run_and_schedule_next(take)


DAILY = Recurring(
    prefix="jena-quality-snapshot-",
    title="Cockpit snapshot",
    job=_daily_job,
    every=lambda: dt.timedelta(days=1),
    timeout=lambda: 3600,  # datasets without a cockpit state are scored first: minutes for 10,000
)


def queue_daily() -> None:
    """On start (once per process): make sure the daily snapshot is scheduled."""
    DAILY.ensure_scheduled()

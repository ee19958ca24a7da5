"""The usage table: the flush from Redis and the figures the pages and the cockpit show.

Only released datasets are ever written: the flush resolves every counted dataset (id or name)
and drops counts of datasets that are not public now (or whose resource does not belong to them).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.jena.model import JenaUsageDaily
from ckanext.jena.release import clock, visibility
from ckanext.jena.usage.counting import DOWNLOAD, PENDING, VIEW

__all__ = ["RECENT_DAYS", "Usage", "flush", "recent", "recent_by_package", "recent_query", "today"]

FLUSHING = "jena:usage:flushing"
RECENT_DAYS = 30
log = logging.getLogger(__name__)

_Key = tuple[dt.date, str, str]


@dataclass(frozen=True)
class Usage:
    views: int = 0
    downloads: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"views": self.views, "downloads": self.downloads}


def today() -> dt.date:
    return clock.now().astimezone(clock.display_timezone()).date()


def _parse(raw: dict[bytes, bytes]) -> dict[tuple[dt.date, str, str, str], int]:
    counts: dict[tuple[dt.date, str, str, str], int] = defaultdict(int)
    for field, value in raw.items():
        try:
            day, kind, reference, resource_id = field.decode().split("|")
            counts[(dt.date.fromisoformat(day), kind, reference, resource_id)] += int(value)
        except ValueError:
            log.warning("Usage: unreadable counter %r dropped", field)
    return counts


def _public_packages(references: Iterable[str]) -> dict[str, model.Package]:
    """The released datasets among ``references`` (ids or names), by reference."""
    wanted = set(references)
    if not wanted:
        return {}
    packages = model.Session.query(model.Package).filter(
        sa.or_(model.Package.id.in_(wanted), model.Package.name.in_(wanted))
    )
    found: dict[str, model.Package] = {}
    for package in packages:
        if visibility.is_public(package):
            for reference in (package.id, package.name):
                if reference in wanted:
                    found[reference] = package
    return found


def _resources_of(package_ids: Iterable[str]) -> set[tuple[str, str]]:
    rows = model.Session.query(model.Resource.package_id, model.Resource.id).filter(
        model.Resource.package_id.in_(set(package_ids)), model.Resource.state == "active"
    )
    return {(package_id, resource_id) for package_id, resource_id in rows}


def _rows(counts: dict[tuple[dt.date, str, str, str], int]) -> dict[_Key, list[int]]:
    packages = _public_packages(reference for _, _, reference, _ in counts)
    resources = _resources_of(package.id for package in packages.values())
    rows: dict[_Key, list[int]] = defaultdict(lambda: [0, 0])
    for (day, kind, reference, resource_id), count in counts.items():
        package = packages.get(reference)
        if package is None or (resource_id and (package.id, resource_id) not in resources):
            continue
        if kind not in (VIEW, DOWNLOAD) or (kind == DOWNLOAD and not resource_id):
            continue
        rows[(day, package.id, resource_id)][0 if kind == VIEW else 1] += count
    return rows


def _write(rows: dict[_Key, list[int]]) -> None:
    if not rows:
        return
    statement = insert(JenaUsageDaily.__table__).values(
        [
            {"day": day, "package_id": package_id, "resource_id": resource_id, "views": v, "downloads": d}
            for (day, package_id, resource_id), (v, d) in rows.items()
        ]
    )
    table = JenaUsageDaily.__table__
    model.Session.execute(
        statement.on_conflict_do_update(
            index_elements=["day", "package_id", "resource_id"],
            set_={
                "views": table.c.views + statement.excluded.views,
                "downloads": table.c.downloads + statement.excluded.downloads,
            },
        )
    )
    model.Session.commit()


def flush() -> int:
    """Move the pending counters into the table; returns the number of requests written.

    The pending hash is renamed before it is read, so counting goes on meanwhile; a batch whose
    write failed stays under the flushing key and is written first by the next flush."""
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    written = 0
    for _ in range(2):
        if not redis.exists(FLUSHING):
            if not redis.exists(PENDING):
                break
            redis.rename(PENDING, FLUSHING)
        rows = _rows(_parse(redis.hgetall(FLUSHING)))
        _write(rows)
        redis.delete(FLUSHING)
        written += sum(v + d for v, d in rows.values())
    return written


def _since(days: int = RECENT_DAYS) -> dt.date:
    return today() - dt.timedelta(days=days - 1)


def recent_query(days: int = RECENT_DAYS) -> sa.Select:
    """``package_id``, ``views``, ``downloads`` of the last ``days`` days (today included) per dataset."""
    table = JenaUsageDaily.__table__
    return (
        sa.select(
            table.c.package_id,
            sa.func.sum(table.c.views).label("views"),
            sa.func.sum(table.c.downloads).label("downloads"),
        )
        .where(table.c.day >= _since(days))
        .group_by(table.c.package_id)
    )


def recent_by_package(package_ids: Iterable[str] | None = None, days: int = RECENT_DAYS) -> dict[str, Usage]:
    """Views (dataset and resource pages) and downloads of the last ``days`` days (today included)."""
    query = recent_query(days)
    if package_ids is not None:
        ids = list(package_ids)
        if not ids:
            return {}
        query = query.where(JenaUsageDaily.__table__.c.package_id.in_(ids))
    rows = model.Session.execute(query)
    return {package_id: Usage(int(views or 0), int(downloads or 0)) for package_id, views, downloads in rows}


def recent(package_id: str, days: int = RECENT_DAYS) -> Usage:
    return recent_by_package([package_id], days).get(package_id, Usage())


def changed_since(day: dt.date) -> list[str]:
    """Datasets whose recent count may differ from the one indexed on ``day``: counted on or
    after that day, or on the day that has since left the window."""
    table = JenaUsageDaily.__table__
    left = _since() - dt.timedelta(days=1)
    query = sa.select(table.c.package_id).where(sa.or_(table.c.day >= day, table.c.day == left)).distinct()
    return [row[0] for row in model.Session.execute(query)]

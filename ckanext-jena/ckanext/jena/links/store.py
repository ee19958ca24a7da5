"""The link checker's history (``jena_link_check``) and what it says about each link.

A link is ``ok`` when its latest check succeeded, ``failing`` after failed checks that do not
yet prove anything (one failure, or failures closer together than
``ckanext.jena.links.broken_after_hours``), ``broken`` ("defekt") once two failed checks in a
row lie at least that far apart, and ``unknown`` when its current URL was never checked.
Only checks of the resource's current URL count: a new URL starts a new history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.jena.links.checker import OK, SKIPPED, Result, Target
from ckanext.jena.links.targets import target_url
from ckanext.jena.model import JenaLinkCheck

__all__ = ["LinkState", "latest_ok", "prune", "record", "states_of", "url_status"]


@dataclass(frozen=True)
class LinkState:
    resource_id: str
    url: str
    state: str  # unknown, ok, failing, broken
    last: JenaLinkCheck | None = None
    broken_since: dt.datetime | None = None  # the first failed check of the current run of failures
    history_length: int = 0  # checks kept of this resource (all its URLs)

    def as_dict(self) -> dict[str, Any]:
        last = self.last
        return {
            "resource_id": self.resource_id,
            "url": self.url,
            "state": self.state,
            "broken_since": self.broken_since.isoformat() if self.broken_since else None,
            "last_checked": last.checked_at.isoformat() if last else None,
            "status": last.status if last else None,
            "http_status": last.http_status if last else None,
            "response_ms": last.response_ms if last else None,
            "content_type": last.content_type if last else None,
            "size": last.size if last else None,
            "error": last.error if last else None,
            "history_length": self.history_length,
        }


def record(results: Iterable[Result], batch: int = 100) -> int:
    """Store ``results`` (skipped ones are not checks), committing every ``batch`` rows."""
    stored = 0
    for result in results:
        if result.status == SKIPPED:
            continue
        target = result.target
        model.Session.add(
            JenaLinkCheck(
                resource_id=target.resource_id,
                package_id=target.package_id,
                url=target.url,
                checked_at=result.checked_at,
                status=result.status,
                http_status=result.http_status,
                response_ms=result.response_ms,
                content_type=(result.content_type or None) and result.content_type[:200],
                size=result.size,
                error=result.error,
            )
        )
        stored += 1
        if stored % batch == 0:
            model.Session.commit()
    model.Session.commit()
    return stored


def _latest(resource_ids: list[str]) -> dict[tuple[str, str], JenaLinkCheck]:
    rows = (
        model.Session.query(JenaLinkCheck)
        .filter(JenaLinkCheck.resource_id.in_(resource_ids))
        .distinct(JenaLinkCheck.resource_id, JenaLinkCheck.url)
        .order_by(JenaLinkCheck.resource_id, JenaLinkCheck.url, JenaLinkCheck.checked_at.desc())
    )
    return {(row.resource_id, row.url): row for row in rows}


def latest_ok(targets: Iterable[Target]) -> dict[tuple[str, str], bool]:
    """Whether the latest check of each (resource, URL) of ``targets`` succeeded (absent: never checked)."""
    ids = sorted({target.resource_id for target in targets})
    found: dict[tuple[str, str], bool] = {}
    for start in range(0, len(ids), 500):
        found.update({key: row.status == OK for key, row in _latest(ids[start : start + 500]).items()})
    return found


def _failures_since_last_ok(resource_ids: list[str]) -> dict[tuple[str, str], dt.datetime]:
    """The first failed check after the latest successful one, per resource and URL."""
    table = JenaLinkCheck.__table__
    last_ok = (
        sa.select(table.c.resource_id, table.c.url, sa.func.max(table.c.checked_at).label("at"))
        .where(table.c.resource_id.in_(resource_ids), table.c.status == OK)
        .group_by(table.c.resource_id, table.c.url)
        .subquery()
    )
    query = (
        sa.select(table.c.resource_id, table.c.url, sa.func.min(table.c.checked_at))
        .select_from(
            table.outerjoin(
                last_ok, sa.and_(last_ok.c.resource_id == table.c.resource_id, last_ok.c.url == table.c.url)
            )
        )
        .where(
            table.c.resource_id.in_(resource_ids),
            table.c.status != OK,
            sa.or_(last_ok.c.at.is_(None), table.c.checked_at > last_ok.c.at),
        )
        .group_by(table.c.resource_id, table.c.url)
    )
    return {(row[0], row[1]): row[2] for row in model.Session.execute(query)}


def _counts(resource_ids: list[str]) -> dict[str, int]:
    query = (
        model.Session.query(JenaLinkCheck.resource_id, sa.func.count())
        .filter(JenaLinkCheck.resource_id.in_(resource_ids))
        .group_by(JenaLinkCheck.resource_id)
    )
    return {row[0]: row[1] for row in query}


def states_of(resources: Iterable[Mapping[str, Any]], broken_after: dt.timedelta) -> dict[str, LinkState]:
    """The state of each resource's link (resource dicts as ``package_show`` gives them)."""
    wanted = {str(r["id"]): target_url(r) for r in resources if r.get("id")}
    if not wanted:
        return {}
    ids = list(wanted)
    latest, streaks, counts = _latest(ids), _failures_since_last_ok(ids), _counts(ids)
    states = {}
    for resource_id, url in wanted.items():
        last = latest.get((resource_id, url))
        count = counts.get(resource_id, 0)
        if last is None:
            states[resource_id] = LinkState(resource_id, url, "unknown", history_length=count)
            continue
        if last.status == OK:
            states[resource_id] = LinkState(resource_id, url, "ok", last, history_length=count)
            continue
        first = streaks.get((resource_id, url), last.checked_at)
        state = "broken" if last.checked_at - first >= broken_after else "failing"
        states[resource_id] = LinkState(resource_id, url, state, last, first, count)
    return states


def url_status(resources: Iterable[Mapping[str, Any]]) -> dict[str, int | None]:
    """The MQA's status code per resource URL from its latest check (200–299 earn the points;
    one query): an upload in storage counts 200, a failure without an HTTP answer (timeout,
    refused) 0; a URL never checked is left out (unknown)."""
    wanted = {str(r["id"]): (str(r.get("url") or "").strip(), target_url(r)) for r in resources if r.get("id")}
    if not wanted:
        return {}
    latest = _latest(list(wanted))
    codes: dict[str, int | None] = {}
    for resource_id, (url, checked) in wanted.items():
        last = latest.get((resource_id, checked))
        if last is None or not url:
            continue
        if last.status == OK:
            codes[url] = last.http_status or 200
        else:
            codes[url] = last.http_status if last.http_status and last.http_status >= 300 else 0
    return codes


def prune(before: dt.datetime) -> int:
    """Remove checks older than ``before``; the number removed."""
    removed = model.Session.query(JenaLinkCheck).filter(JenaLinkCheck.checked_at < before).delete()
    model.Session.commit()
    return removed

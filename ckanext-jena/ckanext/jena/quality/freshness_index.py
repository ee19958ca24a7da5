"""Freshness in the search index: the state as a facet field, kept current by a daily job.

``before_dataset_index`` writes ``jena_freshness`` (current / due_soon / overdue; nothing when
the dataset promises no frequency). The state changes with time alone and with a live feed's
push (no dataset update), so a daily job re-indexes the datasets whose state changed since
the previous run (their boundaries fall into the last day).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from ckan import model

from ckanext.jena.recurring import Recurring
from ckanext.jena.release import clock

from . import confirmations, freshness

__all__ = ["FIELD", "feed_pushes", "index_state", "of_dataset", "refresh_job", "stale_ids"]

FIELD = "jena_freshness"
log = logging.getLogger(__name__)


def feed_pushes(dataset: dict[str, Any]) -> list[dt.datetime]:
    """The last push of each live feed into a resource of a ``realtime`` dataset."""
    if dataset.get("type") != "realtime":
        return []
    from ckanext.jena.tables import sensor_feeds

    resource_ids = {str(r.get("id")) for r in dataset.get("resources") or [] if r.get("id")}
    accounts = model.Session.query(model.User).filter(
        model.User.state == "active", model.User.plugin_extras.isnot(None)
    )
    pushes = []
    for account in accounts:
        feed = sensor_feeds.feed_of(account) or {}
        pushed = freshness.parse_time(feed.get("last_push"))
        if feed.get("resource_id") in resource_ids and pushed is not None:
            pushes.append(pushed)
    return pushes


def of_dataset(dataset: dict[str, Any], now: dt.datetime | None = None) -> freshness.Freshness:
    """The freshness of a ``package_show``/indexed dict (with the stored confirmation and the
    live feeds' pushes)."""
    package_id = str(dataset.get("id") or "")
    confirmed = confirmations.confirmed_at(package_id) if package_id else None
    last = freshness.last_data_change(dataset.get("resources") or [], confirmed, *feed_pushes(dataset))
    return freshness.assess(dataset.get("frequency"), last, now or clock.now())


def index_state(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: add the freshness state of the dataset as it is indexed."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
        state = of_dataset(dataset).state
    except Exception:  # the index must not fail for a display aid
        log.exception("Freshness of %s could not be computed", pkg_dict.get("id"))
        return pkg_dict
    if state != "none":
        pkg_dict[FIELD] = state
    return pkg_dict


def stale_ids(since: dt.datetime, now: dt.datetime) -> list[str]:
    """Active datasets whose freshness state changed between ``since`` and ``now``."""
    from ckan.logic import get_action

    stale: list[str] = []
    ids = [row[0] for row in model.Session.query(model.Package.id).filter(model.Package.state == "active")]
    for package_id in ids:
        dataset = get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
        result = of_dataset(dataset, now)
        if any(since < moment <= now for moment in result.boundaries()):
            stale.append(package_id)
    return stale


def refresh_job() -> list[str]:
    """Daily: re-index the datasets whose state changed during the last day (plus an hour's overlap)
    and refresh their cockpit state (a live feed's push moves the last data change)."""
    from ckanext.jena.release import visibility

    from . import cockpit_state

    now = clock.now()
    stale = stale_ids(now - dt.timedelta(hours=25), now)
    for package_id in stale:
        visibility.reindex(package_id)
    cockpit_state.refresh(stale)
    log.info("Freshness: re-indexed %d dataset(s) whose state changed", len(stale))
    return stale


def _daily_job() -> list[str]:
    return DAILY.run_and_schedule_next(refresh_job)


# "jena-freshness-run-<time>": not the id "jena-freshness-daily" of before, whose job wrote
# itself back as finished and so stopped the chain after one run.
DAILY = Recurring(
    prefix="jena-freshness-run-", title="Freshness re-index", job=_daily_job, every=lambda: dt.timedelta(days=1)
)


def queue_daily() -> None:
    """On start (once per process): make sure the daily re-index is scheduled."""
    DAILY.ensure_scheduled()

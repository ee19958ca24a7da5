"""The recent use in the search index, and the recurring jobs of usage counting.

``before_dataset_index`` writes ``views_recent`` (CKAN's own integer field of the search schema,
which its ``tracking`` plugin used to fill): page views plus downloads of the last 30 days of a
released dataset. The search sort "Meistgenutzt" (``views_recent desc``) and the home page read
it. The count changes with time alone, so:

* every ``ckanext.jena.usage.flush_minutes`` the pending counters move from Redis to the table;
* once a day the datasets whose count changed since the previous day are re-indexed.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from ckanext.jena import config
from ckanext.jena.recurring import Recurring
from ckanext.jena.usage import store

__all__ = ["DAILY", "FIELD", "FLUSH", "daily_job", "index_recent", "queue_jobs"]

FIELD = "views_recent"
log = logging.getLogger(__name__)


def index_recent(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: the recent use of a released dataset (nothing for any other)."""
    if pkg_dict.get("private") or pkg_dict.get("state") != "active":
        return pkg_dict
    try:
        usage = store.recent(pkg_dict["id"])
    except Exception:  # the index must not fail for a display aid
        log.exception("Usage of %s could not be read", pkg_dict.get("id"))
        return pkg_dict
    if usage.views or usage.downloads:
        pkg_dict[FIELD] = usage.views + usage.downloads
    return pkg_dict


def daily_job() -> list[str]:
    """Flush, then re-index the datasets whose recent count changed since yesterday."""
    from ckanext.jena.release import visibility

    store.flush()
    changed = store.changed_since(store.today() - dt.timedelta(days=1))
    for package_id in changed:
        visibility.reindex(package_id)
    log.info("Usage: re-indexed %d dataset(s) whose recent count changed", len(changed))
    return changed


def _flush_job() -> int:
    return FLUSH.run_and_schedule_next(store.flush)


def _daily_job() -> list[str]:
    return DAILY.run_and_schedule_next(daily_job)


FLUSH = Recurring(
    prefix="jena-usage-flush-",
    title="Usage counts flush",
    job=_flush_job,
    every=lambda: dt.timedelta(minutes=config.usage_flush_minutes()),
)
DAILY = Recurring(
    prefix="jena-usage-daily-",
    title="Usage re-index",
    job=_daily_job,
    every=lambda: dt.timedelta(days=1),
    timeout=lambda: 3600,  # a re-index of every used dataset (rq's default is 180 s)
)


def queue_jobs() -> None:
    """On start (once per process): make sure the flush and the daily re-index are scheduled."""
    if config.usage_counting():
        FLUSH.ensure_scheduled()
        DAILY.ensure_scheduled()

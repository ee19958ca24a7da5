"""One run of the link checker, and its place in the job worker's schedule.

The scheduled job (``jena-links-check-<time>``) checks every released dataset's links, then
queues the next run ``ckanext.jena.links.interval_hours`` later under a job id of its own;
``IConfigurable.configure`` makes sure one run is scheduled. ``ckan jena links check`` runs
it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ckanext.jena import config
from ckanext.jena.links import checker, store, targets
from ckanext.jena.recurring import Recurring
from ckanext.jena.release import clock
from ckanext.jena.safe_fetch import FetchPolicy

__all__ = ["JOB_PREFIX", "SCHEDULE", "Summary", "policy", "queue_scheduled", "run_check", "settings"]

JOB_PREFIX = "jena-links-check-"
log = logging.getLogger(__name__)


def policy() -> FetchPolicy:
    seconds = config.links_timeout_seconds()
    return FetchPolicy(
        allowed_hosts=tuple(config.links_allowed_hosts()),
        timeout=seconds,
        total_timeout=seconds,
        user_agent="Offene-Daten-Jena-Linkpruefung/1.0 (+https://opendata.jena.de)",
        allowed_hosts_option="ckanext.jena.links.allowed_hosts",
    )


def settings() -> checker.Settings:
    return checker.Settings(
        policy=policy(),
        max_per_host=config.links_max_per_host(),
        workers=config.links_workers(),
        host_max_failures=config.links_host_max_failures(),
        backoff=config.links_backoff_seconds(),
    )


@dataclass
class Summary:
    links: int = 0
    stored: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def text(self) -> str:
        parts = ", ".join(f"{status} {count}" for status, count in sorted(self.statuses.items()))
        return f"{self.links} link(s) in {self.seconds:.1f} s: {parts or 'nothing to check'}"


def run_check(
    dataset: str | None = None,
    progress: Callable[[checker.Result], None] | None = None,
    now: dt.datetime | None = None,
    on_targets: Callable[[int], None] | None = None,
) -> Summary:
    """Check the links of every released dataset (or of ``dataset``, id or name). ``now`` fixes the
    time recorded (tests); ``on_targets`` learns how many links there are, ``progress`` each result."""
    started = time.monotonic()
    found = targets.released(dataset)
    if on_targets is not None:
        on_targets(len(found))
    summary = Summary(links=len(found))
    before = store.latest_ok(found)
    changed: set[str] = set()
    failed: set[str] = set()  # a failure may turn a link "defekt" without changing ok/failed

    def moment() -> dt.datetime:
        return now or clock.now()

    def results() -> Iterator[checker.Result]:
        for result in checker.run(found, settings(), moment):
            summary.statuses[result.status] += 1
            target = result.target
            if result.status != checker.SKIPPED and before.get((target.resource_id, target.url)) != result.ok:
                changed.add(target.package_id)
            if result.status != checker.SKIPPED and not result.ok:
                failed.add(target.package_id)
            if progress is not None:
                progress(result)
            yield result

    summary.stored = store.record(results())
    _reindex(changed)
    _refresh_cockpit(changed | failed)
    if dataset is None:
        store.prune(moment() - dt.timedelta(days=config.links_history_days()))
    summary.seconds = time.monotonic() - started
    log.info("Link check: %s", summary.text())
    return summary


def _reindex(package_ids: set[str]) -> None:
    """Datasets whose reachability changed (first check, ok ↔ failed): index them again, so their
    DCAT serialization is rebuilt with the new MQA measurements (the catalog's cached fragments
    only follow ``metadata_modified``, which a check does not change)."""
    from ckanext.jena.release import visibility

    for package_id in sorted(package_ids):
        try:
            visibility.reindex(package_id)
        except Exception:
            log.exception("Link check: re-indexing %s failed", package_id)


def _refresh_cockpit(package_ids: set[str]) -> None:
    """The cockpit's state of the datasets whose links failed or changed (defective links, score)."""
    from ckanext.jena.quality import cockpit_state

    try:
        cockpit_state.refresh(sorted(package_ids))
    except Exception:
        log.exception("Link check: cockpit state not refreshed")


def _scheduled_job() -> str:
    return SCHEDULE.run_and_schedule_next(lambda: run_check().text())


SCHEDULE = Recurring(
    prefix=JOB_PREFIX,
    title="Link check",
    job=_scheduled_job,
    every=lambda: dt.timedelta(hours=config.links_interval_hours()),
    timeout=config.links_job_timeout,
)


def queue_scheduled() -> None:
    """On start (once per process): make sure the next link check is scheduled."""
    SCHEDULE.ensure_scheduled()

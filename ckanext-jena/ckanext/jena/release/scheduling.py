"""Publication at the release date.

* Approving with a future release date schedules one rq job at that moment
  (``queue.enqueue_at``; the ``ckan jobs worker`` runs rq's scheduler, which moves due
  jobs to the queue about once a second). The job id is fixed per dataset, so
  scheduling again replaces the job.
* The job publishes every approved dataset whose date has come (``publish_due``), so
  it is idempotent and also catches datasets whose own job got lost.
* When the portal starts (``IConfigurable.configure``), one catch-up job is queued:
  it publishes what became due while the portal was down and schedules the future
  dates again (in case Redis lost them).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from ckan import model
from ckan.lib import jobs
from ckan.lib.helpers import _get_auto_flask_context  # pyright: ignore[reportPrivateUsage]
from rq.job import Job, JobStatus

from ckanext.jena import config
from ckanext.jena.release import clock, store

log = logging.getLogger(__name__)

PUBLISH_JOB_PREFIX = "jena-release-publish-"
CATCH_UP_JOB_ID = "jena-release-catch-up"


def publish_job_id(package_id: str) -> str:
    return f"{PUBLISH_JOB_PREFIX}{package_id}"


def schedule(package_id: str, release_at: datetime.datetime) -> None:
    """Queue the publication job for ``release_at`` (a lost job is repaired on the next start)."""
    try:
        job = jobs.get_queue().enqueue_at(
            release_at,
            publish_due_job,
            job_id=publish_job_id(package_id),
            meta={"title": f"Publish dataset {package_id}"},
        )
        log.info("Scheduled publication of %s at %s (job %s)", package_id, release_at.isoformat(), job.id)
    except Exception:
        log.exception(
            "Could not schedule the publication of %s; it happens on the next start of the portal", package_id
        )


def publish_due(now: datetime.datetime | None = None) -> list[str]:
    """Publish every approved dataset whose release date has come; returns their ids."""
    from ckanext.jena.release import workflow

    moment = now or clock.now()
    published = []
    for package_id in store.due_for_publication(moment):
        package = model.Package.get(package_id)
        if package is None:
            continue
        try:
            if workflow.publish_due_one(package, moment) is not None:
                published.append(package_id)
        except Exception:
            log.exception("Publishing dataset %s at its release date failed", package_id)
    model.Session.rollback()
    return published


def reschedule_future(now: datetime.datetime | None = None) -> int:
    scheduled = store.scheduled(now or clock.now())
    model.Session.rollback()
    for package_id, release_at in scheduled:
        schedule(package_id, release_at)
    return len(scheduled)


def with_request_context(func: Any) -> Any:
    """Jobs run outside a web request; translations and URLs need a Flask context."""
    flask_context = _get_auto_flask_context()
    if flask_context is None:
        return func()
    with flask_context:
        return func()


def publish_due_job() -> list[str]:
    published = with_request_context(publish_due)
    log.info("Published at their release date: %s", ", ".join(published) or "none")
    return published


def catch_up_job() -> list[str]:
    published = with_request_context(publish_due)
    count = with_request_context(reschedule_future)
    log.info("Release catch-up: published %d overdue dataset(s), re-scheduled %d", len(published), count)
    return published


_catch_up_queued = False


def queue_catch_up() -> None:
    """On start: one job publishes what became due while the portal was down.

    Once per process: rq's work horses are forked from a worker that already queued it
    (and re-run the plugin set-up), so they must not queue it again; and not while an
    earlier catch-up is still waiting or running.
    """
    global _catch_up_queued
    if _catch_up_queued or not config.release_catch_up_on_start():
        return
    _catch_up_queued = True
    try:
        queue = jobs.get_queue()
        waiting = (
            Job.fetch(CATCH_UP_JOB_ID, connection=queue.connection)
            if Job.exists(CATCH_UP_JOB_ID, queue.connection)
            else None
        )
        if waiting is not None and waiting.get_status(refresh=False) in (JobStatus.QUEUED, JobStatus.STARTED):
            return
        queue.enqueue(catch_up_job, job_id=CATCH_UP_JOB_ID, meta={"title": "Release catch-up after start"})
    except Exception:
        log.warning("Could not queue the release catch-up job (Redis unreachable?)", exc_info=True)

"""Jobs that come back on their own (the daily freshness re-index, the link checks), on rq's
scheduler in ``ckan jobs worker``.

Each run is queued under a job id of its own (``<prefix><time>``): rq writes a finished job back
under its id with a short expiry, which would take the next run along if it shared the id, and
the chain would stop after one run. On start, one process at a time (under a short Redis lock)
makes sure a run is pending.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ckanext.jena.release import clock

if TYPE_CHECKING:
    from rq import Queue

__all__ = ["Recurring"]

log = logging.getLogger(__name__)


@dataclass
class Recurring:
    """``job`` (an importable module-level function) runs every ``every()`` and schedules the next run."""

    prefix: str
    title: str
    job: Callable[[], Any]
    every: Callable[[], dt.timedelta]
    timeout: Callable[[], int] | None = None
    _ensured: bool = False

    def schedule_next(self, queue: Queue | None = None, at: dt.datetime | None = None) -> None:
        from ckan.lib import jobs

        moment = at or clock.now() + self.every()
        try:
            (queue or jobs.get_queue()).enqueue_at(
                moment,
                self.job,
                job_id=f"{self.prefix}{moment:%Y%m%dT%H%M%S%f}",
                job_timeout=self.timeout() if self.timeout else None,
                meta={"title": self.title},
            )
        except Exception:
            log.warning("Could not schedule %s (Redis unreachable?)", self.title, exc_info=True)

    def pending(self, queue: Queue) -> list[str]:
        """Ids of this job's runs scheduled, waiting or running in ``queue``."""
        from rq.registry import ScheduledJobRegistry, StartedJobRegistry

        ids = [
            *ScheduledJobRegistry(queue=queue).get_job_ids(),
            *queue.get_job_ids(),
            *StartedJobRegistry(queue=queue).get_job_ids(),
        ]
        return [job_id for job_id in ids if job_id.startswith(self.prefix)]

    def run_and_schedule_next(self, work: Callable[[], Any]) -> Any:
        """Inside the job: do the work in a request context, then queue the next run (whatever happened)."""
        from rq import Queue, get_current_job

        from ckanext.jena.release.scheduling import with_request_context

        current = get_current_job()
        queue = Queue(current.origin, connection=current.connection) if current is not None else None
        try:
            return with_request_context(work)
        finally:
            self.schedule_next(queue)

    def ensure_scheduled(self) -> None:
        """On start (once per process): make sure a run is pending."""
        if self._ensured:
            return
        self._ensured = True
        from ckan.lib import jobs

        try:
            queue = jobs.get_queue()
            if not queue.connection.set(f"{self.prefix}deciding", "1", nx=True, ex=60):
                return
            if not self.pending(queue):
                self.schedule_next(queue)
        except Exception:
            log.warning("Could not check whether %s is scheduled (Redis unreachable?)", self.title, exc_info=True)

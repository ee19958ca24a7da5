"""Serialize every released dataset ahead of the harvesters, after an upgrade or a settings change.

Fragments are cached under a fingerprint of the settings, code lists and serializer version
(:func:`.cache.fingerprint`). When that changes, every cached fragment is stale and a crawl
would serialize each dataset on the way (catalog_bench, 1,000 datasets, 2 cores at load 3-4:
about 6.4 s per page of 100 instead of 0.04 s).
``ckan jena bootstrap`` therefore queues :func:`warm_job` when the fingerprint differs from the
one the last complete warm-up recorded, so the catalog is fast again minutes after a start.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from ckan import model
from ckan.lib import jobs

from ckanext.jena import config
from ckanext.jena.profiles.flavours import FLAVOURS

from .cache import fingerprint
from .catalog import read_page
from .serializer import fragments

__all__ = ["WARMED_MARKER", "queue_warm_up_if_stale", "warm_all", "warm_job"]

log = logging.getLogger(__name__)

WARMED_MARKER = "jena.dcat.warmed_fingerprint"
WARM_JOB_ID = "jena-dcat-warm-up"

Progress = Callable[[int, float], None]


def warm_all(progress: Progress | None = None) -> int:
    """Serialize (and cache) every released dataset that is not cached yet; returns their number.

    Records the fingerprint it warmed for, so a start with unchanged settings queues nothing.
    """
    current = fingerprint()
    started = time.perf_counter()
    after = None
    count = 0
    while True:
        page = read_page(after, config.dcat_datasets_per_page())
        fragments({item.id: item.stamp for item in page.items}, "rdf", build=FLAVOURS)
        count += len(page.items)
        if progress is not None:
            progress(count, time.perf_counter() - started)
        if page.next is None:
            break
        after = page.next
    model.set_system_info(WARMED_MARKER, current)
    return count


def warm_job() -> None:
    """Background job: warm the catalog, logging progress per page."""

    def log_progress(count: int, seconds: float) -> None:
        log.info("DCAT catalog warm-up: %d datasets serialized (%.0f s)", count, seconds)

    count = warm_all(log_progress)
    log.info("DCAT catalog warm-up finished: %d released datasets ready", count)


def queue_warm_up_if_stale() -> bool:
    """Queue :func:`warm_job` when the cached fragments were built for other settings; True if queued."""
    if config.dcat_fragment_cache_ttl() <= 0 or model.get_system_info(WARMED_MARKER) == fingerprint():
        return False
    jobs.enqueue(warm_job, title="DCAT-Katalog vorbereiten", rq_kwargs={"job_id": WARM_JOB_ID})
    return True

"""Long-running harvest queue consumers that survive idle periods.

ckanext-harvest 1.6.3 waits for queue messages with a blocking ``BLPOP`` on a
Redis client created by ``redis.Redis.from_url``. redis-py 8 (pinned by CKAN
2.12) gives every client a 5 s socket timeout by default, so an idle consumer
dies with ``redis.exceptions.TimeoutError`` after five quiet seconds. A timed
out ``BLPOP`` has popped nothing, so resuming the loop loses no message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import redis

log = logging.getLogger(__name__)


def _consume_forever(run_once: Callable[[], None], name: str) -> None:
    while True:
        try:
            run_once()
        except redis.exceptions.TimeoutError:
            log.debug("%s: queue idle, waiting again", name)


def gather_consumer() -> None:
    from ckanext.harvest.utils import gather_consumer as harvest_gather_consumer

    _consume_forever(harvest_gather_consumer, "harvest gather consumer")


def fetch_consumer() -> None:
    from ckanext.harvest.utils import fetch_consumer as harvest_fetch_consumer

    _consume_forever(harvest_fetch_consumer, "harvest fetch consumer")

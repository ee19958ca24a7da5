"""Long-running harvest queue consumers that survive idle periods.

ckanext-harvest 1.6.3 waits for queue messages with a blocking ``BLPOP`` on a
Redis client created by ``redis.Redis.from_url``. redis-py 8 (pinned by CKAN
2.12) gives every client a 5 s socket timeout by default, so an idle consumer
dies with ``redis.exceptions.TimeoutError`` after five quiet seconds. A timed
out ``BLPOP`` has popped nothing, so resuming the loop loses no message.

A lost Redis connection (Redis restarted by ``make run``, or a network blip to an
external server) is handled the same way: wait with back-off and connect again; the
queued messages live in Redis, so nothing is lost by waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import redis

log = logging.getLogger(__name__)


FIRST_RECONNECT_DELAY = 0.5
MAX_RECONNECT_DELAY = 30.0


def _consume_forever(run_once: Callable[[], None], name: str) -> None:
    delay = FIRST_RECONNECT_DELAY
    while True:
        try:
            run_once()
        except redis.exceptions.TimeoutError:
            log.debug("%s: queue idle, waiting again", name)
            delay = FIRST_RECONNECT_DELAY
        except redis.exceptions.ConnectionError as error:
            log.warning("%s: lost the connection to Redis (%s); connecting again in %.1f s", name, error, delay)
            time.sleep(delay)
            delay = min(delay * 2, MAX_RECONNECT_DELAY)


def gather_consumer() -> None:
    from ckanext.harvest.utils import gather_consumer as harvest_gather_consumer

    _consume_forever(harvest_gather_consumer, "harvest gather consumer")


def fetch_consumer() -> None:
    from ckanext.harvest.utils import fetch_consumer as harvest_fetch_consumer

    _consume_forever(harvest_fetch_consumer, "harvest fetch consumer")

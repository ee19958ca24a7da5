"""One Redis client per process for code on the request path (usage counts, the page cache).

``ckan.lib.redis.connect_to_redis()`` builds a new client on every call; on the request path
that cost about as much as the command itself. The client shares CKAN's connection pool.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["shared_redis"]


@functools.cache
def shared_redis() -> Redis:
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()

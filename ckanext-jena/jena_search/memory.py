"""Give memory back to the operating system after a spike.

Python objects and Tantivy's buffers are allocated with the C library's malloc. After a spike
(large responses, many requests at once, hostile queries) glibc keeps the freed memory in its
arenas, so the process stays at its peak size. ``MemoryReleaser`` calls ``malloc_trim(0)``
every few seconds while requests come in, which returns free pages of every arena (glibc
2.8+), and once more when the service has been idle. ``limit_arenas`` caps the number of
malloc arenas (glibc creates up to 8 per core, one per thread that allocates concurrently);
fewer arenas fragment less. Both are no-ops where glibc is not the C library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
import time
from typing import Any

log = logging.getLogger("jena_search.memory")

M_ARENA_MAX = -8  # mallopt parameter, glibc's malloc.h


def _libc() -> Any | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_LIBC = _libc()


def limit_arenas(count: int) -> bool:
    """At most ``count`` malloc arenas for threads started from now on; True if applied."""
    return _LIBC is not None and bool(_LIBC.mallopt(M_ARENA_MAX, count))


def trim() -> bool:
    """Return free memory to the operating system now; True if glibc released any."""
    return _LIBC is not None and bool(_LIBC.malloc_trim(0))


class MemoryReleaser(threading.Thread):
    """Calls ``trim()`` every ``interval`` seconds while the service is busy, and once after it
    has become idle. ``activity()`` is called per request (cheap: one assignment)."""

    def __init__(self, interval: float = 5.0) -> None:
        super().__init__(name="memory-release", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self._active = False

    def activity(self) -> None:
        self._active = True

    def run(self) -> None:
        if _LIBC is None:
            log.info("malloc_trim is not available; memory is not released explicitly")
            return
        while not self.stopped.wait(self.interval):
            if not self._active:
                continue
            self._active = False
            started = time.perf_counter()
            trim()
            log.debug("malloc_trim took %.1f ms", (time.perf_counter() - started) * 1000, extra={"event": "trim"})

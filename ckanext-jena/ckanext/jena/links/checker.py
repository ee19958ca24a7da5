"""The polite HTTP side of the link checker (no CKAN import; settings come in :class:`Settings`).

Every URL goes through :func:`ckanext.jena.safe_fetch.probe` (address policy checked before
connecting and on the socket, every redirect target checked again; HEAD, then the first byte
by GET when a server refuses HEAD). Per host at most ``max_per_host`` requests run at once:
each host gets that many lanes, each lane works through the host's queue one URL after the
other. A host that fails (timeout, no connection) is paused with a doubling back-off and, after
``host_max_failures`` such failures in a row, left alone for the rest of the run.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from ckanext.jena.safe_fetch import FetchError, FetchPolicy, probe

__all__ = ["FAILURES", "OK", "SKIPPED", "Result", "Settings", "Target", "check_one", "check_upload", "run"]

OK = "ok"
SKIPPED = "skipped"  # never stored: the host was given up in this run
# Every stored status but "ok" is a failure.
FAILURES = ("broken", "timeout", "unreachable", "refused", "invalid", "missing")
_STATUS_OF_CODE = {
    "http_status": "broken",
    "redirect_loop": "broken",
    "too_many_redirects": "broken",
    "timeout": "timeout",
    "too_slow": "timeout",
    "connection": "unreachable",
    "unresolvable": "unreachable",
    "address_refused": "refused",
    "bad_url": "invalid",
}
# Failures that say the host itself is in trouble (count towards its back-off).
_HOST_FAILURES = frozenset({"timeout", "unreachable"})
_MAX_BACKOFF = 30.0


@dataclass(frozen=True)
class Target:
    resource_id: str
    package_id: str
    url: str
    upload_path: str | None = None  # the portal's own upload: read from storage


@dataclass(frozen=True)
class Result:
    target: Target
    checked_at: dt.datetime
    status: str
    http_status: int | None = None
    response_ms: int | None = None
    content_type: str | None = None
    size: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class Settings:
    policy: FetchPolicy
    max_per_host: int = 2
    workers: int = 8
    host_max_failures: int = 3
    backoff: float = 1.0  # seconds before the next request to a host that just failed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_one(target: Target, policy: FetchPolicy, now: Callable[[], dt.datetime] = _now) -> Result:
    """Probe one URL; never raises."""
    started = time.monotonic()
    try:
        probed = probe(target.url, policy)
    except FetchError as error:
        elapsed = round((time.monotonic() - started) * 1000)
        status = _STATUS_OF_CODE.get(error.code, "broken")
        return Result(target, now(), status, error.status, elapsed, error=f"{error.message_de} ({error.message_en})")
    except Exception as error:  # a bug or an odd answer must not stop the run
        elapsed = round((time.monotonic() - started) * 1000)
        return Result(target, now(), "unreachable", None, elapsed, error=f"{type(error).__name__}: {error}")
    elapsed = round((time.monotonic() - started) * 1000)
    return Result(target, now(), OK, probed.status, elapsed, probed.content_type or None, probed.size)


def check_upload(target: Target, now: Callable[[], dt.datetime] = _now) -> Result:
    """An upload of the portal is there when its file is in storage."""
    path = target.upload_path or ""
    if path and os.path.isfile(path):
        return Result(target, now(), OK, size=os.path.getsize(path))
    return Result(
        target,
        now(),
        "missing",
        error="Die hochgeladene Datei fehlt im Speicher des Portals. (The uploaded file is missing from storage.)",
    )


class _Host:
    """The queue of one host and how it is doing, shared by its lanes."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self.waiting = deque(targets)
        self.lock = threading.Lock()
        self.failures_in_row = 0

    def next(self) -> Target | None:
        with self.lock:
            return self.waiting.popleft() if self.waiting else None

    def note(self, result: Result) -> int:
        """Count the result; the failures in a row so far."""
        with self.lock:
            self.failures_in_row = self.failures_in_row + 1 if result.status in _HOST_FAILURES else 0
            return self.failures_in_row


def _lane(host: _Host, settings: Settings, now: Callable[[], dt.datetime], out: queue.Queue[Result]) -> None:
    while (target := host.next()) is not None:
        if host.failures_in_row >= settings.host_max_failures:
            out.put(Result(target, now(), SKIPPED))
            continue
        result = check_one(target, settings.policy, now)
        out.put(result)
        failures = host.note(result)
        if 0 < failures < settings.host_max_failures and settings.backoff > 0:
            time.sleep(min(_MAX_BACKOFF, settings.backoff * 2 ** (failures - 1)))


def _host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def run(targets: Iterable[Target], settings: Settings, now: Callable[[], dt.datetime] = _now) -> Iterator[Result]:
    """Check every target (uploads from storage, the rest over HTTP) and yield each result as it
    arrives; targets of a host given up in this run come back as ``skipped``."""
    by_host: dict[str, list[Target]] = {}
    uploads: list[Target] = []
    for target in targets:
        if target.upload_path is not None:
            uploads.append(target)
        else:
            by_host.setdefault(_host_of(target.url), []).append(target)
    for target in uploads:
        yield check_upload(target, now)
    total = sum(len(items) for items in by_host.values())
    if not total:
        return
    out: queue.Queue[Result] = queue.Queue()
    with ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="jena-links") as pool:
        for items in by_host.values():
            host = _Host(items)
            for _lane_number in range(min(settings.max_per_host, len(items))):
                pool.submit(_lane, host, settings, now, out)
        for _ in range(total):
            yield out.get()

"""The WSGI side of the page cache: serve a stored answer, or store the application's answer.

Outside Flask (``app.wsgi_app``): a hit touches neither the database nor the templates. Only a
``GET`` without cookies and credentials is looked up or stored, so a signed-in visitor never gets
a stored page, and a stored page never comes from a signed-in visitor. Every answer gets an
``ETag``; ``If-None-Match`` is answered ``304``. Redis unreachable: the application answers.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from werkzeug.wsgi import ClosingIterator

from ckanext.jena import config
from ckanext.jena.page_cache import generation, marking
from ckanext.jena.page_cache.entries import Entry, key_for
from ckanext.jena.redis_client import shared_redis
from ckanext.jena.usage import counting as usage_counting

__all__ = ["CACHE_HEADER", "PageCache"]

CACHE_HEADER = "X-Jena-Cache"
CREDENTIALS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_X_CKAN_API_KEY", "HTTP_RANGE")
log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]


def _candidate(environ: dict[str, Any]) -> bool:
    if environ.get("REQUEST_METHOD") != "GET":
        return False
    return not any(environ.get(name) for name in CREDENTIALS) and not environ.get(_token_variable())


def _token_variable() -> str:
    return "HTTP_" + config.api_token_header().upper().replace("-", "_")


def _not_modified(environ: dict[str, Any], etag: str) -> bool:
    wanted = environ.get("HTTP_IF_NONE_MATCH", "")
    return bool(wanted) and (wanted.strip() == "*" or etag in [part.strip() for part in wanted.split(",")])


class PageCache:
    """WSGI middleware around the Flask application."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not config.page_cache_enabled() or not _candidate(environ):
            return self.app(environ, start_response)
        try:
            key = key_for(environ, generation.current())
            raw = shared_redis().get(key)
        except Exception:
            log.warning("Page cache unavailable (Redis unreachable?); answering without it", exc_info=True)
            return self.app(environ, start_response)
        if raw is not None:
            return self._serve(Entry.decode(raw), environ, start_response)
        return self._answer_and_store(key, environ, start_response)

    def _serve(self, entry: Entry, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if entry.usage_target:
            usage_counting.count(usage_counting.field_for(entry.usage_target, _RequestHeaders(environ)))
        return _send(entry, environ, start_response, "HIT")

    def _answer_and_store(self, key: str, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], Any]:
            if not environ.get(marking.STORABLE) or any(name.lower() == "set-cookie" for name, _ in headers):
                return start_response(status, headers, exc_info)
            answer["status"], answer["headers"] = status, headers
            return _refuse_write

        result = self.app(environ, capture)
        if "status" not in answer:
            return result
        chunks, rest = _read_at_most(result, config.page_cache_max_entry_bytes())
        if rest is not None:  # too large to keep: pass it on as the application sends it
            start_response(answer["status"], answer["headers"])
            return ClosingIterator(itertools.chain(chunks, rest), [getattr(result, "close", lambda: None)])
        body = b"".join(chunks)
        entry = Entry.from_answer(
            answer["status"], answer["headers"], body, environ.get(marking.NONCE, ""), environ.get(marking.USAGE, [])
        )
        try:
            shared_redis().set(key, entry.encode(), ex=config.page_cache_seconds())
        except Exception:
            log.warning("Page not stored in the cache (Redis unreachable?)", exc_info=True)
        return _send(entry, environ, start_response, "MISS")


class _RequestHeaders:
    """``headers.get(name)`` over a WSGI environ (what ``usage.counting`` reads)."""

    def __init__(self, environ: dict[str, Any]) -> None:
        self.environ = environ

    def get(self, name: str, default: str = "") -> str:
        return str(self.environ.get("HTTP_" + name.upper().replace("-", "_"), default))


def _refuse_write(data: bytes) -> None:
    raise RuntimeError("the page cache buffers answers; write() is not supported")


def _read_at_most(result: Iterable[bytes], limit: int) -> tuple[list[bytes], Iterator[bytes] | None]:
    """The answer's chunks, read whole (closing it), or, beyond ``limit`` bytes, the chunks
    read so far and the rest still to send (not closed)."""
    chunks: list[bytes] = []
    size = 0
    iterator = iter(result)
    for chunk in iterator:
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return chunks, iterator
    close = getattr(result, "close", None)
    if close is not None:
        close()
    return chunks, None


def _send(entry: Entry, environ: dict[str, Any], start_response: StartResponse, state: str) -> Iterable[bytes]:
    etag = next((value for name, value in entry.headers if name.lower() == "etag"), entry.etag)
    extra = [(CACHE_HEADER, state)] + ([] if any(n.lower() == "etag" for n, _ in entry.headers) else [("ETag", etag)])
    if _not_modified(environ, etag):
        kept = [(n, v) for n, v in entry.headers if n.lower() in ("cache-control", "vary", "etag", "last-modified")]
        start_response("304 Not Modified", kept + extra)
        return []
    headers, body = entry.served()
    start_response(entry.status, [*headers, *extra, ("Content-Length", str(len(body)))])
    return [body]

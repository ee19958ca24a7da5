"""The cache generation: a Redis counter bumped after every commit that wrote to CKAN's database.

Every cache key contains the generation, so once a change is committed no answer rendered
before it is served again. The listeners sit on SQLAlchemy's ``Engine`` and ``Pool`` classes and
count writes of every process (web, job worker, harvest consumers, ``ckan`` commands): ORM
changes and SQL alike. Only the engine of CKAN's own database counts: the DataStore's tables
(sensor feeds push every few seconds) are not cached at all (``marking``).

The bump must come *after* the database commit: SQLAlchemy's ``commit`` event fires before it,
and an answer rendered between a bump and the commit would show the old state under the new
generation. So the commit event only notes the write; the bump follows when the connection goes
back to the pool, which happens right after the commit (a Session releases its connection, and
``engine.begin()`` closes it).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import Pool

from ckanext.jena.redis_client import shared_redis

__all__ = ["KEY", "bump", "current", "install"]

KEY = "jena:page_cache:generation"
_WROTE = "jena_page_cache_wrote"
_COMMITTED = "jena_page_cache_committed"
_READING = ("SELECT", "SHOW", "WITH", "EXPLAIN")
log = logging.getLogger(__name__)


def current() -> int:
    """The current generation (raises ``redis.RedisError`` when Redis is unreachable)."""
    return int(shared_redis().get(KEY) or 0)


def bump() -> None:
    """Make every stored answer stale (never fails the write that caused it)."""
    try:
        shared_redis().incr(KEY)
    except Exception:
        log.warning("Page cache generation not bumped (Redis unreachable?)", exc_info=True)


@functools.cache
def _main_database() -> str:
    return make_url(tk.config["sqlalchemy.url"]).render_as_string(hide_password=True)


def _is_main_database(connection: Connection) -> bool:
    try:
        return connection.engine.url.render_as_string(hide_password=True) == _main_database()
    except Exception:
        return False


def _note_write(connection: Connection, cursor: Any, statement: str, *args: Any) -> None:
    if statement.lstrip()[:7].upper().startswith(_READING):
        return
    if _is_main_database(connection):
        connection.info[_WROTE] = True


def _on_commit(connection: Connection) -> None:
    if connection.info.pop(_WROTE, False):
        connection.info[_COMMITTED] = True


def _on_checkin(dbapi_connection: Any, record: Any) -> None:
    info = getattr(record, "info", None)
    if info is not None and info.pop(_COMMITTED, False):
        bump()


def _after_rollback(connection: Connection) -> None:
    connection.info.pop(_WROTE, None)


def install() -> None:
    """Listen to every engine of the process (idempotent)."""
    _main_database.cache_clear()
    for target, name, listener in (
        (Engine, "before_cursor_execute", _note_write),
        (Engine, "commit", _on_commit),
        (Engine, "rollback", _after_rollback),
        (Pool, "checkin", _on_checkin),
    ):
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)

"""Every request starts and ends with a clean database session, whatever happened in it.

CKAN removes the SQLAlchemy session in its ``after_request`` handler. That handler does not
run when the error page itself fails: a statement that PostgreSQL refused (a NUL character,
a number out of range) leaves the session in "pending rollback", the error page queries the
database again, fails once more, and the broken session stayed with the worker thread, so the
next, unrelated request on that worker failed with ``PendingRollbackError``.

This WSGI wrapper sits outside Flask: it removes the session before the request, after the
response has been sent (``close()``), and when the application raises.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from ckan import model
from werkzeug.wsgi import ClosingIterator

log = logging.getLogger(__name__)

__all__ = ["SessionCleanup", "reset_session"]


def reset_session() -> None:
    """Roll back and remove the thread's session (a no-op when the thread has none)."""
    try:
        model.Session.remove()
    except Exception:  # a dead connection: drop it, the pool opens a new one
        log.warning("Could not close the database session cleanly; discarding it", exc_info=True)
        model.Session.registry.clear()


class SessionCleanup:
    """WSGI middleware around the Flask application (``app.wsgi_app``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        reset_session()
        try:
            result = self.app(environ, start_response)
        except BaseException:
            reset_session()
            raise
        return ClosingIterator(result, [reset_session])

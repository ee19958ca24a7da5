"""Search entries of a transaction that did not commit are repaired once the database answers again.

CKAN indexes a dataset just before it commits (``before_commit``). When the commit then fails
(the database went away in between), the search index keeps an entry the database never got:
a new dataset found by search that does not exist, or an update the database does not have.
The ids indexed in a transaction are remembered on the session; if the transaction ends
without a commit, a background job re-indexes them from the database (or removes them from
the index when the database has no such dataset), retried until the database is back.
"""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import search
from rq import Retry
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

_KEY = "jena_indexed_package_ids"
RETRIES = 60
RETRY_INTERVAL = 10  # seconds: the job waits up to ten minutes for the database


def note_indexed(package_id: str) -> None:
    """Called for every dataset CKAN is about to index (``before_dataset_index``).

    Only indexing on the way to a commit counts: CKAN keeps ``_object_cache`` on a session with
    changed datasets until it commits; a rebuild (CLI, repair job) changes nothing and is not noted."""
    session = model.Session()
    if hasattr(session, "_object_cache"):
        session.info.setdefault(_KEY, set()).add(package_id)


def _committed(session: Session) -> None:
    session.info.pop(_KEY, None)


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    package_ids = session.info.pop(_KEY, None)
    if not package_ids:
        return
    log.warning("Indexed but not committed, repairing their search entries: %s", sorted(package_ids))
    try:
        tk.enqueue_job(
            repair,
            [sorted(package_ids)],
            title="jena: repair search entries of an uncommitted transaction",
            rq_kwargs={"retry": Retry(max=RETRIES, interval=RETRY_INTERVAL)},
        )
    except Exception:  # Redis down as well: `ckan search-index rebuild` repairs it (README)
        log.exception("Could not queue the search repair of %s", sorted(package_ids))


def listen() -> None:
    if not sa.event.contains(Session, "after_commit", _committed):
        sa.event.listen(Session, "after_commit", _committed)
        sa.event.listen(Session, "after_transaction_end", _ended)


def repair(package_ids: list[str]) -> None:
    """Background job: make the index entries of ``package_ids`` match the database."""
    for package_id in package_ids:
        if model.Session.get(model.Package, package_id) is None:
            search.clear(package_id)
        else:
            search.rebuild(package_id)
    model.Session.remove()

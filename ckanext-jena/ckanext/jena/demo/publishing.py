"""Demo and synthetic datasets go public at once, through the release workflow's trusted path.

The release workflow keeps every new dataset a private draft until a data manager
approves it. Demo data has no author to review it, so the loaders publish through
``workflow.publish_without_review`` (logged as an override in the audit trail) and
patch already published demo datasets in place instead of opening a pending revision.
Neither path is reachable from the web or the Action API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search

from ckanext.jena.release import revisions, visibility, workflow

__all__ = ["RELEASE_REASON", "deferred_search_commits", "in_place_update_context", "publish"]

RELEASE_REASON = "Demo-Daten der Stadt Jena, ohne Prüfung veröffentlicht (ckan jena demo)"
_SOLR_COMMIT = "ckan.search.solr_commit"


def publish(package_id: str, actor_name: str) -> bool:
    """Publish the dataset unless it is public already or outside the workflow; True if it changed.

    ``actor_name`` (normally the site user) is recorded in the audit trail.
    """
    package = model.Package.get(package_id)
    if package is None or not visibility.is_managed(package):
        return False
    actor = model.User.by_name(actor_name)
    result = workflow.publish_without_review(package, reason=RELEASE_REASON, actor_id=actor.id if actor else None)
    return result is not None


def in_place_update_context() -> dict[str, Any]:
    """Context flags that apply an update to a published dataset directly (no pending revision)."""
    return {revisions.APPLYING_KEY: True}


@contextmanager
def deferred_search_commits() -> Iterator[None]:
    """Index without a search commit per dataset; commit once when the block ends.

    ``ckan.search.solr_commit = false`` is CKAN's own switch for bulk loads; it is
    restored afterwards, so only this process and only this block are affected.
    """
    previous = tk.config.get(_SOLR_COMMIT)
    tk.config[_SOLR_COMMIT] = False
    try:
        yield
    finally:
        tk.config[_SOLR_COMMIT] = previous
        search.commit()

"""Template helpers of the usage counts (exported by ``ckanext.jena.helpers``)."""

from __future__ import annotations

import logging
from typing import Any

from ckan import model

from ckanext.jena.release import visibility

from . import store

__all__ = ["jena_usage_recent", "with_usage"]

log = logging.getLogger(__name__)


def jena_usage_recent(pkg: dict[str, Any]) -> dict[str, int] | None:
    """Views and downloads of the last 30 days of a released dataset (``None`` for any other)."""
    package = model.Package.get(str(pkg.get("id") or ""))
    if package is None or not visibility.is_public(package):
        return None
    try:
        return store.recent(package.id).as_dict()
    except Exception:
        log.exception("Usage of %s could not be read", package.id)
        return None


def with_usage(packages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``packages`` (public search results), each with ``jena_usage`` (views and downloads, 30 days)."""
    counts = store.recent_by_package(str(pkg["id"]) for pkg in packages)
    return [{**pkg, "jena_usage": counts.get(pkg["id"], store.Usage()).as_dict()} for pkg in packages]

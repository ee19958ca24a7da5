"""Use in the data-management report (``jena_quality_report``, the cockpit and its exports):
views and downloads of the last 30 days per released dataset (per department: ``quality.report``, in SQL).

Unreleased datasets get no figures (``usage`` is ``None``), also when the table still holds
counts from a time they were public.
"""

from __future__ import annotations

from typing import Any

from ckanext.jena.release import states

from . import store

__all__ = ["add_usage"]


def add_usage(rows: list[dict[str, Any]]) -> None:
    """Give every report row ``usage`` (views and downloads of 30 days; ``None`` if not released)."""
    public = [row for row in rows if states.is_public(row["release"]["state"])]
    counts = store.recent_by_package(row["id"] for row in public)
    for row in rows:
        row["usage"] = None
    for row in public:
        row["usage"] = counts.get(row["id"], store.Usage()).as_dict()

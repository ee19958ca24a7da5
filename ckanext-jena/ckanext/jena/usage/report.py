"""Use in the data-management report (``jena_quality_report``, the cockpit and its exports):
views and downloads of the last 30 days per released dataset and per department.

Unreleased datasets get no figures (``usage`` is ``None``), also when the table still holds
counts from a time they were public.
"""

from __future__ import annotations

from typing import Any

from ckanext.jena.release import states

from . import store

__all__ = ["add_usage", "by_department"]


def add_usage(rows: list[dict[str, Any]]) -> None:
    """Give every report row ``usage`` (views and downloads of 30 days; ``None`` if not released)."""
    public = [row for row in rows if states.is_public(row["release"]["state"])]
    counts = store.recent_by_package(row["id"] for row in public)
    for row in rows:
        row["usage"] = None
    for row in public:
        row["usage"] = counts.get(row["id"], store.Usage()).as_dict()


def by_department(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Released datasets, views and downloads per department (rows of :func:`add_usage`), by name."""
    departments: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.get("usage") is None:
            continue
        organization = row["organization"]
        entry = departments.setdefault(
            organization["id"],
            {"name": organization["name"], "title": organization["title"], "datasets": 0, "views": 0, "downloads": 0},
        )
        entry["datasets"] += 1
        entry["views"] += row["usage"]["views"]
        entry["downloads"] += row["usage"]["downloads"]
    return sorted(departments.values(), key=lambda entry: entry["name"])

"""The data-ethics checklist: a versioned checklist defined as data
(``schemas/ethics_checklist.yaml``), evaluated on the server, stored confidentially in
our own tables, enforced by the release gate ``ethics`` and summarised publicly."""

from __future__ import annotations

from typing import Any


def public_summary(package_id: str) -> dict[str, Any] | None:
    """Public facts of the passed checklist of a public dataset, else None (see ``summary.py``)."""
    from ckanext.jena.ethics.summary import public_summary as _summary

    return _summary(package_id)


__all__ = ["public_summary"]

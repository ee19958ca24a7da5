"""Editors' "Daten geprüft, unverändert aktuell": stored per dataset, read in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ckan import model

from ckanext.jena.model.quality import JenaDataConfirmation

__all__ = ["confirm", "confirmed_at", "confirmed_at_many"]


def confirmed_at(package_id: str) -> dt.datetime | None:
    row = model.Session.get(JenaDataConfirmation, package_id)
    return row.confirmed_at if row is not None else None


def confirmed_at_many(package_ids: Iterable[str]) -> dict[str, dt.datetime]:
    ids = list(package_ids)
    if not ids:
        return {}
    rows = model.Session.query(JenaDataConfirmation).filter(JenaDataConfirmation.package_id.in_(ids)).all()
    return {row.package_id: row.confirmed_at for row in rows}


def confirm(package_id: str, user_id: str | None, now: dt.datetime) -> None:
    """Record the confirmation (the caller commits)."""
    row = model.Session.get(JenaDataConfirmation, package_id)
    if row is None:
        model.Session.add(JenaDataConfirmation(package_id=package_id, confirmed_at=now, confirmed_by=user_id))
    else:
        row.confirmed_at, row.confirmed_by = now, user_id

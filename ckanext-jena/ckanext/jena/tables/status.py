"""The loading state of each resource's table (``jena_table_load``), read by the resource page."""

from __future__ import annotations

import datetime

from ckan import model

from ckanext.jena.model import JenaTableLoad

QUEUED, LOADING, LOADED, FAILED = "queued", "loading", "loaded", "failed"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def get(resource_id: str) -> JenaTableLoad | None:
    return model.Session.get(JenaTableLoad, resource_id)


def _row(resource_id: str) -> JenaTableLoad:
    row = get(resource_id)
    if row is None:
        row = JenaTableLoad(resource_id=resource_id, state=QUEUED, source="")
        model.Session.add(row)
    return row


def queued(resource_id: str, source: str) -> None:
    """Inside the caller's transaction (the dataset's save commits it)."""
    row = _row(resource_id)
    row.state, row.source, row.queued_at = QUEUED, source, _now()


def loading(resource_id: str) -> None:
    _row(resource_id).state = LOADING
    model.Session.commit()


def loaded(resource_id: str, rows: int) -> None:
    row = _row(resource_id)
    row.state, row.rows, row.finished_at = LOADED, rows, _now()
    row.loaded_at = row.finished_at
    row.error_code = row.message_de = row.message_en = None
    model.Session.commit()


def failed(resource_id: str, code: str, message_de: str, message_en: str) -> None:
    model.Session.rollback()
    row = _row(resource_id)
    row.state, row.finished_at = FAILED, _now()
    row.error_code, row.message_de, row.message_en = code, message_de, message_en
    model.Session.commit()

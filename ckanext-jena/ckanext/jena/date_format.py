"""Dates in the form and on the page: stored ISO (``2025-04-01``), typed and read the German way."""

from __future__ import annotations

import datetime
from typing import Any

from flask_babel import format_date

__all__ = ["jena_date_input", "jena_date_long"]


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


def jena_date_input(value: Any) -> str:
    """The value of a date field: a stored date as ``01.04.2025``; what the user typed (an
    invalid entry shown again with its error) unchanged."""
    parsed = _date(value) if value and len(str(value).strip()) >= 10 else None
    if parsed is None:
        return "" if value is None else str(value)
    return parsed.strftime("%d.%m.%Y")


def jena_date_long(value: Any) -> str:
    """A stored date in the reader's language: "1. April 2025" / "April 1, 2025"."""
    parsed = _date(value)
    return format_date(parsed, "long") if parsed else str(value or "")

"""The workflow's notion of "now" (timezone-aware UTC), in one place so tests can freeze it."""

from __future__ import annotations

import datetime
import zoneinfo

import ckan.plugins.toolkit as tk


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def display_timezone() -> datetime.tzinfo:
    """Naive date-times entered by people are meant in the portal's display timezone."""
    name = tk.config.get("ckan.display_timezone") or "UTC"
    if name == "server":
        local = datetime.datetime.now().astimezone().tzinfo
        return local or datetime.UTC
    return zoneinfo.ZoneInfo(name)


def as_utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=display_timezone())
    return value.astimezone(datetime.UTC)


def isoformat(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None

"""Freshness: the update frequency a dataset promises (``dct:accrualPeriodicity``) against the
last time its data really changed.

A data change is a resource upload or content change (CKAN's ``last_modified``), a new
resource (``created``), a live feed's last push (``realtime`` datasets) or an editor's
confirmation "Daten geprüft, unverändert aktuell"; metadata edits are no data change. From the last change, the promised
period gives the due date; a grace period per frequency tolerates ordinary delays:

- ``current`` (aktuell): before the due date minus the "soon" window;
- ``due_soon`` (bald fällig): from that window until the grace period after the due date ends;
- ``overdue`` (überfällig): after it, reported as days since the due date;
- ``none``: no promise to check (irregular, never, other, unknown, no frequency or no data yet).

Pure: the caller passes "now" (tests freeze it), nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["GRACE", "PERIODS", "Freshness", "State", "assess", "last_data_change", "parse_time"]

State = Literal["current", "due_soon", "overdue", "none"]

_MINUTE, _HOUR, _DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)
# Promised interval per frequency code (codelist ``frequencies``); absent: no promise.
PERIODS: dict[str, dt.timedelta] = {
    "CONT": _DAY,  # continuous: we see daily evidence at best (uploads; a feed's last value later)
    "UPDATE_CONT": _DAY,
    "1MIN": _MINUTE,
    "5MIN": 5 * _MINUTE,
    "15MIN": 15 * _MINUTE,
    "30MIN": 30 * _MINUTE,
    "HOURLY": _HOUR,
    "DAILY_2": 12 * _HOUR,
    "DAILY": _DAY,
    "WEEKLY_2": dt.timedelta(days=3.5),
    "WEEKLY": 7 * _DAY,
    "BIWEEKLY": 14 * _DAY,
    "MONTHLY_2": dt.timedelta(days=15),
    "MONTHLY": 31 * _DAY,
    "BIMONTHLY": 61 * _DAY,
    "QUARTERLY": 92 * _DAY,
    "ANNUAL_2": 183 * _DAY,
    "ANNUAL": 366 * _DAY,
    "BIENNIAL": 731 * _DAY,
    "TRIENNIAL": 1096 * _DAY,
    "QUINQUENNIAL": 1827 * _DAY,
}
# Tolerated delay after the due date before "overdue", per frequency.
GRACE: dict[str, dt.timedelta] = {
    "CONT": _DAY,
    "UPDATE_CONT": _DAY,
    "1MIN": _HOUR,
    "5MIN": _HOUR,
    "15MIN": _HOUR,
    "30MIN": 2 * _HOUR,
    "HOURLY": 3 * _HOUR,
    "DAILY_2": _DAY,
    "DAILY": _DAY,
    "WEEKLY_2": 2 * _DAY,
    "WEEKLY": 2 * _DAY,
    "BIWEEKLY": 3 * _DAY,
    "MONTHLY_2": 3 * _DAY,
    "MONTHLY": 7 * _DAY,
    "BIMONTHLY": 10 * _DAY,
    "QUARTERLY": 14 * _DAY,
    "ANNUAL_2": 21 * _DAY,
    "ANNUAL": 30 * _DAY,
    "BIENNIAL": 60 * _DAY,
    "TRIENNIAL": 60 * _DAY,
    "QUINQUENNIAL": 90 * _DAY,
}


@dataclass(frozen=True)
class Freshness:
    state: State
    frequency: str | None
    last_change: dt.datetime | None
    due_at: dt.datetime | None = None
    overdue_days: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "frequency": self.frequency,
            "last_change": self.last_change.isoformat() if self.last_change else None,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "overdue_days": self.overdue_days,
        }

    def boundaries(self) -> tuple[dt.datetime, ...]:
        """The instants at which the state changed or changes without a dataset update (the
        index must then follow): the last data change (a feed's push, a confirmation) and the
        two moments the clock moves the state on."""
        if self.due_at is None or self.frequency is None or self.last_change is None:
            return ()
        return (self.last_change, self.due_at - _soon(self.frequency), self.due_at + GRACE[self.frequency])


def _soon(frequency: str) -> dt.timedelta:
    return min(GRACE[frequency], PERIODS[frequency] / 5)


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO date-time as CKAN stores it (naive = UTC) as an aware UTC datetime; None if unreadable."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def last_data_change(resources: Iterable[dict[str, Any]], *others: dt.datetime | None) -> dt.datetime | None:
    """The latest upload/content change or creation of a resource, or of ``others`` (confirmation,
    feed pushes), whichever is last."""
    times = [parse_time(r.get("last_modified")) or parse_time(r.get("created")) for r in resources]
    times.extend(others)
    known = [time for time in times if time is not None]
    return max(known) if known else None


def assess(frequency: str | None, last_change: dt.datetime | None, now: dt.datetime) -> Freshness:
    """The freshness state of a dataset promising ``frequency`` whose data last changed at ``last_change``."""
    code = (frequency or "").strip() or None
    if code not in PERIODS or last_change is None:
        return Freshness("none", code, last_change)
    due_at = last_change + PERIODS[code]
    if now > due_at + GRACE[code]:
        return Freshness("overdue", code, last_change, due_at, max(1, (now - due_at).days))
    state: State = "due_soon" if now >= due_at - _soon(code) else "current"
    return Freshness(state, code, last_change, due_at)

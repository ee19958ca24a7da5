"""Solr value syntax: dates (ISO 8601 and date math), numbers, booleans."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from datetime import date as _date

from jena_search.errors import bad_request, snippet

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_ISO = re.compile(
    r"^(?P<y>[+-]?\d{4,})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_MATH = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)")
_UNITS = {
    "YEAR": "YEAR",
    "YEARS": "YEAR",
    "MONTH": "MONTH",
    "MONTHS": "MONTH",
    "DAY": "DAY",
    "DAYS": "DAY",
    "DATE": "DAY",
    "HOUR": "HOUR",
    "HOURS": "HOUR",
    "MINUTE": "MINUTE",
    "MINUTES": "MINUTE",
    "SECOND": "SECOND",
    "SECONDS": "SECOND",
    "MILLI": "MILLI",
    "MILLIS": "MILLI",
    "MILLISECOND": "MILLI",
    "MILLISECONDS": "MILLI",
}


class InvalidValue(ValueError):
    pass


def parse_iso(text: str) -> datetime:
    m = _ISO.match(text.strip())
    if not m:
        raise InvalidValue(text)
    frac = (m.group("f") or "0")[:6].ljust(6, "0")
    try:
        dt = datetime(
            int(m.group("y")),
            int(m.group("mo")),
            int(m.group("d")),
            int(m.group("h") or 0),
            int(m.group("mi") or 0),
            int(m.group("s") or 0),
            int(frac),
        )
    except (ValueError, OverflowError) as exc:
        raise InvalidValue(text) from exc
    tz = m.group("tz")
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return (dt - sign * offset).replace(tzinfo=UTC)
    return dt.replace(tzinfo=UTC)


def to_millis(dt: datetime) -> int:
    delta = dt - _EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def from_millis(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def format_millis(ms: int) -> str:
    """Solr's output format: ISO 8601 in UTC, four-digit years, milliseconds only when not zero."""
    seconds, millis = divmod(ms, 1000)
    days, rest = divmod(seconds, 86_400)
    day = _date.fromordinal(_EPOCH_ORDINAL + days)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    base = f"{day.year:04d}-{day.month:02d}-{day.day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    if millis:
        return f"{base}.{millis:03d}".rstrip("0") + "Z"
    return base + "Z"


def _add_months(dt: datetime, months: int) -> datetime:
    total = dt.year * 12 + dt.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for day in (dt.day, 30, 29, 28):
        try:
            return dt.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise InvalidValue("month arithmetic")


def _round(dt: datetime, unit: str) -> datetime:
    if unit == "YEAR":
        return dt.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "MONTH":
        return dt.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "DAY":
        return dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "HOUR":
        return dt.replace(minute=0, second=0, microsecond=0)
    if unit == "MINUTE":
        return dt.replace(second=0, microsecond=0)
    if unit == "SECOND":
        return dt.replace(microsecond=0)
    return dt.replace(microsecond=(dt.microsecond // 1000) * 1000)


def _shift(dt: datetime, sign: int, amount: int, unit: str) -> datetime:
    n = sign * amount
    if unit == "YEAR":
        return _add_months(dt, 12 * n)
    if unit == "MONTH":
        return _add_months(dt, n)
    seconds = {"DAY": 86400, "HOUR": 3600, "MINUTE": 60, "SECOND": 1}.get(unit)
    if seconds is not None:
        return dt + timedelta(seconds=seconds * n)
    return dt + timedelta(milliseconds=n)


def parse_date(text: str, now_ms: int) -> int:
    """A Solr date or date-math expression (``NOW-1DAY/DAY``, ``2020-01-01T00:00:00Z+1MONTH``)
    in epoch milliseconds. Raises InvalidValue."""
    try:
        return _parse_date(text.strip(), now_ms)
    except (ValueError, OverflowError) as exc:  # InvalidValue included; years beyond 9999, huge amounts
        raise InvalidValue(text) from exc


def _parse_date(text: str, now_ms: int) -> int:
    if text.startswith("NOW"):
        base = from_millis(now_ms)
        rest = text[3:]
    else:
        split = re.search(r"Z(?=[+\-/])", text)
        if split:
            base, rest = parse_iso(text[: split.end()]), text[split.end() :]
        else:
            base, rest = parse_iso(text), ""
    pos = 0
    while pos < len(rest):
        m = _MATH.match(rest, pos)
        if not m:
            raise InvalidValue(text)
        if m.group(4):
            unit = _UNITS.get(m.group(4))
            if unit is None:
                raise InvalidValue(text)
            base = _round(base, unit)
        else:
            unit = _UNITS.get(m.group(3))
            if unit is None:
                raise InvalidValue(text)
            base = _shift(base, 1 if m.group(1) == "+" else -1, int(m.group(2)), unit)
        pos = m.end()
    return to_millis(base)


def parse_int(text: str) -> int:
    """A 64-bit integer (Solr's long; Tantivy's i64)."""
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise InvalidValue(text) from exc
    if not -(2**63) <= value < 2**63:
        raise InvalidValue(text)
    return value


def parse_float(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError as exc:
        raise InvalidValue(text) from exc
    if math.isnan(value) or math.isinf(value):
        raise InvalidValue(text)
    return value


def parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in ("true", "t", "1", "on", "yes"):
        return True
    if t in ("false", "f", "0", "off", "no"):
        return False
    raise InvalidValue(text)


def param_int(params_value: str | None, name: str, default: int, lo: int, hi: int) -> int:
    """An integer request parameter inside [lo, hi], else HTTP 400 naming the parameter."""
    if params_value is None or params_value == "":
        return default
    try:
        value = int(params_value)
    except ValueError as exc:
        raise bad_request(f"Invalid value '{snippet(params_value)}' for parameter {name}: not an integer") from exc
    if value < lo or value > hi:
        raise bad_request(f"Invalid value {value} for parameter {name}: must be between {lo} and {hi}")
    return value

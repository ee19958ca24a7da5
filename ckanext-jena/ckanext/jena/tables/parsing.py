"""CSV and XLSX files to typed rows, German files first (no CKAN import).

German CSV as departments export it: ``;`` between fields, decimal comma and thousands dot
(``1.234,5``), dates ``TT.MM.JJJJ`` (and ``TT.MM.JJJJ HH:MM[:SS]``), Windows-1252/Latin-1 or
UTF-8 with or without BOM, umlauts in the header. A file with ``,`` between fields is read with
decimal points (``1234.5``); ISO dates are understood in both.

Types per column (CKAN DataStore types): ``int`` (``int8`` beyond 32 bits), ``numeric``,
``date``, ``timestamp``, else ``text``. Numbers with leading zeros (postcodes, ``07745``) stay
text. Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@…``, ``+cmd``) is
stored with a leading apostrophe, so no export of the table (CSV dump, filtered download,
API client opening it in Excel) carries a live formula.

Every refusal is a :class:`TableError` with a German and an English message, raised before
anything is written: a file is parsed completely before the loader touches the DataStore.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import gc
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["Column", "Table", "TableError", "german_number", "parse", "parse_csv", "parse_xlsx"]

INT4_MAX = 2**31 - 1
DELIMITERS = (";", "\t", ",", "|")
MAX_FIELD_ID = 63  # PostgreSQL identifier length
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# UTF-8 read as Windows-1252: "Ã¤" for "ä" and the like (a file mixing both encodings)
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]")

_INT = {"de": re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)"), "en": re.compile(r"[+-]?\d+")}
_NUM = {
    "de": re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+"),
    "en": re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|[+-]?\d+(?:\.\d+)?[eE][+-]?\d+"),
}
# whole columns of numbers (values joined by line breaks); a leading zero (postcode) means text
_INT_COLUMN = {
    style: re.compile(f"(?:{pattern.pattern})(?:\\n(?:{pattern.pattern}))*") for style, pattern in _INT.items()
}
_NUMBER_COLUMN = {
    style: re.compile(
        f"(?:{_NUM[style].pattern}|{_INT[style].pattern})(?:\\n(?:{_NUM[style].pattern}|{_INT[style].pattern}))*"
    )
    for style in _INT
}
_LEADING_ZERO = {"de": re.compile(r"(?m)^[+-]?0[\d.]"), "en": re.compile(r"(?m)^[+-]?0[\d,]")}
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = r"[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
_TS_DE = re.compile(_DATE_DE.pattern + _TIME)
_TS_ISO = re.compile(_DATE_ISO.pattern + _TIME + r"(Z|[+-]\d{2}:?\d{2})?")


def german_number(value: float) -> str:
    """``1234.4`` as ``1.234`` (no decimals, thousands dot)."""
    return f"{value:,.0f}".replace(",", ".")


class TableError(Exception):
    """A file that cannot become a table; ``code`` is the English key, the messages say why."""

    def __init__(self, code: str, message_de: str, message_en: str) -> None:
        super().__init__(f"{message_de} ({message_en})")
        self.code = code
        self.message_de = message_de
        self.message_en = message_en


@dataclass
class Column:
    id: str
    type: str = "text"


@dataclass
class Table:
    """A typed table, kept by column (each a list of converted values, ``None`` for empty cells)."""

    columns: list[Column]
    values: list[list[Any]] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ";"

    @property
    def row_count(self) -> int:
        return len(self.values[0]) if self.values else 0

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        return list(zip(*self.values, strict=True))

    def records(self) -> list[dict[str, Any]]:
        ids = [column.id for column in self.columns]
        return [dict(zip(ids, row, strict=True)) for row in self.rows]


# -- text and dialect ---------------------------------------------------------


def decode(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with (UTF-8, with BOM, or Windows-1252)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return _checked(content[3:].decode("utf-8", errors="strict"), "utf-8-sig"), "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:65536]:
        raise TableError(
            "encoding",
            "Die Datei ist keine Textdatei in UTF-8 oder Windows-1252 (sie enthält Null-Bytes, z. B. UTF-16 "
            "oder eine Binärdatei). Bitte als CSV in UTF-8 speichern.",
            "The file is not text in UTF-8 or Windows-1252 (it contains NUL bytes: UTF-16 or binary).",
        )
    try:
        return _checked(content.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = content.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        text, encoding = content.decode("latin-1"), "latin-1"
    if _MOJIBAKE.search(text):
        raise TableError(
            "encoding",
            "Die Datei mischt Zeichenkodierungen (teils UTF-8, teils Windows-1252): Umlaute wären verfälscht. "
            "Bitte die Datei einheitlich in UTF-8 speichern.",
            "The file mixes encodings (partly UTF-8, partly Windows-1252).",
        )
    return _checked(text, encoding), encoding


def _checked(text: str, encoding: str) -> str:
    found = _CONTROL.search(text[:65536])
    if found:
        raise TableError(
            "encoding",
            f"Die Datei enthält Steuerzeichen ({found.group()!r}) und ist keine lesbare CSV-Datei.",
            f"The file contains control characters ({found.group()!r}) and is not a readable CSV file.",
        )
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ``; tab , |`` outside quotes (ties: ``;``)."""
    header = ""
    for line in text.splitlines():
        if line.strip():
            header = line
            break
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def field_ids(header: list[str]) -> list[str]:
    """DataStore field ids from a header row: trimmed, no leading ``_`` or ``"``, unique, ≤ 63 characters."""
    ids: list[str] = []
    for number, raw in enumerate(header, start=1):
        name = raw.replace('"', "").replace("\n", " ").strip().lstrip("_").strip()
        name = name[:MAX_FIELD_ID] or f"Spalte {number}"
        candidate, suffix = name, 2
        while candidate.lower() in (existing.lower() for existing in ids):
            candidate = f"{name[: MAX_FIELD_ID - 4]}_{suffix}"
            suffix += 1
        ids.append(candidate)
    return ids


# -- values ---------------------------------------------------------------


def _date(match: re.Match[str], german: bool) -> datetime.date | None:
    parts = [int(part) for part in match.groups()[:3]]
    day, month, year = parts if german else (parts[2], parts[1], parts[0])
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _timestamp(value: str) -> str | None:
    for pattern, german in ((_TS_DE, True), (_TS_ISO, False)):
        match = pattern.fullmatch(value)
        if match:
            day = _date(match, german)
            hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
            if day is None or hour > 23 or minute > 59 or second > 59:
                return None
            zone = match.group(7) if not german else None
            stamp = datetime.datetime.combine(day, datetime.time(hour, minute, second)).isoformat()
            return stamp + ("+00:00" if zone == "Z" else (zone or ""))
    return None


def _classify(value: str, style: str) -> tuple[str, Any]:
    """(type, converted value) of one non-empty cell."""
    if _INT[style].fullmatch(value):
        digits = value.lstrip("+-").replace(".", "").replace(",", "")
        if len(digits) > 1 and digits.startswith("0"):
            return "text", value  # postcodes, ids: keep the leading zero
        number = int(value.replace(".", "") if style == "de" else value.replace(",", ""))
        return "int", number
    if _NUM[style].fullmatch(value):
        normal = value.replace(".", "").replace(",", ".") if style == "de" else value.replace(",", "")
        try:
            return "numeric", str(Decimal(normal))
        except InvalidOperation:
            return "text", value
    for pattern, german in ((_DATE_DE, True), (_DATE_ISO, False)):
        match = pattern.fullmatch(value)
        if match:
            day = _date(match, german)
            return ("date", day.isoformat()) if day else ("text", value)
    stamp = _timestamp(value)
    if stamp:
        return "timestamp", stamp
    return "text", value


_WIDER = {
    frozenset({"int", "numeric"}): "numeric",
    frozenset({"date", "timestamp"}): "timestamp",
}


def _combine(seen: set[str]) -> str:
    if not seen:
        return "text"
    if len(seen) == 1:
        return next(iter(seen))
    return _WIDER.get(frozenset(seen), "text")


def neutralise_formula(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if not value:
        return value
    first = value[0]
    if first in "=@\t\r" or (first in "+-" and len(value) > 1 and not (value[1].isdigit() or value[1] == " ")):
        return "'" + value
    return value


_FORMULA_START = frozenset("=@\t\r+-")


def _text_column(cells: list[str]) -> list[Any]:
    """A text column: empty cells are ``None``, formulas are neutralised."""
    return [(neutralise_formula(cell) if cell[0] in _FORMULA_START else cell) if cell else None for cell in cells]


def _number_column(distinct: list[str], style: str) -> tuple[str, dict[str, Any]] | None:
    """Fast path for a column of plain numbers (the bulk of large tables): all distinct values
    checked by one regular expression and converted by string operations on the joined column.
    ``None`` when the column is anything else (or a value holds a line break): then every value
    is classified on its own."""
    joined = "\n".join(distinct)
    if joined.count("\n") != len(distinct) - 1:
        return None
    if _INT_COLUMN[style].fullmatch(joined) and not _LEADING_ZERO[style].search(joined):
        plain = joined.replace(".", "") if style == "de" else joined
        numbers = plain.split("\n")
        long_ones = [number for number in numbers if len(number) > 9]
        kind = "int8" if any(abs(int(number)) > INT4_MAX for number in long_ones) else "int"
        return kind, dict(zip(distinct, numbers, strict=True))
    if _NUMBER_COLUMN[style].fullmatch(joined) and not _LEADING_ZERO[style].search(joined):
        plain = joined.replace(".", "").replace(",", ".") if style == "de" else joined.replace(",", "")
        return "numeric", dict(zip(distinct, plain.split("\n"), strict=True))
    return None


def _typed_column(cells: list[str], style: str) -> tuple[str, list[Any]]:
    """The column's type and its converted cells. Columns repeat their values (places, categories,
    dates): each distinct value is classified once, and classifying stops as soon as the column
    can only be text (text takes any value)."""
    distinct = set(cells)
    distinct.discard("")
    if distinct:
        numbers = _number_column(list(distinct), style)
        if numbers is not None:
            kind, converted = numbers
            converted[""] = None
            return kind, list(map(converted.__getitem__, cells))
    items: dict[str, tuple[str, Any]] = {}
    seen: set[str] = set()
    for cell in distinct:
        item = _classify(cell, style)
        if item[0] not in seen:
            seen.add(item[0])
            if _combine(seen) == "text":
                return "text", _text_column(cells)
        items[cell] = item
    kind = _combine(seen)
    if kind == "int" and any(abs(item[1]) > INT4_MAX for item in items.values()):
        kind = "int8"
    converted: dict[str, Any] = {"": None}
    for cell, (found, value) in items.items():
        if kind == "numeric" and found == "int":
            converted[cell] = str(value)
        elif kind == "timestamp" and found == "date":
            converted[cell] = value + "T00:00:00"
        else:
            converted[cell] = value
    return kind, list(map(converted.__getitem__, cells))


def typed_table(ids: list[str], cells_by_column: list[list[str]], style: str) -> Table:
    """Detect each column's type from its non-empty cells and convert every cell to it."""
    columns: list[Column] = []
    values: list[list[Any]] = []
    for column_id, cells in zip(ids, cells_by_column, strict=True):
        kind, converted = _typed_column(cells, style)
        columns.append(Column(column_id, kind))
        values.append(converted)
    return Table(columns, values)


def _by_column(rows: list[list[str]], width: int) -> list[list[str]]:
    """Rows to columns (trimmed cells)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(map(str.strip, column)) for column in zip(*rows, strict=True)]


# -- CSV ------------------------------------------------------------------


def parse_csv(content: bytes, max_rows: int = 5_000_000) -> Table:
    text, encoding = decode(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    header: list[str] | None = None
    cells: list[list[str]] = []
    try:
        for row in reader:
            if not any(row) or not "".join(row).strip():
                continue
            if header is None:
                header = row
                continue
            if len(row) != len(header):
                raise TableError(
                    "ragged_rows",
                    f"Zeile {reader.line_num} hat {len(row)} Felder, die Kopfzeile aber {len(header)} "
                    f"(Trennzeichen „{_name(delimiter)}“). Bitte die Zeile prüfen: fehlt ein Feld oder ein "
                    "Anführungszeichen?",
                    f"Line {reader.line_num} has {len(row)} fields, the header {len(header)}.",
                )
            if len(cells) >= max_rows:
                raise TableError(
                    "too_many_rows",
                    f"Die Datei hat mehr als {german_number(max_rows)} Zeilen.",
                    f"The file has more than {max_rows:,} rows.",
                )
            cells.append(row)
    except csv.Error as error:
        raise TableError(
            "malformed_csv",
            f"Die CSV-Datei ist in Zeile {reader.line_num} fehlerhaft: ein Anführungszeichen ist nicht "
            f"geschlossen ({error}).",
            f"The CSV file is malformed at line {reader.line_num}: unbalanced quotes ({error}).",
        ) from None
    if header is None:
        raise TableError("empty", "Die Datei enthält keine Kopfzeile.", "The file has no header row.")
    by_column = _by_column(cells, len(header))
    del cells
    table = typed_table(field_ids(header), by_column, "en" if delimiter == "," else "de")
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _name(delimiter: str) -> str:
    return {"\t": "Tabulator"}.get(delimiter, delimiter)


# -- XLSX -----------------------------------------------------------------


def check_zip(content: bytes, max_uncompressed: int) -> None:
    """Refuse an XLSX that unpacks to more than ``max_uncompressed`` bytes (zip bomb) before opening it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise TableError(
            "bad_xlsx", "Die Datei ist keine gültige XLSX-Datei.", "The file is not a valid XLSX file."
        ) from None
    with archive:
        total = sum(info.file_size for info in archive.infolist())
    if total > max_uncompressed:
        raise TableError(
            "zip_bomb",
            f"Die XLSX-Datei entpackt sich auf {german_number(total / 2**20)} MB "
            f"(erlaubt: {german_number(max_uncompressed / 2**20)} MB) "
            "und wird nicht gelesen.",
            f"The XLSX file unpacks to {total / 2**20:,.0f} MB (allowed: {max_uncompressed / 2**20:,.0f} MB).",
        )


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "wahr" if value else "falsch"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep="T")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def parse_xlsx(content: bytes, max_uncompressed: int = 200 * 2**20, max_rows: int = 5_000_000) -> Table:
    """The first sheet of an XLSX file (values, not formulas)."""
    check_zip(content, max_uncompressed)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise TableError(
            "bad_xlsx",
            f"Die XLSX-Datei lässt sich nicht lesen ({type(error).__name__}).",
            f"The XLSX file cannot be read ({error}).",
        ) from None
    try:
        rows = [[_xlsx_text(value) for value in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    rows = [row for row in rows if any(rows_cell for rows_cell in row)]
    if not rows:
        raise TableError("empty", "Die Datei enthält keine Kopfzeile.", "The file has no header row.")
    width = max(len(row) for row in rows)
    while width and not any(len(row) >= width and row[width - 1] for row in rows):
        width -= 1
    rows = [(row + [""] * width)[:width] for row in rows]
    if len(rows) - 1 > max_rows:
        raise TableError(
            "too_many_rows",
            f"Die Datei hat mehr als {german_number(max_rows)} Zeilen.",
            f"The file has more than {max_rows:,} rows.",
        )
    table = typed_table(field_ids(rows[0]), _by_column(rows[1:], width), "en")
    table.encoding, table.delimiter = "xlsx", ""
    return table


@contextlib.contextmanager
def _without_garbage_collection() -> Iterator[None]:
    """Parsing makes millions of objects and no reference cycles: the collector's passes over
    them would cost more time than the parsing itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(content: bytes, file_format: str, **limits: Any) -> Table:
    """A CSV (or TSV) or XLSX file, chosen by its format (or its first bytes)."""
    with _without_garbage_collection():
        if file_format.lower() in ("xlsx", "xls") or content.startswith(b"PK\x03\x04"):
            return parse_xlsx(content, **limits)
        return parse_csv(content, **{key: value for key, value in limits.items() if key == "max_rows"})

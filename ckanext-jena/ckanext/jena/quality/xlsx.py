"""The cockpit's lists as an Excel workbook (``/datenmanagement.xlsx``), next to the CSV.

Formula-safe like the CSV: every text cell is stored as text, so a title such as
``=HYPERLINK(…)`` is shown, never run; characters XML cannot carry are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

__all__ = ["MIMETYPE", "workbook"]

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(table: Sequence[Sequence[Any]], title: str) -> bytes:
    """One sheet ``title``: the first row of ``table`` as a bold, frozen header, then the rows."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for values in table:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in values])
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # openpyxl takes every text starting with "=" for a formula
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

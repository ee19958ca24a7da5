"""Type detection of the table parser, in particular the whole-column fast path for numbers:
it must decide exactly as classifying every value on its own does."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ckanext.jena.tables.parsing import parse_csv


def _column(text: str) -> tuple[str, list[object]]:
    table = parse_csv(text.encode("utf-8"))
    return table.columns[1].type, table.values[1]


@pytest.mark.parametrize(
    ("cells", "kind", "expected"),
    [
        (["1.234", "17", "-3", ""], "int", [1234, 17, -3, None]),
        (["1.234,5", "17", "+0,25"], "numeric", ["1234.5", "17", "0.25"]),
        (["3.000.000.000", "1"], "int8", [3_000_000_000, 1]),
        (["07745", "07743"], "text", ["07745", "07743"]),  # postcodes keep their zero
        (["0,5", "0"], "numeric", ["0.5", "0"]),
        (["12", "0.123"], "text", ["12", "0.123"]),  # a thousands group after a zero: not a number
        (["1,5", "abc"], "text", ["1,5", "abc"]),
        (["01.02.2024", "29.02.2024"], "date", ["2024-02-01", "2024-02-29"]),
        (["31.02.2024", "01.02.2024"], "text", ["31.02.2024", "01.02.2024"]),
        (["=1+2", "abc"], "text", ["'=1+2", "abc"]),
    ],
)
def test_german_column_types(cells: list[str], kind: str, expected: list[object]) -> None:
    body = "".join(f"{number};{cell}\n" for number, cell in enumerate(cells))
    found_kind, values = _column("Nr;Wert\n" + body)
    assert found_kind == kind
    if kind in ("int", "int8"):
        assert [None if value is None else int(value) for value in values] == expected
    elif kind == "numeric":
        assert [Decimal(value) for value in values] == [Decimal(value) for value in expected]
    else:
        assert values == expected


def test_a_line_break_inside_a_quoted_number_cell_is_text() -> None:
    kind, values = _column('Nr;Wert\n1;"12\n34"\n2;5\n')
    assert kind == "text"
    assert values == ["12\n34", "5"]


def test_comma_files_read_decimal_points() -> None:
    table = parse_csv(b'Nr,Wert,Menge\n1,"1,234.5",2\n2,7.25,3000000000\n')
    assert [column.type for column in table.columns] == ["int", "numeric", "int8"]
    assert [Decimal(value) for value in table.values[1]] == [Decimal("1234.5"), Decimal("7.25")]


def test_rows_and_records_follow_the_columns() -> None:
    table = parse_csv(b"Ort;Anzahl\nJena;3\n;\nLobeda; 4 \n")
    assert table.row_count == 2
    assert [tuple(map(str, row)) for row in table.rows] == [("Jena", "3"), ("Lobeda", "4")]
    assert table.records()[1]["Ort"] == "Lobeda"

"""The chart view (issue 17): a loaded time series gets a line chart by default, the department
chooses type and axes with checked values, the resource page carries the chart for the browser
(drawn in tests/tables/test_browser.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.tables.chart_view import default_chart
from tests.release.support import People, context, make_dataset, publish
from tests.tables.support import DATA, file_server, run_queued_jobs


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            [("Datum", "date"), ("Ort", "text"), ("PM10", "numeric"), ("Anzahl", "int4")],
            {"chart_type": "line", "x_field": "Datum", "y_fields": ["PM10", "Anzahl"]},
        ),
        (
            [("Zeitpunkt", "timestamp"), *[(f"Wert {n}", "numeric") for n in range(5)]],
            {"chart_type": "line", "x_field": "Zeitpunkt", "y_fields": ["Wert 0", "Wert 1", "Wert 2"]},
        ),
        ([("Posten", "text"), ("Betrag", "numeric")], None),  # no time axis: the department decides
        ([("Datum", "date"), ("Bemerkung", "text")], None),  # nothing to draw
    ],
)
def test_default_chart(fields: list[tuple[str, str]], expected: dict[str, Any] | None) -> None:
    assert default_chart([{"id": name, "type": kind} for name, kind in fields]) == expected


@pytest.fixture
def served(tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setitem(ckan_config, "ckanext.jena.tables.allowed_hosts", ["127.0.0.1"])
    shutil.copy(DATA / "wetter_cp1252.csv", tmp_path / "wetter_cp1252.csv")
    (tmp_path / "haushalt.csv").write_text("Posten;Betrag\nSchulen;1.234,50\nStraßen;99,00\n", encoding="utf-8")
    with file_server(tmp_path, {}) as base:
        yield base


def _loaded(people: People, url: str) -> tuple[dict[str, Any], str]:
    dataset = make_dataset(people, resources=[{"name": "Messwerte", "url": url, "format": "CSV"}])
    run_queued_jobs()
    return dataset, dataset["resources"][0]["id"]


def _views(user: dict[str, Any] | None, resource_id: str) -> dict[str, dict[str, Any]]:
    return {view["view_type"]: view for view in call_action("resource_view_list", context(user), id=resource_id)}


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
class TestChartView:
    def test_time_series_get_a_line_chart_on_the_resource_page(self, app: Any, people: People, served: str) -> None:
        dataset, resource_id = _loaded(people, f"{served}/wetter_cp1252.csv")
        views = _views(people.editor, resource_id)
        chart = views["jena_chart_view"]
        # stored in German (the worker has no request language; CKAN's default would be "Table")
        assert (views["datatables_view"]["title"], chart["title"]) == ("Tabelle", "Diagramm")
        assert (chart["chart_type"], chart["x_field"], chart["y_fields"]) == (
            "line",
            "Datum",
            ["Größe (m²)", "Einwohner"],
        )
        publish(people, dataset)
        page = app.get(f"/dataset/{dataset['name']}/resource/{resource_id}/view/{chart['id']}").get_data(as_text=True)
        assert 'data-module="jena-chart"' in page
        assert "Liniendiagramm: Größe (m²), Einwohner nach Datum" in page
        english = app.get(f"/en/dataset/{dataset['name']}/resource/{resource_id}/view/{chart['id']}")
        assert "Line chart: Größe (m²), Einwohner by Datum" in english.get_data(as_text=True)

    def test_no_default_chart_without_a_time_column(self, people: People, served: str) -> None:
        _, resource_id = _loaded(people, f"{served}/haushalt.csv")
        views = _views(people.editor, resource_id)
        assert "datatables_view" in views and "jena_chart_view" not in views

    def test_the_department_chooses_type_and_axes(self, people: People, served: str) -> None:
        _, resource_id = _loaded(people, f"{served}/haushalt.csv")
        view = call_action(
            "resource_view_create",
            context(people.editor),
            resource_id=resource_id,
            view_type="jena_chart_view",
            title="Ausgaben",
            chart_type="column",
            x_field="Posten",
            y_fields="Betrag",
        )
        assert (view["chart_type"], view["x_field"], view["y_fields"]) == ("column", "Posten", ["Betrag"])
        for bad, key, message in (
            ({"chart_type": "pie"}, "chart_type", "chart_type"),
            ({"y_fields": ["a", "b", "c", "d"]}, "y_fields", "Höchstens drei Spalten"),
            ({"y_fields": [1, 2]}, "y_fields", "Bitte eine oder mehrere Spalten"),
        ):
            with pytest.raises(Exception, match=message) as refused:
                call_action(
                    "resource_view_create",
                    context(people.editor),
                    resource_id=resource_id,
                    view_type="jena_chart_view",
                    title="Falsch",
                    **bad,
                )
            assert key in str(refused.value)
        titles = [v["title"] for v in call_action("resource_view_list", context(people.editor), id=resource_id)]
        assert "Falsch" not in titles

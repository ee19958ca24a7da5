"""The chart view (``jena_chart_view``): a line, column or bar chart of a DataStore table.

The department chooses the chart type and the fields of both axes; a table with a date or
time column and numeric columns gets a line chart over time by default (``default_chart``,
added by the loader and by sensor feeds). The browser reads the rows through the public
``datastore_search`` API, so the chart shows exactly what the visitor may read, and draws them
with Chart.js (packaged as a web asset, no CDN).

Why not ckanext-charts: it renders through its own cache and plotly/observable bundles that
need ``unsafe-eval`` under our Content-Security-Policy, and it has no German interface.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import types

from ckanext.jena.translation import N_

__all__ = ["CHART_TYPES", "VIEW_TYPE", "JenaChartView", "default_chart"]

VIEW_TYPE = "jena_chart_view"
CHART_TYPES = ("line", "column", "bar")
TIME_TYPES = ("date", "timestamp", "timestamptz")
NUMBER_TYPES = ("numeric", "int", "int4", "int8", "float8", "float4")
MAX_SERIES = 3
MAX_ROWS = 2000


def table_fields(resource_id: str) -> list[dict[str, str]]:
    """The table's columns (``id``, ``type``); [] when the resource has no table."""
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return []
    return [{"id": field["id"], "type": field["type"]} for field in info["fields"]]


def default_chart(fields: list[dict[str, str]]) -> dict[str, Any] | None:
    """A line chart over the first time column of up to three numeric columns; None without both."""
    time_field = next((field["id"] for field in fields if field["type"] in TIME_TYPES), None)
    numbers = [field["id"] for field in fields if field["type"] in NUMBER_TYPES][:MAX_SERIES]
    if time_field is None or not numbers:
        return None
    return {"chart_type": "line", "x_field": time_field, "y_fields": numbers}


def _field_list(value: Any) -> list[str]:
    """The y fields from the form (one or several values) or the API (a list of names)."""
    if value in (None, "", []):
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise tk.Invalid(tk._("Bitte eine oder mehrere Spalten der Tabelle wählen."))
    chosen = [item for item in values if item.strip()]
    if len(chosen) > MAX_SERIES:
        raise tk.Invalid(tk._("Höchstens drei Spalten lassen sich in einem Diagramm zeigen."))
    return chosen


class JenaChartView(p.SingletonPlugin):
    """Line, column and bar charts of a loaded table."""

    p.implements(p.IResourceView, inherit=True)

    def info(self) -> dict[str, Any]:
        ignore_missing = tk.get_validator("ignore_missing")
        unicode_safe = tk.get_validator("unicode_safe")
        return {
            "name": VIEW_TYPE,
            "title": tk._(N_("Diagramm")),
            "default_title": tk._(N_("Diagramm")),
            "icon": "chart-line",
            "iframed": False,
            "always_available": False,
            "preview_enabled": True,
            "requires_datastore": True,
            "schema": {
                "chart_type": [ignore_missing, tk.get_validator("one_of")(list(CHART_TYPES))],
                "x_field": [ignore_missing, unicode_safe],
                "y_fields": [ignore_missing, _field_list],
            },
        }

    def can_view(self, data_dict: types.DataDict) -> bool:
        return bool(data_dict["resource"].get("datastore_active"))

    def view_template(self, context: types.Context, data_dict: types.DataDict) -> str:
        return "jena/tables/chart.html"

    def form_template(self, context: types.Context, data_dict: types.DataDict) -> str:
        return "jena/tables/chart_form.html"

    def setup_template_variables(self, context: types.Context, data_dict: types.DataDict) -> dict[str, Any]:
        resource = data_dict["resource"]
        view = data_dict.get("resource_view") or {}
        fields = table_fields(resource["id"])
        suggested = default_chart(fields) or {}
        y_fields = view.get("y_fields") or suggested.get("y_fields") or []
        return {
            "jena_chart": {
                "chart_type": view.get("chart_type") or "line",
                "x_field": view.get("x_field") or suggested.get("x_field") or (fields[0]["id"] if fields else ""),
                "y_fields": [y_fields] if isinstance(y_fields, str) else y_fields,
                "max_rows": MAX_ROWS,
            },
            "jena_chart_field_options": [
                {"value": field["id"], "text": f"{field['id']} ({field['type']})"} for field in fields
            ],
            "jena_chart_types": [
                {"value": "line", "text": tk._("Liniendiagramm")},
                {"value": "column", "text": tk._("Säulendiagramm")},
                {"value": "bar", "text": tk._("Balkendiagramm")},
            ],
        }

"""Totals of ``datastore_search``: exact up to a threshold, PostgreSQL's estimate above it.

CKAN 2.12 counts every row a filter or full-text search matches, on every call, to report
``total``; on a table of a million rows a filter matching an eighth of them cost more than the
page of records itself (``tests/benchmarks/datastore_bench.py``). CKAN up to 2.10 had a
``total_estimation_threshold`` parameter for this, which 2.12 accepts and ignores (its table
preview still sends 100,000). This plugin gives it meaning again, for filtered searches too,
with a portal-wide default (``ckanext.jena.tables.total_estimation_threshold``):

* the planner's estimate of the matching rows (``EXPLAIN``, no rows read) above the threshold:
  ``total`` is that estimate and ``total_was_estimated`` is true;
* otherwise the rows are counted, at most threshold + 1 of them: up to the threshold the total
  is exact, beyond it the estimate (at least threshold + 1), marked as estimated.

A search without filter and search keeps CKAN's own cached row count, and ``include_total:
false`` counts nothing, as before. The count runs on the search's own read-only connection,
under its statement timeout.

CKAN's table preview marks its row count "(geschätzt)" only when the table's total was
estimated, never its filtered count; its answer (``/datatables/ajax/…``) is marked here when
either was.

The plugin must come after ``datastore`` in ``ckan.plugins`` (and after every other
``IDatastore`` plugin): its hook reads the WHERE clause the others built.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import flask
from ckan import types
from ckanext.datastore.backend.postgres import _execute_single_statement, _where, identifier
from ckanext.datastore.interfaces import IDatastore

from ckanext.jena import config
from ckanext.jena.logic.action_guard import MAX_INT

PARAMETER = "total_estimation_threshold"
_THRESHOLD_KEY = "jena_total_estimation_threshold"
_COUNTED_KEY = "jena_total_counted"
_ESTIMATED_IN_REQUEST = "jena_total_was_estimated"
PREVIEW_ENDPOINT = "datatablesview.ajax"


def _threshold(data_dict: dict[str, Any]) -> int:
    given = data_dict.get(PARAMETER)
    if given is None or given == "":
        return config.tables_total_estimation_threshold()
    number: int | None = None
    if isinstance(given, int) and not isinstance(given, bool):
        number = given
    elif isinstance(given, str) and given.strip().isdigit():
        number = int(given.strip())
    if number is None or not 0 <= number <= MAX_INT:
        message = tk._("Erwartet wird eine ganze Zahl von 0 bis {max}.").format(max=MAX_INT)
        raise tk.ValidationError({PARAMETER: [message]})
    return number


@tk.chained_action
@tk.side_effect_free
def datastore_search(up: Any, context: types.Context, data_dict: types.DataDict) -> Any:
    """CKAN's ``datastore_search``; ``total`` above the threshold is estimated (see the module)."""
    threshold = _threshold(data_dict)
    scratch: Any = context
    scratch[_THRESHOLD_KEY] = threshold
    try:
        result = up(context, data_dict)
        if scratch.pop(_COUNTED_KEY, False):
            result["include_total"] = True
        if result.get("total_was_estimated") and flask.has_request_context():
            setattr(flask.g, _ESTIMATED_IN_REQUEST, True)
        return result
    finally:
        scratch.pop(_THRESHOLD_KEY, None)
        scratch.pop(_COUNTED_KEY, None)


def count(connection: Any, resource_id: str, query_dict: dict[str, Any], threshold: int) -> tuple[int, bool]:
    """(total, estimated) of the rows ``query_dict`` (built by CKAN's DataStore) matches."""
    where_clause, where_values = _where(query_dict["where"])
    # counting needs no columns, except to tell distinct rows apart
    select = "DISTINCT " + ", ".join(query_dict["select"]) if query_dict.get("distinct") else "1"
    matching = f"SELECT {select} FROM {identifier(resource_id)} {query_dict.get('ts_query') or ''} {where_clause}"
    context: Any = {"connection": connection}
    plan = _execute_single_statement(context, f"EXPLAIN (FORMAT JSON) {matching}", where_values).scalar()
    if isinstance(plan, str):  # the DataStore's engines leave JSON undecoded
        plan = json.loads(plan)
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    if estimate > threshold:
        return estimate, True
    counted = _execute_single_statement(
        context, f"SELECT count(*) FROM ({matching} LIMIT {threshold + 1}) AS matching", where_values
    ).scalar()
    if counted <= threshold:
        return int(counted), False
    return max(estimate, threshold + 1), True


def _mark_preview_answer(response: flask.Response) -> flask.Response:
    """The table preview's answer says ``total_was_estimated`` when its filtered count was estimated."""
    if (
        flask.request.endpoint == PREVIEW_ENDPOINT
        and getattr(flask.g, _ESTIMATED_IN_REQUEST, False)
        and response.status_code == 200
    ):
        answer = json.loads(response.get_data())
        answer["total_was_estimated"] = True
        response.set_data(json.dumps(answer))
    return response


class JenaTableTotals(p.SingletonPlugin):
    """Estimated totals of large filtered ``datastore_search`` results (see the module)."""

    p.implements(p.IActions)
    p.implements(p.IBlueprint)
    p.implements(IDatastore, inherit=True)

    def get_actions(self) -> dict[str, Any]:
        return {"datastore_search": datastore_search}

    def get_blueprint(self) -> flask.Blueprint:
        blueprint = flask.Blueprint("jena_table_totals", __name__)
        blueprint.after_app_request(_mark_preview_answer)
        return blueprint

    def datastore_search(
        self, context: Any, data_dict: dict[str, Any], fields_types: dict[str, str], query_dict: dict[str, Any]
    ) -> dict[str, Any]:
        threshold = context.get(_THRESHOLD_KEY)
        resource_id = data_dict["resource_id"]
        if (
            threshold is None
            or not data_dict.get("include_total")
            or not (query_dict["where"] or query_dict.get("distinct"))
            or resource_id.startswith("_")
        ):
            return query_dict  # CKAN's own count: cached row count of the whole table, or none
        total, estimated = count(context["connection"], resource_id, query_dict, threshold)
        data_dict["include_total"] = False  # CKAN's exact count is skipped; the action restores the flag
        data_dict["total"] = total
        if estimated:
            data_dict["total_was_estimated"] = True
        context[_COUNTED_KEY] = True
        return query_dict

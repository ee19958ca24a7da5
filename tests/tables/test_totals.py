"""Totals of ``datastore_search`` (``ckanext.jena.tables.totals``): exact up to the threshold,
PostgreSQL's estimate above it, for anonymous visitors as for everybody; the release invariant
holds on the estimating path too."""

from __future__ import annotations

import json
import secrets
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests.helpers import call_action
from ckanext.datastore.backend.postgres import get_write_engine, identifier

from tests.release.support import People, context, dataset_in_state, make_dataset, publish, states
from tests.tables.support import create_table

THRESHOLD = "ckanext.jena.tables.total_estimation_threshold"


def _table(people: People, dataset: dict[str, Any], marker: str = "Jena-Nord") -> str:
    """300 rows: 200 of ``marker``, 100 of "Lobeda"; analysed, as the loader leaves its tables."""
    resource_id = create_table(
        people.sysadmin,
        dataset["resources"][0]["id"],
        fields=[{"id": "Messstelle", "type": "text"}, {"id": "Anzahl", "type": "int"}],
        records=[{"Messstelle": marker if number % 3 else "Lobeda", "Anzahl": number} for number in range(300)],
    )
    with get_write_engine().begin() as conn:
        conn.execute(sa.text(f"ANALYZE {identifier(resource_id)}"))
    return resource_id


def _published_table(people: People) -> str:
    dataset = make_dataset(people)
    resource_id = _table(people, dataset)
    publish(people, dataset)
    return resource_id


def _search(app: Any, resource_id: str, status: int = 200, **params: Any) -> dict[str, Any]:
    """``datastore_search`` over HTTP as an anonymous visitor."""
    query = {"resource_id": resource_id, **{k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}}
    response = app.get("/api/3/action/datastore_search", query_string=query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.json


FILTER = {"filters": {"Messstelle": "Jena-Nord"}, "sort": "Anzahl desc", "limit": "10"}


@pytest.mark.usefixtures("with_plugins")
class TestTotals:
    @pytest.mark.ckan_config(THRESHOLD, "1000")
    def test_below_the_threshold_the_total_is_exact(self, app: Any, people: People):
        result = _search(app, _published_table(people), **FILTER)["result"]
        assert result["total"] == 200 and result["include_total"] is True
        assert "total_was_estimated" not in result
        assert [row["Anzahl"] for row in result["records"]][:3] == [299, 298, 296]

    @pytest.mark.ckan_config(THRESHOLD, "50")
    def test_above_the_threshold_the_planners_estimate(self, app: Any, people: People):
        result = _search(app, _published_table(people), **FILTER)["result"]
        assert result["total_was_estimated"] is True and result["include_total"] is True
        assert 150 <= result["total"] <= 250  # the planner's figure from the table's statistics
        assert len(result["records"]) == 10 and result["records"][0]["Anzahl"] == 299

    @pytest.mark.ckan_config(THRESHOLD, "50")
    def test_counting_stops_after_the_threshold_when_the_planner_expects_fewer(self, app: Any, people: People):
        resource_id = _published_table(people)
        table = identifier(resource_id)
        with get_write_engine().begin() as conn:  # statistics that know no "Jena-Nord" (autovacuum kept away)
            conn.execute(sa.text(f"ALTER TABLE {table} SET (autovacuum_enabled = false)"))
            conn.execute(sa.text(f"UPDATE {table} SET \"Messstelle\" = 'Lobeda'"))
            conn.execute(sa.text(f"ANALYZE {table}"))
            conn.execute(sa.text(f'UPDATE {table} SET "Messstelle" = \'Jena-Nord\' WHERE "Anzahl" % 3 <> 0'))
        result = _search(app, resource_id, **FILTER)["result"]
        assert result["total_was_estimated"] is True and result["total"] == 51  # at least threshold + 1

    @pytest.mark.ckan_config(THRESHOLD, "50")
    def test_a_call_names_its_own_threshold(self, app: Any, people: People):
        resource_id = _published_table(people)
        result = _search(app, resource_id, total_estimation_threshold="1000", **FILTER)["result"]
        assert result["total"] == 200 and "total_was_estimated" not in result
        result = _search(app, resource_id, total_estimation_threshold="0", q="Lobeda")["result"]
        assert result["total_was_estimated"] is True and result["total"] >= 1
        for wrong in ("viele", "-1", "2147483648"):
            error = _search(app, resource_id, status=409, total_estimation_threshold=wrong, **FILTER)["error"]
            assert error["total_estimation_threshold"] == ["Erwartet wird eine ganze Zahl von 0 bis 2147483647."]

    @pytest.mark.ckan_config(THRESHOLD, "0")
    def test_without_filter_or_total_ckans_own_answer(self, app: Any, people: People):
        resource_id = _published_table(people)
        result = _search(app, resource_id, limit="1")["result"]
        assert result["total"] == 300 and "total_was_estimated" not in result  # the cached row count
        result = _search(app, resource_id, include_total="false", **FILTER)["result"]
        assert "total" not in result and "total_was_estimated" not in result and len(result["records"]) == 10

    @pytest.mark.ckan_config(THRESHOLD, "0")
    def test_unreleased_tables_stay_closed_on_the_estimating_path(self, app: Any, people: People):
        for state in (states.DRAFT, states.IN_REVIEW, states.APPROVED):
            marker = f"zqtab{secrets.token_hex(4)}"
            resource_id = _table(people, dataset_in_state(people, state), marker)
            params = {"filters": {"Messstelle": marker}, "total_estimation_threshold": "0"}
            response = _search(app, resource_id, status=403, **params)
            assert marker not in json.dumps(response) and "total" not in json.dumps(response)
            with pytest.raises(tk.NotAuthorized):
                call_action("datastore_search", context(people.outsider), resource_id=resource_id, **params)
            # the department reads its own table, estimated like everybody else's
            found = call_action("datastore_search", context(people.editor), resource_id=resource_id, **params)
            assert found["total_was_estimated"] is True and found["records"]


@pytest.mark.usefixtures("with_plugins")
def test_table_preview_marks_an_estimated_filtered_count(app: Any, people: People):
    """CKAN's preview asks with its own threshold (100,000) and marks only an estimated table
    total; a search matching more rows than that is marked "(geschätzt)" too."""
    resource_id = _published_table(people)
    table = identifier(resource_id)
    with get_write_engine().begin() as conn:  # 150,000 more rows of Lobeda (full text given: no trigger work)
        conn.execute(
            sa.text(f"INSERT INTO {table} (\"Messstelle\", \"Anzahl\", _full_text) "
                    "SELECT 'Lobeda', n, to_tsvector('Lobeda') FROM generate_series(1000, 150999) AS n")
        )  # fmt: skip
        conn.execute(sa.text(f"ANALYZE {table}"))
    view = call_action(
        "resource_view_create",
        {"user": people.sysadmin["name"], "ignore_auth": True},
        resource_id=resource_id,
        view_type="datatables_view",
        title="Tabelle",
    )

    def preview(search: str) -> dict[str, Any]:
        form = {"draw": "1", "start": "0", "length": "10", "search[value]": search}
        response = app.post(f"/datatables/ajax/{view['id']}", data=form)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return json.loads(response.get_data(as_text=True))

    found = preview("Lobeda")
    assert found["total_was_estimated"] is True and found["recordsFiltered"] > 100_000
    assert len(found["data"]) == 10
    found = preview("Jena")
    assert found["total_was_estimated"] is False and found["recordsFiltered"] == 200

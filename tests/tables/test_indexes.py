"""The loader leaves a table ready for filters and sorting: a b-tree index on every number,
date and short text column (up to ``ckanext.jena.tables.index_max_columns``), planner
statistics and a visibility map (the table is vacuumed before the swap), and the full text of
every row as CKAN's own trigger computes it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ckanext.datastore.backend.postgres import get_write_engine, identifier

from tests.release.support import People, context, make_dataset
from tests.tables.support import rows, run_queued_jobs, state

LONG = "Eine lange Beschreibung der Messstelle, wie sie Fachbereiche gern in eine Spalte schreiben. " * 4
SHORT = ["kurz", "Pfad C:\\Messdaten\\neu", '"zwei\tTeile"']
CSV = (
    "Messstelle;Wert, gemessen;Datum;Beschreibung;Leer;Zeitpunkt\r\n"
    + "".join(
        f"{name};{number},5;0{1 + number % 9}.01.2024;{LONG if number == 7 else SHORT[number % 3]};;"
        f"0{1 + number % 9}.01.2024 10:00\r\n"
        for number, name in enumerate(["Jena-Nord", "Lobeda-Ost", "Winzerla", "Zwätzen"] * 5)
    )
).encode("cp1252")


def _load(people: People, create_with_upload: Any) -> str:
    dataset = make_dataset(people, resources=[])
    resource = create_with_upload(
        CSV, "messwerte.csv", context=context(people.editor), package_id=dataset["id"], name="Messwerte", format="CSV"
    )
    run_queued_jobs()
    assert state(resource["id"]) == ("loaded", None)
    return resource["id"]


def _btree_columns(resource_id: str) -> list[str]:
    """The columns with a (non-unique) b-tree index of their own, in table order."""
    with get_write_engine().connect() as conn:
        found = conn.execute(
            sa.text(
                "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                "WHERE i.indrelid = CAST(:table AS regclass) AND am.amname = 'btree' AND NOT i.indisunique "
                "AND i.indnatts = 1 ORDER BY a.attnum"
            ),
            {"table": identifier(resource_id)},
        )
        return [row[0] for row in found]


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
class TestLoadedTableIsReadyToQuery:
    def test_filterable_columns_get_an_index_and_the_table_is_vacuumed(self, people: People, create_with_upload: Any):
        resource_id = _load(people, create_with_upload)
        # long free text and an empty column get none; a comma in a header is no index separator
        assert _btree_columns(resource_id) == ["Messstelle", "Wert, gemessen", "Datum", "Zeitpunkt"]
        with get_write_engine().connect() as conn:
            pages, visible, tuples = conn.execute(
                sa.text("SELECT relpages, relallvisible, reltuples FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                {"t": identifier(resource_id)},
            ).one()
        assert pages >= 1 and visible == pages and tuples == 20  # vacuumed and analysed
        # the data is untouched by it: filter and sort on indexed columns
        found = rows(resource_id, filters={"Messstelle": "Winzerla"}, fields=["Wert, gemessen"])
        assert [row["Wert, gemessen"] for row in found] == [2.5, 6.5, 10.5, 14.5, 18.5]

    def test_full_text_is_what_ckans_trigger_computes(self, people: People, create_with_upload: Any):
        resource_id = _load(people, create_with_upload)
        table = identifier(resource_id)
        with get_write_engine().begin() as conn:
            conn.execute(sa.text(f"CREATE TEMP TABLE loaded AS SELECT _id, _full_text FROM {table}"))
            conn.execute(sa.text(f"UPDATE {table} SET _full_text = NULL"))  # CKAN's trigger computes it anew
            differing = conn.execute(
                sa.text(f"SELECT count(*) FROM {table} JOIN loaded USING (_id) "
                        f"WHERE {table}._full_text IS DISTINCT FROM loaded._full_text")
            ).scalar()  # fmt: skip
            searchable = conn.execute(
                sa.text("SELECT count(*) FROM loaded WHERE _full_text @@ plainto_tsquery('Messdaten')")
            ).scalar()
        assert differing == 0 and searchable == 6
        assert rows(resource_id)[2]["Beschreibung"] == "zwei\tTeile"

    @pytest.mark.ckan_config("ckanext.jena.tables.index_max_columns", "2")
    def test_only_the_first_columns_up_to_the_limit(self, people: People, create_with_upload: Any):
        assert _btree_columns(_load(people, create_with_upload)) == ["Messstelle", "Wert, gemessen"]

    @pytest.mark.ckan_config("ckanext.jena.tables.index_max_columns", "0")
    def test_no_index_when_the_limit_is_zero(self, people: People, create_with_upload: Any):
        assert _btree_columns(_load(people, create_with_upload)) == []

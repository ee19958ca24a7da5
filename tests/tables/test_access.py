"""The DataStore on our PostgreSQL: the release invariant for tables, the read-only role,
row limits and the closed ``_table_metadata`` list."""

from __future__ import annotations

import secrets
from typing import Any

import ckan.plugins.toolkit as tk
import psycopg2
import pytest
from ckan.tests.helpers import call_action

from tests.auth import auth_headers
from tests.release.support import People, context, dataset_in_state, edit, make_dataset, publish, states, submit
from tests.tables.support import create_table

UNRELEASED = (states.DRAFT, states.IN_REVIEW, states.APPROVED, states.WITHDRAWN)


def _table(people: People, dataset: dict[str, Any], marker: str, rows: int = 1) -> str:
    return create_table(
        people.sysadmin,
        dataset["resources"][0]["id"],
        fields=[{"id": "wert", "type": "text"}, {"id": "nummer", "type": "int"}],
        records=[{"wert": marker, "nummer": number} for number in range(rows)],
    )


def _outsiders(people: People) -> list[tuple[str, dict[str, Any] | None]]:
    return [("anonymous", None), ("registered user", people.outsider), ("other department", people.other_admin)]


@pytest.mark.usefixtures("with_plugins")
class TestReleaseInvariant:
    def test_unreleased_tables_are_closed_to_everybody_outside_the_department(self, app: Any, people: People):
        tables = {}
        for state in UNRELEASED:
            marker = f"zqtab{secrets.token_hex(4)}"
            tables[state] = (_table(people, dataset_in_state(people, state), marker), marker)
        for state, (resource_id, marker) in tables.items():
            for who, user in _outsiders(people):
                for action, data in (
                    ("datastore_search", {"resource_id": resource_id}),
                    ("datastore_info", {"id": resource_id}),
                    ("datastore_search_sql", {"sql": f'SELECT * FROM "{resource_id}"'}),
                ):
                    with pytest.raises(tk.NotAuthorized):
                        call_action(action, context(user), **data)
                headers = auth_headers(user) if user else {}
                for url in (f"/datastore/dump/{resource_id}", f"/datastore/api_info/{resource_id}"):
                    response = app.get(url, headers=headers)
                    assert response.status_code in (403, 404), (state, who, url)
                    assert marker not in response.get_data(as_text=True)
            # the department reads its own table
            found = call_action("datastore_search", context(people.editor), resource_id=resource_id)
            assert [row["wert"] for row in found["records"]] == [marker]

    def test_published_table_is_public_and_stays_while_a_revision_waits(self, app: Any, people: People):
        dataset = make_dataset(people)
        resource_id = _table(people, dataset, "veröffentlicht")
        publish(people, dataset)
        edit(people, dataset, title="Baumkataster (überarbeitet)")
        submit(people, dataset)
        found = call_action("datastore_search", context(None), resource_id=resource_id)
        assert [row["wert"] for row in found["records"]] == ["veröffentlicht"]
        response = app.get(f"/datastore/dump/{resource_id}")
        assert response.status_code == 200 and "veröffentlicht" in response.get_data(as_text=True)

    def test_department_cannot_change_a_published_table_directly(self, people: People):
        dataset = make_dataset(people)
        resource_id = _table(people, dataset, "alt")
        call_action(
            "datastore_upsert",
            context(people.editor),
            resource_id=resource_id,
            method="insert",
            records=[{"wert": "vor der Freigabe"}],
            force=True,
        )
        publish(people, dataset)
        for action, data in (
            ("datastore_upsert", {"method": "insert", "records": [{"wert": "neu"}]}),
            ("datastore_delete", {}),
            ("datastore_records_delete", {"filters": {"wert": "alt"}}),
            ("datastore_create", {"records": [{"wert": "neu"}]}),
        ):
            with pytest.raises(tk.NotAuthorized, match="freigegebene Überarbeitung"):
                call_action(action, context(people.admin), resource_id=resource_id, force=True, **data)
        rows = call_action("datastore_search", context(None), resource_id=resource_id)["records"]
        assert sorted(row["wert"] for row in rows) == ["alt", "vor der Freigabe"]

    def test_sql_on_the_catalog_does_not_list_unreleased_tables(self, people: People):
        resource_id = _table(people, dataset_in_state(people, states.DRAFT), "geheim")
        for sql in (
            "SELECT relname FROM pg_class",
            "SELECT table_name FROM information_schema.tables",
            'SELECT * FROM "_table_metadata"',
            'SELECT * FROM "_table_stats"',
        ):
            with pytest.raises((tk.NotAuthorized, tk.ValidationError, tk.ObjectNotFound)) as raised:
                call_action("datastore_search_sql", context(people.outsider), sql=sql)
            assert resource_id not in str(raised.value)
        with pytest.raises((tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized)):
            call_action("datastore_search", context(None), resource_id="_table_metadata")


@pytest.mark.usefixtures("with_plugins")
class TestReadOnlyRoleAndLimits:
    def test_read_role_cannot_write_or_reach_the_ckan_database(self):
        read_url = tk.config["ckan.datastore.read_url"]
        conn = psycopg2.connect(read_url)
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW statement_timeout")
                assert cur.fetchone()[0] == "15s"
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute("CREATE TABLE eingeschleust (x int)")
        finally:
            conn.close()
        main_db = tk.config["sqlalchemy.url"].rsplit("/", 1)[1]
        with pytest.raises(psycopg2.OperationalError, match="permission denied"):
            psycopg2.connect(read_url.rsplit("/", 1)[0] + "/" + main_db)

    def test_search_and_sql_are_limited_to_rows_max(self, people: People):
        dataset = make_dataset(people)
        resource_id = _table(people, dataset, "viele", rows=10_050)
        publish(people, dataset)
        found = call_action("datastore_search", context(None), resource_id=resource_id, limit=20_000)
        assert len(found["records"]) == 10_000
        assert found["total"] == 10_050
        found = call_action("datastore_search_sql", context(None), sql=f'SELECT nummer FROM "{resource_id}"')
        assert len(found["records"]) == 10_000 and found["records_truncated"] is True
        with pytest.raises(tk.ValidationError):
            call_action("datastore_search_sql", context(None), sql=f'DELETE FROM "{resource_id}"')

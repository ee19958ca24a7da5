"""Write a parsed table into a staging table of the DataStore, then swap it in at once.

The staging table is made by CKAN's own DataStore backend (``_id``, ``_full_text`` with its
trigger and index, the data dictionary as column comments, a b-tree index per filterable
column), filled by ``COPY`` (through a temporary table, see ``_copy_rows``) and renamed to the
resource id inside one transaction that drops the old table: readers see either the previous
table or the complete new one, never a half-loaded one. A load that fails before the swap
drops its staging table and leaves the previous table as it was.

Before the swap the table is vacuumed and analysed: the planner knows its values (estimated
totals of ``datastore_search``, see ``totals``) and its visibility map is set, so counting the
rows a filter matches reads the index alone instead of every page of the table.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckanext.datastore.backend import DatastoreBackend
from ckanext.datastore.backend.postgres import get_write_engine, identifier

from ckanext.jena.tables.parsing import Table

STAGING_PREFIX = "jena_staging_"
COPY_BATCH = 50_000
INDEX_BUILD_MEMORY = "256MB"
# A b-tree entry may hold ~2,700 bytes; a column with longer text (free text, descriptions) is
# neither filtered by equality nor sorted in practice, and its index could not be built.
INDEX_MAX_TEXT_LENGTH = 256


def existing_info(resource_id: str) -> dict[str, dict[str, Any]]:
    """The data dictionary (``info`` per field id) of the current table, if there is one."""
    backend = DatastoreBackend.get_active_backend()
    if not backend.resource_exists(resource_id):
        return {}
    fields = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id}).get("fields", [])
    return {field["id"]: field["info"] for field in fields if field.get("info")}


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _copy_column(values: list[Any], kind: str) -> list[str]:
    """One column in COPY's text format: ``\\N`` for empty cells, text escaped (looked for once
    in the whole column: most columns have nothing to escape)."""
    if kind == "text":
        joined = "".join(value for value in values if value is not None)
        if any(special in joined for special in "\\\t\n\r"):
            return [NULL if value is None else value.translate(_COPY_ESCAPES) for value in values]
        return [NULL if value is None else value for value in values]
    return [NULL if value is None else str(value) for value in values]


def _batches(table: Table) -> Iterator[io.StringIO]:
    columns = [_copy_column(values, column.type) for values, column in zip(table.values, table.columns, strict=True)]
    for start in range(0, table.row_count, COPY_BATCH):
        lines = map("\t".join, zip(*(column[start : start + COPY_BATCH] for column in columns), strict=True))
        chunk = io.StringIO("\n".join(lines) + "\n")
        yield chunk


def _drop_secondary_indexes(cursor: Any, name: str) -> list[str]:
    """Drop the staging table's secondary indexes (full text on ``_full_text``, the b-trees of
    ``indexed_columns``) before COPY and return their definitions: built once over all rows
    afterwards they cost a fraction of keeping them up to date row by row. Unique indexes
    (``_id``) stay."""
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass AND NOT indisunique AND NOT indisprimary",
        (identifier(name),),
    )
    found = cursor.fetchall()
    for index_name, _definition in found:
        cursor.execute(f"DROP INDEX {index_name}")
    return [definition for _index_name, definition in found]


def indexed_columns(table: Table, limit: int) -> list[str]:
    """The columns that get a b-tree index, for ``filters`` (equality, ranges) and ``sort`` of
    ``datastore_search`` and the preview's sorting: every number, date and time column and every
    text column whose values are at most ``INDEX_MAX_TEXT_LENGTH`` characters long; empty
    columns are left out, and at most the first ``limit`` columns (each index costs load time)."""
    chosen: list[str] = []
    for column, values in zip(table.columns, table.values, strict=True):
        present = [value for value in values if value is not None]
        if not present:
            continue
        if column.type == "text" and max(map(len, present)) > INDEX_MAX_TEXT_LENGTH:
            continue
        chosen.append(column.id)
    return chosen[:limit]


def _full_text(table: Table) -> str:
    """The expression of ``_full_text`` over the row's columns: the value CKAN's trigger
    ``populate_full_text_trigger`` computes (``to_tsvector`` of the non-empty values as JSON
    text, in column order, joined by spaces; NULL for a row without values), without building
    a JSON object of every row and taking it apart again (more than half of the trigger's cost)."""
    parts = ", ".join(
        identifier(column.id) if column.type == "text" else f"to_json({identifier(column.id)}) #>> '{{}}'"
        for column in table.columns
    )
    return f"to_tsvector(NULLIF(concat_ws(' ', {parts}), ''))"


def _copy_rows(cursor: Any, name: str, table: Table, columns: str) -> None:
    """COPY the rows into a temporary table (no WAL, no trigger), then into the staging table in
    file order (``_id``) with ``_full_text`` computed by one expression instead of CKAN's trigger,
    which stays on the table for later writes (``datastore_upsert`` of a sensor feed)."""
    cursor.execute(
        f"CREATE TEMP TABLE jena_load ON COMMIT DROP AS SELECT {columns} FROM {identifier(name)} WITH NO DATA"
    )
    for chunk in _batches(table):
        cursor.copy_expert(f"COPY jena_load ({columns}) FROM STDIN", chunk)
    cursor.execute(f"ALTER TABLE {identifier(name)} DISABLE TRIGGER zfulltext")
    cursor.execute(
        f"INSERT INTO {identifier(name)} ({columns}, _full_text) SELECT {columns}, {_full_text(table)} FROM jena_load"
    )
    cursor.execute(f"ALTER TABLE {identifier(name)} ENABLE TRIGGER zfulltext")
    cursor.execute("DROP TABLE jena_load")


def create(table: Table, info: dict[str, dict[str, Any]], index_limit: int = 0) -> str:
    """A new staging table holding every row of ``table`` (with a b-tree index on up to
    ``index_limit`` columns, see ``indexed_columns``); returns its name."""
    name = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    fields = []
    for column in table.columns:
        field: dict[str, Any] = {"id": column.id, "type": column.type}
        if column.id in info:
            field["info"] = info[column.id]
        fields.append(field)
    # one list per index: a column id may contain a comma, which CKAN would split a string at
    indexes = [[column_id] for column_id in indexed_columns(table, index_limit)]
    backend = DatastoreBackend.get_active_backend()
    backend.create({}, {"resource_id": name, "fields": fields, "indexes": indexes}, {})  # type: ignore[attr-defined]
    columns = ", ".join(identifier(column.id) for column in table.columns)
    raw = get_write_engine().raw_connection()
    try:
        with raw.cursor() as cursor:
            indexes = _drop_secondary_indexes(cursor, name)
            _copy_rows(cursor, name, table, columns)
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            for definition in indexes:
                cursor.execute(definition)
        raw.commit()
    except Exception:
        raw.rollback()
        drop(name)
        raise
    finally:
        raw.close()
    try:
        _vacuum(name)
    except Exception:
        drop(name)
        raise
    return name


def _vacuum(name: str) -> None:
    """``VACUUM (ANALYZE)``: planner statistics, and the visibility map that lets counts and
    sorts answer from an index alone (a table filled by COPY has none until autovacuum comes)."""
    with get_write_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"VACUUM (ANALYZE) {identifier(name)}"))


def swap(staging: str, resource_id: str) -> None:
    """The staging table becomes the resource's table; the old one is dropped (one transaction)."""
    with get_write_engine().begin() as conn:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {identifier(resource_id)} CASCADE"))
        conn.execute(sa.text(f"ALTER TABLE {identifier(staging)} RENAME TO {identifier(resource_id)}"))
        if conn.execute(sa.text("SELECT to_regclass('\"_table_stats\"')")).scalar() is not None:
            conn.execute(sa.text('DELETE FROM "_table_stats" WHERE resource_id = :id'), {"id": resource_id})


def drop(name: str) -> None:
    if not name.startswith(STAGING_PREFIX):
        raise ValueError(f"not a staging table: {name}")
    with get_write_engine().begin() as conn:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {identifier(name)} CASCADE"))

"""``/update``: JSON document arrays and commands, XML add/delete/commit messages.

A request is validated completely before anything is written, so a bad document or a bad
delete query leaves the index untouched.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import tantivy

from jena_search.engine import Engine
from jena_search.errors import bad_request, snippet
from jena_search.params import Params
from jena_search.parsers import check_parser, split_local_params
from jena_search.query import QueryBuilder


@dataclass
class Batch:
    """Operations of one update request, in order."""

    ops: list[tuple[str, Any]] = field(default_factory=list)
    commit: bool = False


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "on", "1", "yes")


def parse_json(body: str) -> Batch:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise bad_request(f"Cannot parse provided JSON: {exc}") from exc
    except RecursionError as exc:
        raise bad_request("Cannot parse provided JSON: nested too deeply") from exc
    batch = Batch()
    if isinstance(data, list):
        batch.ops.append(("add", data))
        return batch
    if not isinstance(data, dict):
        raise bad_request("JSON update body must be an array of documents or an object of commands")
    for command, arg in data.items():
        if command == "add":
            docs = arg if isinstance(arg, list) else [arg]
            batch.ops.append(("add", [d.get("doc") if isinstance(d, dict) and "doc" in d else d for d in docs]))
        elif command == "delete":
            for item in arg if isinstance(arg, list) else [arg]:
                if isinstance(item, str):
                    batch.ops.append(("delete_id", [item]))
                elif isinstance(item, dict) and "id" in item:
                    batch.ops.append(("delete_id", [str(item["id"])]))
                elif isinstance(item, dict) and "query" in item:
                    batch.ops.append(("delete_query", str(item["query"])))
                else:
                    raise bad_request(f"Invalid delete command: {item!r}")
        elif command in ("commit", "optimize"):
            batch.commit = True
        else:
            raise bad_request(f"Unknown command '{command}' in JSON update")
    return batch


def parse_xml(body: str) -> Batch:
    if not body.strip():
        return Batch()
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise bad_request(f"Invalid XML in update request: {exc}") from exc
    batch = Batch()
    elements = [root] if root.tag != "update" else list(root)
    for el in elements:
        if el.tag == "add":
            batch.ops.append(("add", [_xml_doc(doc) for doc in el.findall("doc")]))
        elif el.tag == "delete":
            ids = [(e.text or "").strip() for e in el.findall("id")]
            if ids:
                batch.ops.append(("delete_id", ids))
            for q in el.findall("query"):
                batch.ops.append(("delete_query", (q.text or "").strip()))
            if not ids and not el.findall("query"):
                raise bad_request("<delete> needs <id> or <query>")
        elif el.tag in ("commit", "optimize"):
            batch.commit = True
        elif el.tag == "rollback":
            batch.ops.append(("rollback", None))
        else:
            raise bad_request(f"Unexpected XML tag </{el.tag}> in update request")
    return batch


def _xml_doc(doc: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in doc.findall("field"):
        name = f.get("name")
        if not name:
            raise bad_request("<field> without name attribute")
        value = f.text or ""
        if name in out:
            prev = out[name]
            out[name] = (prev if isinstance(prev, list) else [prev]) + [value]
        else:
            out[name] = value
    return out


def _delete_query(engine: Engine, text: str) -> tantivy.Query:
    if not text:
        raise bad_request("empty delete query")
    layout = engine.layout
    df = "text" if layout.ref("text") is not None else None
    qb = QueryBuilder(layout, engine.index, df=df, q_op="OR", now_ms=int(time.time() * 1000))
    lp = split_local_params(text, {})
    if lp is None:
        return qb.lucene(text)
    if check_parser(lp.type) != "lucene":
        raise bad_request(f"delete queries support the lucene parser only, not '{snippet(lp.type or '')}'")
    return qb.lucene(lp.body, df=lp.get("df"), q_op=lp.get("q.op"))


def handle_update(engine: Engine, params: Params, body: str, content_type: str) -> dict[str, Any]:
    started = time.perf_counter()
    # One update at a time: parsing and converting hold the GIL, and Tantivy's add_document
    # re-acquires it for every document; two updates side by side starve each other.
    with engine.update_lock:
        return _apply(engine, params, body, content_type, started)


def _apply(engine: Engine, params: Params, body: str, content_type: str, started: float) -> dict[str, Any]:
    ctype = content_type.split(";")[0].strip().lower()
    if not body.strip():
        batch = Batch()
    elif ctype in ("application/json", "text/json") or (not ctype and body.lstrip()[:1] in "[{"):
        batch = parse_json(body)
    elif ctype in ("text/xml", "application/xml") or body.lstrip().startswith("<"):
        batch = parse_xml(body)
    else:
        raise bad_request(f"Unsupported Content-Type for /update: '{content_type}'")
    overwrite = (params.get("overwrite") or "true").lower() != "false"
    # Validate everything before touching the index.
    prepared: list[tuple[str, Any]] = []
    for op, arg in batch.ops:
        if op == "add":
            prepared.append((op, engine.prepare(arg)))
        elif op == "delete_query":
            prepared.append((op, _delete_query(engine, arg)))
        else:
            prepared.append((op, arg))
    for op, arg in prepared:
        if op == "add":
            engine.add_prepared(arg, overwrite=overwrite)
        elif op == "delete_id":
            engine.delete_ids(arg)
        elif op == "delete_query":
            engine.delete_query(arg)
        elif op == "rollback":
            engine.rollback()
    if (
        batch.commit
        or _truthy(params.get("commit"))
        or _truthy(params.get("softCommit"))
        or _truthy(params.get("optimize"))
    ):
        engine.commit()
    return {"responseHeader": {"status": 0, "QTime": int((time.perf_counter() - started) * 1000)}}

"""Acknowledged commits survive kill -9; restart reopens the index; corrupt index → one message."""

from __future__ import annotations

import json
import multiprocessing
import signal
from pathlib import Path

import pysolr
import requests

from tests.search.conftest import SearchService, dataset


def test_committed_documents_survive_kill9(fresh_service: SearchService) -> None:
    svc = fresh_service.start()
    conn = svc.solr()
    conn.add([dataset(i) for i in range(200)], commit=True)
    conn.add([dataset(i, title="Neu") for i in range(50)])
    conn.commit()
    conn.delete(id="idx-199", commit=True)
    conn.add([dataset("uncommitted")])  # acknowledged but never committed: may be lost
    svc.kill9()
    svc.start()
    conn = svc.solr()
    assert conn.search("*:*", rows=0).hits == 199
    assert conn.search("title:neu", rows=0).hits == 50
    assert conn.search("index_id:idx-199", rows=0).hits == 0
    ids = [d["index_id"] for d in conn.search("*:*", fl="index_id", rows=500).docs]
    assert len(ids) == len(set(ids)) == 199


def test_graceful_shutdown_commits_and_exits_zero(fresh_service: SearchService) -> None:
    svc = fresh_service.start()
    svc.solr().add([dataset(i) for i in range(10)])  # not committed by the client
    assert svc.stop(signal.SIGTERM) == 0
    assert '"event": "stopped"' in svc.log()
    svc.start()
    assert svc.solr().search("*:*", rows=0).hits == 10
    assert svc.stop(signal.SIGINT) == 0


def test_corrupt_index_gives_one_clear_message_and_rebuild_works(fresh_service: SearchService) -> None:
    svc = fresh_service.start()
    svc.solr().add([dataset(i) for i in range(20)], commit=True)
    svc.stop()
    for f in (svc.data_dir / "index").iterdir():
        if f.suffix in (".idx", ".store", ".term"):
            f.write_bytes(b"garbage")
    svc.start()
    errors = [json.loads(line) for line in svc.log().splitlines() if '"index_reset"' in line]
    assert len(errors) == 1
    assert "search-index rebuild" in errors[0]["msg"]
    assert Path(errors[0]["moved_to"]).exists()
    conn = svc.solr()
    assert conn.search("*:*", rows=0).hits == 0
    conn.add([dataset(i) for i in range(20)], commit=True)  # what `ckan search-index rebuild` sends
    assert conn.search("*:*", rows=0).hits == 20


def test_index_of_an_older_layout_is_set_aside_with_the_rebuild_hint(fresh_service: SearchService) -> None:
    svc = fresh_service.start()
    svc.solr().add([dataset(i) for i in range(5)], commit=True)
    svc.stop()
    marker = svc.data_dir / "index" / "jena-search.json"
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "layout": 1}))
    svc.start()
    errors = [json.loads(line) for line in svc.log().splitlines() if '"index_reset"' in line]
    assert len(errors) == 1
    assert "another version of jena-search" in errors[0]["msg"]
    assert "search-index rebuild" in errors[0]["msg"]
    assert svc.solr().search("*:*", rows=0).hits == 0


def test_missing_index_is_created_with_a_hint(fresh_service: SearchService) -> None:
    svc = fresh_service.start()
    assert "ckan search-index rebuild" in svc.log()
    assert requests.get(svc.url + "/admin/ping", timeout=5).json()["status"] == "OK"


def test_second_process_on_same_data_dir_is_refused(fresh_service: SearchService) -> None:
    fresh_service.start()
    other = SearchService(fresh_service.data_dir)
    try:
        other.start()
        raise AssertionError("second service started")
    except RuntimeError as exc:
        assert "another jena-search process" in str(exc)


def _writer(url: str, worker: int, rounds: int) -> None:
    conn = pysolr.Solr(url, timeout=60)
    for r in range(rounds):
        docs = [dataset(f"w{worker}-{i}", title=f"Runde {r}") for i in range(20)]
        docs.append(dataset("shared", title=f"von {worker}"))  # every worker overwrites this one
        conn.add(docs, commit=(r % 3 == 0))
        conn.search("title:runde", rows=5, **{"facet": "true", "facet.field": "tags"})
    conn.commit()


def _reader(url: str, rounds: int) -> None:
    conn = pysolr.Solr(url, timeout=60)
    for _ in range(rounds):
        res = conn.search("*:*", rows=0)
        assert res.hits >= 0


def test_concurrent_processes_lose_and_duplicate_nothing(fresh_service: SearchService) -> None:
    svc = fresh_service.start()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(svc.url, w, 6)) for w in range(4)]
    procs += [ctx.Process(target=_reader, args=(svc.url, 40)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    conn = svc.solr()
    ids = [d["index_id"] for d in conn.search("*:*", fl="index_id", rows=1000).docs]
    assert len(ids) == 4 * 20 + 1
    assert len(set(ids)) == len(ids)
    assert conn.search("title:runde AND title:5", rows=0).hits == 80

"""Benchmark of the DCAT-AP.de catalog endpoint against ckanext-dcat's stock ``euro_dcat_ap_3``.

    .venv/bin/python tests/benchmarks/catalog_bench.py --datasets 10000

Starts its own embedded stack (PostgreSQL, Redis, search) under ``JENA_BENCH_DIR`` (default
``var/bench-dcat``), loads a synthetic catalogue (``demo.synthetic``, published through the
release workflow) and crawls every catalog page, RDF/XML and Turtle, three ways:

* ours, cold: fragment cache emptied first, every dataset serialized during the crawl (as
  after a configuration change, before ``ckan jena dcat warm``);
* ours, warm: the same crawl again: fragments from Redis, as in normal operation, where a
  released dataset is serialized (both flavours) when it is indexed;
* ours, cold and warm, in the DCAT-AP.de 2.0 flavour GovData harvests (``?profiles=dcat_ap_de_2``;
  a crawl builds only the flavour it reads);
* stock: ckanext-dcat's ``dcat_catalog_show`` with ``euro_dcat_ap_3`` (what ``/catalog.rdf``
  of ckanext-dcat runs), paging with ``?page=N`` over the same datasets.

Ours is crawled through the Flask test client (routing, headers, conditional-request logic
included), following ``hydra:next``. Per page: wall and CPU time; memory: tracemalloc peak of
single page requests (first, middle, last) and the process RSS. ``--reuse`` keeps an already
loaded catalogue. The last line of the output is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_stack import bench_stack, portal_app  # noqa: E402 (after the path)


def _say(message: str) -> None:
    print(f"[catalog_bench] {message}", flush=True)


def _timed(run: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _crawl_ours(client: Any, fmt: str, query: str = "") -> dict[str, Any]:
    from rdflib import Graph
    from rdflib.namespace import RDF

    from ckanext.jena.profiles.namespaces import DCAT, HYDRA

    walls, cpus, datasets, size = [], [], 0, 0
    url: str | None = f"/catalog.{fmt}{query}"
    while url:
        response, wall, cpu = _timed(lambda url=url: client.get(url))
        assert response.status_code == 200, response.status_code
        body = response.get_data(as_text=True)
        walls.append(wall)
        cpus.append(cpu)
        size += len(body)
        graph = Graph().parse(data=body, format="xml" if fmt == "rdf" else "turtle")
        datasets += len(set(graph.subjects(RDF.type, DCAT.Dataset)))
        links = [str(o) for o in graph.objects(None, HYDRA.next)]
        url = links[0].split("bench.jena.invalid", 1)[1] if links else None
    return _figures(walls, cpus, datasets, size)


def _crawl_stock(flask_app: Any, fmt: str, total: int, per_page: int) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    walls, cpus, size = [], [], 0
    for page in range(1, math.ceil(total / per_page) + 1):
        with flask_app.test_request_context(f"/catalog.{fmt}?page={page}"):
            data = {"page": page, "format": fmt, "profiles": ["euro_dcat_ap_3"]}
            body, wall, cpu = _timed(lambda data=data: tk.get_action("dcat_catalog_show")({}, data))
        walls.append(wall)
        cpus.append(cpu)
        size += len(body)
    return _figures(walls, cpus, total, size)


def _figures(walls: list[float], cpus: list[float], datasets: int, size: int) -> dict[str, Any]:
    return {
        "pages": len(walls),
        "datasets": datasets,
        "total_s": round(sum(walls), 2),
        "cpu_s": round(sum(cpus), 2),
        "page_max_s": round(max(walls), 3),
        "page_median_s": round(statistics.median(walls), 3),
        "megabytes": round(size / 1e6, 1),
    }


def _peak_kib(run: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] // 1024
    finally:
        tracemalloc.stop()


def _memory(client: Any, flask_app: Any, total: int, per_page: int) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    from ckanext.jena.dcat.catalog import read_page

    cursors, after = [None], None
    while True:
        page = read_page(after, per_page)
        if page.next is None:
            break
        cursors.append(page.next)
        after = page.next
    picks = sorted({0, len(cursors) // 2, len(cursors) - 1})
    ours = [
        _peak_kib(lambda c=cursors[i]: client.get("/catalog.rdf" + (f"?after={c.token()}" if c else ""))) for i in picks
    ]

    def stock(page: int) -> None:
        with flask_app.test_request_context(f"/catalog.rdf?page={page}"):
            tk.get_action("dcat_catalog_show")({}, {"page": page, "format": "rdf", "profiles": ["euro_dcat_ap_3"]})

    last = math.ceil(total / per_page)
    return {
        "ours_page_peak_kib": dict(zip([f"page_{i + 1}" for i in picks], ours, strict=True)),
        "stock_page_peak_kib": {
            f"page_{p}": _peak_kib(lambda p=p: stock(p)) for p in sorted({1, last // 2 or 1, last})
        },
        "rss_mib": round(psutil.Process().memory_info().rss / 2**20, 1),
    }


def _flush_fragments() -> int:
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    keys = list(redis.scan_iter("jena:dcat:fragment:*", count=1000))
    for start in range(0, len(keys), 1000):
        redis.delete(*keys[start : start + 1000])
    return len(keys)


def bench(ini: Path, count: int, seed: int, per_page: int, reuse: bool) -> dict[str, Any]:

    per_page_options = {"ckanext.jena.dcat.datasets_per_page": per_page, "ckanext.dcat.datasets_per_page": per_page}
    flask_app = portal_app(ini, **per_page_options)
    with flask_app.test_request_context():
        from ckan import model

        from ckanext.jena.demo.catalog import generate_catalog

        present = model.Session.query(model.Package).filter(model.Package.type != "harvest").count()
        if present < count or not reuse:
            _say(f"loading {count - present} synthetic datasets (seed {seed}) ...")
            report = generate_catalog(count, seed, progress=True)
            _say(report.summary())
        total = model.Session.query(model.Package).filter_by(state="active", private=False).count()
        _say(f"{total} released datasets")
    client = flask_app.test_client()
    results: dict[str, Any] = {"datasets": total, "per_page": per_page, "cpu_count": os.cpu_count()}
    for fmt in ("rdf", "ttl"):
        with flask_app.app_context():
            results[f"fragments_flushed_{fmt}"] = _flush_fragments()
        _say(f"ours, cold cache, {fmt} ...")
        results[f"ours_cold_{fmt}"] = _crawl_ours(client, fmt)
        _say(f"ours, warm cache, {fmt} ...")
        results[f"ours_warm_{fmt}"] = _crawl_ours(client, fmt)
        # The DCAT-AP.de 2.0 flavour GovData harvests: a crawl builds only the flavour it reads.
        govdata = "?profiles=dcat_ap_de_2"
        _say(f"ours, cold cache, {fmt}, DCAT-AP.de 2.0 flavour (GovData) ...")
        results[f"ours_cold_{fmt}_dcat_ap_de_2"] = _crawl_ours(client, fmt, govdata)
        _say(f"ours, warm cache, {fmt}, DCAT-AP.de 2.0 flavour (GovData) ...")
        results[f"ours_warm_{fmt}_dcat_ap_de_2"] = _crawl_ours(client, fmt, govdata)
        _say(f"stock euro_dcat_ap_3, {fmt} ...")
        results[f"stock_{fmt}"] = _crawl_stock(flask_app, fmt, total, per_page)
        for mode in ("cold", "warm"):
            ours, stock = results[f"ours_{mode}_{fmt}"], results[f"stock_{fmt}"]
            results[f"speedup_{mode}_{fmt}"] = round(stock["total_s"] / max(ours["total_s"], 0.001), 1)
            assert ours["datasets"] == total, f"ours {mode} {fmt}: {ours['datasets']} of {total} datasets"
    _say("memory per page ...")
    results["memory"] = _memory(client, flask_app, total, per_page)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="keep the catalogue of an earlier run in JENA_BENCH_DIR")
    args = parser.parse_args()
    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-dcat").resolve()
    with bench_stack(var, fresh=not args.reuse) as (_services, ini):
        results = bench(ini, args.datasets, args.seed, args.per_page, args.reuse)
    for key, value in results.items():
        print(f"{key}: {value}")
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

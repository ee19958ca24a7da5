"""Benchmark of data management: full MQA rescoring and freshness of N datasets, and the pages
that show the score.

    .venv/bin/python tests/benchmarks/quality_bench.py --datasets 10000 [--pages 300] [--links 2000]

Starts its own embedded stack (PostgreSQL, Redis, search) under ``JENA_BENCH_DIR`` (default
``var/bench-quality``).

* Rescoring: ``--datasets`` synthetic datasets (``demo.synthetic``, as ``package_show``
  returns them) are scored in this process, twice:
  cold, every dataset's SHACL check (DCAT-AP.de 3.0 shapes) runs, as after a deployment;
  warm, the compliance verdicts come from the per-process cache, as for the dataset page,
  the form and the release page between two changes of a dataset. Then the freshness state
  of every dataset from its resources and frequency.
* Pages: ``--pages`` of the published synthetic datasets: every one's public dataset page (band
  and freshness line, SHACL cold on first view), the same again (warm) and its edit form with
  the score panel (as a sysadmin) are requested through the Flask test client; p50/p95 per
  page kind.

* Link checking: ``--links`` URLs on a local test server (127.0.0.1, allowed for the run) go
  through the link checker as the scheduled job sends them (``safe_fetch.probe``, HEAD, at most
  2 parallel requests per host): links per second when the server answers at once and when
  it takes 50 ms per request. All links are on one host, so the per-host limit bounds the
  figure; a catalog spread over many hosts runs up to ``ckanext.jena.links.workers`` lanes.

* Cockpit: ``--catalog`` datasets (default ``--datasets``) are published through the portal's
  bulk path (``generate_catalog``: ``package_create`` with validation, release, batches of 200;
  each write stores the dataset's cockpit state); then the backfill ``ckan jena cockpit rebuild``
  is timed once (every dataset scored again), and ``/datenmanagement`` as the central team sees
  it (a sysadmin: all departments; counts and the first page of every list read with SQL from
  ``jena_cockpit_state``), ``--cockpit`` times (first one cold), its CSV export three times and
  its XLSX export once (every row). Loading through the API runs at a few datasets per second
  on a loaded 2-core machine, so ``--catalog 500 --cockpit-datasets 10000`` loads 500 and copies
  them in SQL (:func:`clone_catalog`) up to 10,000 for the cockpit's figures.
Prints figures; the last line is one JSON object. A timing is a figure, never an assertion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def _say(message: str) -> None:
    print(f"[quality_bench] {message}", flush=True)


def _summary(name: str, times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    figures = {
        "count": len(times),
        "total_s": round(sum(times), 2),
        "mean_ms": round(1000 * statistics.fmean(times), 2),
        "p50_ms": round(1000 * ordered[len(ordered) // 2], 2),
        "p95_ms": round(1000 * ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
    }
    _say(f"{name}: {figures}")
    return figures


def _timed(items: list[Any], func: Callable[[Any], Any]) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        func(item)
        times.append(time.perf_counter() - started)
    return times


def _synthetic(count: int) -> list[dict[str, Any]]:
    from ckanext.jena.demo.synthetic import generate_datasets

    datasets = []
    for index, data in enumerate(generate_datasets(count, 7)):
        data["id"] = f"00000000-0000-4000-8000-{index:012d}"
        data["metadata_created"] = data["metadata_modified"] = "2026-01-01T00:00:00"
        for number, resource in enumerate(data.get("resources") or []):
            resource.setdefault("id", f"{data['id'][:-3]}{number:03d}")
            resource.setdefault("created", "2026-01-01T00:00:00")
        datasets.append(data)
    return datasets


def rescoring(count: int) -> dict[str, Any]:
    from ckanext.jena.quality import assessment, freshness

    datasets = _synthetic(count)
    _say(f"rescoring {len(datasets)} synthetic datasets ...")
    results: dict[str, Any] = {
        "cold": _summary("full rescoring, cold (SHACL per dataset)", _timed(datasets, assessment.assess)),
        "warm": _summary("full rescoring, warm (compliance cached)", _timed(datasets, assessment.assess)),
    }
    now = dt.datetime.now(dt.UTC)

    def fresh(dataset: dict[str, Any]) -> None:
        freshness.assess(dataset.get("frequency"), freshness.last_data_change(dataset["resources"]), now)

    results["freshness"] = _summary("freshness states", _timed(datasets, fresh))
    return results


def link_check(count: int) -> dict[str, Any]:
    from ckanext.jena.links.checker import Settings, Target, run
    from ckanext.jena.safe_fetch import FetchPolicy
    from tests.links.server import link_server

    settings = Settings(policy=FetchPolicy(allowed_hosts=("127.0.0.1",), timeout=10, total_timeout=10), backoff=0)
    results: dict[str, Any] = {"links": count, "max_per_host": settings.max_per_host}
    with link_server() as server:
        for name, path in (("instant", "ok.csv"), ("latency_50ms", "wait/50/data.csv")):
            targets = [Target(f"r{index}", "p", f"{server.base}/{path}?n={index}") for index in range(count)]
            started = time.perf_counter()
            statuses = [result.status for result in run(targets, settings)]
            seconds = time.perf_counter() - started
            figures = {
                "seconds": round(seconds, 2),
                "links_per_s": round(count / seconds, 1),
                "ok": statuses.count("ok"),
                "max_parallel_seen": server.max_active,
            }
            server.max_active = 0
            _say(f"link check, one host, {name}: {figures}")
            results[name] = figures
    return results


# The tables that describe a dataset for the cockpit, each keyed by the package id column.
_CLONED = (
    ("jena_release", "package_id"),
    ("jena_cockpit_state", "package_id"),
    ("jena_responsible_person", "package_id"),
    ("jena_ethics_checklist", "package_id"),
)


def _columns(table: str) -> list[str]:
    import sqlalchemy as sa
    from ckan import model

    query = sa.text(
        "SELECT column_name FROM information_schema.columns WHERE table_name = :t AND table_schema = 'public' "
        "ORDER BY ordinal_position"
    )
    return [row[0] for row in model.Session.execute(query, {"t": table})]


def clone_catalog(target: int) -> dict[str, Any]:
    """Bulk seed: copy the datasets loaded through the API in SQL (package row, release state,
    cockpit state, responsible person, checklist) until ``target`` datasets exist. The copies are
    what the cockpit reads; they are not in the search index and have no resources."""
    import sqlalchemy as sa
    from ckan import model

    started = time.perf_counter()
    originals = model.Session.execute(sa.text("SELECT count(*) FROM package WHERE state = 'active'")).scalar() or 0
    rounds = 0
    while originals and originals * (rounds + 1) < target:
        rounds += 1
        wanted = min(originals, target - originals * rounds)
        model.Session.execute(sa.text("DROP TABLE IF EXISTS bench_map"))
        model.Session.execute(
            sa.text(
                "CREATE TEMP TABLE bench_map AS SELECT id AS old, gen_random_uuid()::text AS new FROM package "
                "WHERE state = 'active' AND name NOT LIKE '%-copy-%' ORDER BY name LIMIT :n"
            ),
            {"n": wanted},
        )
        columns = _columns("package")
        values = [
            "m.new" if c == "id" else f"p.name || '-copy-{rounds}'" if c == "name" else f'p."{c}"' for c in columns
        ]
        model.Session.execute(
            sa.text(
                f"INSERT INTO package ({', '.join(chr(34) + c + chr(34) for c in columns)}) "
                f"SELECT {', '.join(values)} FROM package p JOIN bench_map m ON m.old = p.id"
            )
        )
        for table, key in _CLONED:
            columns = _columns(table)
            values = ["m.new" if c == key else f't."{c}"' for c in columns]
            model.Session.execute(
                sa.text(
                    f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in columns)}) "
                    f"SELECT {', '.join(values)} FROM {table} t JOIN bench_map m ON m.old = t.{key}"
                )
            )
        model.Session.commit()
    total = model.Session.execute(sa.text("SELECT count(*) FROM package WHERE state = 'active'")).scalar()
    figures = {
        "datasets": total,
        "copied": int(total or 0) - originals,
        "seconds": round(time.perf_counter() - started, 1),
    }
    _say(f"bulk seed (SQL copies of the loaded datasets): {figures}")
    return figures


def pages(flask_app: Any, count: int, cockpit_views: int, catalog: int, cockpit_total: int) -> dict[str, Any]:
    from ckan import model
    from ckan.tests.helpers import call_action

    from ckanext.jena.demo.catalog import generate_catalog
    from ckanext.jena.quality import cockpit_state

    results: dict[str, Any] = {}
    with flask_app.test_request_context():
        loaded = max(count, catalog)
        _say(f"publishing {loaded} synthetic datasets (package_create + release, batches of 200) ...")
        report = generate_catalog(loaded, 11, progress=True)
        _say(report.summary())
        results["catalog_load"] = {"datasets": report.created, "seconds": round(report.seconds, 1)}
        names = [
            row[0]
            for row in model.Session.query(model.Package.name)
            .filter_by(state="active", private=False)
            .order_by(model.Package.name)
            .limit(count)
        ]
        # The backfill ``ckan jena cockpit rebuild`` runs after a deployment: every dataset scored again.
        started = time.perf_counter()
        rebuilt = cockpit_state.rebuild()
        results["cockpit_rebuild"] = {"datasets": rebuilt, "seconds": round(time.perf_counter() - started, 1)}
        _say(f"cockpit rebuild (ckan jena cockpit rebuild): {results['cockpit_rebuild']}")
        if cockpit_total > loaded:
            results["bulk_seed"] = clone_catalog(cockpit_total)
        admin = model.User.get("quality-bench") or model.User(
            name="quality-bench", email="b@example.org", sysadmin=True
        )
        model.Session.add(admin)
        model.Session.commit()
        token = call_action("api_token_create", {"user": admin.name, "ignore_auth": True}, user=admin.name, name="b")
        headers = {"Authorization": token["token"]}
    client = flask_app.test_client()

    def get(url: str, **kwargs: Any) -> None:
        response = client.get(url, **kwargs)
        assert response.status_code == 200, (url, response.status_code)

    results["datasets"] = len(names)
    results["dataset_page_cold"] = _summary("dataset page, cold", _timed(names, lambda n: get(f"/dataset/{n}")))
    results["dataset_page_warm"] = _summary("dataset page, warm", _timed(names, lambda n: get(f"/dataset/{n}")))
    results["edit_form_panel"] = _summary(
        "edit form with score panel", _timed(names, lambda n: get(f"/dataset/edit/{n}", headers=headers))
    )
    views = list(range(cockpit_views))
    results["cockpit"] = _summary(
        "cockpit /datenmanagement", _timed(views, lambda _: get("/datenmanagement", headers=headers))
    )
    results["cockpit_csv"] = _summary(
        "cockpit CSV export", _timed([0, 1, 2], lambda _: get("/datenmanagement.csv", headers=headers))
    )
    results["cockpit_xlsx"] = _summary(
        "cockpit XLSX export", _timed([0], lambda _: get("/datenmanagement.xlsx", headers=headers))
    )
    return results


def main() -> int:
    # Before CKAN is imported: it brings a top-level "tests" package of its own.
    from tests.benchmarks.bench_stack import bench_stack, portal_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10000, help="synthetic datasets to rescore")
    parser.add_argument("--pages", type=int, default=300, help="datasets to publish and request pages of")
    parser.add_argument("--links", type=int, default=2000, help="links to check against a local server")
    parser.add_argument("--cockpit", type=int, default=20, help="cockpit page views (the first one cold)")
    parser.add_argument(
        "--catalog",
        type=int,
        default=None,
        help="datasets published for the cockpit (default: --datasets); --pages of them get their pages timed",
    )
    parser.add_argument(
        "--cockpit-datasets",
        type=int,
        default=None,
        help="datasets in the cockpit (default --datasets): above --catalog, SQL copies of the loaded ones",
    )
    parser.add_argument("--skip-rescoring", action="store_true", help="leave out the in-process rescoring")
    parser.add_argument("--skip-links", action="store_true", help="leave out the link-check throughput")
    args = parser.parse_args()

    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-quality").resolve()
    with bench_stack(var, fresh=True) as (_services, ini):
        flask_app = portal_app(ini)
        results: dict[str, Any] = {"datasets": args.datasets}
        if not args.skip_rescoring:
            with flask_app.test_request_context():
                results["rescoring"] = rescoring(args.datasets)
        catalog = args.datasets if args.catalog is None else args.catalog
        total = args.datasets if args.cockpit_datasets is None else args.cockpit_datasets
        results["pages"] = pages(flask_app, args.pages, args.cockpit, catalog, total)
        if not args.skip_links:
            results["link_check"] = link_check(args.links)
        results["load_average"] = os.getloadavg()
        results["cpu_count"] = os.cpu_count()
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load benchmark: anonymous visitors against the portal under gunicorn, as ``make run`` serves it.

    .venv/bin/python tests/benchmarks/load_bench.py --datasets 10000 --clients 20 --seconds 60 [--compare]

Starts its own embedded stack (PostgreSQL, Redis, search) under ``JENA_BENCH_DIR`` (default
``var/bench-load``), loads ``--datasets`` synthetic released datasets (``demo.synthetic`` through
the release workflow; ``--reuse`` keeps an earlier load), serializes their DCAT fragments (as the
job worker does after every release), starts gunicorn on the portal's WSGI
application with ``JENA_WEB_WORKERS`` workers (default 2, as ``make run``), and drives it from
``--clients`` threads for ``--seconds`` seconds with the mix of issue 18: home page, search,
tag filter, dataset page, ``package_search`` with facets, ``/catalog.ttl`` and
``/dataset/<name>.rdf``. Datasets and search words are picked with a Zipf distribution (a few
are popular, most are rare), as a city's traffic is. Each client keeps its cookies, as a browser.

Each run starts with ``--warmup`` seconds of the same load that are not counted (templates
compiled, connections open). ``--compare`` runs the load twice, without and with the anonymous page cache
(``ckanext.jena.page_cache.enabled``); otherwise the cache is on, as in production.

Prints per route and in total: requests, errors (status >= 400 or no answer), p50/p95/p99 in
ms, the share served from the page cache; throughput; and the RSS (MiB) of every process of the
stack at start and end. The last line is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psutil
import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_stack import bench_stack, portal_app  # noqa: E402 (after the path)

WORDS = ["verkehr", "baum", "schule", "wahl", "haushalt", "luft", "parken", "radweg", "kita", "lärm"]


def _say(message: str) -> None:
    print(f"[load_bench] {message}", flush=True)


def _load_catalog(ini: Path, count: int, seed: int, reuse: bool) -> tuple[list[str], list[str]]:
    """Released dataset names and tags (the synthetic catalogue, loaded when missing)."""

    flask_app = portal_app(ini)
    with flask_app.test_request_context():
        from ckan import model

        from ckanext.jena.demo.catalog import generate_catalog

        present = model.Session.query(model.Package).filter(model.Package.type != "harvest").count()
        if present < count or not reuse:
            _say(f"loading {count - present} synthetic datasets (seed {seed}) ...")
            _say(generate_catalog(count - present if reuse else count, seed, progress=True).summary())
        from ckanext.jena.dcat.warming import warm_all

        # As the job worker keeps it in production: every released dataset's DCAT already serialized.
        _say(f"DCAT fragments serialized: {warm_all()} datasets")
        names = [
            name
            for (name,) in model.Session.query(model.Package.name)
            .filter_by(state="active", private=False)
            .order_by(model.Package.name)
        ]
        tags = [name for (name,) in model.Session.query(model.Tag.name).order_by(model.Tag.name).limit(200)]
    return names, tags


def _zipf_picker(items: list[str], rng: random.Random, exponent: float = 1.1) -> Any:
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    shuffled = items[:]
    rng.shuffle(shuffled)
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def pick() -> str:
        return rng.choices(shuffled, cum_weights=cumulative, k=1)[0]

    return pick


def _routes(names: list[str], tags: list[str], rng: random.Random) -> list[tuple[str, Any]]:
    dataset, word, tag = _zipf_picker(names, rng), _zipf_picker(WORDS, rng), _zipf_picker(tags or WORDS, rng)
    facets = '["organization","tags","res_format"]'
    return [
        ("home", lambda: "/"),
        ("search", lambda: f"/dataset/?q={word()}"),
        ("tag filter", lambda: f"/dataset/?tags={tag()}"),
        ("dataset page", lambda: f"/dataset/{dataset()}"),
        ("package_search", lambda: f"/api/3/action/package_search?q={word()}&facet.field={facets}&rows=10"),
        ("catalog.ttl", lambda: "/catalog.ttl"),
        ("dataset.rdf", lambda: f"/dataset/{dataset()}.rdf"),
    ]


def _gunicorn(ini: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    from jena_stack.run import child_env

    env = child_env(ini)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--bind", f"127.0.0.1:{port}",
        "--workers", os.environ.get("JENA_WEB_WORKERS", "2"),
        "--timeout", "120",
        "ckanext.jena.wsgi:application",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, cwd=REPO)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=5).ok:
                return process
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise SystemExit(f"gunicorn ended with {process.returncode}; see {log}")
        time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer within 120 s; see {log}")


def _rss_mib(pids: dict[str, int]) -> dict[str, float]:
    """RSS of each named process and its children (PostgreSQL's backends, gunicorn's workers)."""
    figures = {}
    for name, pid in pids.items():
        try:
            process = psutil.Process(pid)
            family = [process, *process.children(recursive=True)]
            figures[name] = round(sum(p.memory_info().rss for p in family if p.is_running()) / 2**20, 1)
        except psutil.Error:
            figures[name] = 0.0
    return figures


def _drive(base: str, routes: list[tuple[str, Any]], clients: int, seconds: float, seed: int) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    hits: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        session = requests.Session()
        while time.monotonic() < stop_at:
            name, url = rng.choice(routes)
            started = time.perf_counter()
            try:
                answer = session.get(base + url(), timeout=60)
                failed, hit = answer.status_code >= 400, answer.headers.get("X-Jena-Cache") == "HIT"
            except requests.RequestException:
                failed, hit = True, False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies[name].append(elapsed)
                errors[name] += failed
                hits[name] += hit

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    per_route = {name: _summary(values, errors[name], hits[name]) for name, values in sorted(latencies.items())}
    every = [value for values in latencies.values() for value in values]
    total = _summary(every, sum(errors.values()), sum(hits.values()))
    total["throughput_rps"] = round(len(every) / wall, 1)
    return {"routes": per_route, "total": total, "wall_s": round(wall, 1)}


def _summary(values: list[float], errors: int, hits: int) -> dict[str, Any]:
    ordered = sorted(values)

    def quantile(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0

    return {
        "requests": len(values),
        "errors": errors,
        "cache_hit_share": round(hits / len(values), 3) if values else 0.0,
        "p50_ms": round(statistics.median(ordered), 1) if ordered else 0.0,
        "p95_ms": quantile(0.95),
        "p99_ms": quantile(0.99),
    }


def _with_cache_setting(ini: Path, enabled: bool) -> Path:
    variant = ini.with_name(f"load-cache-{'on' if enabled else 'off'}.ini")
    variant.write_text(
        f"[app:main]\nuse = config:{ini.name}\nckanext.jena.page_cache.enabled = {'true' if enabled else 'false'}\n"
    )
    return variant


def bench(services: Any, ini: Path, args: argparse.Namespace) -> dict[str, Any]:
    from jena_stack.ports import free_port

    names, tags = _load_catalog(ini, args.datasets, args.seed, args.reuse)
    _say(f"{len(names)} released datasets, {len(tags)} tags")
    results: dict[str, Any] = {
        "datasets": len(names),
        "clients": args.clients,
        "seconds": args.seconds,
        "web_workers": int(os.environ.get("JENA_WEB_WORKERS", "2")),
        "cpu_count": os.cpu_count(),
        "load_average_before": os.getloadavg()[0],
    }
    backing = {
        "postgres": _pid_of(services.postgres),
        "redis": _pid_of(services.redis),
        "search": _pid_of(services.search),
    }
    for enabled in [False, True] if args.compare else [True]:
        label = "page_cache_on" if enabled else "page_cache_off"
        port = free_port()
        web = _gunicorn(_with_cache_setting(ini, enabled), port, ini.parent / "log" / "load-web.log")
        try:
            pids = {**backing, "gunicorn": web.pid}
            rss_start = _rss_mib(pids)
            routes = _routes(names, tags, random.Random(args.seed))
            _say(f"{label}: warming up (templates, connections) for {args.warmup} s, not counted ...")
            _drive(f"http://127.0.0.1:{port}", routes, args.clients, args.warmup, args.seed + 1)
            _say(f"{label}: {args.clients} clients for {args.seconds} s ...")
            run = _drive(f"http://127.0.0.1:{port}", routes, args.clients, args.seconds, args.seed)
            run["rss_mib_start"], run["rss_mib_end"] = rss_start, _rss_mib(pids)
            results[label] = run
            total = run["total"]
            _say(
                f"{label}: {total['throughput_rps']} req/s, p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms, "
                f"p99 {total['p99_ms']} ms, errors {total['errors']}, cache hits {total['cache_hit_share']:.0%}"
            )
            for name, figures in run["routes"].items():
                _say(f"  {name:15} {figures}")
        finally:
            web.terminate()
            web.wait(timeout=60)
    results["load_average_after"] = os.getloadavg()[0]
    return results


def _pid_of(service: Any) -> int:
    if service is None:
        return 0
    if hasattr(service, "postmaster_pid"):
        return service.postmaster_pid() or 0
    return int(getattr(service.process, "pid", 0) or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before the measured run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare", action="store_true", help="run without and with the page cache")
    parser.add_argument("--reuse", action="store_true", help="keep the catalogue of an earlier run in JENA_BENCH_DIR")
    args = parser.parse_args()
    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-load").resolve()
    with bench_stack(var, fresh=not args.reuse) as (services, ini):
        results = bench(services, ini, args)
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

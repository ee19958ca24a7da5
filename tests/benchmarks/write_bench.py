"""Write benchmark: the Action API under gunicorn, as departments and harvesters write.

    .venv/bin/python tests/benchmarks/write_bench.py [--creates 200] [--workflows 100] [--clients 4]

Starts its own embedded stack under ``JENA_BENCH_DIR`` (default ``var/bench-write``, emptied
first), a department with an editor and two data managers (API tokens), and gunicorn on the
portal's WSGI application with ``JENA_WEB_WORKERS`` workers (default 2, as ``make run``). Then,
over HTTP with API tokens:

* **draft create, unloaded**: ``package_create`` one after another (one client): p50/p95/p99;
* **bulk create**: ``--creates`` drafts from ``--clients`` threads: datasets per second and latencies;
* **update**: ``package_patch`` of those drafts (a new description) from ``--clients`` threads;
* **workflow**: create → data-ethics checklist → submit (editor) → approve (a data manager;
  published at once) for ``--workflows`` datasets from ``--clients`` threads: datasets per second
  and the latency of each step.

No job worker runs: what writes queue (DCAT serialization, table loads) waits in Redis, as it
would behind a busy worker. Harvest throughput is measured by the harvest tests' machinery, not
here (see the closing notes of issue 18). The last line of the output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_stack import bench_stack, portal_app  # noqa: E402 (after the path)
from tests.benchmarks.load_bench import _gunicorn  # noqa: E402

PASSWORD = "Benchmark-Passwort-2031"


def _say(message: str) -> None:
    print(f"[write_bench] {message}", flush=True)


def _people(ini: Path) -> dict[str, Any]:
    """A department with an editor and two data managers; their API tokens."""
    from ckan.tests.helpers import call_action

    from tests.schemas import data

    flask_app = portal_app(ini)
    with flask_app.test_request_context():
        admin = {"ignore_auth": True, "user": ""}
        users = {
            role: call_action(
                "user_create", admin, name=f"bench-{role}", email=f"{role}@jena.invalid", password=PASSWORD
            )
            for role in ("editor", "manager", "reviewer")
        }
        org = call_action(
            "organization_create",
            {"ignore_auth": True, "user": users["manager"]["name"]},
            name="bench-amt",
            title="Benchmarkamt",
        )
        for role, capacity in (("editor", "editor"), ("reviewer", "admin")):
            call_action("organization_member_create", admin, id=org["id"], username=users[role]["name"], role=capacity)
        tokens = {
            role: call_action("api_token_create", admin, user=user["name"], name="bench")["token"]
            for role, user in users.items()
        }
        template = data.complete("dataset", owner_org=org["id"], name="vorlage")
    return {"org": org, "tokens": tokens, "template": template}


class Api:
    def __init__(self, base: str) -> None:
        self.base = base
        self.local = threading.local()

    def call(self, token: str, action: str, **payload: Any) -> float:
        """Call ``action``; return its latency in ms (raises on an error answer)."""
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
        started = time.perf_counter()
        answer = session.post(
            f"{self.base}/api/3/action/{action}", json=payload, headers={"Authorization": token}, timeout=120
        )
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            raise RuntimeError(f"{action} answered {answer.status_code}: {answer.text[:500]}")
        return elapsed


def _figures(latencies: list[float], wall: float, count: int) -> dict[str, Any]:
    ordered = sorted(latencies)

    def quantile(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

    return {
        "count": count,
        "per_second": round(count / wall, 2),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": quantile(0.95),
        "p99_ms": quantile(0.99),
        "wall_s": round(wall, 1),
    }


def _run(clients: int, count: int, job: Callable[[int], list[float]]) -> tuple[list[list[float]], float]:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(job, range(count)))
    return results, time.monotonic() - started


def bench(api: Api, people: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    tokens, template = people["tokens"], people["template"]
    results: dict[str, Any] = {"clients": args.clients, "web_workers": int(os.environ.get("JENA_WEB_WORKERS", "2"))}

    def fields(prefix: str, number: int) -> dict[str, Any]:
        return {**template, "name": f"{prefix}-{number:05d}", "title": f"Benchmark {prefix} {number}"}

    api.call(tokens["editor"], "package_create", **fields("aufwaermen", 0))  # templates, connections
    _say(f"draft create, unloaded: {args.unloaded} one after another ...")
    single, wall = _run(
        1, args.unloaded, lambda n: [api.call(tokens["editor"], "package_create", **fields("einzeln", n))]
    )
    results["create_unloaded"] = _figures([t for (t,) in single], wall, args.unloaded)
    _say(f"  {results['create_unloaded']}")

    _say(f"bulk create: {args.creates} drafts from {args.clients} clients ...")
    bulk, wall = _run(
        args.clients, args.creates, lambda n: [api.call(tokens["editor"], "package_create", **fields("masse", n))]
    )
    results["create_bulk"] = _figures([t for (t,) in bulk], wall, args.creates)
    _say(f"  {results['create_bulk']}")

    _say(f"update: {args.creates} drafts from {args.clients} clients ...")
    updates, wall = _run(
        args.clients,
        args.creates,
        lambda n: [api.call(tokens["editor"], "package_patch", id=f"masse-{n:05d}", notes=f"Neue Beschreibung {n}.")],
    )
    results["update"] = _figures([t for (t,) in updates], wall, args.creates)
    _say(f"  {results['update']}")

    from tests.ethics.support import PASSING

    def workflow(number: int) -> list[float]:
        name = f"ablauf-{number:05d}"
        return [
            api.call(tokens["editor"], "package_create", **fields("ablauf", number)),
            api.call(tokens["editor"], "jena_checklist_update", id=name, answers=PASSING),
            api.call(tokens["editor"], "jena_release_submit", id=name),
            api.call(tokens["reviewer"], "jena_release_approve", id=name),
        ]

    _say(f"workflow: {args.workflows} datasets from {args.clients} clients ...")
    steps, wall = _run(args.clients, args.workflows, workflow)
    results["workflow"] = _figures([sum(s) for s in steps], wall, args.workflows)
    results["workflow_steps"] = {
        step: _figures([s[index] for s in steps], wall, args.workflows)
        for index, step in enumerate(("create", "checklist", "submit", "approve"))
    }
    _say(f"  {results['workflow']}")
    for step, figures in results["workflow_steps"].items():
        _say(f"    {step:9} p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unloaded", type=int, default=50, help="drafts created one after another")
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--workflows", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    from jena_stack.ports import free_port

    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-write").resolve()
    with bench_stack(var, fresh=True) as (_services, ini):
        people = _people(ini)
        port = free_port()
        web = _gunicorn(ini, port, var / "log" / "write-web.log")
        try:
            results = bench(Api(f"http://127.0.0.1:{port}"), people, args)
            results["load_average_end"] = os.getloadavg()[0]
        finally:
            web.terminate()
            web.wait(timeout=60)
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

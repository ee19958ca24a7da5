"""What usage counting costs (issue 16, part 5): the request path and the flush.

    .venv/bin/python tests/benchmarks/usage_bench.py [--datasets 50] [--hits 5000] [--counters 10000]

Starts its own embedded stack under ``JENA_BENCH_DIR`` (default ``var/bench-usage``, emptied
first), publishes ``--datasets`` datasets, then measures in this process:

* the ``after_request`` handler alone (``ckanext.jena.usage.counting.count_request``) inside a
  request context of a dataset page: an anonymous browser (classification + Redis ``HINCRBY``),
  a crawler (classification only), a page that is never counted (the home page);
* anonymous dataset page views through the portal's WSGI app with the handler and without it;
* one flush of ``--counters`` pending counters into ``jena_usage_daily``.

Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_stack import bench_stack, portal_app  # noqa: E402 (after the path)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _say(message: str) -> None:
    print(f"[usage_bench] {message}", flush=True)


def _per_call_us(call: Callable[[], Any], count: int) -> float:
    call()
    started = time.perf_counter()
    for _ in range(count):
        call()
    return (time.perf_counter() - started) / count * 1e6


def bench(ini: Path, datasets: int, hits: int, counters: int) -> None:
    import flask
    from ckan import model
    from ckan.lib.redis import connect_to_redis
    from ckan.tests.helpers import call_action

    from ckanext.jena.release import workflow
    from ckanext.jena.usage import counting, store
    from tests.benchmarks.datastore_bench import _department
    from tests.schemas import data

    flask_app = portal_app(ini)
    client = flask_app.test_client()
    with flask_app.test_request_context():
        admin, org = _department()
        _say(f"creating and publishing {datasets} datasets ...")
        names, ids = [], []
        for number in range(datasets):
            fields = data.complete("dataset", owner_org=org["id"], name=f"nutzung-{number:04d}")
            dataset = call_action("package_create", {"user": admin["name"]}, **fields)
            workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Benchmark", actor_id=admin["id"])
            model.Session.commit()
            names.append(dataset["name"])
            ids.append(dataset["id"])
    redis = connect_to_redis()

    def handler(url: str, agent: str) -> float:
        with flask_app.test_request_context(url, headers={"User-Agent": agent}):
            response = flask.Response(status=200)
            return _per_call_us(lambda: counting.count_request(response), hits)

    counting.is_machine.cache_clear()
    figures = {
        "handler, dataset page, browser (counted)": handler(f"/dataset/{names[0]}", BROWSER),
        "handler, dataset page, crawler (not counted)": handler(f"/dataset/{names[0]}", CRAWLER),
        "handler, home page (never counted)": handler("/", BROWSER),
    }
    started = time.perf_counter()
    counting.is_machine.__wrapped__(BROWSER + " uncached")
    figures["user agent check without cache (first sight of an agent)"] = (time.perf_counter() - started) * 1e6
    for key, value in figures.items():
        _say(f"{key}: {value:.1f} µs per request")

    def page(number: int) -> None:
        response = client.get(f"/dataset/{names[number % len(names)]}", headers={"User-Agent": BROWSER})
        assert response.status_code == 200, response.status_code

    page(0)
    views = 60
    handlers = flask_app.after_request_funcs[None]
    handlers.remove(counting.count_request)  # registered at start; added back for every other view
    samples: dict[bool, list[float]] = {True: [], False: []}
    # Interleaved (both see the same load of the machine), each dataset once with and once without,
    # in alternating order (the second view of a dataset finds warmer caches).
    for number in range(2 * views):
        counted = (number + number // 2) % 2 == 0
        if counted:
            handlers.append(counting.count_request)
        started = time.perf_counter()
        page(number // 2)
        samples[counted].append((time.perf_counter() - started) * 1000)
        if counted:
            handlers.remove(counting.count_request)
    with_counting, without_counting = (round(statistics.median(samples[key]), 1) for key in (True, False))
    _say(f"dataset page median: {with_counting} ms with counting, {without_counting} ms without ({views} views each)")

    redis.delete(counting.PENDING)
    day = store.today().isoformat()
    for number in range(counters):
        resource = f"r{number // len(ids)}" if number >= len(ids) else ""
        redis.hincrby(counting.PENDING, f"{day}|view|{ids[number % len(ids)]}|{resource}", 1 + number % 7)
    with flask_app.test_request_context():
        started = time.perf_counter()
        store.flush()
        _say(f"flush of {counters} counters ({len(ids)} datasets): {time.perf_counter() - started:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=50)
    parser.add_argument("--hits", type=int, default=5000)
    parser.add_argument("--counters", type=int, default=10000)
    args = parser.parse_args()
    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-usage").resolve()
    with bench_stack(var, fresh=True) as (_services, ini):
        bench(ini, args.datasets, args.hits, args.counters)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

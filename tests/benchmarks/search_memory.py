"""Does the search service give memory back after hostile and ordinary query rounds?

    python tests/benchmarks/search_memory.py [--docs 5000] [--hostile 10000] [--ordinary 10000]
                                             [--clients 4] [--settle 0]

Starts ``jena-search`` on a temporary index (``--docs`` datasets shaped like CKAN's, the same
as search_bench.py), warms it up with ordinary CKAN-shaped queries, then sends ``--hostile``
hostile queries (100 kB queries, unknown sort fields by the hundred, long field names, long and
unique filter values, broken syntax, deep nesting, overflowing numbers and date math, many facet
fields, the largest page CKAN allows) and ``--ordinary`` ordinary ones from ``--clients``
threads. Prints the service's resident memory (RSS) after warm-up, after each round and, with
``--settle``, that many seconds later; plus status counts and the slowest answers. The last
line is one JSON object. Issue 13/14: RSS after both rounds within 20 % of the warmed-up size.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.search_bench import (
    BASE_FQ,
    COMMON,
    PAGE_FQ,
    WORDS,
    make_doc,
    query_kinds,
    start_service,
)

DISMAX = {"defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text", "tie": "0.1", "mm": "2<-1 5<80%"}


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=n))


def hostile_kinds(rng: random.Random) -> dict[str, Callable[[], dict[str, Any]]]:
    """Hostile requests as they reach the service through CKAN's package_search and search page."""
    return {
        "100kB_words": lambda: {"q": " ".join([rng.choice(WORDS)] * 12_000), "fq": BASE_FQ, **DISMAX},
        "100kB_lucene": lambda: {"q": " ".join(f"text:{rng.choice(WORDS)}" for _ in range(6_000)), "fq": BASE_FQ},
        "sort_500_unknown": lambda: {
            "q": "*:*",
            "fq": BASE_FQ,
            "sort": ", ".join(f"{_word(rng, 8)} asc" for _ in range(500)),
        },
        "long_field_name": lambda: {"q": f"{_word(rng, 4000)}:x", "fq": BASE_FQ},
        "long_unique_facet_filter": lambda: {
            "q": "*:*",
            "fq": [f'tags:"{_word(rng, 20_000)}" {PAGE_FQ}', *BASE_FQ[1:]],
        },
        "boost_syntax": lambda: {"q": f"title:jena^1.2.3 {_word(rng, 6)}", "fq": BASE_FQ},
        "slop_overflow": lambda: {"q": 'title:"stadt jena"~' + "9" * 400, "fq": BASE_FQ},
        "date_math_overflow": lambda: {
            "q": "*:*",
            "fq": [f"metadata_modified:NOW/YEAR-{rng.randint(10**9, 10**10)}YEARS"],
        },
        "deep_nesting": lambda: {"q": "(" * 3000 + "jena" + ")" * 3000, "fq": BASE_FQ},
        "many_facets": lambda: {
            "q": "*:*",
            "fq": BASE_FQ,
            "facet": "true",
            "facet.field": ["tags", "res_format", "organization", "groups", "license_id"] * 40,
            "facet.limit": "-1",
        },
        "largest_page": lambda: {"q": _word(rng, 3) + "*", "fq": BASE_FQ, "rows": 1000, "fl": "*"},
        "unique_bf": lambda: {
            "q": "*:*",
            "fq": BASE_FQ,
            **DISMAX,
            "bf": "add(" + ",".join(f"{rng.random():.12f}" for _ in range(90)) + ")",
        },
    }


def rss_mb(pid: int) -> float:
    return round(psutil.Process(pid).memory_info().rss / 2**20, 1)


def run_round(url: str, make: Callable[[], dict[str, Any]], count: int, clients: int, timeout: float) -> dict[str, Any]:
    statuses: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []

    def worker(n: int) -> None:
        http = requests.Session()
        for _ in range(n):
            params = make()
            kind = params.pop("_kind", "")
            started = time.perf_counter()
            try:
                status = str(_send(http, url, params, timeout).status_code)
            except requests.RequestException as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            statuses[status] += 1
            slowest.append((elapsed, kind))

    per_client = [count // clients + (1 if i < count % clients else 0) for i in range(clients)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, per_client))
    slowest.sort(reverse=True)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "statuses": dict(statuses),
        "slowest_s": [[round(t, 2), k] for t, k in slowest[:5]],
    }


def _send(http: requests.Session, url: str, params: dict[str, Any], timeout: float) -> requests.Response:
    params = {"wt": "json", **params}
    from pysolr import safe_urlencode

    encoded = safe_urlencode(params, True)
    if len(encoded) < 1024:
        return http.get(f"{url}/select/?{encoded}", timeout=timeout)
    headers = {"Content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    return http.post(f"{url}/select/", data=encoded, headers=headers, timeout=timeout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--hostile", type=int, default=10_000)
    ap.add_argument("--ordinary", type=int, default=10_000)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    ap.add_argument("--settle", type=float, default=0.0, help="measure again this many seconds after the rounds")
    ap.add_argument("--skip", default="", help="comma-separated hostile kinds to leave out")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    proc, url = start_service(tmp.name)
    try:
        rng = random.Random(7)
        http = requests.Session()
        for lo in range(0, args.docs, 1000):
            body = json.dumps([make_doc(i, rng) for i in range(lo, min(lo + 1000, args.docs))])
            http.post(url + "/update", data=body, headers={"Content-Type": "application/json"}).raise_for_status()
        http.post(
            url + "/update?commit=true", data="<commit/>", headers={"Content-Type": "text/xml"}
        ).raise_for_status()
        ordinary = list(query_kinds(rng).items())
        skipped = set(filter(None, args.skip.split(",")))
        hostile = [(k, m) for k, m in hostile_kinds(rng).items() if k not in skipped]

        def make_ordinary() -> dict[str, Any]:
            kind, make = rng.choice(ordinary)
            return {**COMMON, **make(), "_kind": kind}

        def make_hostile() -> dict[str, Any]:
            kind, make = rng.choice(hostile)
            return {**COMMON, **make(), "_kind": kind}

        figures: dict[str, Any] = {"docs": args.docs, "rss_start_mb": rss_mb(proc.pid)}
        warm = run_round(url, make_ordinary, args.warmup, args.clients, args.timeout)
        figures["rss_warm_mb"] = rss_mb(proc.pid)
        print(f"warm-up: {warm}; RSS {figures['rss_warm_mb']} MB", file=sys.stderr)
        figures["hostile"] = run_round(url, make_hostile, args.hostile, args.clients, args.timeout)
        figures["rss_after_hostile_mb"] = rss_mb(proc.pid)
        print(f"hostile: {figures['hostile']}; RSS {figures['rss_after_hostile_mb']} MB", file=sys.stderr)
        figures["ordinary"] = run_round(url, make_ordinary, args.ordinary, args.clients, args.timeout)
        figures["rss_after_ordinary_mb"] = rss_mb(proc.pid)
        print(f"ordinary: {figures['ordinary']}; RSS {figures['rss_after_ordinary_mb']} MB", file=sys.stderr)
        if args.settle > 0:
            time.sleep(args.settle)
            figures["rss_settled_mb"] = rss_mb(proc.pid)
            print(f"{args.settle:.0f} s later: RSS {figures['rss_settled_mb']} MB", file=sys.stderr)
        last = figures.get("rss_settled_mb", figures["rss_after_ordinary_mb"])
        figures["growth_vs_warm_pct"] = round(100 * (last - figures["rss_warm_mb"]) / figures["rss_warm_mb"], 1)
        print(json.dumps(figures))
    finally:
        proc.terminate()
        proc.wait(60)
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

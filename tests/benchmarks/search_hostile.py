"""Latency of the hostile /select examples of issue 13 (items 9 and 10) and of requests just
within the limits.

    python tests/benchmarks/search_hostile.py [--docs 5000] [--solr-url URL] [--repeat 3]

Without --solr-url it starts ``jena-search`` on a temporary index of ``--docs`` datasets shaped
like CKAN's (as search_bench.py). Sends every example of tests/search/hostile_examples.py and
the within-limits requests of tests/search/test_hostile_queries.py one after the other, as
form POSTs like pysolr, and prints status and the slowest of ``--repeat`` answers (ms) for each;
the last line is one JSON object. Issue 13: every hostile example answers in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.search_bench import make_doc, start_service
from tests.search.hostile_examples import BAD_QUERIES, OVER_LIMITS, SPATIAL_FN, words

WITHIN_LIMITS: list[tuple[str, dict[str, Any]]] = [
    ("1000 words lucene", {"q": words(1000)}),
    ("1000 words AND", {"q": words(1000, " AND ")}),
    ("200 words dismax", {"q": words(200), "defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text"}),
    (
        "400 permission labels",
        {"q": "*:*", "fq": "+permission_labels:(" + " OR ".join(f'"m-{i}"' for i in range(400)) + ")"},
    ),
    ("16 sort fields", {"q": "*:*", "sort": ", ".join(["metadata_modified desc"] * 16)}),
    ("16 fuzzy clauses", {"q": " ".join(f"text:{w}~2" for w in words(16).split())}),
    ("spatial frange", {"q": "*:*", "fq": "{!frange l=0 incl=false u=1}" + SPATIAL_FN}),
    ("rows 1000 fl=*", {"q": "*:*", "rows": 1000, "fl": "*"}),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--solr-url", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    proc = None
    url = args.solr_url
    if url is None:
        proc, url = start_service(tmp.name)
        rng = random.Random(3)
        for lo in range(0, args.docs, 1000):
            body = json.dumps([make_doc(i, rng) for i in range(lo, min(lo + 1000, args.docs))])
            requests.post(url + "/update", data=body, headers={"Content-Type": "application/json"}).raise_for_status()
        requests.post(
            url + "/update?commit=true", data="<commit/>", headers={"Content-Type": "text/xml"}
        ).raise_for_status()
    http = requests.Session()
    figures: dict[str, Any] = {}
    examples = [(f"bad: {n}", p) for n, p, _ in BAD_QUERIES] + [(f"limit: {n}", p) for n, p, _ in OVER_LIMITS]
    examples += [(f"within: {n}", p) for n, p in WITHIN_LIMITS]
    try:
        for name, params in examples:
            slowest, status = 0.0, ""
            for _ in range(args.repeat):
                started = time.perf_counter()
                try:
                    status = str(
                        http.post(f"{url}/select", data={"wt": "json", **params}, timeout=args.timeout).status_code
                    )
                except requests.RequestException as exc:
                    status = type(exc).__name__
                slowest = max(slowest, (time.perf_counter() - started) * 1000)
            figures[name] = {"status": status, "max_ms": round(slowest, 1)}
            print(f"{status:>12} {slowest:9.1f} ms  {name}", file=sys.stderr)
        hostile = [v["max_ms"] for k, v in figures.items() if not k.startswith("within")]
        figures["max_hostile_ms"] = max(hostile)
        print(f"slowest hostile example: {figures['max_hostile_ms']} ms", file=sys.stderr)
        print(json.dumps(figures))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(60)
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

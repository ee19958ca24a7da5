"""Benchmark of the embedded search service through its HTTP API.

    python tests/benchmarks/search_bench.py --docs 100000 [--solr-url URL]

Without --solr-url it starts ``jena-search`` on a free port with a temporary data dir.
Prints p50/p95 latency per query type, bulk indexing throughput, the time until a single
committed update is visible, and the service's resident memory; the last line is one JSON object.

Requests look like CKAN's: the parameters and fq list of its dataset search (views/dataset.py,
PackageSearchQuery.run), ckanext-spatial's solr-bbox parameters, encoded like pysolr (GET, or a
form POST from 1,024 characters on) over one keep-alive session. Latency is measured at the
client, so it includes HTTP, JSON encoding and decoding of the response.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pysolr
import requests

REPO = Path(__file__).resolve().parents[2]
WORDS = [
    "Baum",
    "Bäume",
    "Stadtbäume",
    "Baumkataster",
    "Verkehr",
    "Verkehrsdaten",
    "Radverkehr",
    "Haltestellen",
    "Bus",
    "Straßenbahn",
    "Haushalt",
    "Haushaltsplan",
    "Einwohner",
    "Bevölkerung",
    "Bevölkerungsstatistik",
    "Wahl",
    "Wahlergebnisse",
    "Stadtrat",
    "Schulen",
    "Kindergärten",
    "Spielplätze",
    "Parkplätze",
    "Luftqualität",
    "Lärm",
    "Klima",
    "Energie",
    "Wasser",
    "Abfall",
    "Gebäude",
    "Denkmal",
    "Denkmäler",
    "Museum",
    "Bibliothek",
    "Sport",
    "Freizeit",
    "Kultur",
    "Veranstaltungen",
    "Ortsteil",
    "Stadtteil",
    "Bebauungsplan",
    "Flächennutzung",
    "Grünflächen",
    "Wald",
    "Friedhof",
    "Feuerwehr",
    "Polizei",
    "Unfälle",
    "Baustellen",
]
FILLER = [
    "der",
    "die",
    "das",
    "und",
    "mit",
    "für",
    "von",
    "im",
    "am",
    "zum",
    "zur",
    "aus",
    "nach",
    "über",
    "Jena",
    "Stadt",
    "Daten",
    "Übersicht",
    "Liste",
    "Karte",
]
ORGS = [
    f"fachbereich-{n}"
    for n in (
        "umwelt",
        "verkehr",
        "finanzen",
        "buergerservice",
        "bildung",
        "kultur",
        "stadtentwicklung",
        "statistik",
        "wahlen",
        "sicherheit",
        "soziales",
        "sport",
    )
]
GROUPS = ["umwelt", "mobilitaet", "wirtschaft", "bevoelkerung", "bildung", "gesundheit", "politik", "energie"]
FORMATS = ["CSV", "JSON", "GeoJSON", "XLSX", "PDF", "WMS", "WFS", "XML", "ZIP", "SHP"]
LICENSES = ["dl-de-by-2.0", "dl-de-zero-2.0", "cc-by-4.0", "cc-zero"]


def make_doc(i: int, rng: random.Random) -> dict[str, Any]:
    words = rng.sample(WORDS, 3)
    title = f"{words[0]} {rng.choice(FILLER)} {words[1]} {2000 + i % 25}"
    notes = " ".join(rng.choice(WORDS + FILLER) for _ in range(rng.randint(20, 60)))
    x, y = rng.uniform(11.45, 11.75), rng.uniform(50.82, 51.0)
    dx, dy = (0.25, 0.16) if i % 20 == 0 else (rng.uniform(0.0005, 0.03), rng.uniform(0.0005, 0.02))
    created = 1_500_000_000 + rng.randint(0, 250_000_000)
    stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{i % 1000:03d}Z"  # noqa: E731
    org = rng.choice(ORGS)
    tags = rng.sample(WORDS, rng.randint(1, 5))
    data = {
        "id": f"id-{i}",
        "name": f"ds-{i}",
        "title": title,
        "notes": notes,
        "tags": tags,
        "organization": org,
        "resources": [{"format": f} for f in rng.sample(FORMATS, 2)],
    }
    return {
        "index_id": f"{i:032x}",
        "id": f"id-{i}",
        "site_id": "default",
        "name": f"ds-{i}",
        "title": title,
        "title_string": title,
        "notes": notes,
        "tags": tags,
        "groups": rng.sample(GROUPS, rng.randint(0, 2)),
        "organization": org,
        "owner_org": org,
        "res_format": rng.sample(FORMATS, rng.randint(1, 3)),
        "res_name": [f"{words[2]} Ressource"],
        "license_id": rng.choice(LICENSES),
        "state": "active",
        "capacity": "public" if i % 10 else "private",
        "private": i % 10 == 0,
        "entity_type": "package",
        "dataset_type": "dataset",
        "permission_labels": ["public"] if i % 10 else [f"member-{org}"],
        "metadata_created": stamp(created),
        "metadata_modified": stamp(created + rng.randint(0, 30_000_000)),
        "num_resources": 2,
        "num_tags": len(tags),
        "minx": x,
        "miny": y,
        "maxx": min(x + dx, 11.9),
        "maxy": min(y + dy, 51.1),
        "data_dict": json.dumps(data),
        "validated_data_dict": json.dumps(data),
    }


def spatial_params(rng: random.Random) -> dict[str, Any]:
    from ckanext.spatial.search import SolrBBoxSearchBackend

    x, y = rng.uniform(11.5, 11.65), rng.uniform(50.85, 50.95)
    bbox = {"minx": x, "miny": y, "maxx": x + rng.uniform(0.01, 0.1), "maxy": y + rng.uniform(0.01, 0.05)}
    p = SolrBBoxSearchBackend().search_params(bbox, {})
    return {
        "q": "*:*",
        "fq": [*BASE_FQ, *p["fq_list"]],
        "bf": p["bf"],
        "defType": p["defType"],
        "qf": "name^4 title^4 tags^2 groups^2 text",
        "tie": "0.1",
        "mm": "2<-1 5<80%",
    }


# The fq list CKAN 2.12's dataset search page sends for a signed-in user (views/dataset.py
# search() and PackageSearchQuery.run()); the dataset page adds facet filters to the first entry.
PAGE_FQ = "+dataset_type:dataset +state:(active)"
USER_FQ = ['+site_id:"default"', '+permission_labels:("public" OR "creator-1")']
BASE_FQ = [PAGE_FQ, *USER_FQ]
COMMON = {
    "wt": "json",
    "rows": 21,
    "q.op": "AND",
    "df": "text",
    "fl": "id validated_data_dict",
    "sort": "score desc, metadata_modified desc",
}
FACETS = {
    "facet": "true",
    "facet.field": ["organization", "groups", "tags", "res_format", "license_id"],
    "facet.limit": 50,
    "facet.mincount": 1,
}


def query_kinds(rng: random.Random) -> dict[str, Any]:
    return {
        "text_5_facets": lambda: {
            "q": " ".join(rng.sample(WORDS, rng.choice((1, 2)))),
            "fq": BASE_FQ,
            "defType": "dismax",
            "qf": "name^4 title^4 tags^2 groups^2 text",
            "tie": "0.1",
            "mm": "2<-1 5<80%",
            **FACETS,
        },
        "filter_only": lambda: {
            "q": "*:*",
            "fq": [f'organization:"{rng.choice(ORGS)}" res_format:"{rng.choice(FORMATS)}" {PAGE_FQ}', *USER_FQ],
        },
        "sorted_by_date": lambda: {"q": "*:*", "fq": BASE_FQ, "sort": "metadata_modified desc"},
        "bbox_spatial": lambda: spatial_params(rng),
    }


def select(http: requests.Session, url: str, params: dict[str, Any]) -> requests.Response:
    """One /select as pysolr sends it: GET, or a form-encoded POST once the query reaches 1,024 characters."""
    encoded = pysolr.safe_urlencode({"wt": "json", **params}, True)
    if len(encoded) < 1024:
        return http.get(f"{url}/select/?{encoded}")
    headers = {"Content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    return http.post(f"{url}/select/", data=encoded, headers=headers)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def start_service(data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(REPO / "ckanext-jena") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "jena_search", "--data-dir", data_dir, "--port", str(port), "--log-level", "WARNING"],
        env=env,
    )
    url = f"http://127.0.0.1:{port}/solr/ckan"
    for _ in range(300):
        try:
            if requests.get(url + "/admin/ping", timeout=1).ok:
                return proc, url
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError("service did not start")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--solr-url", default=None)
    ap.add_argument("--queries", type=int, default=300, help="queries per type")
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    proc = None
    tmp = tempfile.TemporaryDirectory()
    url = args.solr_url
    if url is None:
        proc, url = start_service(tmp.name)
    http = requests.Session()
    rng = random.Random(42)
    http.post(
        url + "/update?commit=true", data="<delete><query>*:*</query></delete>", headers={"Content-Type": "text/xml"}
    ).raise_for_status()

    # Payloads are built before the clock starts: the figure is the service's throughput.
    payloads = [
        json.dumps([make_doc(i, rng) for i in range(lo, min(lo + args.batch, args.docs))]).encode()
        for lo in range(0, args.docs, args.batch)
    ]

    def send(chunk: list[bytes]) -> None:
        session = requests.Session()
        for body in chunk:
            session.post(url + "/update", data=body, headers={"Content-Type": "application/json"}).raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:  # two clients, as CKAN web and worker processes would
        list(pool.map(send, [payloads[0::2], payloads[1::2]]))
    http.post(url + "/update?commit=true", data="<commit/>", headers={"Content-Type": "text/xml"}).raise_for_status()
    index_s = time.perf_counter() - started
    throughput = args.docs / index_s
    print(f"indexed {args.docs} datasets in {index_s:.1f} s: {throughput:.0f} datasets/s", file=sys.stderr)

    results: dict[str, Any] = {"docs": args.docs, "index_docs_per_s": round(throughput)}
    for name, make in query_kinds(rng).items():
        for _ in range(20):  # warm-up
            select(http, url, {**COMMON, **make()}).raise_for_status()
        times, hits = [], []
        for _ in range(args.queries):
            params = {**COMMON, **make()}
            t0 = time.perf_counter()
            resp = select(http, url, params)
            times.append((time.perf_counter() - t0) * 1000)
            resp.raise_for_status()
            hits.append(resp.json()["response"]["numFound"])
        results[name] = {
            "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "median_hits": int(statistics.median(hits)),
        }
        print(
            f"{name}: p50 {results[name]['p50_ms']} ms, p95 {results[name]['p95_ms']} ms, "
            f"median numFound {results[name]['median_hits']}",
            file=sys.stderr,
        )

    visible = []
    for i in range(20):
        doc = make_doc(args.docs + i, rng)
        doc["title"] = f"Sichtbarkeitstest{i}"
        http.post(
            url + "/update?commit=true", data=json.dumps([doc]), headers={"Content-Type": "application/json"}
        ).raise_for_status()
        acked = time.perf_counter()
        while True:
            found = select(http, url, {"q": f"title:sichtbarkeitstest{i}", "rows": 0})
            if found.json()["response"]["numFound"] == 1:
                break
        visible.append((time.perf_counter() - acked) * 1000)
    results["update_visible_after_commit_ms"] = {
        "p50": round(percentile(visible, 50), 2),
        "max": round(max(visible), 2),
    }
    if proc is not None:
        results["service_rss_mb"] = round(psutil.Process(proc.pid).memory_info().rss / 2**20)
        proc.terminate()
        proc.wait(60)
    tmp.cleanup()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

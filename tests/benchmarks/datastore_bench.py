"""Benchmark of tables (DataStore): loading a large German CSV, querying it, sensor pushes.

    .venv/bin/python tests/benchmarks/datastore_bench.py [--rows 1000000] [--queries 200] [--pushes 300]

Starts its own embedded stack (PostgreSQL with the DataStore database, Redis, search) under
``JENA_BENCH_DIR`` (default ``var/bench-datastore``, emptied first) and measures, in this process
through the portal's own code and its Flask test client (routing, auth, action guard included):

* load: a generated CSV of ``--rows`` rows in German notation (semicolons, decimal comma,
  thousands dot, TT.MM.JJJJ dates and times, Windows-1252 umlauts) uploaded as a resource and
  loaded by the table loader (``ckanext.jena.tables.loader.load_resource``, as the job worker
  runs it): wall time, rows per second, peak RSS of the process;
* search: ``datastore_search`` as an anonymous visitor on the published table as the loader left
  it (b-tree indexes, vacuumed) with a filter on one column and a sort on another (100 rows per
  page): median and p95 over ``--queries`` calls, with the portal's default total (estimated
  above ``ckanext.jena.tables.total_estimation_threshold``), then asking for the exact total
  (``total_estimation_threshold`` above the table's size), then a full-text search (``q``) with
  the same sort;
* sensor feed: ``datastore_upsert`` with a sensor account's token (``jena_sensor_feed_create``),
  one row per call and 100 rows per call: calls and rows per second.

The last line of the output is one JSON object with all figures (with the machine's load
average before and after: other processes slow every figure down).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_stack import bench_stack, portal_app  # noqa: E402 (after the path)

STATIONS = ["Jena-Nord", "Lobeda-Ost", "Winzerla", "Zwätzen", "Löbstedt", "Göschwitz", "Wenigenjena", "Ammerbach"]


def _say(message: str) -> None:
    print(f"[datastore_bench] {message}", flush=True)


def german_csv(path: Path, rows: int, seed: int = 1) -> int:
    """A CSV as a German office exports it; returns its size in bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write("Messstelle;Straße;Datum;Zeitpunkt;Wert (µg/m³);Anzahl\r\n")
        for number in range(rows):
            day, month, year = 1 + number % 28, 1 + (number // 28) % 12, 2000 + number % 25
            value = f"{rng.randint(0, 9999):,}".replace(",", ".") + f",{rng.randint(0, 99):02d}"
            count = f"{rng.randint(0, 2_000_000):,}".replace(",", ".")
            out.write(
                f"{STATIONS[number % len(STATIONS)]};Löbdergraben {number % 97};{day:02d}.{month:02d}.{year};"
                f"{day:02d}.{month:02d}.{year} {number % 24:02d}:{number % 60:02d};{value};{count}\r\n"
            )
    return path.stat().st_size


class _PeakRss:
    """The process's highest RSS while the block runs (sampled every 50 ms)."""

    def __enter__(self) -> _PeakRss:
        self.peak = psutil.Process().memory_info().rss
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        process = psutil.Process()
        while self._running:
            self.peak = max(self.peak, process.memory_info().rss)
            time.sleep(0.05)

    def __exit__(self, *exc: Any) -> None:
        self._running = False
        self._thread.join()


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _department() -> tuple[dict[str, Any], dict[str, Any]]:
    from ckan.tests.helpers import call_action

    admin = call_action(
        "user_create",
        {"ignore_auth": True, "user": ""},
        name="bench-datenmanagerin",
        email="bench@jena.invalid",
        password="Benchmark-Passwort-2031",
    )
    site_user = call_action("get_site_user", {"ignore_auth": True})
    org = call_action(
        "organization_create",
        {"ignore_auth": True, "user": site_user["name"]},
        name="umweltschutz-bench",
        title="Umweltschutz",
        users=[{"name": admin["name"], "capacity": "admin"}],
    )
    return admin, org


def _dataset(admin: dict[str, Any], org: dict[str, Any], name: str, csv_path: Path | None) -> dict[str, Any]:
    from ckan.tests.helpers import call_action
    from werkzeug.datastructures import FileStorage

    from tests.schemas import data

    fields = data.complete("realtime", owner_org=org["id"], name=name)
    fields["resources"] = []
    dataset = call_action("package_create", {"user": admin["name"]}, **fields)
    if csv_path is not None:
        with csv_path.open("rb") as stream:
            call_action(
                "resource_create",
                {"user": admin["name"]},
                package_id=dataset["id"],
                name="Messwerte",
                url=csv_path.name,
                format="CSV",
                upload=FileStorage(stream, filename=csv_path.name),
            )
    else:
        call_action(
            "resource_create",
            {"user": admin["name"]},
            package_id=dataset["id"],
            name="Live",
            url="https://opendata.jena.de/api/live",
            format="JSON",
        )
    return dataset


def bench(ini: Path, rows: int, queries: int, pushes: int, folder: Path) -> dict[str, Any]:
    from ckan import model
    from ckan.tests.helpers import call_action

    from ckanext.jena.release import workflow
    from ckanext.jena.tables import loader, status

    flask_app = portal_app(ini)
    client = flask_app.test_client()
    results: dict[str, Any] = {"rows": rows, "cpu_count": os.cpu_count(), "load_average_before": os.getloadavg()}
    csv_path = folder / "messwerte.csv"
    _say(f"writing a German CSV of {rows:,} rows ...")
    results["csv_megabytes"] = round(german_csv(csv_path, rows) / 1e6, 1)

    with flask_app.test_request_context():
        admin, org = _department()
        dataset = _dataset(admin, org, "messwerte-bench", csv_path)
        resource_id = call_action("package_show", {"ignore_auth": True}, id=dataset["id"])["resources"][0]["id"]
        _say("loading it into the DataStore ...")
        with _PeakRss() as memory:
            started = time.perf_counter()
            loader.load_resource(resource_id)
            load_s = time.perf_counter() - started
        row = status.get(resource_id)
        assert row is not None and row.state == "loaded", (row.state, row.message_en) if row else None
        results["load"] = {
            "seconds": round(load_s, 1),
            "rows_per_second": round(rows / load_s),
            "peak_rss_mib": round(memory.peak / 2**20),
        }
        workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Benchmark", actor_id=admin["id"])
        model.Session.commit()

        live = _dataset(admin, org, "live-bench", None)
        live_id = call_action("package_show", {"ignore_auth": True}, id=live["id"])["resources"][0]["id"]
        feed = call_action(
            "jena_sensor_feed_create",
            {"user": admin["name"]},
            resource_id=live_id,
            fields=[{"id": "Zeitpunkt", "type": "timestamp"}, {"id": "Messstelle", "type": "text"},
                    {"id": "PM10", "type": "numeric"}],
        )  # fmt: skip
        workflow.publish_without_review(model.Package.get(live["id"]), reason="Benchmark", actor_id=admin["id"])
        model.Session.commit()

    def search_round(**extra: str) -> dict[str, Any]:
        samples, totals = [], set()
        for number in range(queries):
            station = STATIONS[number % len(STATIONS)]
            params = {"resource_id": resource_id, "sort": "Anzahl desc", "limit": "100", **extra}
            params.setdefault("filters", json.dumps({"Messstelle": station}))
            started = time.perf_counter()
            response = client.get("/api/3/action/datastore_search", query_string=params)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            result = response.json["result"]
            assert len(result["records"]) == 100
            totals.add((result["total"], bool(result.get("total_was_estimated"))))
        return {**_percentiles(samples), "totals": sorted(totals)[:3]}

    _say(f"{queries} filtered and sorted searches ...")
    results["search_as_loaded"] = search_round()
    _say("again, asking for the exact total ...")
    results["search_exact_total"] = search_round(total_estimation_threshold=str(10 * rows))
    _say("full-text searches (q) with the same sort ...")
    results["search_full_text"] = search_round(filters="{}", q="Winzerla")

    def push(records: int, calls: int) -> dict[str, float]:
        started = time.perf_counter()
        for number in range(calls):
            batch = [
                {"Zeitpunkt": f"2026-12-07T10:{number % 60:02d}:{index % 60:02d}", "Messstelle": "Jena-Nord",
                 "PM10": number + index / 10}
                for index in range(records)
            ]  # fmt: skip
            response = client.post(
                "/api/3/action/datastore_upsert",
                json={"resource_id": live_id, "method": "insert", "records": batch},
                headers={"Authorization": feed["token"]},
            )
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
        elapsed = time.perf_counter() - started
        return {"calls_per_second": round(calls / elapsed, 1), "rows_per_second": round(calls * records / elapsed)}

    _say(f"sensor feed: {pushes} pushes of one row, {max(1, pushes // 10)} of 100 rows ...")
    results["sensor_one_row"] = push(1, pushes)
    results["sensor_100_rows"] = push(100, max(1, pushes // 10))
    results["load_average_after"] = os.getloadavg()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--pushes", type=int, default=300)
    args = parser.parse_args()
    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-datastore").resolve()
    with bench_stack(var, fresh=True) as (_services, ini), tempfile.TemporaryDirectory() as folder:
        results = bench(ini, args.rows, args.queries, args.pushes, Path(folder))
    for key, value in results.items():
        _say(f"{key}: {value}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

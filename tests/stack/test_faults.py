"""Faults of the one-machine stack, with real processes killed by `kill -9`.

One `jena-stack run` is shared by the whole module (starting it costs most of the time).
Each fault test runs a small write load (about two creates per second), kills one process
by its PID, checks what users get while it is down, waits until the runner has restarted
it, and then compares database and search index: no acknowledged write may be lost and
the index holds exactly the datasets of the database. The last test kills the whole run
(`kill -9` of its process group) and starts it again on the same folder and ports.

``JENA_RESTART_DELAY`` keeps each killed process down for a few seconds, so the answers
during the outage can be looked at before the runner restarts it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2
import pytest
import requests

from tests.stack.portal import PortalRun

RESTART_DELAY = 12
ORG = "fb-lasttest"
FIELDS: dict[str, Any] = {
    "owner_org": ORG,
    "notes": "Datensatz der Lasttests.",
    "theme": ["ENVI"],
    "jena_category": ["environment"],
    "frequency": "ANNUAL",
    "data_steward": "Fachdienst Umweltschutz",
    "contact_point_email": "umwelt@jena.de",
    "attribution_text": "Stadt Jena, Fachdienst Umweltschutz",
}


SEARCH_DOWN_DE = "Die Suche ist vorübergehend nicht erreichbar."
SEARCH_DOWN_EN = "Search is temporarily unavailable."
MAINTENANCE_DE = "Das Datenportal ist gerade nicht erreichbar, weil seine Datenbank gewartet oder neu gestartet wird."
MAINTENANCE_EN = "The data portal is unavailable right now because its database is being maintained or restarted."
SEARCH_DOWN_API = "The search service is temporarily unavailable; please try again in a few minutes."
SEARCH_DOWN_WRITE = (
    "The search service is temporarily unavailable, so the change could not be indexed and nothing "
    "was saved; please try again in a few minutes."
)
DATABASE_DOWN_API = (
    "The database is temporarily unavailable (maintenance or restart). Nothing was changed; "
    "please try again in a minute."
)


@dataclass
class Portal:
    run: PortalRun
    token: str
    published: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.run.port}"

    def api(self, action: str, payload: dict[str, Any] | None = None, *, auth: bool = True) -> requests.Response:
        headers = {"Authorization": self.token} if auth else {}
        return requests.post(f"{self.base}/api/3/action/{action}", json=payload or {}, headers=headers, timeout=60)

    def page(self, path: str, *, auth: bool = False) -> requests.Response:
        headers = {"Authorization": self.token} if auth else {}
        return requests.get(f"{self.base}{path}", headers=headers, timeout=60)

    def child_pid(self, name: str, timeout: float = 90) -> int:
        """The PID of a running child (one that an earlier fault stopped may still be in its restart delay)."""
        deadline = time.monotonic() + timeout
        while True:
            pid = self.run.recorded_children()[name]
            try:
                os.kill(pid, 0)
                return pid
            except ProcessLookupError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.5)

    def postmaster_pid(self) -> int:
        return int((self.run.var_dir / "postgres" / "postmaster.pid").read_text().split()[0])

    def database_url(self) -> str:
        password = (self.run.var_dir / "postgres-password").read_text().strip()
        return f"postgresql://postgres:{password}@127.0.0.1:{self.run.env['JENA_PG_PORT']}/ckan"


def _ckan(run: PortalRun, *args: str) -> str:
    ckan = Path(sys.executable).with_name("ckan")
    env = {key: value for key, value in run.env.items() if key != "CKAN_INI"}
    result = subprocess.run(
        [str(ckan), "-c", str(run.var_dir / "ckan.ini"), *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def _published_dataset(portal: Portal) -> dict[str, Any]:
    """One released dataset with a resource (synthetic data goes public through the trusted path)."""
    _ckan(portal.run, "jena", "demo", "generate", "--count", "1", "--quiet")
    found = portal.api("package_search", {"rows": 1}, auth=False).json()["result"]["results"]
    assert found and found[0]["resources"], found
    return found[0]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    run = PortalRun(tmp_path_factory.mktemp("faults-var"), env_extra={"JENA_RESTART_DELAY": str(RESTART_DELAY)})
    shared = Portal(run, "")
    run.start()
    try:
        run.wait_ready()
        shared.token = _ckan(run, "user", "token", "add", "admin", "faults").strip().splitlines()[-1].strip()
        assert shared.api("organization_create", {"name": ORG, "title": "Lasttest"}).ok
        shared.published = _published_dataset(shared)
        yield shared
    finally:
        shared.run.kill_if_running()  # the last test replaces the run with a new one


@dataclass
class WriteLoad:
    """About two dataset creates per second from a thread; records what was acknowledged."""

    portal: Portal
    prefix: str
    acknowledged: list[str] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> WriteLoad:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(90)

    def _run(self) -> None:
        number = 0
        while not self._stop.is_set():
            number += 1
            name = f"{self.prefix}-{number}"
            try:
                response = self.portal.api("package_create", {"name": name, "title": name, **FIELDS})
            except requests.RequestException as error:
                self.refused.append((0, type(error).__name__))
            else:
                if response.status_code == 200 and response.json().get("success"):
                    self.acknowledged.append(name)
                else:
                    self.refused.append((response.status_code, response.text[:300]))
            self._stop.wait(0.5)


def _database_names(portal: Portal, prefix: str) -> set[str]:
    conn = psycopg2.connect(portal.database_url())
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM package WHERE name LIKE %s AND state <> 'deleted'", (f"{prefix}-%",))
            return {row[0] for row in cur.fetchall()}
    finally:
        conn.close()


def _index_names(portal: Portal, prefix: str) -> set[str]:
    response = portal.api(
        "package_search",
        {"fq": f"organization:{ORG}", "rows": 1000, "include_private": True, "include_drafts": True, "fl": "name"},
    )
    assert response.status_code == 200, response.text
    return {row["name"] for row in response.json()["result"]["results"] if row["name"].startswith(f"{prefix}-")}


def _assert_nothing_lost(portal: Portal, load: WriteLoad, *, repair_wait: float = 0) -> None:
    """Every acknowledged write is in the database and the index; the index holds what the database holds.

    ``repair_wait``: CKAN indexes a dataset just before it commits, so a create whose commit died
    with the database leaves an index entry; the repair job (``outage/index_repair.py``) removes
    it once the database is back, within this many seconds."""
    assert load.acknowledged, f"no write was acknowledged at all: {load.refused[:3]}"
    deadline = time.monotonic() + repair_wait
    while True:
        in_database = _database_names(portal, load.prefix)
        in_index = _index_names(portal, load.prefix)
        if in_index == in_database or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert set(load.acknowledged) <= in_database
    assert in_index == in_database
    print(f"{load.prefix}: {len(load.acknowledged)} writes acknowledged, {len(load.refused)} refused")


def _error(response: requests.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["success"] is False
    return body["error"]


def _recovered(portal: Portal, pattern: str, mark: int) -> float:
    line = _wait_for_line(portal.run, pattern, mark)
    return float(re.search(r"([0-9.]+) s after it stopped", line).group(1))


def _wait_for_line(run: PortalRun, pattern: str, after: int, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in run.lines[after:]:
            if re.search(pattern, line):
                return line
        time.sleep(0.2)
    pytest.fail(f"no line matching {pattern!r} within {timeout} s:\n{run.output}")


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def test_search_service_killed_under_write_load(portal: Portal):
    published = portal.published
    resource = published["resources"][0]
    with WriteLoad(portal, "search") as load:
        time.sleep(2)
        mark = len(portal.run.lines)
        _kill(portal.child_pid("search"))
        time.sleep(0.5)

        error = _error(portal.api("package_search", {"q": "Bäume"}, auth=False), 503)
        assert error == {"__type": "Search Unavailable", "message": SEARCH_DOWN_API}
        name = f"search-refused-{time.time_ns()}"
        error = _error(portal.api("package_create", {"name": name, "title": name, **FIELDS}), 503)
        assert error == {"__type": "Search Unavailable", "message": SEARCH_DOWN_WRITE}
        search_page = portal.page("/dataset/")
        assert search_page.status_code == 503 and SEARCH_DOWN_DE in search_page.text
        english = portal.page("/en/dataset/")
        assert english.status_code == 503 and SEARCH_DOWN_EN in english.text
        home = portal.page("/")
        assert home.status_code == 200 and SEARCH_DOWN_DE in home.text
        departments = portal.page("/organization/")
        assert departments.status_code == 503 and SEARCH_DOWN_DE in departments.text
        for path in (
            f"/dataset/{published['name']}",
            f"/dataset/{published['name']}/resource/{resource['id']}",
            f"/dataset/{published['name']}.ttl",
            "/catalog.ttl",
        ):
            response = portal.page(path)
            assert response.status_code == 200, (path, response.status_code)
            assert "Traceback" not in response.text
        assert portal.api("package_show", {"id": published["name"]}, auth=False).status_code == 200

        took = _recovered(portal, r"search service is running again", mark)
        time.sleep(1.5)
    assert name not in _database_names(portal, "search-refused")
    assert {status for status, _ in load.refused} <= {503}, load.refused
    _assert_nothing_lost(portal, load)
    print(f"search service: running again {took:.1f} s after kill -9 (restart delay {RESTART_DELAY} s)")


def test_redis_killed_under_write_load(portal: Portal):
    with WriteLoad(portal, "redis") as load:
        time.sleep(2)
        mark = len(portal.run.lines)
        _kill(portal.child_pid("redis"))
        time.sleep(0.5)
        assert portal.page("/").status_code == 200
        assert portal.page(f"/dataset/{portal.published['name']}").status_code == 200
        assert portal.api("package_show", {"id": portal.published["name"]}, auth=False).status_code == 200
        assert portal.api("package_search", {"rows": 1}, auth=False).status_code == 200
        took = _recovered(portal, r"Redis is running again", mark)
        time.sleep(1.5)
    assert not load.refused, load.refused
    _assert_nothing_lost(portal, load)
    # The harvest consumers reconnected instead of dying; the runner did not stop anything else.
    assert not [line for line in portal.run.lines[mark:] if "consumer" in line and "stopped" in line]
    print(f"Redis: running again {took:.1f} s after kill -9 (restart delay {RESTART_DELAY} s)")


def test_job_worker_killed_under_write_load(portal: Portal):
    with WriteLoad(portal, "worker") as load:
        time.sleep(1)
        mark = len(portal.run.lines)
        _kill(portal.child_pid("background worker"))
        time.sleep(0.5)
        assert portal.page("/").status_code == 200
        took = _recovered(portal, r"background worker is running again", mark)
        time.sleep(1)
    assert not load.refused, load.refused
    _assert_nothing_lost(portal, load)
    print(f"job worker: running again {took:.1f} s after kill -9 (restart delay {RESTART_DELAY} s)")


def test_postgresql_killed_under_write_load(portal: Portal):
    with WriteLoad(portal, "postgres") as load:
        time.sleep(2)
        mark = len(portal.run.lines)
        _kill(portal.postmaster_pid())
        time.sleep(1)

        for action in ("package_list", "package_show", "package_search", "package_create"):
            error = _error(portal.api(action, {"id": portal.published["name"]}), 503)
            assert error == {"__type": "Service Unavailable", "message": DATABASE_DOWN_API}, action
        for path, text in (("/", MAINTENANCE_DE), (f"/dataset/{portal.published['name']}", MAINTENANCE_DE)):
            page = portal.page(path)
            assert page.status_code == 503 and text in page.text and "Traceback" not in page.text
        english = portal.page("/en/dataset/")
        assert english.status_code == 503 and MAINTENANCE_EN in english.text

        took = _recovered(portal, r"PostgreSQL is running again", mark)
        time.sleep(2)
        assert portal.page("/").status_code == 200
    assert {status for status, _ in load.refused} <= {503}, load.refused
    _assert_nothing_lost(portal, load, repair_wait=90)
    print(f"PostgreSQL: running again {took:.1f} s after kill -9 (restart delay {RESTART_DELAY} s)")


def test_kill_9_of_the_whole_run_then_start_again(portal: Portal):
    """Before: "Port … for the embedded PostgreSQL is already in use" on every further attempt."""
    first = portal.run
    second = first.again()
    second.start()
    assert second.wait_exit(120) == 1
    assert f"The portal is already running from this folder (PID {first.proc.pid})." in second.output

    postmaster = portal.postmaster_pid()
    os.killpg(first.proc.pid, signal.SIGKILL)
    first.proc.wait(30)
    assert Path(f"/proc/{postmaster}").exists(), "the scenario needs the crashed run's PostgreSQL still running"

    third = first.again()
    portal.run = third
    third.start()
    try:
        took = third.wait_ready()
        print(f"ready {took:.1f} s after a kill -9 of the whole run")
        assert f"Stopped PostgreSQL (PID {postmaster}) left over from a run" in third.output
        assert "Traceback" not in third.output
        assert requests.get(f"http://127.0.0.1:{third.port}/api/3/action/status_show", timeout=30).ok
    finally:
        assert third.interrupt() == 0

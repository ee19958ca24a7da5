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

RESTART_DELAY = 6
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


@dataclass
class Portal:
    run: PortalRun
    token: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.run.port}"

    def api(self, action: str, payload: dict[str, Any] | None = None, *, auth: bool = True) -> requests.Response:
        headers = {"Authorization": self.token} if auth else {}
        return requests.post(f"{self.base}/api/3/action/{action}", json=payload or {}, headers=headers, timeout=60)

    def page(self, path: str, *, auth: bool = False) -> requests.Response:
        headers = {"Authorization": self.token} if auth else {}
        return requests.get(f"{self.base}{path}", headers=headers, timeout=60)

    def child_pid(self, name: str) -> int:
        return self.run.recorded_children()[name]

    def postmaster_pid(self) -> int:
        return int((self.run.var_dir / "postgres" / "postmaster.pid").read_text().split()[0])

    def database_url(self) -> str:
        password = (self.run.var_dir / "postgres-password").read_text().strip()
        return f"postgresql://postgres:{password}@127.0.0.1:{self.run.env['JENA_PG_PORT']}/ckan"


def _token(run: PortalRun) -> str:
    ckan = Path(sys.executable).with_name("ckan")
    env = {key: value for key, value in run.env.items() if key != "CKAN_INI"}
    result = subprocess.run(
        [str(ckan), "-c", str(run.var_dir / "ckan.ini"), "user", "token", "add", "admin", "faults"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1].strip()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    run = PortalRun(tmp_path_factory.mktemp("faults-var"), env_extra={"JENA_RESTART_DELAY": str(RESTART_DELAY)})
    shared = Portal(run, "")
    run.start()
    try:
        run.wait_ready()
        shared.token = _token(run)
        assert shared.api("organization_create", {"name": ORG, "title": "Lasttest"}).ok
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


def _assert_nothing_lost(portal: Portal, load: WriteLoad) -> None:
    assert load.acknowledged, f"no write was acknowledged at all: {load.refused[:3]}"
    in_database = _database_names(portal, load.prefix)
    in_index = _index_names(portal, load.prefix)
    assert set(load.acknowledged) <= in_database
    assert in_index == in_database


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

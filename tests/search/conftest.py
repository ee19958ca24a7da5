"""Start the real search service as a subprocess on a free 127.0.0.1 port (no mocks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pysolr
import pytest
import requests

from jena_stack.ports import free_port

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "deploy" / "solr" / "schema.xml"


class SearchService:
    """One ``jena-search`` process serving ``data_dir``."""

    def __init__(self, data_dir: Path, *extra: str) -> None:
        self.data_dir = data_dir
        self.extra = list(extra)
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"{data_dir.name}-service.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/solr/ckan"

    def start(self) -> SearchService:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(REPO / "ckanext-jena") + os.pathsep + env.get("PYTHONPATH", "")
        cmd = [
            sys.executable,
            "-m",
            "jena_search",
            "--data-dir",
            str(self.data_dir),
            "--port",
            str(self.port),
            "--schema",
            str(SCHEMA),
            *self.extra,
        ]
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed when the process ends
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"search service exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if requests.get(self.url + "/admin/ping", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("search service did not start:\n" + self.log())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout)

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def solr(self, **kw: Any) -> pysolr.Solr:
        return pysolr.Solr(self.url, timeout=30, **kw)


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    svc = SearchService(tmp_path_factory.mktemp("search") / "data", "--autocommit-ms", "0").start()
    yield svc
    svc.stop()


@pytest.fixture
def solr(service: SearchService) -> Iterator[pysolr.Solr]:
    conn = service.solr()
    conn.delete(q="*:*", commit=True)
    yield conn


@pytest.fixture
def fresh_service(tmp_path: Path) -> Iterator[SearchService]:
    svc = SearchService(tmp_path / "data", "--autocommit-ms", "0")
    yield svc
    if svc.proc is not None and svc.proc.poll() is None:
        svc.stop()


def dataset(n: int | str, **fields: Any) -> dict[str, Any]:
    """A document shaped like the ones CKAN's PackageSearchIndex sends."""
    doc: dict[str, Any] = {
        "index_id": f"idx-{n}",
        "id": f"id-{n}",
        "site_id": "default",
        "name": f"dataset-{n}",
        "title": f"Dataset {n}",
        "entity_type": "package",
        "dataset_type": "dataset",
        "state": "active",
        "capacity": "public",
        "metadata_created": "2024-01-01T00:00:00Z",
        "metadata_modified": "2024-01-01T00:00:00Z",
    }
    doc.update(fields)
    return doc


def names(result: pysolr.Results) -> list[str]:
    return [d["name"] for d in result.docs]

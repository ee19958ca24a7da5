"""The embedded Solr-compatible search service (``jena-search``) as a child process."""

from __future__ import annotations

import sys
from pathlib import Path

from jena_stack.processes import ManagedProcess, http_ok, wait_until

CORE = "ckan"


class EmbeddedSearch:
    def __init__(self, data_dir: Path, port: int, log_file: Path, schema: Path) -> None:
        self.data_dir = data_dir
        self.port = port
        argv = [
            sys.executable, "-m", "jena_search",
            "--data-dir", str(data_dir),
            "--host", "127.0.0.1",
            "--port", str(port),
            "--schema", str(schema),
        ]  # fmt: skip
        self.process = ManagedProcess(
            "search service", argv, log_file, ready_check=http_ok(f"{self.url}/admin/ping"), marker="jena_search"
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/solr/{CORE}"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process.start()
        wait_until(http_ok(f"{self.url}/admin/ping"), 60, "The search service", self.process)

    def stop(self) -> None:
        self.process.stop(timeout=30)

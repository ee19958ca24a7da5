"""The embedded Solr-compatible search service (``jena-search``) as a child process.

It requires HTTP Basic credentials (``jena_search/guard.py``): a password generated once
per instance and kept in ``var/search-credentials.json``; CKAN gets them as
``solr_user``/``solr_password``.
"""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

from jena_stack.processes import ManagedProcess, http_ok, wait_until

CORE = "ckan"
USER = "ckan"


def load_credentials(path: Path) -> tuple[str, str]:
    """The service's ``(user, password)``, generated on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"user": USER, "password": secrets.token_urlsafe(32)}))
        tmp.chmod(0o600)
        tmp.replace(path)
    data = json.loads(path.read_text())
    return data["user"], data["password"]


class EmbeddedSearch:
    def __init__(self, data_dir: Path, port: int, log_file: Path, schema: Path, credentials_file: Path) -> None:
        self.data_dir = data_dir
        self.port = port
        self.credentials = load_credentials(credentials_file)
        argv = [
            sys.executable, "-m", "jena_search",
            "--data-dir", str(data_dir),
            "--host", "127.0.0.1",
            "--port", str(port),
            "--schema", str(schema),
            "--credentials-file", str(credentials_file),
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

"""Helpers of the table tests: run the queued loads, read a table back, serve files with redirects."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ckan.lib import jobs
from ckan.tests.helpers import call_action

from ckanext.jena.tables import status

DATA = Path(__file__).parent / "data"
SYSADMIN_CONTEXT = {"ignore_auth": True, "user": ""}


def create_table(
    sysadmin: dict[str, Any], resource_id: str, fields: list[dict[str, Any]], records: list[dict[str, Any]]
) -> str:
    """A DataStore table on ``resource_id`` written directly by ``sysadmin`` (``force``: past the
    release guard), as a test's starting point; returns the resource id."""
    call_action(
        "datastore_create",
        {"user": sysadmin["name"], "ignore_auth": True},
        resource_id=resource_id,
        force=True,
        fields=fields,
        records=records,
    )
    return resource_id


def run_queued_jobs() -> int:
    """Run every queued job in this process (CKAN's ``with_test_worker`` makes the worker not fork)."""
    queue = jobs.get_queue()
    count = len(queue.jobs)
    jobs.Worker().work(burst=True)
    return count


def queued_loads() -> list[str]:
    """The resources whose table load is queued (other jobs, e.g. the DCAT serialization, aside)."""
    from ckanext.jena.tables import loader

    name = f"{loader.load_resource.__module__}.{loader.load_resource.__name__}"
    return [job.args[0] for job in jobs.get_queue().jobs if job.func_name == name]


def rows(resource_id: str, **params: Any) -> list[dict[str, Any]]:
    found = call_action("datastore_search", dict(SYSADMIN_CONTEXT), resource_id=resource_id, sort="_id", **params)
    return [{k: v for k, v in row.items() if k != "_id"} for row in found["records"]]


def types(resource_id: str) -> dict[str, str]:
    info = call_action("datastore_info", dict(SYSADMIN_CONTEXT), id=resource_id)
    return {field["id"]: field["type"] for field in info["fields"]}


def state(resource_id: str) -> tuple[str, str | None]:
    from ckan import model

    model.Session.rollback()
    row = status.get(resource_id)
    assert row is not None
    return row.state, row.message_de


class _Handler(http.server.SimpleHTTPRequestHandler):
    redirects: dict[str, str] = {}

    def do_GET(self) -> None:
        target = self.redirects.get(self.path)
        if target:
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def file_server(folder: Path, redirects: dict[str, str]) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"redirects": redirects})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

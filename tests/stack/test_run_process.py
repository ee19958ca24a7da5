"""`make run`'s process management, exercised with the real `jena-stack run`.

Each test starts the whole portal (PostgreSQL, Redis, search, gunicorn, workers) in a
temporary var folder on free ports, so it never touches a developer's `var/`.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
import psycopg2
import pytest
import requests

from jena_stack.datastore import apply_permissions
from jena_stack.ports import free_port
from tests.stack.portal import PortalRun


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


@pytest.fixture
def portal_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("portal-var")


def _request_password_reset(base: str, user: str) -> None:
    """The reset form of CKAN: one mail through the portal's configured mailer."""
    session = requests.Session()
    form = session.get(f"{base}/user/reset", timeout=60)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    answer = session.post(f"{base}/user/reset", data={"user": user, "_csrf_token": token.group(1)}, timeout=60)
    assert answer.status_code == 200


def test_start_stop_and_warm_restart(portal_dir: Path):
    # The first run catches mails locally (JENA_MAIL_SINK=1): CKAN's mailer really sends to it.
    first = PortalRun(portal_dir, env_extra={"JENA_MAIL_SINK": "1", "JENA_MAIL_PORT": str(free_port())})
    first.start()
    try:
        cold = first.wait_ready()
        base = f"http://127.0.0.1:{first.port}"
        status = requests.get(f"{base}/api/3/action/status_show", timeout=30)
        assert status.status_code == 200
        assert status.json()["result"]["ckan_version"] == "2.12.0"
        home = requests.get(f"{base}/", timeout=60)
        assert home.status_code == 200
        assert '<html lang="de"' in home.text
        assert "Created sysadmin account" in first.output
        credentials = (portal_dir / "admin-credentials.txt").read_text()
        children = first.recorded_children()
        assert {"redis", "search", "CKAN web", "background worker", "mail sink"} <= set(children)
        _request_password_reset(base, "admin")
        deadline = time.monotonic() + 30
        while not list((portal_dir / "mail").glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.2)
        mails = list((portal_dir / "mail").glob("*.eml"))
        assert len(mails) == 1, first.output
        mail = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
        assert mail["To"].addresses[0].addr_spec == "opendata-admin@jena.invalid"
        assert "/user/reset/" in mail.get_body(("plain",)).get_content()
        postmaster = int((portal_dir / "postgres" / "postmaster.pid").read_text().split()[0])
    finally:
        rc = first.interrupt()
    assert rc == 0, first.output
    assert "Stopped." in first.output
    for name, pid in children.items():
        assert not _alive(pid), f"{name} (PID {pid}) still running after Ctrl-C"
    assert not _alive(postmaster)
    assert not (portal_dir / "stack.pid").exists()

    second = PortalRun(portal_dir, port=first.port)
    second.start()
    try:
        warm = second.wait_ready()
        print(f"cold start {cold:.1f} s, warm restart {warm:.1f} s")
        assert "Created sysadmin account" not in second.output
        assert (portal_dir / "admin-credentials.txt").read_text() == credentials
        login_user = credentials.split()[1]
        assert login_user == "admin"
    finally:
        assert second.interrupt() == 0


def test_port_in_use_gives_one_sentence(portal_dir: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        run = PortalRun(portal_dir, port=busy.getsockname()[1])
        run.start()
        try:
            assert run.wait_exit(120) == 1
        finally:
            run.kill_if_running()
    assert f"Port {run.port} for the portal is already in use" in run.output
    assert "Traceback" not in run.output
    # Nothing was left behind: no PostgreSQL, no lock.
    assert not (portal_dir / "stack.pid").exists()


def test_stale_lock_from_a_crash_is_cleaned_up(portal_dir: Path):
    (portal_dir / "stack.pid").write_text(json.dumps({"runner": 2**22 + 11, "children": {}}))
    run = PortalRun(portal_dir)
    run.start()
    try:
        run.wait_ready()
    finally:
        assert run.interrupt() == 0
    assert "stale lock" in run.output
    assert "Traceback" not in run.output


def test_external_servers_from_environment_are_used(portal_dir: Path):
    """CKAN_SQLALCHEMY_URL / CKAN_REDIS_URL / CKAN_SOLR_URL replace the embedded servers."""
    test_db_url = tk.config["sqlalchemy.url"]
    server_url, _, _ = test_db_url.rpartition("/")
    conn = psycopg2.connect(f"{server_url}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        for name in ("jena_external", "jena_external_tables"):
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"')
    # the DataStore on the same server, read through the test stack's read-only role
    read_user = urlsplit(tk.config["ckan.datastore.read_url"])
    apply_permissions(f"{server_url}/jena_external_tables", "jena_external", "postgres", read_user.username or "")
    env = {
        "CKAN_SQLALCHEMY_URL": f"{server_url}/jena_external",
        "CKAN_DATASTORE_WRITE_URL": f"{server_url}/jena_external_tables",
        "CKAN_DATASTORE_READ_URL": tk.config["ckan.datastore.read_url"].rsplit("/", 1)[0] + "/jena_external_tables",
        "CKAN_REDIS_URL": tk.config["ckan.redis.url"].rsplit("/", 1)[0] + "/3",
        # the test stack's search service requires its credentials (user:password@ in the URL)
        "CKAN_SOLR_URL": tk.config["solr_url"].replace(
            "http://", f"http://{tk.config['solr_user']}:{tk.config['solr_password']}@", 1
        ),
    }
    run = PortalRun(portal_dir, env_extra=env)
    run.start()
    try:
        run.wait_ready()
        assert requests.get(f"http://127.0.0.1:{run.port}/api/3/action/status_show", timeout=30).ok
        assert set(run.recorded_children()).isdisjoint({"redis", "search"})
    finally:
        assert run.interrupt() == 0
        with conn.cursor() as cur:
            for name in ("jena_external", "jena_external_tables"):
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()
    assert "PostgreSQL: using the server from the environment" in run.output
    assert "Redis: using the server from the environment" in run.output
    assert "Search: using the Solr server from the environment" in run.output
    assert not (portal_dir / "postgres").exists()

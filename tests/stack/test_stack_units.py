"""Behaviour of the stack runner's building blocks (no processes beyond sockets)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jena_stack.ckan_config import InstanceConfig, from_environment, load_secrets
from jena_stack.errors import StackError
from jena_stack.lock import StackLock
from jena_stack.ports import ensure_port_free, free_port, port_from_env
from jena_stack.testing import worker_count


def test_port_in_use_is_one_clear_sentence():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(StackError) as raised:
            ensure_port_free(port, "the portal", "PORT")
    assert str(raised.value).startswith(f"Port {port} for the portal is already in use on 127.0.0.1.")
    assert "PORT" in raised.value.hint


def test_free_port_is_free():
    ensure_port_free(free_port(), "x", "Y")


@pytest.mark.parametrize("raw", ["abc", "0", "70000", "-1"])
def test_bad_port_variable(raw):
    with pytest.raises(StackError, match=f"JENA_PG_PORT='{raw}' is not a TCP port"):
        port_from_env({"JENA_PG_PORT": raw}, "JENA_PG_PORT", 5435)


def test_port_variable_default_and_value():
    assert port_from_env({}, "PORT", 5000) == 5000
    assert port_from_env({"PORT": "5001"}, "PORT", 5000) == 5001


def _wait_for_exec(proc: subprocess.Popen, word: bytes) -> None:
    """Popen returns after fork; the child shows its own command line only after exec."""
    deadline = time.monotonic() + 10
    while word not in Path(f"/proc/{proc.pid}/cmdline").read_bytes() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_lock_refuses_second_live_runner(tmp_path: Path):
    # A live process whose command line mentions "jena" counts as a running portal.
    # The interpreter itself, not "python3": on PATH that can be a shim (pyenv) that execs several
    # times, and /proc/PID/cmdline reads empty in the middle of each exec.
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "jena-stack"])
    try:
        _wait_for_exec(live, b"jena-stack")
        lock_file = tmp_path / "stack.pid"
        lock_file.write_text(json.dumps({"runner": live.pid, "children": {}}))
        with pytest.raises(StackError, match=f"already running from this folder \\(PID {live.pid}\\)"):
            StackLock(lock_file).acquire()
        assert json.loads(lock_file.read_text())["runner"] == live.pid
    finally:
        live.kill()
        live.wait()


def test_stale_lock_stops_only_recorded_orphans(tmp_path: Path):
    orphan = subprocess.Popen(["sleep", "60"], start_new_session=True)
    bystander = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        _wait_for_exec(orphan, b"sleep")
        lock_file = tmp_path / "stack.pid"
        lock_file.write_text(
            json.dumps({"runner": 2**22 + 7, "children": {"redis": {"pid": orphan.pid, "marker": "sleep"}}})
        )
        notes = StackLock(lock_file).acquire()
        assert any("stale lock" in note for note in notes)
        assert any(f"Stopping redis (PID {orphan.pid})" in note for note in notes)
        assert orphan.wait(10) is not None
        assert bystander.poll() is None
        assert json.loads(lock_file.read_text())["runner"] == os.getpid()
    finally:
        for proc in (orphan, bystander):
            proc.kill()
            proc.wait()


def test_stale_lock_does_not_kill_a_reused_pid(tmp_path: Path):
    unrelated = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        _wait_for_exec(unrelated, b"sleep")
        lock_file = tmp_path / "stack.pid"
        marker = {"pid": unrelated.pid, "marker": "redis-server"}
        lock_file.write_text(json.dumps({"runner": 2**22 + 7, "children": {"redis": marker}}))
        StackLock(lock_file).acquire()
        assert unrelated.poll() is None
    finally:
        unrelated.kill()
        unrelated.wait()


def test_secrets_are_generated_once(tmp_path: Path):
    path = tmp_path / "secrets.json"
    first = load_secrets(path)
    assert load_secrets(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_instance_config_builds_on_base(tmp_path: Path):
    config = InstanceConfig(
        base_config=Path("/repo/deploy/ckan.base.ini"),
        database_url="postgresql://u:p@127.0.0.1:1/ckan",
        solr_url="http://127.0.0.1:2/solr/ckan",
        redis_url="redis://127.0.0.1:3/0",
        site_url="http://127.0.0.1:5000",
        storage_path=tmp_path,
        secrets={"secret_key": "s", "jwt_secret": "j"},
    )
    text = config.render()
    assert "use = config:/repo/deploy/ckan.base.ini" in text
    assert "sqlalchemy.url = postgresql://u:p@127.0.0.1:1/ckan" in text
    assert "api_token.jwt.encode.secret = string:j" in text


def test_container_config_names_missing_variables(tmp_path: Path):
    with pytest.raises(
        StackError,
        match=r"Missing environment variables: CKAN_DATASTORE_WRITE_URL, CKAN_DATASTORE_READ_URL, "
        r"CKAN_SOLR_URL, CKAN_JWT_SECRET\.",
    ):
        from_environment(
            {"CKAN_SQLALCHEMY_URL": "postgresql://x", "CKAN_REDIS_URL": "redis://r", "CKAN_SECRET_KEY": "k"},
            tmp_path / "base.ini",
        )


def test_whole_suite_runs_on_one_worker_per_core_at_most_two():
    assert worker_count({}, whole_suite=True, cpus=2) == 2
    assert worker_count({}, whole_suite=True, cpus=8) == 2
    assert worker_count({}, whole_suite=True, cpus=1) == 1
    assert worker_count({}, whole_suite=True, cpus=None) == 1


def test_narrowed_run_uses_one_worker_unless_asked():
    assert worker_count({}, whole_suite=False, cpus=2) == 1
    assert worker_count({"JENA_TEST_WORKERS": "3"}, whole_suite=False, cpus=2) == 3


def test_existing_test_servers_mean_one_worker():
    environ = {"JENA_TEST_WORKERS": "4", "JENA_TEST_REDIS_URL": "redis://127.0.0.1:6379/1"}
    assert worker_count(environ, whole_suite=True, cpus=2) == 1


@pytest.mark.parametrize("raw", ["0", "17", "two", "-1"])
def test_bad_worker_count_is_one_clear_sentence(raw):
    with pytest.raises(StackError, match=f"JENA_TEST_WORKERS='{raw}' is not a number of workers"):
        worker_count({"JENA_TEST_WORKERS": raw}, whole_suite=True, cpus=2)


def test_each_worker_runs_on_its_own_stack():
    """Under several workers the session's CKAN config and ``CKAN_INI`` are this worker's stack's
    (a second worker's tests would otherwise wipe this worker's database)."""
    inis = json.loads(os.environ.get("JENA_TEST_WORKER_INIS") or "{}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker not in inis:
        pytest.skip("runs when make test starts several workers (JENA_TEST_WORKERS=2)")
    import ckan.plugins.toolkit as tk

    assert os.environ["CKAN_INI"] == inis[worker]
    assert tk.config["__file__"] == inis[worker]
    others = [Path(ini) for name, ini in inis.items() if name != worker]
    own_database = tk.config["sqlalchemy.url"]
    for other in others:
        assert own_database not in other.read_text()

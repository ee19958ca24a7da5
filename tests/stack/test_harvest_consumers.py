"""The harvest consumers started by `make run` survive idle queues and a lost Redis connection."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from jena_stack.ports import free_port
from jena_stack.redis import EmbeddedRedis

CKAN = Path(sys.executable).with_name("ckan")


def _consumer(queue: str, ini: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CKAN), "-c", ini, "jena", "harvest-consumer", queue],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(proc: subprocess.Popen[str]) -> str:
    if proc.poll() is None:
        proc.terminate()
    return proc.communicate(timeout=20)[0]


@pytest.mark.parametrize("queue", ["gather", "fetch"])
def test_idle_consumer_keeps_running(queue: str):
    proc = _consumer(queue, os.environ["CKAN_INI"])
    try:
        # redis-py 8's default socket timeout is 5 s; stock `ckan harvester gather-consumer` dies after it.
        time.sleep(12)
        assert proc.poll() is None, proc.communicate()[0]
    finally:
        _stop(proc)


def _waiting_on_queue(client: redis.Redis) -> bool:
    return any(entry.get("cmd") == "blpop" for entry in client.client_list())


def _wait_for(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except redis.exceptions.ConnectionError:
            pass
        time.sleep(0.2)
    return False


def test_consumer_reconnects_after_redis_was_killed(tmp_path: Path):
    """Before: the consumer exited with redis.exceptions.ConnectionError (and `make run` stopped the portal)."""
    port = free_port()
    server = EmbeddedRedis(tmp_path / "redis", port, tmp_path / "redis.log", persistent=False)
    server.start()
    ini = tmp_path / "consumer.ini"
    ini.write_text(f"[app:main]\nuse = config:{os.environ['CKAN_INI']}\nckan.redis.url = redis://127.0.0.1:{port}/0\n")
    proc = _consumer("gather", str(ini))
    try:
        client = redis.Redis(port=port)
        assert _wait_for(lambda: _waiting_on_queue(client), 60), _stop(proc)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.popen.wait(10)
        time.sleep(3)
        assert proc.poll() is None, _stop(proc)
        server.start()
        assert _wait_for(lambda: _waiting_on_queue(client), 40), _stop(proc)
        assert proc.poll() is None
    finally:
        output = _stop(proc)
        server.stop()
    assert "lost the connection to Redis" in output

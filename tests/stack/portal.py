"""A real `jena-stack run` in a temporary var folder on free ports (never a developer's `var/`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jena_stack.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
JENA_STACK = Path(sys.executable).with_name("jena-stack")


class PortalRun:
    """One `jena-stack run` process and its output."""

    def __init__(self, var_dir: Path, env_extra: dict[str, str] | None = None, port: int | None = None) -> None:
        self.var_dir = var_dir
        self.port = port or free_port()
        self.lines: list[str] = []
        self.extra = dict(env_extra or {})
        self.env = {
            **os.environ,
            "JENA_VAR_DIR": str(var_dir),
            "PORT": str(self.port),
            "JENA_PG_PORT": str(free_port()),
            "JENA_REDIS_PORT": str(free_port()),
            "JENA_SEARCH_PORT": str(free_port()),
            "JENA_LOAD_DEMO": "0",
            "JENA_WEB_WORKERS": "1",
            **(env_extra or {}),
        }
        for name in (
            "CKAN_INI",
            "CKAN_SQLALCHEMY_URL",
            "CKAN_REDIS_URL",
            "CKAN_SOLR_URL",
            "CKAN_DATASTORE_WRITE_URL",
            "CKAN_DATASTORE_READ_URL",
        ):
            if name not in (env_extra or {}):
                self.env.pop(name, None)
        self.proc: subprocess.Popen[str] | None = None
        # What is started and where: `jena-stack run` of this checkout (tests/stack/test_fresh_clone.py
        # starts `make run` in a clone instead).
        self.command = [str(JENA_STACK), "run"]
        self.cwd = ROOT

    def again(self) -> PortalRun:
        """Another run on the same folder with the same ports (as `make run` after a crash)."""
        ports = {name: self.env[name] for name in ("JENA_PG_PORT", "JENA_REDIS_PORT", "JENA_SEARCH_PORT")}
        return PortalRun(self.var_dir, env_extra={**self.extra, **ports}, port=self.port)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc and self.proc.stdout
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_ready(self, timeout: float = 240) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if any("Portal ready" in line for line in self.lines):
                return time.monotonic() - started
            assert self.proc is not None
            if self.proc.poll() is not None:
                time.sleep(0.2)
                pytest.fail(f"jena-stack run exited with {self.proc.returncode}:\n{self.output}")
            time.sleep(0.2)
        pytest.fail(f"portal not ready after {timeout} s:\n{self.output}")

    def wait_exit(self, timeout: float = 120) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)

    def recorded_children(self) -> dict[str, int]:
        data = json.loads((self.var_dir / "stack.pid").read_text())
        return {name: info["pid"] for name, info in data["children"].items()}

    def interrupt(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
        return self.wait_exit()

    def kill_if_running(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()

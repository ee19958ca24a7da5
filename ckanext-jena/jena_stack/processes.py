"""Child processes started by the stack: start, wait until ready, stop only what we started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from jena_stack.errors import StackError


class ManagedProcess:
    """A long-running child process with its output in a log file."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log_file: Path,
        env: dict[str, str] | None = None,
        ready_check: Callable[[], bool] | None = None,
        marker: str = "",
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_file = log_file
        self.env = env
        self.ready_check = ready_check
        self._marker = marker
        self.popen: subprocess.Popen[bytes] | None = None

    @property
    def marker(self) -> str:
        """A word of the command line that identifies this process after a crash of the runner."""
        return self._marker or self.argv[0].rsplit("/", 1)[-1]

    def start(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            # A new session: Ctrl-C in the terminal reaches only the runner, which then stops children in order.
            self.popen = subprocess.Popen(
                self.argv, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
            )

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    # -- what the supervisor asks (jena_stack.supervision.Watchable) --

    def alive(self) -> bool:
        return self.running()

    def ready(self) -> bool:
        return self.running() and (self.ready_check is None or self.ready_check())

    def exit_note(self) -> str:
        code = self.popen.returncode if self.popen is not None else None
        if code is None:
            return "not running"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def ensure_running(self) -> None:
        if self.popen is not None and self.popen.poll() is not None:
            raise StackError(
                f"{self.name} exited with code {self.popen.returncode} right after starting.",
                f"See {self.log_file} for its output.",
            )

    def stop(self, timeout: float = 15.0) -> None:
        if not self.running():
            return
        assert self.popen is not None
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)


def wait_until(check: Callable[[], bool], timeout: float, what: str, process: ManagedProcess | None = None) -> None:
    """Poll ``check`` until it returns true; fail clearly when the process died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None:
            process.ensure_running()
        if check():
            return
        time.sleep(0.1)
    log_hint = f"See {process.log_file}." if process else ""
    raise StackError(f"{what} did not become ready within {timeout:.0f} s.", log_hint)


def http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return 200 <= response.status < 400
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    return check


def tcp_open(port: int) -> Callable[[], bool]:
    """Ready when something accepts connections on 127.0.0.1:``port``."""

    def check() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    return check

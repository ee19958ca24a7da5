"""Port checks with operator-friendly errors."""

from __future__ import annotations

import errno
import socket

from jena_stack.errors import StackError

LOOPBACK = "127.0.0.1"


def ensure_port_free(port: int, what: str, env_hint: str) -> None:
    """Fail with a clear sentence when ``port`` on 127.0.0.1 is already taken.

    SO_REUSEADDR as the servers themselves set it: connections of a previous run still in
    TIME_WAIT do not block a restart, a listening socket does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StackError(
                    f"Port {port} for {what} is already in use on {LOOPBACK}.",
                    f"Stop the program using it (`ss -ltnp 'sport = :{port}'` shows it) or set {env_hint}.",
                ) from None
            raise


def free_port() -> int:
    """A currently unused TCP port on 127.0.0.1 (for the test stack)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def port_from_env(environ: dict[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise StackError(f"{name}={raw!r} is not a TCP port.", f"Set {name} to a number between 1 and 65535.")
    return int(raw)

"""The stack's pid file: one runner per ``var/``, and clean-up after a crash.

The file records the runner's pid and the pids of the children it started, so a
runner that was killed hard (``kill -9``, power loss) leaves enough behind for
the next start to stop exactly those processes and nothing else.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from jena_stack.errors import StackError


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def command_line(pid: int) -> str:
    """The command line of a running process (arguments joined by spaces); '' when it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class StackLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.children: dict[str, dict[str, object]] = {}

    def acquire(self) -> list[str]:
        """Take the lock; return notes about a stale lock that was cleaned up."""
        notes: list[str] = []
        if self.path.exists():
            try:
                previous = json.loads(self.path.read_text() or "{}")
            except json.JSONDecodeError:
                previous = {}
            runner = int(previous.get("runner", 0) or 0)
            if runner and runner != os.getpid() and _alive(runner) and "jena" in command_line(runner):
                raise StackError(
                    f"The portal is already running from this folder (PID {runner}).",
                    f"Use that instance, stop it with Ctrl-C in its terminal or `kill {runner}`, then start again.",
                )
            notes.append(f"Found a stale lock from a run that ended without cleaning up (PID {runner}); removing it.")
            notes += self._stop_orphans(previous.get("children", {}))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write()
        return notes

    def _stop_orphans(self, children: dict[str, dict[str, object]]) -> list[str]:
        notes = []
        for name, info in children.items():
            pid = int(info.get("pid", 0) or 0)
            marker = str(info.get("marker", ""))
            if pid and _alive(pid) and marker and marker in command_line(pid):
                notes.append(f"Stopping {name} (PID {pid}) left over from that run.")
                try:
                    os.killpg(pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGTERM)
                deadline = time.monotonic() + 15
                while _alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.1)
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
        return notes

    def record_child(self, name: str, pid: int | None, marker: str) -> None:
        if pid:
            self.children[name] = {"pid": pid, "marker": marker}
            self._write()

    def _write(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"runner": os.getpid(), "children": self.children}))
        tmp.replace(self.path)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)

"""Time to recover from `kill -9` of each process `make run` starts; prints the figures.

    .venv/bin/python -m tests.benchmarks.recovery_bench [--rounds 2]

Starts its own `jena-stack run` in a temporary folder on free ports (default restart delay
of 1 s), kills one process at a time by PID and measures from the kill until
  * the runner's "… is running again" line (its own figure), and
  * the first good answer a user gets again (the probe named in the table).
Last, the whole run is killed (`kill -9` of its process group) and started again on the
same folder: the time until "Portal ready".
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

from tests.stack.portal import PortalRun


def _ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            response = requests.get(url, timeout=5)
        except requests.RequestException:
            return False
        return response.status_code == 200

    return check


def _wait(check: Callable[[], bool], timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    raise TimeoutError("no recovery within the timeout")


def _runner_figure(run: PortalRun, name: str, mark: int, timeout: float = 180) -> float:
    deadline = time.monotonic() + timeout
    pattern = re.compile(rf"^\[jena\] {re.escape(name)} is running again .*?, ([0-9.]+) s after it stopped")
    while time.monotonic() < deadline:
        for line in run.lines[mark:]:
            found = pattern.search(line)
            if found:
                return float(found.group(1))
        time.sleep(0.1)
    raise TimeoutError(f"the runner did not report {name} running again")


def _measure(
    run: PortalRun, name: str, pid: Callable[[], int], probe: Callable[[], bool] | None
) -> tuple[float, float]:
    """(the runner's figure, seconds from the kill to the probe's first good answer; NaN without probe)"""
    if probe is not None:
        _wait(probe)  # healthy before the kill
    mark = len(run.lines)
    os.kill(pid(), signal.SIGKILL)
    time.sleep(0.2)  # the process is gone; from now on the probe must see it back
    answered = _wait(probe) + 0.2 if probe is not None else float("nan")
    return _runner_figure(run, name, mark), answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="jena-recovery-"))
    run = PortalRun(var_dir)
    run.start()
    cold = run.wait_ready()
    base = f"http://127.0.0.1:{run.port}"

    def child(name: str) -> Callable[[], int]:
        def live_pid() -> int:
            # A process stopped by an earlier fault (e.g. the worker when Redis went) may be restarting.
            deadline = time.monotonic() + 120
            while True:
                pid = run.recorded_children()[name]
                if Path(f"/proc/{pid}").exists() or time.monotonic() > deadline:
                    return pid
                time.sleep(0.2)

        return live_pid

    def postmaster() -> int:
        return int((var_dir / "postgres" / "postmaster.pid").read_text().split()[0])

    faults = [
        ("search service", child("search"), _ok(f"{base}/api/3/action/package_search?rows=0"), "package_search 200"),
        ("Redis", child("redis"), _ok(f"{base}/api/3/action/status_show"), "status_show 200"),
        ("PostgreSQL", postmaster, _ok(f"{base}/api/3/action/package_list"), "package_list 200"),
        ("background worker", child("background worker"), None, "-"),
        ("harvest gather consumer", child("harvest gather consumer"), None, "-"),
        ("CKAN web", child("CKAN web"), _ok(f"{base}/"), "home page 200"),
    ]
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in faults}
    again: PortalRun | None = None
    try:
        for round_number in range(args.rounds):
            if round_number:
                time.sleep(125)  # out of the back-off window: every round starts at the 1 s delay
            for name, pid, probe, _label in faults:
                results[name].append(_measure(run, name, pid, probe))
                time.sleep(3)
        os.killpg(run.proc.pid, signal.SIGKILL)
        run.proc.wait(30)
        again = run.again()
        again.start()
        crash_restart = again.wait_ready()
        again.interrupt()
    finally:
        run.kill_if_running()
        if again is not None:
            again.kill_if_running()

    print(f"cold start {cold:.1f} s; rounds: {args.rounds}; restart delay 1 s (first death)")
    print(f"{'killed':<26}{'runner: running again':>24}{'first good answer':>20}  probe")
    for name, _pid, _probe, label in faults:
        figures = results[name]
        runner = statistics.median(f for f, _ in figures)
        answer = statistics.median(a for _, a in figures)
        shown = f"{answer:>18.1f} s" if answer == answer else f"{'-':>20}"
        print(f"{name:<26}{runner:>22.1f} s{shown}  {label}")
    print(f"{'whole run (kill -9 group)':<26}{'':>24}{crash_restart:>18.1f} s  make run again: Portal ready")


if __name__ == "__main__":
    main()

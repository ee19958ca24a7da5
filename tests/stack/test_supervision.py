"""The runner's supervisor: restart with back-off, one line per event, essential vs. background processes.

Fake processes and a fake clock (the real processes are killed in test_faults.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jena_stack.errors import StackError
from jena_stack.supervision import RestartPolicy, Supervisor


class FakeProcess:
    def __init__(self, name: str) -> None:
        self.name = name
        self.log_file = Path(f"/var/log/{name}.log")
        self.pid: int | None = 100
        self.is_alive = True
        self.answers = True
        self.starts = 0
        self.fail_start = False

    def start(self) -> None:
        self.starts += 1
        if self.fail_start:
            raise StackError("it did not start.", "")
        self.pid = 100 + self.starts
        self.is_alive = True

    def alive(self) -> bool:
        return self.is_alive

    def ready(self) -> bool:
        return self.answers

    def exit_note(self) -> str:
        return "killed by signal 9"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _supervisor(clock: Clock, lines: list[str], restarted: list[str] | None = None) -> Supervisor:
    names = restarted if restarted is not None else []
    policy = RestartPolicy(first_delay=1.0, max_delay=30.0, give_up_deaths=5, window=120.0)
    return Supervisor(lines.append, on_restart=lambda unit: names.append(unit.name), policy=policy, clock=clock)


def test_dead_process_is_restarted_after_the_delay_with_one_line_each(clock: Clock):
    lines: list[str] = []
    restarted: list[str] = []
    search = FakeProcess("search service")
    supervisor = _supervisor(clock, lines, restarted)
    supervisor.watch(search, essential=True)
    supervisor.tick()
    assert lines == [] and search.starts == 0

    search.is_alive = False
    search.answers = False
    supervisor.tick()
    assert lines == ["search service (PID 100) stopped (killed by signal 9); restarting in 1 s."]
    clock.now += 0.5
    supervisor.tick()
    assert search.starts == 0
    clock.now += 0.6
    supervisor.tick()
    assert search.starts == 1 and restarted == ["search service"]
    clock.now += 0.4
    supervisor.tick()  # started, not answering yet: no line
    assert len(lines) == 1
    search.answers = True
    supervisor.tick()
    assert lines[1] == "search service is running again (PID 101), 1.5 s after it stopped."
    supervisor.tick()
    assert len(lines) == 2


def test_back_off_doubles_and_an_essential_process_that_keeps_stopping_stops_the_portal(clock: Clock):
    lines: list[str] = []
    database = FakeProcess("PostgreSQL")
    supervisor = _supervisor(clock, lines)
    supervisor.watch(database, essential=True)
    delays = []
    with pytest.raises(StackError) as raised:
        for _ in range(10):
            database.is_alive = False
            supervisor.tick()
            delays.append(lines[-1].rsplit("restarting in ", 1)[-1])
            clock.now += 10
            supervisor.tick()
    assert delays == ["1 s.", "2 s.", "4 s.", "8 s."]
    assert str(raised.value) == (
        "PostgreSQL keeps stopping (5 times within 120 s). See /var/log/PostgreSQL.log; stopping the portal."
    )


def test_background_process_that_keeps_stopping_never_stops_the_portal(clock: Clock):
    lines: list[str] = []
    consumer = FakeProcess("harvest gather consumer")
    web = FakeProcess("CKAN web")
    supervisor = _supervisor(clock, lines)
    supervisor.watch(web, essential=True)
    supervisor.watch(consumer, essential=False)
    for _ in range(8):
        consumer.is_alive = False
        supervisor.tick()
        clock.now += 30
        supervisor.tick()
    keeps = [line for line in lines if "keeps stopping" in line]
    assert keeps == [
        "harvest gather consumer keeps stopping (5 times within 120 s); see /var/log/harvest gather consumer.log. "
        "The portal keeps running without it; next attempt in 30 s."
    ]
    assert consumer.starts == 8
    assert web.starts == 0


def test_failed_restart_counts_as_the_next_death(clock: Clock):
    lines: list[str] = []
    redis = FakeProcess("Redis")
    supervisor = _supervisor(clock, lines)
    supervisor.watch(redis, essential=True)
    redis.is_alive = False
    redis.fail_start = True
    supervisor.tick()
    clock.now += 1
    supervisor.tick()
    assert lines[-1] == "Restarting Redis failed: it did not start."
    supervisor.tick()
    assert lines[-1].endswith("restarting in 2 s.")
    redis.fail_start = False
    clock.now += 2
    supervisor.tick()
    supervisor.tick()
    assert lines[-1] == "Redis is running again (PID 102), 3.0 s after it stopped."


def test_restart_delay_from_the_environment():
    assert RestartPolicy.from_env({}).first_delay == 1.0
    assert RestartPolicy.from_env({"JENA_RESTART_DELAY": "6"}).first_delay == 6.0
    with pytest.raises(StackError) as raised:
        RestartPolicy.from_env({"JENA_RESTART_DELAY": "soon"})
    assert str(raised.value) == "JENA_RESTART_DELAY='soon' is not a number of seconds."

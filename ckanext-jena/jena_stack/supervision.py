"""Watch every process ``make run`` started and restart it with back-off when it dies.

One line goes to the operator when a process stops and one when it answers again
(with the time it was away). A process that keeps stopping is reported in one
sentence: an essential one (database, Redis, search, web) then stops the portal,
a background one (job worker, harvest consumers) is retried at the longest delay
while the web portal keeps serving.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from jena_stack.errors import StackError

Say = Callable[[str], None]


class Watchable(Protocol):
    """What the supervisor needs from a process: start it, see whether it lives and answers."""

    name: str
    log_file: Path

    @property
    def pid(self) -> int | None: ...

    def start(self) -> None: ...

    def alive(self) -> bool: ...

    def ready(self) -> bool: ...

    def exit_note(self) -> str: ...


@dataclass(frozen=True)
class RestartPolicy:
    first_delay: float = 1.0
    max_delay: float = 30.0
    # "Keeps stopping": this many deaths within ``window`` seconds.
    give_up_deaths: int = 5
    window: float = 120.0

    @classmethod
    def from_env(cls, environ: dict[str, str]) -> RestartPolicy:
        """``JENA_RESTART_DELAY`` sets the first delay in seconds (tests use a longer one to look at the outage)."""
        raw = environ.get("JENA_RESTART_DELAY", "")
        try:
            first = float(raw) if raw else cls.first_delay
        except ValueError:
            raise StackError(f"JENA_RESTART_DELAY={raw!r} is not a number of seconds.", "") from None
        return cls(first_delay=max(first, 0.0), max_delay=max(cls.max_delay, first))

    def delay(self, deaths: int) -> float:
        return min(self.first_delay * 2 ** max(deaths - 1, 0), self.max_delay)


@dataclass
class _State:
    unit: Watchable
    essential: bool
    deaths: deque[float] = field(default_factory=deque)
    restart_at: float | None = None
    down_since: float | None = None
    reported_flapping: bool = False


class Supervisor:
    """Call :meth:`tick` about once a second from the runner's main loop."""

    def __init__(
        self,
        say: Say,
        on_restart: Callable[[Watchable], None] = lambda unit: None,
        policy: RestartPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.say = say
        self.on_restart = on_restart
        self.policy = policy or RestartPolicy.from_env(dict(os.environ))
        self.clock = clock
        self.states: list[_State] = []

    def watch(self, unit: Watchable, *, essential: bool) -> None:
        self.states.append(_State(unit, essential))

    def tick(self) -> None:
        for state in self.states:
            if state.restart_at is not None:
                if self.clock() >= state.restart_at:
                    self._restart(state)
            elif not state.unit.alive():
                self._died(state)
            elif state.down_since is not None and state.unit.ready():
                away = self.clock() - state.down_since
                self.say(f"{state.unit.name} is running again (PID {state.unit.pid}), {away:.1f} s after it stopped.")
                state.down_since = None

    def _died(self, state: _State) -> None:
        now, unit, policy = self.clock(), state.unit, self.policy
        state.deaths.append(now)
        while state.deaths and now - state.deaths[0] > policy.window:
            state.deaths.popleft()
        if state.down_since is None:
            state.down_since = now
        flapping = len(state.deaths) >= policy.give_up_deaths
        state.reported_flapping = state.reported_flapping and flapping
        if flapping and state.essential:
            raise StackError(
                f"{unit.name} keeps stopping ({len(state.deaths)} times within {policy.window:.0f} s).",
                f"See {unit.log_file}; stopping the portal.",
            )
        delay = policy.max_delay if flapping else policy.delay(len(state.deaths))
        if flapping and not state.reported_flapping:
            self.say(
                f"{unit.name} keeps stopping ({len(state.deaths)} times within {policy.window:.0f} s); "
                f"see {unit.log_file}. The portal keeps running without it; next attempt in {delay:.0f} s."
            )
            state.reported_flapping = True
        else:
            self.say(f"{unit.name} (PID {unit.pid}) stopped ({unit.exit_note()}); restarting in {delay:.0f} s.")
        state.restart_at = now + delay

    def _restart(self, state: _State) -> None:
        state.restart_at = None
        try:
            state.unit.start()
        except StackError as error:
            # Counted as the next death on the following tick (the process is not alive).
            self.say(f"Restarting {state.unit.name} failed: {error}")
            return
        self.on_restart(state.unit)

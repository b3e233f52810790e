"""What an SLA clock reports: `SlaCycle` (one measured cycle) and `SlaStatus`, with their dicts."""

from __future__ import annotations

import datetime as dt

import attrs

from supportflow._serialization import Reader, dump_duration, dump_instant
from supportflow.errors import (
    InvalidFieldError,
)
from supportflow.sla._clock_events import (
    SlaEventKind,
    SlaState,
)
from supportflow.sla._deadline import provisional_note
from supportflow.sla._rules import (
    DeadlineRule,
    rule_from_dict,
)

__all__ = ["SlaCycle", "SlaStatus"]


@attrs.frozen
class SlaCycle:
    """The figures of one cycle of a clock, as of the instant a status was taken.

    Durations are measured on the rule's meter: business time for rules on a calendar
    (`BusinessDuration`, `BusinessDays`), real elapsed time otherwise.

    Attributes:
        index: 0 for the first cycle, then 1, 2, ... after each `reset`.
        state: `RUNNING` or `PAUSED` for the open cycle; `STOPPED` or `CANCELLED` once done.
        started_at: When the cycle began counting.
        stopped_at: When it ended (`None` while open).
        ended_by: The event that ended it (`STOP`, `RESET` or `CANCEL`), or `None`.
        rule: The deadline rule in force (after any `change_goal` / `extend`).
        extension: The name of the extension in force, if any.
        goal: The measured time the rule allows for this cycle. On a `CalendarDays` rule,
            whose pauses move the last day by whole days, it is the running (unpaused) time
            from `started_at` to `due_at`, so it changes when a pause moves the deadline.
        elapsed: Measured time counted so far (pauses excluded; counting goes on after a breach).
        remaining: `goal - elapsed`; negative once breached.
        due_at: The breach instant, pushed out by paused time (by whole days, re-rolled,
            on a `CalendarDays` rule). While paused and not yet breached it is provisional:
            the breach instant if the clock resumed at once.
        breached: Whether `elapsed >= goal`, i.e. the status instant is at or after `due_at`.
        breached_at: The breach instant (`due_at`) when breached, else `None`.
        percent: `elapsed / goal * 100` (a float; above 100 once breached).
        warning: The highest warning threshold reached, or `None`.
        paused: Whether the cycle is paused.
        paused_time: Measured time spent paused in this cycle.
        pause_reason: Why it is paused, while it is.
        assumed: The provisional holiday years the cycle's figures rest on (from its
            start to the later of `due_at` and the status instant), e.g. `("CN 2027",)`;
            empty when every year came from official data. See `provisional`, `note`.
    """

    index: int
    state: SlaState
    started_at: dt.datetime
    stopped_at: dt.datetime | None
    ended_by: SlaEventKind | None
    rule: DeadlineRule
    extension: str | None
    goal: dt.timedelta
    elapsed: dt.timedelta
    remaining: dt.timedelta
    due_at: dt.datetime
    breached: bool
    breached_at: dt.datetime | None
    percent: float
    warning: float | None
    paused: bool
    paused_time: dt.timedelta
    pause_reason: str | None
    assumed: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        """Whether the figures rest on provisional holiday data (see `assumed`)."""
        return bool(self.assumed)

    @property
    def note(self) -> str:
        """E.g. `"provisional: CN 2027 schedule not yet published"`; `""` when official."""
        return provisional_note(self.assumed)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key: every figure, `None` written as `null`.

        A read model (what an API returns): every key is always present, so a client's
        schema has no optional fields. Instants are ISO 8601 in UTC, durations ISO 8601
        (`"-PT2H"` once `remaining` is negative), `percent` and `warning` JSON numbers.
        """
        return {
            "schema": 1,
            "index": self.index,
            "state": self.state.value,
            "started_at": dump_instant(self.started_at),
            "stopped_at": None if self.stopped_at is None else dump_instant(self.stopped_at),
            "ended_by": None if self.ended_by is None else self.ended_by.value,
            "rule": self.rule.to_dict(),
            "extension": self.extension,
            "goal": dump_duration(self.goal),
            "elapsed": dump_duration(self.elapsed),
            "remaining": dump_duration(self.remaining),
            "due_at": dump_instant(self.due_at),
            "breached": self.breached,
            "breached_at": None if self.breached_at is None else dump_instant(self.breached_at),
            "percent": self.percent,
            "warning": self.warning,
            "paused": self.paused,
            "paused_time": dump_duration(self.paused_time),
            "pause_reason": self.pause_reason,
            "assumed": list(self.assumed),
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> SlaCycle:
        """Rebuild a cycle from `to_dict()` output (e.g. a cached status).

        Besides every key's type, the figures must agree with each other as a clock's
        fold makes them: `remaining == goal - elapsed`, `breached_at` is `due_at` exactly
        when `breached`, `paused` exactly when the state is `paused`, and an open cycle
        (running or paused) has no `stopped_at` / `ended_by` while a finished one has both.

        Raises:
            SerializationError: a missing, extra or malformed key, or figures that
                contradict each other; the error names the JSON path.
        """
        r = Reader.root(data, schema=1, keys=_CYCLE_KEYS, path=path)
        index = r.integer("index")
        if index < 0:
            raise r.fail("be 0 or more", "index")
        state = r.enum("state", SlaState)
        if state is SlaState.NOT_STARTED:
            raise r.fail("be the state of a started cycle", "state")
        open_cycle = state in {SlaState.RUNNING, SlaState.PAUSED}
        stopped_at = r.instant("stopped_at") if r.has("stopped_at") else None
        ended_by = r.enum("ended_by", SlaEventKind) if r.has("ended_by") else None
        if open_cycle != (stopped_at is None):
            raise r.fail("be null exactly while the cycle is open", "stopped_at")
        if open_cycle != (ended_by is None):
            raise r.fail("be null exactly while the cycle is open", "ended_by")
        if ended_by not in {None, SlaEventKind.STOP, SlaEventKind.RESET, SlaEventKind.CANCEL}:
            raise r.fail("be stop, reset or cancel", "ended_by")
        rule = rule_from_dict(r.raw("rule"), path=r.child("rule").path)
        goal, elapsed, remaining = (
            r.duration("goal"),
            r.duration("elapsed"),
            r.duration("remaining"),
        )
        if remaining != goal - elapsed:
            raise r.fail("be goal - elapsed", "remaining")
        due_at = r.instant("due_at")
        breached = r.flag("breached")
        breached_at = r.instant("breached_at") if r.has("breached_at") else None
        if breached_at != (due_at if breached else None):
            raise r.fail("be due_at when breached, else null", "breached_at")
        paused = r.flag("paused")
        if paused != (state is SlaState.PAUSED):
            raise r.fail("be true exactly when the state is paused", "paused")
        warning = r.number("warning") if r.has("warning") else None
        assumed = tuple(item.as_(_label_text) for item in r.items("assumed"))
        return cls(
            index,
            state,
            r.instant("started_at"),
            stopped_at,
            ended_by,
            rule,
            r.text("extension") if r.has("extension") else None,
            goal,
            elapsed,
            remaining,
            due_at,
            breached,
            breached_at,
            r.number("percent"),
            warning,
            paused,
            r.duration("paused_time"),
            r.text("pause_reason") if r.has("pause_reason") else None,
            assumed,
        )


_CYCLE_KEYS = frozenset(
    {
        "index",
        "state",
        "started_at",
        "stopped_at",
        "ended_by",
        "rule",
        "extension",
        "goal",
        "elapsed",
        "remaining",
        "due_at",
        "breached",
        "breached_at",
        "percent",
        "warning",
        "paused",
        "paused_time",
        "pause_reason",
        "assumed",
    }
)


def _label_text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidFieldError("", value, "be a non-empty string")
    return value


@attrs.frozen
class SlaStatus:
    """Everything a clock's events say about it at one instant.

    Attributes:
        target: The target's name.
        at: The instant the status describes.
        state: The clock's state at `at`.
        current: The open cycle (running or paused), or `None`.
        completed: The cycles that ended (by stop, reset or cancel), oldest first.
    """

    target: str
    at: dt.datetime
    state: SlaState
    current: SlaCycle | None
    completed: tuple[SlaCycle, ...]

    @property
    def cycles(self) -> tuple[SlaCycle, ...]:
        """All cycles, oldest first, the open one last."""
        return (*self.completed, self.current) if self.current else self.completed

    @property
    def latest(self) -> SlaCycle | None:
        """The open cycle, else the last completed one, else `None`."""
        if self.current is not None:
            return self.current
        return self.completed[-1] if self.completed else None

    @property
    def breached(self) -> bool:
        """Whether the latest cycle is breached."""
        latest = self.latest
        return latest is not None and latest.breached

    @property
    def assumed(self) -> tuple[str, ...]:
        """The provisional holiday years any cycle's figures rest on, in order, no repeats.

        The `next_alarm` of the clock rests on the same data as the open cycle: it is
        provisional when `current.provisional` is.
        """
        return tuple(dict.fromkeys(a for c in self.cycles for a in c.assumed))

    @property
    def provisional(self) -> bool:
        """Whether any figure of the status rests on provisional holiday data."""
        return bool(self.assumed)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key: what an API returns for a clock.

        `current` is `null` when no cycle is open; `completed` lists the finished cycles,
        oldest first. Each cycle is `SlaCycle.to_dict()`.
        """
        return {
            "schema": 1,
            "target": self.target,
            "at": dump_instant(self.at),
            "state": self.state.value,
            "current": None if self.current is None else self.current.to_dict(),
            "completed": [cycle.to_dict() for cycle in self.completed],
        }

    @classmethod
    def from_dict(cls, data: object) -> SlaStatus:
        """Rebuild a status from `to_dict()` output (e.g. a cached API response).

        The open cycle's state must be the status's state, and every completed cycle
        must be finished (stopped or cancelled).

        Raises:
            SerializationError: a missing, extra or malformed key, or cycles that
                contradict the state; the error names the JSON path.
        """
        r = Reader.root(data, schema=1, keys={"target", "at", "state", "current", "completed"})
        state = r.enum("state", SlaState)
        current = (
            SlaCycle.from_dict(r.raw("current"), path=r.child("current").path)
            if r.has("current")
            else None
        )
        if current is not None and current.state is not state:
            raise r.fail(f"be in the status's state {state.value!r}", "current")
        if current is None and state in {SlaState.RUNNING, SlaState.PAUSED}:
            raise r.fail(f"be the open cycle of a {state.value} clock", "current")
        completed = tuple(
            SlaCycle.from_dict(item.value, path=item.path) for item in r.items("completed")
        )
        for item, cycle in zip(r.items("completed"), completed, strict=True):
            if cycle.stopped_at is None:
                raise item.fail("be a finished cycle")
        return cls(r.child("target").as_(_label_text), r.instant("at"), state, current, completed)

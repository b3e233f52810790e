"""What an SLA clock reports: `SlaCycle` (one measured cycle) and `SlaStatus`, with their dicts.

Both are read models (what an API returns): every key is always written, and a stored one
reads back only if its figures agree with each other as a clock's fold makes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from supportflow import _json_schema as _js
from supportflow._declarative import (
    INTEGER,
    NONEMPTY,
    Codec,
    Document,
    declared,
    enum_codec,
    optional,
    sequence,
    spec,
)
from supportflow._serialization import dump_duration, dump_instant
from supportflow.errors import InvalidFieldError
from supportflow.sla._clock_events import SlaEventKind, SlaState
from supportflow.sla._deadline import provisional_note
from supportflow.sla._rules import RULE, DeadlineRule

__all__ = ["SlaCycle", "SlaStatus"]

_STATES = enum_codec(SlaState)
_ENDS = optional(enum_codec(SlaEventKind))
_ENDED = (SlaEventKind.STOP, SlaEventKind.RESET, SlaEventKind.CANCEL)
#: A cycle's index: 0 or more.
_INDEX = Codec(INTEGER.dump, INTEGER.load, lambda: {**INTEGER.schema(), "minimum": 0})
#: The state of a started cycle (never `not_started`).
_STARTED_STATE = Codec(
    _STATES.dump,
    _STATES.load,
    lambda: _js.enum_of([s.value for s in SlaState if s is not SlaState.NOT_STARTED]),
)
#: The event that ended a cycle: stop, reset or cancel, or `null` while open.
_ENDED_BY = Codec(
    _ENDS.dump, _ENDS.load, lambda: _js.nullable(_js.enum_of([e.value for e in _ENDED]))
)


def _instant_or_none(value: dt.datetime | None) -> str | None:
    return None if value is None else dump_instant(value)


def _consistent_cycle(**fields: Any) -> SlaCycle:  # noqa: ANN401 - the declared fields
    """The cycle a stored document describes, refused if its figures contradict each other."""
    cycle = SlaCycle(**fields)
    state, stopped_at, ended_by = cycle.state, cycle.stopped_at, cycle.ended_by
    if cycle.index < 0:
        raise InvalidFieldError("index", cycle.index, "be 0 or more")
    if state is SlaState.NOT_STARTED:
        raise InvalidFieldError("state", state.value, "be the state of a started cycle")
    open_cycle = state in {SlaState.RUNNING, SlaState.PAUSED}
    if open_cycle != (stopped_at is None):
        raise InvalidFieldError(
            "stopped_at", _instant_or_none(stopped_at), "be null exactly while the cycle is open"
        )
    ended = None if ended_by is None else ended_by.value
    if open_cycle != (ended_by is None):
        raise InvalidFieldError("ended_by", ended, "be null exactly while the cycle is open")
    if ended_by is not None and ended_by not in _ENDED:
        raise InvalidFieldError("ended_by", ended, "be stop, reset or cancel")
    if cycle.remaining != cycle.goal - cycle.elapsed:
        raise InvalidFieldError("remaining", dump_duration(cycle.remaining), "be goal - elapsed")
    if cycle.breached_at != (cycle.due_at if cycle.breached else None):
        raise InvalidFieldError(
            "breached_at", _instant_or_none(cycle.breached_at), "be due_at when breached, else null"
        )
    if cycle.paused != (state is SlaState.PAUSED):
        raise InvalidFieldError("paused", cycle.paused, "be true exactly when the state is paused")
    return cycle


def _consistent_status(**fields: Any) -> SlaStatus:  # noqa: ANN401 - the declared fields
    """The status a stored document describes, refused if its cycles contradict its state."""
    status = SlaStatus(**fields)
    state, current = status.state, status.current
    if current is not None and current.state is not state:
        raise InvalidFieldError(
            "current", current.to_dict(), f"be in the status's state {state.value!r}"
        )
    if current is None and state in {SlaState.RUNNING, SlaState.PAUSED}:
        raise InvalidFieldError("current", None, f"be the open cycle of a {state.value} clock")
    for index, cycle in enumerate(status.completed):
        if cycle.stopped_at is None:
            raise InvalidFieldError(f"completed[{index}]", cycle.to_dict(), "be a finished cycle")
    return status


@declared(schema=1, build=_consistent_cycle)
@attrs.frozen
class SlaCycle(Document):
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

    index: int = attrs.field(metadata=spec(_INDEX))
    state: SlaState = attrs.field(metadata=spec(_STARTED_STATE))
    started_at: dt.datetime
    stopped_at: dt.datetime | None
    ended_by: SlaEventKind | None = attrs.field(metadata=spec(_ENDED_BY))
    rule: DeadlineRule = attrs.field(metadata=spec(RULE))
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
    assumed: tuple[str, ...] = attrs.field(default=(), metadata=spec(sequence(NONEMPTY)))

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
        return super().to_dict()

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
        return super().from_dict(data, path=path)


@declared(schema=1, build=_consistent_status)
@attrs.frozen
class SlaStatus(Document):
    """Everything a clock's events say about it at one instant.

    Attributes:
        target: The target's name.
        at: The instant the status describes.
        state: The clock's state at `at`.
        current: The open cycle (running or paused), or `None`.
        completed: The cycles that ended (by stop, reset or cancel), oldest first.
    """

    target: str = attrs.field(metadata=spec(NONEMPTY))
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
        return super().to_dict()

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> SlaStatus:
        """Rebuild a status from `to_dict()` output (e.g. a cached API response).

        The open cycle's state must be the status's state, and every completed cycle
        must be finished (stopped or cancelled).

        Raises:
            SerializationError: a missing, extra or malformed key, or cycles that
                contradict the state; the error names the JSON path.
        """
        return super().from_dict(data, path=path)

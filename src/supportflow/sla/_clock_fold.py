"""The pure fold of an SLA clock's events: the open cycle, the cycles so far, one step per event."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from supportflow.errors import (
    IllegalTransitionError,
    InvalidFieldError,
)
from supportflow.sla._clock_events import (
    _MICROSECOND,
    _ZERO,
    PausePeriod,
    SlaEvent,
    SlaEventKind,
    SlaState,
)
from supportflow.sla._clock_status import (
    SlaCycle,
)
from supportflow.sla._deadline import _assumed
from supportflow.sla._meters import _ElapsedMeter, _Meter, _us
from supportflow.sla._rules import CalendarDays, DeadlineRule
from supportflow.sla._target_fields import PRIORITIES, _points

if TYPE_CHECKING:
    from supportflow.sla._clock import SlaTarget

__all__: list[str] = []


@functools.lru_cache(maxsize=4096)
def _warn_at(goal: dt.timedelta, thresholds: tuple[float, ...]) -> tuple[dt.timedelta, ...]:
    """The measured time at which each warning threshold of `goal` is reached.

    Whole seconds, rounded up: instants are second-precise, so a threshold is reached at
    the first whole second at which that share of the goal has been counted. Exact integer
    arithmetic on the thresholds' fractions; cached, as goals and thresholds repeat.
    """
    goal_us = goal // _MICROSECOND
    return tuple(
        dt.timedelta(seconds=-(-goal_us * p.numerator // (p.denominator * 1_000_000)))
        for p in _points(thresholds)
    )


class _Cycle:
    """The fold state of the open cycle. Never mutated once published (copied, then changed).

    `stretches[i]` is the measured time of `segments[i]` on `meter`, kept so that applying
    an event never re-measures the earlier segments (a goal change re-measures them only
    when the new rule measures time differently). `open_us` is `open_at` in epoch
    microseconds, kept only when the meter measures elapsed time (0 otherwise: nothing
    reads it, and computing it costs a UTC-offset lookup per event).
    """

    __slots__ = (
        "closed_elapsed",
        "closed_paused",
        "due_at",
        "ext_pos",
        "extension",
        "goal",
        "index",
        "last_day",
        "meter",
        "open_at",
        "open_us",
        "pause_reason",
        "rule",
        "running",
        "segments",
        "started_at",
        "stretches",
        "thresholds",
        "warn_at",
    )

    index: int
    started_at: dt.datetime
    rule: DeadlineRule
    extension: str | None
    ext_pos: int
    meter: _Meter
    goal: dt.timedelta
    thresholds: tuple[float, ...]
    warn_at: tuple[dt.timedelta, ...]
    segments: tuple[tuple[dt.datetime, dt.datetime], ...]
    stretches: tuple[dt.timedelta, ...]
    closed_elapsed: dt.timedelta
    closed_paused: dt.timedelta
    running: bool
    open_at: dt.datetime
    open_us: int
    pause_reason: str | None
    due_at: dt.datetime | None
    last_day: dt.date | None

    @classmethod
    def begin(
        cls,
        target: SlaTarget,
        index: int,
        at: dt.datetime,
        rule: DeadlineRule,
        at_us: int | None = None,
    ) -> _Cycle:
        c = object.__new__(cls)
        c.index = index
        c.started_at = at
        c.segments = ()
        c.stretches = ()
        c.closed_elapsed = _ZERO
        c.closed_paused = _ZERO
        c.running = True
        c.open_at = at
        c.pause_reason = None
        c.thresholds = target.thresholds
        c.extension = None
        c.ext_pos = 0
        meter = rule._meter()
        c.open_us = (_us(at) if at_us is None else at_us) if meter.elapsed else 0
        goal = rule.goal(at)
        c.rule = rule
        c.meter = meter
        c.goal = goal
        c.warn_at = _warn_at(goal, target.thresholds)
        c.last_day = rule._counted_last_day(at) if isinstance(rule, CalendarDays) else None
        # Nothing counted yet: the breach instant is the goal's worth after the start.
        if isinstance(meter, _ElapsedMeter):
            c.due_at = meter.from_us(c.open_us + goal // _MICROSECOND)
        else:
            c.due_at = meter.add(at, goal)
        return c

    def copy(self) -> _Cycle:
        c = object.__new__(_Cycle)
        c.closed_elapsed = self.closed_elapsed
        c.closed_paused = self.closed_paused
        c.due_at = self.due_at
        c.ext_pos = self.ext_pos
        c.extension = self.extension
        c.goal = self.goal
        c.index = self.index
        c.last_day = self.last_day
        c.meter = self.meter
        c.open_at = self.open_at
        c.open_us = self.open_us
        c.pause_reason = self.pause_reason
        c.rule = self.rule
        c.running = self.running
        c.segments = self.segments
        c.started_at = self.started_at
        c.stretches = self.stretches
        c.thresholds = self.thresholds
        c.warn_at = self.warn_at
        return c

    def _set_rule(
        self, target: SlaTarget, rule: DeadlineRule, extension: str | None, pos: int
    ) -> None:
        old = self.meter
        meter = rule._meter()
        goal = rule.goal(self.started_at)
        self.rule = rule
        self.extension = extension
        self.ext_pos = pos
        self.meter = meter
        self.goal = goal
        self.warn_at = _warn_at(goal, target.thresholds)
        if meter.elapsed and not old.elapsed:
            self.open_us = _us(self.open_at)
        if not meter.measures_like(old):
            self.stretches = tuple(meter.between(s, e) for s, e in self.segments)
            self.closed_elapsed = sum(self.stretches, _ZERO)
            starts = [s for s, _ in self.segments] + ([self.open_at] if self.running else [])
            ends = [e for _, e in self.segments]
            self.closed_paused = sum(
                (meter.between(e, s) for e, s in zip(ends, starts[1:], strict=False)), _ZERO
            )
        if isinstance(rule, CalendarDays):
            self._recount_days(rule)
        else:
            self.last_day = None
            self.due_at = self.instant_for(goal)

    def _pauses(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """The closed pauses of the cycle, oldest first."""
        starts = [s for s, _ in self.segments] + ([self.open_at] if self.running else [])
        ends = [e for _, e in self.segments]
        return list(zip(ends, starts[1:], strict=False))

    def _recount_days(self, rule: CalendarDays) -> None:
        """Replay the pauses on a day-counted rule: its last day, deadline and goal."""
        counted = rule._counted_last_day(self.started_at)
        due = rule._deadline(counted)
        excluded = _ZERO
        for paused_from, paused_to in self._pauses():
            if paused_from < due:
                counted, due = rule._after_pause(counted, paused_from, paused_to)
                excluded += paused_to - paused_from
        self.last_day = counted
        self._set_day_goal(due, excluded)
        # Paused (not yet breached): the deadline waits for the resume.
        self.due_at = due if self.running or self.open_at >= due else None

    def _set_day_goal(self, due: dt.datetime, excluded: dt.timedelta) -> None:
        """Make `goal` the running time from the start to `due`, given the excluded time."""
        goal = due - self.started_at - excluded
        self.goal = goal
        self.warn_at = _warn_at(goal, self.thresholds)

    def _day_provisional(self, at: dt.datetime) -> tuple[dt.datetime, dt.timedelta]:
        """While paused before the deadline: the deadline and goal if it resumed at `at`."""
        rule = self.rule
        last_day = self.last_day
        assert isinstance(rule, CalendarDays)  # noqa: S101 - only day-counted cycles get here
        assert last_day is not None  # noqa: S101
        _, due = rule._after_pause(last_day, self.open_at, at)
        return due, due - self.started_at - self.closed_paused - (at - self.open_at)

    def instant_for(self, amount: dt.timedelta) -> dt.datetime | None:
        """The earliest instant at which `amount` of measured time had been counted.

        `None` when the cycle is paused and has not counted that much yet.
        """
        counted = _ZERO
        for (start, _end), stretch in zip(self.segments, self.stretches, strict=True):
            if stretch and counted + stretch >= amount:
                return self.meter.add(start, amount - counted)
            counted += stretch
        if self.running:
            return self.meter.add(self.open_at, amount - counted)
        return None

    def _measure_to(self, at: dt.datetime, at_us: int) -> dt.timedelta:
        """Measured time from the last event (`open_at`) to `at`."""
        meter = self.meter
        if meter.elapsed:
            return dt.timedelta(microseconds=at_us - self.open_us)
        return meter.between(self.open_at, at)

    def pause(self, at: dt.datetime, at_us: int, reason: str) -> _Cycle:
        c = self.copy()
        stretch = self._measure_to(at, at_us)
        c.closed_elapsed = closed = self.closed_elapsed + stretch
        c.segments = (*self.segments, (self.open_at, at))
        c.stretches = (*self.stretches, stretch)
        c.running = False
        c.open_at = at
        c.open_us = at_us
        c.pause_reason = reason
        c.due_at = self.due_at if closed >= self.goal else None
        return c

    def resume(self, at: dt.datetime, at_us: int) -> _Cycle:
        c = self.copy()
        c.closed_paused = self.closed_paused + self._measure_to(at, at_us)
        c.running = True
        c.open_at = at
        c.open_us = at_us
        c.pause_reason = None
        if self.due_at is None and self.last_day is not None:
            rule = self.rule
            assert isinstance(rule, CalendarDays)  # noqa: S101
            c.last_day, due = rule._after_pause(self.last_day, self.open_at, at)
            c.due_at = due
            c._set_day_goal(due, c.closed_paused)
        elif self.due_at is None:
            meter = self.meter
            left = self.goal - self.closed_elapsed
            if isinstance(meter, _ElapsedMeter):
                c.due_at = meter.from_us(at_us + left // _MICROSECOND)
            else:
                c.due_at = meter.add(at, left)
        return c

    def with_rule(
        self, target: SlaTarget, rule: DeadlineRule, extension: str | None, pos: int
    ) -> _Cycle:
        c = self.copy()
        c._set_rule(target, rule, extension, pos)
        return c

    def figures(
        self,
        at: dt.datetime,
        at_us: int,
        *,
        stopped_by: SlaEventKind | None = None,
        final: SlaState | None = None,
    ) -> SlaCycle:
        meter = self.meter
        goal = self.goal
        warn_at = self.warn_at
        if self.running:
            if meter.elapsed:
                elapsed = self.closed_elapsed + dt.timedelta(microseconds=at_us - self.open_us)
            else:
                elapsed = self.closed_elapsed + meter.between(self.open_at, at)
            due = self.due_at
            assert due is not None  # a running cycle always knows its breach instant  # noqa: S101
            breached = at >= due
            paused_time = self.closed_paused
        else:
            elapsed = self.closed_elapsed
            remaining = goal - elapsed
            if self.due_at is not None:
                due, breached = self.due_at, True
            elif self.last_day is not None:
                due, goal = self._day_provisional(at)
                warn_at = _warn_at(goal, self.thresholds)
                breached = False
            elif isinstance(meter, _ElapsedMeter):
                due, breached = meter.from_us(at_us + remaining // _MICROSECOND), False
            else:
                due, breached = meter.add(at, remaining), False
            if meter.elapsed:
                paused_time = self.closed_paused + dt.timedelta(microseconds=at_us - self.open_us)
            else:
                paused_time = self.closed_paused + meter.between(self.open_at, at)
        warning = None
        for threshold, point in zip(self.thresholds, warn_at, strict=True):
            if elapsed < point:
                break
            warning = threshold
        open_cycle = final is None
        return SlaCycle(
            self.index,
            (SlaState.RUNNING if self.running else SlaState.PAUSED) if final is None else final,
            self.started_at,
            None if open_cycle else at,
            stopped_by,
            self.rule,
            self.extension,
            goal,
            elapsed,
            goal - elapsed,
            due,
            breached,
            due if breached else None,
            elapsed / goal * 100,
            warning,
            open_cycle and not self.running,
            paused_time,
            self.pause_reason if open_cycle else None,
            _assumed(self.rule, self.started_at, due if due > at else at),  # noqa: FURB136 - no call on the hot path
        )


class _Fold:
    """Everything the events so far imply, except what depends on the status instant."""

    __slots__ = ("completed", "cycle", "last_at", "override", "priority", "state")

    state: SlaState
    last_at: dt.datetime | None
    priority: str | None
    override: DeadlineRule | None
    completed: tuple[SlaCycle, ...]
    cycle: _Cycle | None

    @classmethod
    def empty(cls) -> _Fold:
        f = object.__new__(cls)
        f.state = SlaState.NOT_STARTED
        f.last_at = None
        f.priority = None
        f.override = None
        f.completed = ()
        f.cycle = None
        return f

    def copy(self) -> _Fold:
        f = object.__new__(_Fold)
        f.completed = self.completed
        f.cycle = self.cycle
        f.last_at = self.last_at
        f.override = self.override
        f.priority = self.priority
        f.state = self.state
        return f

    def base_rule(self, target: SlaTarget) -> DeadlineRule:
        return self.override if self.override is not None else target.rule_for(self.priority)


_ALLOWED: dict[SlaEventKind, frozenset[SlaState]] = {
    SlaEventKind.START: frozenset({SlaState.NOT_STARTED}),
    SlaEventKind.PAUSE: frozenset({SlaState.RUNNING}),
    SlaEventKind.RESUME: frozenset({SlaState.PAUSED}),
    SlaEventKind.STOP: frozenset({SlaState.RUNNING, SlaState.PAUSED}),
    SlaEventKind.CANCEL: frozenset({SlaState.NOT_STARTED, SlaState.RUNNING, SlaState.PAUSED}),
    SlaEventKind.RESET: frozenset({SlaState.RUNNING, SlaState.PAUSED, SlaState.STOPPED}),
    SlaEventKind.CHANGE_GOAL: frozenset({SlaState.NOT_STARTED, SlaState.RUNNING, SlaState.PAUSED}),
    SlaEventKind.EXTEND: frozenset({SlaState.RUNNING, SlaState.PAUSED}),
}
# The same table keyed by the kind's value, for `_step`: a str hashes in C (its hash is
# cached), an enum member through a Python-level `__hash__`; a tuple tests by identity.
_ALLOWED_BY_VALUE: dict[str, tuple[SlaState, ...]] = {
    kind.value: tuple(states) for kind, states in _ALLOWED.items()
}

_WHY: dict[SlaState, str] = {
    SlaState.NOT_STARTED: "the clock has not started",
    SlaState.RUNNING: "the clock is running",
    SlaState.PAUSED: "the clock is paused",
    SlaState.STOPPED: "the clock is stopped (reset it to open a new cycle)",
    SlaState.CANCELLED: "the clock is cancelled (no further events)",
}


def _entity(target: SlaTarget) -> str:
    return f"SLA clock {target.name!r}"


def _check_pause_reason(target: SlaTarget, fold: _Fold, event: SlaEvent, reason: str) -> None:
    if not target.pauses_in(reason):
        allowed = ", ".join(sorted(target.pause_in)) or "nothing"
        raise IllegalTransitionError(
            _entity(target),
            fold.state.value,
            event.kind.value,
            f"target {target.name!r} does not pause for {reason!r} (it pauses for: {allowed})",
        )


def _step(target: SlaTarget, fold: _Fold, event: SlaEvent) -> _Fold:  # noqa: PLR0912
    """Apply one event to the fold state; raise (changing nothing) if it is not allowed."""
    kind, at, state = event.kind, event.at, fold.state
    if fold.last_at is not None and at < fold.last_at:
        raise InvalidFieldError(
            "at", at, f"not be earlier than the clock's last event ({fold.last_at.isoformat()})"
        )
    if state not in _ALLOWED_BY_VALUE[kind._value_]:
        raise IllegalTransitionError(_entity(target), state.value, kind.value, _WHY[state])
    new = fold.copy()
    new.last_at = at
    cycle = fold.cycle
    if event.priority is not None and event.priority not in PRIORITIES:
        target.rule_for(event.priority)  # a label the target does not declare is refused
    if kind is SlaEventKind.START:
        if event.priority is not None:
            new.priority = event.priority
            new.override = None
        cycle = _Cycle.begin(target, 0, event.counts_from or at, new.base_rule(target))
        for pause in event.pauses:
            _check_pause_reason(target, fold, event, pause.reason)
            cycle = cycle.pause(pause.start, _us(pause.start), pause.reason)
            if pause.end is not None:
                cycle = cycle.resume(pause.end, _us(pause.end))
        new.cycle = cycle
        new.state = SlaState.RUNNING if cycle.running else SlaState.PAUSED
        return new
    if kind is SlaEventKind.CHANGE_GOAL:
        if cycle is not None and cycle.extension is not None:
            raise IllegalTransitionError(
                _entity(target),
                state.value,
                kind.value,
                f"the cycle runs under extension {cycle.extension!r}; its goal cannot change",
            )
        new.priority = event.priority if event.rule is None else fold.priority
        new.override = event.rule
        if cycle is not None:
            new.cycle = cycle.with_rule(target, new.base_rule(target), None, 0)
        return new
    if kind is SlaEventKind.STOP or kind is SlaEventKind.CANCEL or kind is SlaEventKind.RESET:
        ending = SlaState.CANCELLED if kind is SlaEventKind.CANCEL else SlaState.STOPPED
        at_us = _us(at) if cycle is not None and cycle.meter.elapsed else None
        if cycle is not None:
            final = cycle.figures(at, at_us or 0, stopped_by=kind, final=ending)
            new.completed = (*fold.completed, final)
        new.cycle = None
        new.state = ending
        if kind is SlaEventKind.RESET:
            new.cycle = _Cycle.begin(target, len(new.completed), at, new.base_rule(target), at_us)
            new.state = SlaState.RUNNING
        return new
    assert cycle is not None  # PAUSE, RESUME and EXTEND need an open cycle  # noqa: S101
    if kind is SlaEventKind.PAUSE:
        _check_pause_reason(target, fold, event, event.reason)
        new.cycle = cycle.pause(at, _us(at) if cycle.meter.elapsed else 0, event.reason)
        new.state = SlaState.PAUSED
    elif kind is SlaEventKind.RESUME:
        new.cycle = cycle.resume(at, _us(at) if cycle.meter.elapsed else 0)
        new.state = SlaState.RUNNING
    else:
        new.cycle = _extend(target, fold, event, cycle)
    return new


def _extend(target: SlaTarget, fold: _Fold, event: SlaEvent, cycle: _Cycle) -> _Cycle:
    name = event.extension
    assert name is not None  # checked by SlaEvent  # noqa: S101
    ext = target.extension(name)
    position = target.extensions.index(ext)
    if position != cycle.ext_pos:
        if position < cycle.ext_pos:
            why = f"extension {name!r} was already taken or passed"
        else:
            following = target.extensions[cycle.ext_pos].name
            why = f"extensions are taken in order; the next is {following!r}"
        raise IllegalTransitionError(_entity(target), fold.state.value, event.kind.value, why)
    if ext.requires_approval and not event.approved_by.strip():
        raise InvalidFieldError(
            "approved_by",
            event.approved_by,
            f"name who approved extension {name!r} (it requires approval)",
        )
    return cycle.with_rule(target, ext.rule, ext.name, position + 1)


def _fold_all(target: SlaTarget, events: Iterable[SlaEvent]) -> _Fold:
    fold = _Fold.empty()
    for event in events:
        fold = _step(target, fold, event)
    return fold


def _prefix(events: Sequence[SlaEvent], at: dt.datetime) -> list[SlaEvent]:
    """The events as they stood at `at` (a retroactive start trimmed to what had happened)."""
    out = []
    for event in events:
        if event.at <= at:
            out.append(event)
            continue
        start = event.counts_from
        if event.kind is SlaEventKind.START and start is not None and start <= at:
            pauses = tuple(
                PausePeriod(p.start, p.end if p.end is not None and p.end <= at else None, p.reason)
                for p in event.pauses
                if p.start <= at
            )
            out.append(attrs.evolve(event, at=at, pauses=pauses))
        break
    return out

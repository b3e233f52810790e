"""SLA clocks: an immutable event log and the pure fold that derives every figure from it.

A `SlaClock` is its target plus its events. Each event method returns a *new* clock, so
a refused event leaves the original untouched. The fold state (cycles completed so far,
the open cycle with its running stretches, the cached breach instant) is computed when an
event is applied and kept in a private slot that takes no part in equality, `repr` or
pickling; `status(at)` then does only the part that depends on `at`: one `between` on
the rule's meter (or an integer subtraction for elapsed time), plus one `add` when paused.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from supportflow import _pendulum, _validators
from supportflow._serialization import Reader, dump_duration, dump_instant
from supportflow.errors import (
    IllegalTransitionError,
    InvalidFieldError,
    SerializationError,
    SupportflowError,
)
from supportflow.sla._deadline import _assumed, provisional_note
from supportflow.sla._explain import DeadlineExplanation, explain_cycle
from supportflow.sla._policy import PRIORITIES, SlaTarget, _check_label, _points
from supportflow.sla._rules import (
    CalendarDays,
    DeadlineRule,
    _ElapsedMeter,
    _Meter,
    _us,
    is_rule,
    rule_from_dict,
)

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = [
    "PausePeriod",
    "SlaClock",
    "SlaCycle",
    "SlaEvent",
    "SlaEventKind",
    "SlaState",
    "SlaStatus",
    "evaluate",
]

_ZERO = dt.timedelta(0)
_MICROSECOND = dt.timedelta(microseconds=1)


class SlaState(enum.Enum):
    """Where a clock stands."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    CANCELLED = "cancelled"


class SlaEventKind(enum.Enum):
    """The events a clock accepts."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    CANCEL = "cancel"
    RESET = "reset"
    CHANGE_GOAL = "change_goal"
    EXTEND = "extend"


def _to_instant(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="at")


def _to_optional_instant(value: object) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="counts_from")


def _to_start(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="start")


def _to_end(value: object) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="end")


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(attribute.name, value, "be a non-empty string")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


@attrs.frozen
class PausePeriod:
    """A pause replayed by a retroactive start: from `start` to `end` (`None`: still paused).

    Raises:
        InvalidFieldError: `end` is before `start`, or `reason` is empty.
    """

    start: dt.datetime = attrs.field(converter=_to_start)
    end: dt.datetime | None = attrs.field(converter=_to_end)
    reason: str = attrs.field(validator=_non_empty)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InvalidFieldError("end", self.end, "not be before the pause's start")


def _to_pauses(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_to_pause(index, item) for index, item in enumerate(value))
    return value


def _to_pause(index: int, item: object) -> object:
    if not isinstance(item, list | tuple):
        return item
    if len(item) != 3:
        raise InvalidFieldError(f"pauses[{index}]", item, "be (start, end or None, reason)")
    try:
        return PausePeriod(*item)
    except InvalidFieldError as exc:
        raise InvalidFieldError(f"pauses[{index}].{exc.field}", exc.value, exc.reason) from exc


@attrs.frozen
class SlaEvent:
    """One event in a clock's log. Build them with the clock's methods.

    Attributes:
        kind: What happened.
        at: When it was recorded (never earlier than the previous event).
        reason: Why: required for `pause` (a state or reason in the target's `pause_in`)
            and `extend`; free text otherwise.
        priority: `start` / `change_goal`: the goal label whose goal applies: a priority
            (`"P1"` .. `"P5"`) or a label the target declares (checked when applied).
        rule: `change_goal`: an explicit rule instead of a priority's.
        extension: `extend`: the name of the target's extension taken.
        approved_by: `extend`: who approved it (required when the extension says so).
        counts_from: `start` only: a retroactive start counts from this earlier instant.
        pauses: `start` only, with `counts_from`: pauses to replay between `counts_from`
            and `at`, in order and disjoint; only the last may still be open.

    Raises:
        InvalidFieldError: a field is missing, out of range, or does not belong to `kind`.
    """

    kind: SlaEventKind = attrs.field()
    at: dt.datetime = attrs.field(converter=_to_instant)
    reason: str = attrs.field(default="", validator=_text, kw_only=True)
    priority: str | None = attrs.field(default=None, kw_only=True)
    rule: DeadlineRule | None = attrs.field(default=None, kw_only=True)
    extension: str | None = attrs.field(default=None, kw_only=True)
    approved_by: str = attrs.field(default="", validator=_text, kw_only=True)
    counts_from: dt.datetime | None = attrs.field(
        default=None, converter=_to_optional_instant, kw_only=True
    )
    pauses: tuple[PausePeriod, ...] = attrs.field(default=(), converter=_to_pauses, kw_only=True)

    def __attrs_post_init__(self) -> None:  # noqa: PLR0912 - one check per field and kind
        kind = self.kind
        if not isinstance(kind, SlaEventKind):
            raise InvalidFieldError("kind", kind, "be an SlaEventKind")
        # Identity tests, not set literals: an enum's hash is a Python-level call, and an
        # event is built for every clock update.
        if self.priority is not None:
            if kind is not SlaEventKind.START and kind is not SlaEventKind.CHANGE_GOAL:
                raise InvalidFieldError(
                    "priority", self.priority, "be given only to start or change_goal"
                )
            # Any label passes here; the target checks it is declared when it is applied.
            _check_label("priority", self.priority)
        if self.rule is not None:
            if kind is not SlaEventKind.CHANGE_GOAL:
                raise InvalidFieldError("rule", self.rule, "be given only to change_goal")
            if not is_rule(self.rule):
                raise InvalidFieldError("rule", self.rule, "be a deadline rule")
        if kind is SlaEventKind.CHANGE_GOAL and (self.priority is None) == (self.rule is None):
            raise InvalidFieldError("priority", self.priority, "be given, or a rule, but not both")
        if kind is SlaEventKind.PAUSE and not self.reason.strip():
            raise InvalidFieldError("reason", self.reason, "name the state or reason of the pause")
        if kind is SlaEventKind.EXTEND:
            if not isinstance(self.extension, str) or not self.extension.strip():
                raise InvalidFieldError("extension", self.extension, "name the extension taken")
            if not self.reason.strip():
                raise InvalidFieldError("reason", self.reason, "say why the deadline is extended")
        elif self.extension is not None or self.approved_by:
            raise InvalidFieldError(
                "extension", self.extension, "be given (with approved_by) only to extend"
            )
        if kind is not SlaEventKind.START and (self.counts_from is not None or self.pauses):
            raise InvalidFieldError("counts_from", self.counts_from, "be given only to start")
        self._check_retroactive()

    def _check_retroactive(self) -> None:
        pauses: object = self.pauses  # the converter leaves what it cannot convert
        if type(pauses) is tuple and not pauses and self.counts_from is None:
            return  # every event but a retroactive start
        if not isinstance(pauses, tuple) or not all(isinstance(p, PausePeriod) for p in pauses):
            raise InvalidFieldError("pauses", self.pauses, "be a sequence of PausePeriod")
        if self.counts_from is None:
            if self.pauses:
                raise InvalidFieldError("pauses", self.pauses, "come with counts_from")
            return
        if self.counts_from > self.at:
            raise InvalidFieldError("counts_from", self.counts_from, "not be after `at`")
        previous = self.counts_from
        for i, pause in enumerate(self.pauses):
            if pause.start < previous:
                raise InvalidFieldError(
                    f"pauses[{i}].start",
                    pause.start,
                    "not be before counts_from or an earlier pause",
                )
            end = pause.end
            if end is None and i != len(self.pauses) - 1:
                raise InvalidFieldError(
                    f"pauses[{i}].end", None, "be given (only the last may be open)"
                )
            if (end or pause.start) > self.at:
                raise InvalidFieldError(f"pauses[{i}]", pause, "end by `at`")
            previous = end or pause.start

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict; optional fields appear only when set.

        Args:
            embed: Embed a goal rule's registered calendar instead of its reference.
        """
        out: dict[str, object] = {"schema": 1, "kind": self.kind.value, "at": dump_instant(self.at)}
        if self.reason:
            out["reason"] = self.reason
        if self.priority is not None:
            out["priority"] = self.priority
        if self.rule is not None:
            out["rule"] = self.rule.to_dict(embed=embed)
        if self.extension is not None:
            out["extension"] = self.extension
        if self.approved_by:
            out["approved_by"] = self.approved_by
        if self.counts_from is not None:
            out["counts_from"] = dump_instant(self.counts_from)
        if self.pauses:
            out["pauses"] = [
                {
                    "start": dump_instant(p.start),
                    "end": None if p.end is None else dump_instant(p.end),
                    "reason": p.reason,
                }
                for p in self.pauses
            ]
        return out

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> SlaEvent:
        """Rebuild an event from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed (or a calendar reference of its rule
                cannot be resolved in `registry`); the error names the JSON path.
        """
        optional = {
            "reason",
            "priority",
            "rule",
            "extension",
            "approved_by",
            "counts_from",
            "pauses",
        }
        r = Reader.root(data, schema=1, keys={"kind", "at"}, optional=optional, path=path)
        kind = r.enum("kind", SlaEventKind)
        rule = (
            rule_from_dict(r.raw("rule"), path=r.child("rule").path, registry=registry)
            if r.has("rule")
            else None
        )
        pauses = []
        if r.has("pauses"):
            for item in r.items("pauses"):
                item.require_keys({"start", "end", "reason"})
                with item.building():
                    end = item.instant("end") if item.has("end") else None
                    pauses.append(PausePeriod(item.instant("start"), end, item.text("reason")))
        with r.building():
            return cls(
                kind,
                r.instant("at"),
                reason=r.text("reason", ""),
                priority=r.text("priority", None),
                rule=rule,
                extension=r.text("extension", None),
                approved_by=r.text("approved_by", ""),
                counts_from=r.instant("counts_from", None),
                pauses=tuple(pauses),
            )


_EVENT_SET = object.__setattr__


def _event(
    kind: SlaEventKind, at: object, reason: object = "", priority: object = None
) -> SlaEvent:
    """`SlaEvent(kind, at, reason=reason, priority=priority)`, cheaper for the usual input.

    For the clock methods' events (no rule, extension, approval or retroactive start): `at`
    is converted to the stored UTC instant first (untouched when it already is one; the
    same conversion, and the same errors, as the constructor's), and when the other fields
    plainly pass the checks the event is assembled without the converters and validators
    (they would change nothing). Anything else goes through the constructor, which
    validates and raises exactly as always.
    """
    if type(at) is not dt.datetime or at.tzinfo is not _pendulum.UTC:
        at = _pendulum.instant(at, field="at")
    if (
        type(reason) is str
        and (kind is not SlaEventKind.PAUSE or reason.strip())
        and (
            priority in PRIORITIES
            if kind is SlaEventKind.CHANGE_GOAL
            else priority is None or (kind is SlaEventKind.START and priority in PRIORITIES)
        )
    ):
        event = object.__new__(SlaEvent)
        _EVENT_SET(event, "kind", kind)
        _EVENT_SET(event, "at", at)
        _EVENT_SET(event, "reason", reason)
        _EVENT_SET(event, "priority", priority)
        _EVENT_SET(event, "rule", None)
        _EVENT_SET(event, "extension", None)
        _EVENT_SET(event, "approved_by", "")
        _EVENT_SET(event, "counts_from", None)
        _EVENT_SET(event, "pauses", ())
        return event
    return SlaEvent(kind, at, reason=reason, priority=priority)  # type: ignore[arg-type]


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


def _check_target(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, SlaTarget):
        raise InvalidFieldError("target", value, "be an SlaTarget")


def _to_events(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_events(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(e, SlaEvent) for e in value):
        raise InvalidFieldError("events", value, "be a sequence of SlaEvent")


Instant = dt.datetime | str


@attrs.frozen(getstate_setstate=False)
class SlaClock:
    """One SLA clock (one target of one case): an immutable event log and what it implies.

    Every event method returns a **new** clock and leaves this one as it was, so a refused
    event changes nothing. `status(at)` and `next_alarm(at)` derive every figure from the
    events; the clock stores nothing else (its persisted form is `to_dict()`: the target
    and the events).

    Building a clock from a list of events (`SlaClock(target, events)`) validates them in
    order exactly as the event methods would, so a replayed log gives the same clock.

    Attributes:
        target: The target this clock measures (its rule, goals, thresholds, pauses).
        events: The events so far, oldest first.

    Raises:
        IllegalTransitionError: an event the clock's state does not allow.
        InvalidFieldError: bad input, e.g. time going backwards or a naive datetime.
    """

    target: SlaTarget = attrs.field(validator=_check_target)
    events: tuple[SlaEvent, ...] = attrs.field(
        default=(), converter=_to_events, validator=_check_events
    )
    _fold: _Fold = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_fold", _fold_all(self.target, self.events))

    def __getstate__(self) -> tuple[SlaTarget, tuple[SlaEvent, ...]]:
        return (self.target, self.events)

    def __setstate__(self, state: tuple[SlaTarget, tuple[SlaEvent, ...]]) -> None:
        target, events = state
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "events", events)
        self.__attrs_post_init__()

    @classmethod
    def _make(cls, target: SlaTarget, events: tuple[SlaEvent, ...], fold: _Fold) -> SlaClock:
        clock = object.__new__(cls)
        object.__setattr__(clock, "target", target)
        object.__setattr__(clock, "events", events)
        object.__setattr__(clock, "_fold", fold)
        return clock

    # -- events ---------------------------------------------------------------------

    def apply(self, event: SlaEvent) -> SlaClock:
        """A new clock with `event` appended.

        Raises:
            IllegalTransitionError: the clock's state does not allow the event.
            InvalidFieldError: the event is earlier than the last one, or its data is refused.
        """
        if not isinstance(event, SlaEvent):
            raise InvalidFieldError("event", event, "be an SlaEvent")
        fold = _step(self.target, self._fold, event)
        return SlaClock._make(self.target, (*self.events, event), fold)

    def start(
        self,
        at: Instant,
        *,
        priority: str | None = None,
        counts_from: Instant | None = None,
        pauses: Sequence[PausePeriod | tuple[Instant, Instant | None, str]] = (),
    ) -> SlaClock:
        """Start the first cycle at `at`, under `priority`'s goal (or the default).

        A retroactive start: a clock attached late gives `counts_from`, the earlier instant
        it counts from, and the `pauses` that happened in between, e.g.
        `[(t1, t2, "awaiting_customer")]`; the last pause may be open (`end=None`).
        """
        if not isinstance(pauses, list | tuple):
            raise InvalidFieldError("pauses", pauses, "be a list of (start, end, reason)")
        if counts_from is None and not pauses:
            return self.apply(_event(SlaEventKind.START, at, priority=priority))
        return self.apply(
            SlaEvent(
                SlaEventKind.START,
                at,
                priority=priority,
                counts_from=counts_from,
                pauses=tuple(pauses),
            )
        )

    def pause(self, at: Instant, reason: str) -> SlaClock:
        """Pause the running cycle; `reason` must be in the target's `pause_in`."""
        return self.apply(_event(SlaEventKind.PAUSE, at, reason))

    def resume(self, at: Instant) -> SlaClock:
        """Resume the paused cycle."""
        return self.apply(_event(SlaEventKind.RESUME, at))

    def stop(self, at: Instant, reason: str = "") -> SlaClock:
        """Stop the clock: the goal was met (or not) and the cycle is complete."""
        return self.apply(_event(SlaEventKind.STOP, at, reason))

    def cancel(self, at: Instant, reason: str = "") -> SlaClock:
        """Cancel the clock: it no longer applies (e.g. the complaint was withdrawn)."""
        return self.apply(_event(SlaEventKind.CANCEL, at, reason))

    def reset(self, at: Instant, reason: str = "") -> SlaClock:
        """Complete the current cycle (if any) and start a new one at `at`.

        Used when the case is reopened, or when new facts restart a regulatory clock.
        """
        return self.apply(_event(SlaEventKind.RESET, at, reason))

    def change_goal(
        self, at: Instant, *, priority: str | None = None, rule: DeadlineRule | None = None
    ) -> SlaClock:
        """Switch to `priority`'s goal or to an explicit `rule` (give exactly one).

        The new goal applies to the current cycle from its start (the elapsed time is kept
        and the breach instant recomputed, so lowering a goal can reveal a past breach) and
        to later cycles.
        """
        if rule is None:
            return self.apply(_event(SlaEventKind.CHANGE_GOAL, at, priority=priority))
        return self.apply(SlaEvent(SlaEventKind.CHANGE_GOAL, at, priority=priority, rule=rule))

    def extend(
        self, at: Instant, to_rule: str | DeadlineRule, reason: str, approved_by: str = ""
    ) -> SlaClock:
        """Move the current cycle to the target's next extension, as the rule permits.

        `to_rule` is the extension's name or its rule. Extensions are taken in the order
        the target lists them; one that `requires_approval` needs `approved_by`.

        Raises:
            InvalidFieldError: the target has no such extension, or approval is missing.
            IllegalTransitionError: the extension is not the next one, or the clock is not open.
        """
        if isinstance(to_rule, str):
            name = to_rule
        else:
            matches = [e.name for e in self.target.extensions if e.rule == to_rule]
            if not matches:
                raise InvalidFieldError("to_rule", to_rule, "be one of the target's extensions")
            name = matches[0]
        return self.apply(
            SlaEvent(
                SlaEventKind.EXTEND, at, reason=reason, extension=name, approved_by=approved_by
            )
        )

    def with_target(self, target: SlaTarget) -> SlaClock:
        """The same events replayed under another target ("SLA repair").

        Use it when a policy or a calendar changed: every figure is recomputed.

        Raises:
            IllegalTransitionError: an event is not allowed under the new target.
        """
        return SlaClock(target, self.events)

    # -- derived figures --------------------------------------------------------------

    @property
    def state(self) -> SlaState:
        """The clock's state after its last event."""
        return self._fold.state

    def _fold_at(self, at: dt.datetime) -> _Fold:
        fold = self._fold
        if fold.last_at is not None and at < fold.last_at:
            return _fold_all(self.target, _prefix(self.events, at))
        return fold

    def _status(self, at: dt.datetime, at_us: int) -> SlaStatus:
        fold = self._fold
        if fold.last_at is not None and at < fold.last_at:
            fold = _fold_all(self.target, _prefix(self.events, at))
        cycle = fold.cycle
        current = cycle.figures(at, at_us) if cycle is not None else None
        return SlaStatus(self.target.name, at, fold.state, current, fold.completed)

    def status(self, at: Instant) -> SlaStatus:
        """Every figure of every cycle as of `at`.

        For an `at` before the last event, the events up to `at` are replayed.
        The cost does not grow with how far `at` is from the events.
        """
        when = _pendulum.instant(at, field="at")
        return self._status(when, _us(when))

    def explain(self, at: Instant) -> DeadlineExplanation:
        """Why the latest cycle's deadline is where it is, as of `at`.

        The rule's own deadline from the cycle's start (with the calendar's weekends,
        holidays and make-up days, or a day-counted period's roll past a holiday), then each
        pause with its reason and each extension with who approved it; `due` is the
        cycle's `due_at`. `render(locale)` gives text in en, zh-Hans or zh-Hant.

        Raises:
            InvalidFieldError: the clock has no cycle at `at` (not started yet).
        """
        status = self.status(at)
        cycle = status.latest
        if cycle is None:
            raise InvalidFieldError("at", at, "be at or after the clock's start")
        notes: list[tuple[str, dt.datetime, str, str]] = []
        for event in self.events:
            if event.at > status.at:
                break
            if event.kind in (SlaEventKind.START, SlaEventKind.RESET):
                notes.clear()
            elif event.kind is SlaEventKind.PAUSE:
                notes.append(("pause", event.at, event.reason, ""))
            elif event.kind is SlaEventKind.RESUME:
                notes.append(("resume", event.at, "", ""))
            elif event.kind is SlaEventKind.EXTEND:
                notes.append(("extend", event.at, event.extension or "", event.approved_by))
        return explain_cycle(cycle.rule, cycle.started_at, cycle.due_at, tuple(notes))

    def next_alarm(self, at: Instant) -> dt.datetime | None:
        """The next instant after `at` at which a warning threshold or the breach is reached.

        `None` when nothing will change without a new event (paused, stopped, cancelled,
        not started, or already breached). A scheduler can sleep exactly until then.
        """
        when = _pendulum.instant(at, field="at")
        cycle = self._fold_at(when).cycle
        if cycle is None or not cycle.running:
            return None
        candidates = [cycle.instant_for(point) for point in cycle.warn_at]
        candidates.append(cycle.due_at)
        upcoming = [t for t in candidates if t is not None and t > when]
        return min(upcoming) if upcoming else None

    # -- persistence ------------------------------------------------------------------

    def to_dict(self, *, include_target: bool = True, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict: the events, and the target unless `include_target=False`.

        Without the target the dict is the bare event log; pass the target to `from_dict`.
        Registered calendars are written by reference unless `embed=True`.
        """
        out: dict[str, object] = {"schema": 1}
        if include_target:
            out["target"] = self.target.to_dict(embed=embed)
        out["events"] = [e.to_dict(embed=embed) for e in self.events]
        return out

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        target: SlaTarget | None = None,
        registry: Registry | None = None,
    ) -> SlaClock:
        """Rebuild a clock from `to_dict()` output, replaying its events.

        Args:
            data: The dict.
            target: The target to replay under; required when the dict has none, and
                preferred over the dict's own when given (that is an SLA repair).
            registry: Resolves calendars written as references (`"cn_mainland@1"`).

        Raises:
            SerializationError: malformed dict, or an event the replay refuses (the path
                names it, e.g. `events[3]`).
        """
        if (
            target is not None
            and type(data) is dict
            and data.keys() == _BARE_KEYS
            and type(data["schema"]) is int
            and data["schema"] == 1
            and type(data["events"]) is list
        ):
            # A bare event log (how a complaint stores its clocks): no reader needed to
            # reach the events; each is still read and replayed as below.
            r = Reader(data)
        else:
            r = Reader.root(data, schema=1, keys={"events"}, optional={"target"})
        if target is None:
            if not r.has("target"):
                raise r.fail("be present (or pass target=...)", "target")
            target = SlaTarget.from_dict(r.raw("target"), path="target", registry=registry)
        items = r.items("events")
        events = [
            _quick_event(item.value)
            or SlaEvent.from_dict(item.value, path=item.path, registry=registry)
            for item in items
        ]
        fold = _Fold.empty()
        for item, event in zip(items, events, strict=True):
            try:
                fold = _step(target, fold, event)
            except SerializationError:  # pragma: no cover - _step raises no SerializationError
                raise
            except SupportflowError as exc:
                raise SerializationError(
                    item.path, item.value, f"be a valid next event ({exc})"
                ) from exc
        return cls._make(target, tuple(events), fold)


_BARE_KEYS = frozenset({"schema", "events"})
_QUICK_KEYS = frozenset({"schema", "kind", "at", "reason", "priority"})
_KINDS = {kind.value: kind for kind in SlaEventKind}


def _quick_event(value: object) -> SlaEvent | None:
    """The usual stored event (`start`, `stop`, `pause`, ... with a reason or a priority).

    Read without a `Reader`: a dict of exactly those keys and types becomes the same event
    `SlaEvent.from_dict` would build (through `_event`, which validates the same way).
    Anything else, or anything wrong, is `None`: the full reader then reads it and names
    the path of what is wrong.
    """
    if type(value) is not dict or not value.keys() <= _QUICK_KEYS:
        return None
    schema, kind, at = value.get("schema"), value.get("kind"), value.get("at")
    reason, priority = value.get("reason", ""), value.get("priority")
    if (
        type(schema) is not int
        or schema != 1
        or type(kind) is not str
        or kind not in _KINDS
        or type(at) is not str
        or type(reason) is not str
        or (priority is not None and type(priority) is not str)
    ):
        return None
    try:
        return _event(_KINDS[kind], _pendulum.parse_instant(at, field="at"), reason, priority)
    except InvalidFieldError:
        return None


def evaluate(clocks: Iterable[SlaClock], at: Instant) -> list[SlaStatus]:
    """The status of every clock at one instant, in order: the batch form of `status`.

    The instant is parsed once; each clock then costs one meter lookup, so a breach scan
    over many clocks stays linear and cheap.
    """
    when = _pendulum.instant(at, field="at")
    when_us = _us(when)
    return [
        clock._status(when, when_us) for clock in _validators.items_of("clocks", clocks, SlaClock)
    ]

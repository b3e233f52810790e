"""SLA targets and their clocks: a target makes its clocks, a clock measures its target.

`SlaTarget` (a clock's rule, goals, thresholds, pauses and extensions) and `SlaClock` (an
immutable event log and the pure fold that derives every figure from it) live together:
`SlaTarget.clock()` makes a clock and a clock reads its target back from its document, so
neither module would sit below the other. The target's field checks and `Extension` are in
`_target_fields`, the events a clock records in `_clock_events`, the figures it reports
(`SlaCycle`, `SlaStatus`) in `_clock_status`, and the fold itself in `_clock_fold`.

Each event method of a clock returns a *new* clock, so a refused event leaves the original
untouched. The fold state (cycles completed so far, the open cycle with its running
stretches, the cached breach instant) is computed when an event is applied and kept in a
private slot that takes no part in equality, `repr` or pickling; `status(at)` then does only
the part that depends on `at`: one `between` on the rule's meter (or an integer subtraction
for elapsed time), plus one `add` when paused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from supportflow import _pendulum, _validators
from supportflow._declarative import Document, Referring, declared, sequence, spec
from supportflow._serialization import Reader
from supportflow.errors import (
    InvalidFieldError,
    SerializationError,
    SupportflowError,
)
from supportflow.sla._clock_events import (
    PausePeriod,
    SlaEvent,
    SlaEventKind,
    SlaState,
    _event,
)
from supportflow.sla._clock_fold import (
    _Fold,
    _fold_all,
    _prefix,
    _step,
)
from supportflow.sla._clock_status import (
    SlaCycle,
    SlaStatus,
)
from supportflow.sla._codecs import dumping, dumping_with, loading, part
from supportflow.sla._explain import DeadlineExplanation, explain_cycle
from supportflow.sla._meters import _us
from supportflow.sla._rule_fields import NAME
from supportflow.sla._rules import RULE, DeadlineRule
from supportflow.sla._target_fields import (
    DEFAULT_THRESHOLDS,
    EXTENSIONS,
    GOALS,
    PAUSE_IN,
    PRIORITIES,
    THRESHOLDS,
    Extension,
    _check_extensions,
    _check_goals,
    _check_pause_in,
    _check_thresholds,
    _name,
    _points,
    _rule,
    _to_frozenset,
    _to_goals,
    _to_tuple,
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
    "SlaTarget",
    "evaluate",
]


@declared(schema=1)
@attrs.frozen
class SlaTarget(Referring):
    """One named SLA target of a policy (`first_response`, `resolution`, ...): one clock each.

    Attributes:
        name: The target's name; `"first_response"`, `"next_update"` and `"resolution"` are
            the customary ones, any other name is fine.
        rule: The default deadline rule.
        goals: A rule per goal label that overrides `rule`. A label is a priority
            (`"P1"` .. `"P5"`) or any other name the target declares here (`"simple"`,
            `"complex"`, `"vip"`); a priority without its own goal falls back to `rule`, a
            label must be declared. Given as a mapping, stored sorted by label.
        thresholds: Warning thresholds in percent of the goal, each `0 < t < 100`, sorted
            and unique (default 50, 75, 90).
        pause_in: The lifecycle states (or pause reasons) in which this clock pauses, as
            plain strings such as `"awaiting_customer"`. A clock refuses a pause whose
            reason is not listed. Regulatory targets never list waiting on the customer.
        extensions: The longer deadlines a cycle may move to, in the order they may be
            taken (each `extend` takes the next one).

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    name: str = attrs.field(validator=_name, metadata=spec(NAME))
    rule: DeadlineRule = attrs.field(validator=_rule, metadata=spec(RULE))
    goals: tuple[tuple[str, DeadlineRule], ...] = attrs.field(
        default=(),
        converter=_to_goals,
        validator=_check_goals,
        kw_only=True,
        metadata=spec(GOALS),
    )
    thresholds: tuple[float, ...] = attrs.field(
        default=DEFAULT_THRESHOLDS,
        converter=_to_tuple,
        validator=_check_thresholds,
        kw_only=True,
        metadata=spec(THRESHOLDS),
    )
    pause_in: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=_to_frozenset,
        validator=_check_pause_in,
        kw_only=True,
        metadata=spec(PAUSE_IN),
    )
    extensions: tuple[Extension, ...] = attrs.field(
        default=(),
        converter=_to_tuple,
        validator=_check_extensions,
        kw_only=True,
        metadata=spec(EXTENSIONS),
    )

    def rule_for(self, priority: str | None) -> DeadlineRule:
        """The rule for goal label `priority` (or the default rule when it has none).

        `priority` is one of `PRIORITIES` (a priority without its own goal uses `rule`) or a
        label this target declares in `goals`.

        Raises:
            InvalidFieldError: `priority` is neither a priority nor a declared label.
        """
        if priority is None:
            return self.rule
        for key, rule in self.goals:
            if key == priority:
                return rule
        if priority in PRIORITIES:
            return self.rule
        labels = [key for key, _ in self.goals if key not in PRIORITIES]
        declared = ", ".join(labels) if labels else "none"
        raise InvalidFieldError(
            "priority",
            priority,
            f"be one of {', '.join(PRIORITIES)} or a goal label of target {self.name!r} "
            f"(declared: {declared})",
        )

    def labels(self) -> tuple[str, ...]:
        """Every goal label this target accepts: the priorities, then its other labels."""
        return (*PRIORITIES, *(key for key, _ in self.goals if key not in PRIORITIES))

    def pauses_in(self, state: str) -> bool:
        """Whether this target's clock pauses while a case is in `state`."""
        given: object = state  # called from untyped code too: an unhashable state is no state
        return isinstance(given, str) and given in self.pause_in

    def extension(self, name: str) -> Extension:
        """The extension called `name`.

        Raises:
            InvalidFieldError: the target has no such extension.
        """
        for ext in self.extensions:
            if ext.name == name:
                return ext
        known = ", ".join(e.name for e in self.extensions) or "none"
        raise InvalidFieldError("extension", name, f"be an extension of this target ({known})")

    def warning_points(self) -> tuple[Fraction, ...]:
        """The thresholds as exact fractions of the goal (50 -> 1/2)."""
        return _points(self.thresholds)

    def clock(self) -> SlaClock:
        """A new, not yet started clock for this target."""
        return SlaClock(self)


def _check_target(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, SlaTarget):
        raise InvalidFieldError("target", value, "be an SlaTarget")


def _to_events(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_events(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(e, SlaEvent) for e in value):
        raise InvalidFieldError("events", value, "be a sequence of SlaEvent")


Instant = dt.datetime | str


_SCHEMA = 1
_EVENTS = sequence(part(SlaEvent))


@declared(schema=_SCHEMA)
@attrs.frozen(getstate_setstate=False)
class SlaClock(Document):
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

    target: SlaTarget = attrs.field(validator=_check_target, metadata=spec(part(SlaTarget)))
    events: tuple[SlaEvent, ...] = attrs.field(
        default=(),
        converter=_to_events,
        validator=_check_events,
        metadata=spec(_EVENTS),
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
        if include_target:
            return dumping(self, embed)
        # The bare log (how a complaint row stores its clocks): the same document without
        # its target, written without dumping the target only to drop it.
        return {"schema": _SCHEMA, "events": dumping_with(_EVENTS.dump, self.events, embed)}

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        path: str = "",
        target: SlaTarget | None = None,
        registry: Registry | None = None,
    ) -> SlaClock:
        """Rebuild a clock from `to_dict()` output, replaying its events.

        The document is the declared one (the target and each event read as declared);
        the events are then replayed one by one, so that an event the replay refuses is
        named by its path with the reason.

        Args:
            data: The dict.
            path: Its JSON path inside a larger document (for errors).
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
            r = Reader(data, path)
        else:
            r = Reader.root(data, schema=1, keys={"events"}, optional={"target"}, path=path)
        if target is None:
            if not r.has("target"):
                raise r.fail("be present (or pass target=...)", "target")
            target = loading(SlaTarget, r.raw("target"), r.child("target").path, registry)
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

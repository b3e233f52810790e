"""What an SLA clock records: its states, its event kinds, pause periods and `SlaEvent`."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from supportflow import _json_schema as _js
from supportflow import _pendulum
from supportflow._declarative import Codec, Referring, declared, optional, sequence, spec
from supportflow._serialization import Reader, dump_instant
from supportflow.errors import InvalidFieldError
from supportflow.sla._rules import RULE, DeadlineRule, is_rule
from supportflow.sla._target_fields import PRIORITIES, _check_label

__all__ = ["PausePeriod", "SlaEvent", "SlaEventKind", "SlaState"]


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


def _dump_pause(pause: PausePeriod) -> dict[str, object]:
    return {
        "start": dump_instant(pause.start),
        "end": None if pause.end is None else dump_instant(pause.end),
        "reason": pause.reason,
    }


def _load_pause(value: object, path: str) -> PausePeriod:
    item = Reader(value, path)
    item.require_keys({"start", "end", "reason"})
    with item.building():
        end = item.instant("end") if item.has("end") else None
        return PausePeriod(item.instant("start"), end, item.text("reason"))


def _load_pauses(value: object, path: str) -> object:
    # `null` reads as no pauses, as it always has.
    return () if value is None else _PAUSE_LIST.load(value, path)


_PAUSE_LIST = sequence(
    Codec(
        _dump_pause,
        _load_pause,
        lambda: _js.record(
            {"start": _js.INSTANT, "end": _js.nullable(_js.INSTANT), "reason": _js.TEXT}
        ),
    )
)
#: The pauses of a retroactive start, each `{"start", "end", "reason"}`.
_PAUSES = Codec(_PAUSE_LIST.dump, _load_pauses, _PAUSE_LIST.schema)
_OMIT = spec(omit_default=True)


@declared(schema=1)
@attrs.frozen
class SlaEvent(Referring):
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
    reason: str = attrs.field(default="", validator=_text, kw_only=True, metadata=_OMIT)
    priority: str | None = attrs.field(default=None, kw_only=True, metadata=_OMIT)
    rule: DeadlineRule | None = attrs.field(
        default=None, kw_only=True, metadata=spec(optional(RULE), omit_default=True)
    )
    extension: str | None = attrs.field(default=None, kw_only=True, metadata=_OMIT)
    approved_by: str = attrs.field(default="", validator=_text, kw_only=True, metadata=_OMIT)
    counts_from: dt.datetime | None = attrs.field(
        default=None, converter=_to_optional_instant, kw_only=True, metadata=_OMIT
    )
    pauses: tuple[PausePeriod, ...] = attrs.field(
        default=(), converter=_to_pauses, kw_only=True, metadata=spec(_PAUSES, omit_default=True)
    )

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

"""Deadline rules: the different ways regulators and contracts count time.

A rule answers two questions for a cycle that starts at `start`:

- `due(start)`: the instant the deadline falls, with nothing paused;
- `goal(start)`: how much *measured* time that is, on the rule's meter (business time on a
  calendar, or real elapsed time). A clock counts this measured time while it runs, so a
  pause pushes the deadline out by the measured time spent paused — except on a
  `CalendarDays` rule, where paused time moves the period's last day by whole days (see
  `CalendarDays`).

The meter is private: `_CalendarMeter` measures business time on a `BusinessCalendar`,
`_ElapsedMeter` measures real elapsed time (24x7). Every instant is UTC.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
import zoneinfo
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, TypeVar

import attrs

from supportflow import _pendulum
from supportflow._serialization import Reader, dump_duration
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError, SerializationError

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = [
    "BusinessDays",
    "BusinessDuration",
    "CalendarDays",
    "Cutoff",
    "DeadlineRule",
    "ElapsedDuration",
    "rule_from_dict",
]

_ZERO = dt.timedelta(0)
_MICROSECOND = dt.timedelta(microseconds=1)
_DAY = dt.timedelta(days=1)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _us(value: dt.datetime) -> int:
    """Microseconds since the epoch of an aware instant (real time, exact)."""
    return (value - _EPOCH) // _MICROSECOND


class _Meter(abc.ABC):
    """How a rule measures time: `between` and `add` over real instants."""

    __slots__ = ()
    elapsed: ClassVar[bool] = False

    @abc.abstractmethod
    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Measured time inside `[start, end)`."""

    @abc.abstractmethod
    def add(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """The earliest instant `t >= start` with `between(start, t) == amount`."""

    def measures_like(self, other: _Meter) -> bool:
        """Whether `between` surely gives the same results as `other`'s (so may be reused)."""
        return False


class _ElapsedMeter(_Meter):
    """Real elapsed time, 24x7, on UTC instants."""

    __slots__ = ()
    elapsed: ClassVar[bool] = True

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Real time from `start` to `end` (never wall-clock arithmetic)."""
        return _pendulum.instant(end, field="end") - _pendulum.instant(start, field="start")

    def add(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """`start` plus `amount` of real time, in UTC."""
        return self.from_us(_us(_pendulum.instant(start, field="start")) + amount // _MICROSECOND)

    def measures_like(self, other: _Meter) -> bool:
        """Real time is real time."""
        return isinstance(other, _ElapsedMeter)

    def from_us(self, micros: int) -> dt.datetime:
        """The UTC instant `micros` microseconds after the epoch."""
        try:
            return _EPOCH + dt.timedelta(microseconds=micros)
        except OverflowError as exc:
            raise InvalidFieldError(
                "due", micros, "fall between the years 1 and 9999 (UTC)"
            ) from exc


_ELAPSED = _ElapsedMeter()


class _CalendarMeter(_Meter):
    """Business time on a calendar."""

    __slots__ = ("calendar",)

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Business time inside `[start, end)`."""
        return self.calendar.between(start, end)

    def add(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """The earliest instant at which `amount` of business time has passed."""
        return self.calendar.add(start, amount)

    def measures_like(self, other: _Meter) -> bool:
        """The same calendar object measures the same business time."""
        return isinstance(other, _CalendarMeter) and other.calendar is self.calendar


class Cutoff(enum.Enum):
    """When the last day of a day-counted period ends."""

    END_OF_DAY = "end_of_day"
    """24:00 of the last day in the calendar's zone."""
    CLOSE_OF_BUSINESS = "close_of_business"
    """The end of the last business interval of the last day (it must be a business day)."""


def _calendar(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, BusinessCalendar):
        raise InvalidFieldError(attribute.name, value, "be a BusinessCalendar")


def _count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 3660:
        raise InvalidFieldError(attribute.name, value, "be an integer from 1 to 3660")


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= _ZERO:
        raise InvalidFieldError(attribute.name, value, "be a positive duration")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


def _to_timedelta(value: object) -> object:
    # pendulum durations are timedelta subclasses; store the plain value so equality,
    # hashing and pickling do not depend on pendulum's extra fields.
    if isinstance(value, dt.timedelta) and type(value) is not dt.timedelta:
        return dt.timedelta(days=value.days, seconds=value.seconds, microseconds=value.microseconds)
    return value


def _to_zone(value: object) -> zoneinfo.ZoneInfo:
    return _pendulum.zone(value, field="timezone")


def _hours(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    if value % dt.timedelta(hours=1) == _ZERO:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return _pendulum.format_duration(value)


def _join(path: str, key: str) -> str:
    if not key:
        return path
    if key.startswith("["):
        return f"{path}{key}"
    return f"{path}.{key}" if path else key


T = TypeVar("T")


def load_ref(value: str, path: str, kind: type[T], registry: Registry | None) -> T:
    """The value a stored reference (`"name@version"`) names, from `registry`.

    Raises:
        SerializationError: no registry was given, or the reference is malformed, not
            registered, or names another type; the error names `path`.
    """
    if registry is None:
        raise SerializationError(
            path,
            value,
            f"be resolved: it is a reference to a {kind.__name__}, pass registry=",
        )
    try:
        return registry.get(value, kind)
    except InvalidFieldError as exc:
        raise SerializationError(path, value, exc.reason) from exc


def dump_calendar(calendar: BusinessCalendar, embed: bool) -> object:
    """A calendar inside a rule: its reference when registered (unless `embed`), else a copy."""
    if calendar.ref is not None and not embed:
        return calendar.ref
    return calendar.to_dict()


def _load_calendar(reader: Reader, key: str, registry: Registry | None = None) -> BusinessCalendar:
    """Read a nested calendar (or its reference), re-rooting errors at this document's path."""
    child = reader.child(key)
    if isinstance(child.value, str):
        return load_ref(child.value, child.path, BusinessCalendar, registry)
    try:
        return BusinessCalendar.from_dict(child.value)
    except SerializationError as exc:
        raise SerializationError(_join(child.path, exc.path), exc.value, exc.reason) from exc
    except InvalidFieldError as exc:
        raise SerializationError(_join(child.path, exc.field), exc.value, exc.reason) from exc


def _root(data: object, kind: str, keys: set[str], path: str) -> Reader:
    """Start reading a rule dict: the kind is checked before the keys, for a clearer error."""
    reader = Reader.root(data, schema=1, path=path)
    if reader.raw("kind") != kind:
        raise reader.fail(f"be {kind!r}", "kind")
    reader.require_keys({"schema", "kind", *keys})
    return reader


@attrs.frozen
class BusinessDuration:
    """A goal of business time on a calendar, e.g. "8 business hours".

    Example:
        ```text
        BusinessDuration(dt.timedelta(hours=8), cn_mainland())
        ```

    Attributes:
        duration: The business time allowed (positive).
        calendar: The calendar whose opening hours count.
        source: Where the rule comes from, for audits (free text).

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    kind: ClassVar[str] = "business_duration"

    duration: dt.timedelta = attrs.field(converter=_to_timedelta, validator=_positive)
    calendar: BusinessCalendar = attrs.field(validator=_calendar)
    source: str = attrs.field(default="", validator=_text)

    def due(self, start: dt.datetime | str) -> dt.datetime:
        """The instant `duration` of business time after `start` has passed."""
        return self.calendar.add(_pendulum.instant(start, field="start"), self.duration)

    def goal(self, start: dt.datetime | str) -> dt.timedelta:
        """The business time allowed: `duration`, whatever `start` is."""
        return self.duration

    def describe(self) -> str:
        """The rule in plain words."""
        return f"{_hours(self.duration)} of business time on calendar {self.calendar.name!r}"

    def _meter(self) -> _Meter:
        return _CalendarMeter(self.calendar)

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict: the calendar by its `ref` when it has one, else embedded.

        Args:
            embed: Embed the calendar even when it is registered (an audit export).
        """
        return {
            "schema": 1,
            "kind": self.kind,
            "duration": dump_duration(self.duration),
            "calendar": dump_calendar(self.calendar, embed),
            "source": self.source,
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> BusinessDuration:
        """Rebuild the rule from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        r = _root(data, cls.kind, {"duration", "calendar", "source"}, path)
        with r.building():
            return cls(
                r.duration("duration"), _load_calendar(r, "calendar", registry), r.text("source")
            )


@attrs.frozen
class ElapsedDuration:
    """A goal of real elapsed time, 24x7, e.g. "acknowledge within 24 hours".

    Attributes:
        duration: The time allowed (positive).
        timezone: A display zone kept with the rule; it changes neither the count nor the
            result, which is a UTC instant like every instant supportflow returns.
        source: Where the rule comes from, for audits.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    kind: ClassVar[str] = "elapsed_duration"

    duration: dt.timedelta = attrs.field(converter=_to_timedelta, validator=_positive)
    timezone: zoneinfo.ZoneInfo = attrs.field(default=zoneinfo.ZoneInfo("UTC"), converter=_to_zone)
    source: str = attrs.field(default="", validator=_text)

    def due(self, start: dt.datetime | str) -> dt.datetime:
        """`start` plus `duration` of real time (DST-correct), as a UTC instant.

        Raises:
            InvalidFieldError: `start` is not an instant, or the due instant would fall
                after the year 9999.
        """
        begin = _pendulum.instant(start, field="start")
        try:
            return _ELAPSED.add(begin, self.duration)
        except OverflowError as exc:
            raise InvalidFieldError(
                "start", start, "leave room for the period before 9999"
            ) from exc

    def goal(self, start: dt.datetime | str) -> dt.timedelta:
        """The real time allowed: `duration`."""
        return self.duration

    def describe(self) -> str:
        """The rule in plain words."""
        return f"{_hours(self.duration)} of elapsed time (24x7)"

    def _meter(self) -> _Meter:
        return _ELAPSED

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict (`embed` is accepted like every rule's; this one has no calendar)."""
        del embed
        return {
            "schema": 1,
            "kind": self.kind,
            "duration": dump_duration(self.duration),
            "timezone": self.timezone.key,
            "source": self.source,
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> ElapsedDuration:
        """Rebuild the rule from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        del registry  # accepted like every rule's: this one refers to no calendar
        r = _root(data, cls.kind, {"duration", "timezone", "source"}, path)
        with r.building():
            return cls(r.duration("duration"), r.text("timezone"), r.text("source"))


@attrs.frozen
class BusinessDays:
    """Due at close of business on the Nth business day after the day of receipt.

    The FCA's wording for DISP 1.5: "by close of business on the third business day
    following the day on which it is received". The day of receipt is the calendar date of
    `start` in the calendar's zone, whether or not it is a business day; it is never counted.

    A clock on this rule measures business time on the calendar, so a pause pushes the
    deadline out by the business time spent paused.

    Attributes:
        days: N, the number of business days (>= 1).
        calendar: The calendar that says which days are business days.
        source: Where the rule comes from, for audits.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    kind: ClassVar[str] = "business_days"

    days: int = attrs.field(validator=_count)
    calendar: BusinessCalendar = attrs.field(validator=_calendar)
    source: str = attrs.field(default="", validator=_text)

    def due(self, start: dt.datetime | str) -> dt.datetime:
        """Close of business on the `days`-th business day after the day of `start`."""
        cal = self.calendar
        received = cal.local_date(_pendulum.instant(start, field="start"))
        return cal.close_of_business(cal.add_business_days(received, self.days))

    def goal(self, start: dt.datetime | str) -> dt.timedelta:
        """The business time from `start` to `due(start)`."""
        begin = _pendulum.instant(start, field="start")
        return self.calendar.between(begin, self.due(begin))

    def describe(self) -> str:
        """The rule in plain words."""
        return (
            f"close of business on the {_ordinal(self.days)} business day after the day of "
            f"receipt, calendar {self.calendar.name!r}"
        )

    def _meter(self) -> _Meter:
        return _CalendarMeter(self.calendar)

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict: the calendar by its `ref` when it has one, else embedded.

        Args:
            embed: Embed the calendar even when it is registered (an audit export).
        """
        return {
            "schema": 1,
            "kind": self.kind,
            "days": self.days,
            "calendar": dump_calendar(self.calendar, embed),
            "source": self.source,
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> BusinessDays:
        """Rebuild the rule from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        r = _root(data, cls.kind, {"days", "calendar", "source"}, path)
        with r.building():
            return cls(r.integer("days"), _load_calendar(r, "calendar", registry), r.text("source"))


def _check_cutoff(instance: CalendarDays, _attribute: object, value: object) -> None:
    if not isinstance(value, Cutoff):
        raise InvalidFieldError("cutoff", value, "be a Cutoff")
    if value is Cutoff.CLOSE_OF_BUSINESS and not instance.roll:
        raise InvalidFieldError(
            "cutoff", value, "be END_OF_DAY unless roll=True (the last day may have no business)"
        )


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidFieldError(attribute.name, value, "be True or False")


@attrs.frozen
class CalendarDays:
    """Due at the end of the Nth calendar day after the day of receipt.

    The day of receipt (the calendar date of `start` in the calendar's zone) is not counted:
    a 15-day period for a complaint received on 1 March ends at 24:00 on 16 March. With
    `roll=True`, a last day that is not a business day of the calendar moves to the next
    business day. This is how the PRC Civil Code counts legal periods (arts. 201, 203):
    the starting day is not counted, and a period whose last day is a statutory rest day
    or holiday ends on the next working day. On the `cn_mainland` calendar a make-up
    working Saturday or Sunday (调休) is a business day, so a period can end on one.

    With `cutoff=Cutoff.CLOSE_OF_BUSINESS` (needs `roll`) the last day ends when business
    stops on it, as art. 203 para. 2 says where business hours apply.

    A clock on this rule counts days, so a pause moves the last day by whole days and the
    period still ends at the end of a day (a working day with `roll`): each pause counts
    its real length in 24-hour days, a part day as a whole one; the *counted* last day
    (before rolling) moves by that many days, counted from the day the pause began if that
    is later; `roll` and `cutoff` then apply afresh, and days are added until the deadline
    falls after the end of the pause. A pause that begins at or after the deadline changes
    nothing. Weeks are 7 days: see `CalendarDays.weeks`.

    Attributes:
        days: N (>= 1).
        calendar: The calendar whose zone defines the days (and, with `roll`, business days).
        roll: Move a last day that is not a business day to the next business day.
        cutoff: `END_OF_DAY` (24:00) or `CLOSE_OF_BUSINESS` (needs `roll=True`).
        source: Where the rule comes from, for audits.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    kind: ClassVar[str] = "calendar_days"

    days: int = attrs.field(validator=_count)
    calendar: BusinessCalendar = attrs.field(validator=_calendar)
    roll: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    cutoff: Cutoff = attrs.field(default=Cutoff.END_OF_DAY, validator=_check_cutoff, kw_only=True)
    source: str = attrs.field(default="", validator=_text, kw_only=True)

    @classmethod
    def weeks(
        cls, weeks: int, calendar: BusinessCalendar, *, roll: bool = False, source: str = ""
    ) -> CalendarDays:
        """A period of `weeks` whole weeks (7 days each) after the day of receipt.

        Raises:
            InvalidFieldError: `weeks` is not a positive integer.
        """
        if type(weeks) is not int or weeks < 1:
            raise InvalidFieldError("weeks", weeks, "be a positive integer")
        return cls(7 * weeks, calendar, roll=roll, source=source)

    @classmethod
    def civil_code(
        cls,
        days: int,
        calendar: BusinessCalendar,
        *,
        cutoff: Cutoff = Cutoff.END_OF_DAY,
        source: str = "",
    ) -> CalendarDays:
        """A period of `days` counted as the PRC Civil Code arts. 201 and 203 count it.

        The day of receipt is not counted; a period whose last day is a rest day or a
        holiday of `calendar` ends on the next working day, at 24:00 (art. 203 para. 1).
        With `cutoff=Cutoff.CLOSE_OF_BUSINESS` the last day ends when business stops on
        it (art. 203 para. 2: where business hours apply); the presets keep 24:00.

        Raises:
            InvalidFieldError: a field is out of range; nothing is built.
        """
        return cls(days, calendar, roll=True, cutoff=cutoff, source=source)

    def last_day(self, start: dt.datetime | str) -> dt.date:
        """The last day of the period for a cycle starting at `start` (nothing paused)."""
        return self._rolled(self._counted_last_day(start))

    def due(self, start: dt.datetime | str) -> dt.datetime:
        """The end (24:00, or close of business) of `last_day(start)`."""
        return self._deadline(self._counted_last_day(start))

    def goal(self, start: dt.datetime | str) -> dt.timedelta:
        """The real time from `start` to `due(start)`."""
        begin = _pendulum.instant(start, field="start")
        return _ELAPSED.between(begin, self.due(begin))

    # -- day counting with pauses (used by SLA clocks) --------------------------------

    def _counted_last_day(self, start: dt.datetime | str) -> dt.date:
        """The `days`-th day after the day of `start`, before any rolling."""
        received = self.calendar.local_date(_pendulum.instant(start, field="start"))
        return _shift(received, self.days)

    def _rolled(self, day: dt.date) -> dt.date:
        """`day`, or with `roll` the next business day when `day` is not one (art. 203)."""
        cal = self.calendar
        if self.roll and not cal.is_business_day(day):
            return cal.next_business_day(day)
        return day

    def _deadline(self, counted: dt.date) -> dt.datetime:
        """The instant a period whose unrolled last day is `counted` ends."""
        day = self._rolled(counted)
        if self.cutoff is Cutoff.CLOSE_OF_BUSINESS:
            return self.calendar.close_of_business(day)
        return self.calendar.end_of_day(day)

    def _after_pause(
        self, counted: dt.date, paused_from: dt.datetime, paused_to: dt.datetime
    ) -> tuple[dt.date, dt.datetime]:
        """The unrolled last day, and its deadline, once a pause is excluded.

        The pause runs from `paused_from` to `paused_to` and must begin before the deadline
        in force (`_deadline(counted)`); one that begins later excludes nothing, the period
        having run out. The pause counts in whole days: its real length in 24-hour days, a
        part day counting as a whole day, and more if needed for the new deadline to fall
        after `paused_to` (business may stop before the pause ends, or a DST change make a
        day 23 hours long). The days are added to `counted`, or to the day the pause began
        when that is later (a pause in the rest days art. 203 added after the counted last
        day). `_deadline` then applies art. 203 afresh. The result never decreases when the
        pause is longer, nor when `counted` is later.
        """
        began = self.calendar.local_date(paused_from)
        base = max(counted, began)
        length = paused_to - paused_from
        whole = -(-length // _DAY)
        day = _shift(base, whole)
        deadline = self._deadline(day)
        while deadline <= paused_to:
            day = _shift(day, 1)
            deadline = self._deadline(day)
        return day, deadline

    def describe(self) -> str:
        """The rule in plain words."""
        when = "24:00" if self.cutoff is Cutoff.END_OF_DAY else "close of business"
        text = f"{when} on the {_ordinal(self.days)} day after the day of receipt"
        if self.roll:
            text += ", moved to the next business day when that is not one"
        return f"{text} (calendar {self.calendar.name!r})"

    def _meter(self) -> _Meter:
        return _ELAPSED

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict: the calendar by its `ref` when it has one, else embedded.

        Args:
            embed: Embed the calendar even when it is registered (an audit export).
        """
        return {
            "schema": 1,
            "kind": self.kind,
            "days": self.days,
            "calendar": dump_calendar(self.calendar, embed),
            "roll": self.roll,
            "cutoff": self.cutoff.value,
            "source": self.source,
        }

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> CalendarDays:
        """Rebuild the rule from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        r = _root(data, cls.kind, {"days", "calendar", "roll", "cutoff", "source"}, path)
        with r.building():
            return cls(
                r.integer("days"),
                _load_calendar(r, "calendar", registry),
                roll=r.flag("roll"),
                cutoff=r.enum("cutoff", Cutoff),
                source=r.text("source"),
            )


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` days, refused with a typed error past the year 9999."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError as exc:
        raise InvalidFieldError("due", day, f"have a day {days} days later before 10000") from exc


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DeadlineRule: TypeAlias = BusinessDuration | ElapsedDuration | BusinessDays | CalendarDays
"""Any deadline rule: each has `due(start)`, `goal(start)`, `describe()` and `source`."""

RULE_TYPES: tuple[type[DeadlineRule], ...] = (
    BusinessDuration,
    ElapsedDuration,
    BusinessDays,
    CalendarDays,
)
_BY_KIND: dict[str, type[DeadlineRule]] = {kind.kind: kind for kind in RULE_TYPES}


def is_rule(value: object) -> bool:
    """Whether `value` is a deadline rule."""
    return isinstance(value, RULE_TYPES)


def rule_from_dict(
    data: object, *, path: str = "", registry: Registry | None = None
) -> DeadlineRule:
    """Rebuild any deadline rule from its `to_dict()` output, dispatching on `"kind"`.

    A calendar written as a reference (`"cn_mainland@1"`) is resolved in `registry`.

    Raises:
        SerializationError: unknown kind or malformed dict, or a calendar reference without
            a registry or not in it; the error names the JSON path.
    """
    reader = Reader.root(data, schema=1, path=path)
    kind = reader.raw("kind")
    if not isinstance(kind, str) or kind not in _BY_KIND:
        raise reader.fail(f"be one of {', '.join(repr(k) for k in _BY_KIND)}", "kind")
    return _BY_KIND[kind].from_dict(data, path=path, registry=registry)

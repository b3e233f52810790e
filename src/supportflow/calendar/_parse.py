"""Parsing and validation of business-calendar fields (private to `supportflow.calendar`).

Each converter accepts the JSON-safe forms of the config schema and the normalised forms
the calendar stores, and raises `InvalidFieldError` naming the field as a JSON path
(`weekly.mon[1][0]`, `workdays.2025-01-26`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar

from supportflow import _pendulum
from supportflow.calendar._time import DAY, MAX_YEAR, MIN_YEAR
from supportflow.errors import InvalidFieldError

__all__: list[str] = []

#: The weekday keys of the `weekly` mapping, Monday first (ISO weekdays 1 to 7).
WEEKDAYS: Final[tuple[str, ...]] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Interval = tuple[int, int]
"""A wall-clock interval as seconds after local midnight: start in [0, 86400), end in (0, 86400].
An end that is not after the start ends on the next day (an overnight shift)."""

DayHours = tuple[Interval, ...]

K = TypeVar("K")
V = TypeVar("V")

_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")
_TIME_REASON = "be a wall-clock time 'HH:MM' or 'HH:MM:SS' (00:00 to 23:59:59, '24:00' as an end)"


class _FrozenMap(Mapping[K, V]):
    """An immutable, hashable, picklable mapping (for the fields of a frozen value)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (_FrozenMap, (self._data,))

    def __repr__(self) -> str:
        return f"{{{', '.join(f'{k!r}: {v!r}' for k, v in self._data.items())}}}"


# -- parsing ------------------------------------------------------------------------------


def _wall(value: object, field: str, *, end: bool) -> int:
    """Seconds after midnight of a wall time given as text, `datetime.time` or seconds."""
    if isinstance(value, dt.time) and value.tzinfo is None and not value.microsecond:
        return value.hour * 3600 + value.minute * 60 + value.second
    if type(value) is int and 0 <= value <= (DAY if end else DAY - 1):
        return value
    if isinstance(value, str) and (match := _TIME.match(value)):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if end and (hour, minute, second) == (24, 0, 0):
            return DAY
        if hour < 24 and minute < 60 and second < 60:
            return hour * 3600 + minute * 60 + second
    raise InvalidFieldError(field, value, _TIME_REASON)


def _format_wall(seconds: int) -> str:
    hour, rest = divmod(seconds, 3600)
    minute, second = divmod(rest, 60)
    return f"{hour:02d}:{minute:02d}:{second:02d}" if second else f"{hour:02d}:{minute:02d}"


def _span(interval: Interval) -> tuple[int, int]:
    start, end = interval
    return (start, end if end > start else end + DAY)


def _hours(value: object, field: str) -> DayHours:
    """One day's intervals, sorted, checked for overlaps."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidFieldError(field, value, "be a list of [start, end] wall-time pairs")
    parsed: list[tuple[Interval, int]] = []
    for i, pair in enumerate(value):
        where = f"{field}[{i}]"
        if isinstance(pair, str | bytes) or not isinstance(pair, Iterable):
            raise InvalidFieldError(where, pair, "be a [start, end] pair of wall times")
        items = list(pair)
        if len(items) != 2:
            raise InvalidFieldError(where, pair, "be a [start, end] pair of wall times")
        start = _wall(items[0], f"{where}[0]", end=False)
        end = _wall(items[1], f"{where}[1]", end=True)
        parsed.append(((start, end), i))
    parsed.sort()
    for (before, _), (after, i) in itertools.pairwise(parsed):
        if _span(after)[0] < _span(before)[1]:
            raise InvalidFieldError(
                f"{field}[{i}]", list(value)[i], "not overlap another interval of the same day"
            )
    return tuple(interval for interval, _ in parsed)


def _weekday(value: object, field: str) -> int:
    if type(value) is int and 1 <= value <= 7:
        return value
    if isinstance(value, str) and value in WEEKDAYS:
        return WEEKDAYS.index(value) + 1
    raise InvalidFieldError(field, value, "be a weekday: 'mon' ... 'sun' (or 1 to 7)")


def _weekly(value: object) -> tuple[DayHours, ...]:
    days: list[DayHours] = [() for _ in WEEKDAYS]
    if isinstance(value, Mapping):
        for key, hours in value.items():
            try:
                number = _weekday(key, "weekly")
            except InvalidFieldError:
                raise InvalidFieldError(
                    f"weekly.{key}", key, "be a weekday key: mon, tue, wed, thu, fri, sat, sun"
                ) from None
            days[number - 1] = _hours(hours, f"weekly.{WEEKDAYS[number - 1]}")
    elif isinstance(value, list | tuple) and len(value) == 7:
        days = [_hours(hours, f"weekly.{WEEKDAYS[i]}") for i, hours in enumerate(value)]
    else:
        raise InvalidFieldError(
            "weekly", value, "be a mapping from weekday keys ('mon' ... 'sun') to intervals"
        )
    # An overnight shift runs into the next weekday's morning (Sunday's into Monday's).
    for i, hours in enumerate(days):
        spill = max((end for start, end in hours if end <= start), default=0)
        following = days[(i + 1) % 7]
        for k, (start, _) in enumerate(following):
            if start < spill:
                raise InvalidFieldError(
                    f"weekly.{WEEKDAYS[(i + 1) % 7]}[{k}]",
                    _format_wall(start),
                    f"not overlap the overnight shift of {WEEKDAYS[i]}",
                )
    return tuple(days)


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidFieldError(field, value, "be a date (or 'YYYY-MM-DD')")


def _key(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _holidays(value: object) -> frozenset[dt.date]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidFieldError("holidays", value, "be a list of dates")
    return frozenset(_date(v, f"holidays[{i}]") for i, v in enumerate(value))


def _workdays(value: object) -> _FrozenMap[dt.date, int]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError("workdays", value, "be a mapping from dates to weekday keys")
    return _FrozenMap(
        (_date(k, f"workdays.{_key(k)}"), _weekday(v, f"workdays.{_key(k)}"))
        for k, v in value.items()
    )


def _overrides(value: object) -> _FrozenMap[dt.date, DayHours]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError("overrides", value, "be a mapping from dates to intervals")
    return _FrozenMap(
        (_date(k, f"overrides.{_key(k)}"), _hours(v, f"overrides.{_key(k)}"))
        for k, v in value.items()
    )


def _zone(value: object) -> zoneinfo.ZoneInfo:
    return _pendulum.zone(value, field="timezone")


def _zone_key(zone: zoneinfo.ZoneInfo) -> str:
    return zone.key


def _covered(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple) and len(value) == 2:
        first, last = value
        if type(first) is int and type(last) is int and MIN_YEAR <= first <= last <= MAX_YEAR:
            return (first, last)
    raise InvalidFieldError("covered", value, "be None or [first_year, last_year]")


def _beyond(_instance: object, _attribute: object, value: object) -> None:
    if value not in ("raise", "weekly", "provisional"):
        raise InvalidFieldError("beyond_data", value, "be 'raise', 'weekly' or 'provisional'")


def _name(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("name", value, "be a non-empty string")


def _seconds(value: object, field: str) -> int:
    if not isinstance(value, dt.timedelta):
        raise InvalidFieldError(field, value, "be a datetime.timedelta")
    if value.days < 0:
        raise InvalidFieldError(field, value, "not be negative")
    return value.days * DAY + value.seconds

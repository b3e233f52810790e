"""How deadline rules measure time: business time on a calendar, or real elapsed time.

`_CalendarMeter` measures business time on a `BusinessCalendar`, `_ElapsedMeter` real
elapsed time (24x7). Every instant is UTC. Rules pick their meter; clocks count on it.
"""

from __future__ import annotations

import abc
import datetime as dt
from typing import ClassVar

from supportflow import _pendulum
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError

__all__: list[str] = []

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

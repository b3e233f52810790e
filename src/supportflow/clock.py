"""The only source of "now" in supportflow.

Domain code never reads the wall clock: it takes a `Clock` (or an explicit instant) from
the caller. Production code passes `SystemClock()`; tests pass a `FixedClock` and move it
by hand, so every deadline and reminder can be tested to the second.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

import attrs

from supportflow import _pendulum, _validators
from supportflow._declarative import Document, declared
from supportflow.errors import InvalidFieldError

__all__ = ["Clock", "FixedClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Anything with a `now()` that returns the current instant, aware and in UTC."""

    def now(self) -> dt.datetime:
        """Return the current instant as an aware pendulum `DateTime` in UTC."""
        ...


@attrs.frozen
class SystemClock:
    """The real clock: `now()` reads the operating system's time, in UTC.

    The one place in supportflow that reads the wall clock.
    """

    def now(self) -> dt.datetime:
        """Return the current instant in UTC."""
        return dt.datetime.now(_pendulum.UTC)


def _to_utc(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="now")


@declared(schema=1)
@attrs.define
class FixedClock(Document):
    """A clock that stands still until told to move: for tests, replays and simulations.

    `now()` always returns the instant it was set to, in UTC. Any aware datetime (or ISO
    string with an offset) is accepted and converted.

    Example:
        ```python
        import datetime as dt
        from supportflow import FixedClock

        clock = FixedClock("2025-01-26T09:00:00+08:00")
        clock.advance(hours=1, minutes=30)
        assert clock.now().isoformat() == "2025-01-26T02:30:00+00:00"
        ```

    Raises:
        NaiveDatetimeError: the instant has no time zone.
        InvalidFieldError: `advance` was asked to move backwards.
    """

    _now: dt.datetime = attrs.field(converter=_to_utc, alias="now")

    def now(self) -> dt.datetime:
        """Return the instant the clock stands at, in UTC."""
        return self._now

    def set(self, at: dt.datetime | str) -> None:
        """Move the clock to `at` (forwards or backwards: replays may rewind)."""
        self._now = _to_utc(at)

    def advance(
        self,
        delta: dt.timedelta | None = None,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> dt.datetime:
        """Move the clock forwards by `delta` and/or the given units; return the new instant.

        The move is in real elapsed time (UTC), so advancing across a DST change in any
        zone moves exactly that much real time.

        Raises:
            InvalidFieldError: a unit is not a finite number, `delta` is not a `timedelta`,
                the total is negative or longer than 1,000 years, or it would take the
                clock past the year 9999; the clock is unchanged.
        """
        step = _validators.duration("delta", dt.timedelta(0) if delta is None else delta)
        for name, value, per_day in (
            ("days", days, 1),
            ("hours", hours, 24),
            ("minutes", minutes, 1440),
            ("seconds", seconds, 86400),
        ):
            # Each unit within +-1,000 years: the timedelta below cannot overflow.
            limit = _validators.MAX_DURATION.days * per_day
            _validators.number(name, value, minimum=-limit, maximum=limit)
        step += dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if step < dt.timedelta(0):
            raise InvalidFieldError("delta", step, "not be negative (use set() to rewind)")
        _validators.duration("delta", step)
        try:
            moved = self._now + step
        except OverflowError as exc:
            raise InvalidFieldError("delta", step, "not move the clock past the year 9999") from exc
        self._now = moved
        return self._now

    def __repr__(self) -> str:
        return f"FixedClock({self._now.isoformat()!r})"

"""Deadline rules on business time: `BusinessDuration` and `BusinessDays`.

`BusinessDuration` is "8 business hours"; `BusinessDays` is close of business on the Nth
business day after the day of receipt. A clock on either rule measures business time on
the rule's calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from supportflow import _pendulum
from supportflow._declarative import Referring, declared, spec
from supportflow.calendar import BusinessCalendar
from supportflow.sla._codecs import CALENDAR
from supportflow.sla._meters import _CalendarMeter, _Meter
from supportflow.sla._rule_fields import (
    _calendar,
    _count,
    _hours,
    _ordinal,
    _positive,
    _text,
    _to_timedelta,
)

__all__ = ["BusinessDays", "BusinessDuration"]


@declared(schema=1, constants={"kind": "business_duration"})
@attrs.frozen
class BusinessDuration(Referring):
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
    calendar: BusinessCalendar = attrs.field(validator=_calendar, metadata=spec(CALENDAR))
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


@declared(schema=1, constants={"kind": "business_days"})
@attrs.frozen
class BusinessDays(Referring):
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
    calendar: BusinessCalendar = attrs.field(validator=_calendar, metadata=spec(CALENDAR))
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

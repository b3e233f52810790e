"""Business calendars: opening hours, holidays, make-up workdays and business-time arithmetic.

A `BusinessCalendar` is a frozen value: an IANA zone, weekly hours per ISO weekday (several
half-open wall-clock intervals per day, `"24:00"` allowed as an end, an interval whose end
is not after its start is an overnight shift belonging to the date it starts on), holidays,
make-up workdays (a weekend date that works the hours of a given weekday), and per-date
overrides. For a date the precedence is: override, then holiday, then make-up workday, then
the weekly hours.

Business time is the set of REAL instants whose local wall-clock reading lies inside an
interval of its business date, so a spring-forward gap shortens an interval and an autumn
fold lengthens it. All arithmetic is on epoch seconds: per business date the real-instant
intervals are computed once, kept per contiguous range of a few years with prefix sums, and
every operation is a bisection, so `add` and `between` cost the same for 8 and 8,000 hours.
Spans longer than that range are measured year by year from yearly totals computed without
building the years (weekday counts, then the dates that a holiday, a make-up day, an override
or a change of UTC offset touches), so a span of 1,000 years costs milliseconds. Inside the
current range, instants in UTC (every other kind is converted to UTC first) take a fast path
of C `timedelta` arithmetic. Every returned instant is a stdlib `datetime` in UTC.

Precision is one second: sub-second parts of instants and durations are dropped.

Example:
    ```python
    import datetime as dt
    import pendulum
    from supportflow.calendar import cn_mainland

    cal = cn_mainland()  # Mon-Fri 09:00-18:00, Asia/Shanghai, 2024-2026 holiday data
    friday = pendulum.datetime(2025, 1, 24, 17, 0, tz="Asia/Shanghai")
    # 2025-01-26 is a Sunday that is an official working day (调休): 10:00 there is 02:00 UTC.
    assert cal.add(friday, dt.timedelta(hours=2)) == dt.datetime(2025, 1, 26, 2, tzinfo=dt.UTC)
    ```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from supportflow import _pendulum
from supportflow.calendar._calendar import BusinessCalendar, _preset
from supportflow.calendar._calendar import _from_state as _from_state  # old pickles name it here
from supportflow.calendar._explain import Explanation, ExplanationSpan, SpanKind
from supportflow.calendar._parse import WEEKDAYS
from supportflow.calendar._ranges import _UTC, BeyondData, Instant
from supportflow.errors import InvalidFieldError
from supportflow.holidays import Coverage
from supportflow.holidays._coverage import _longest, _report

__all__ = [
    "WEEKDAYS",
    "BusinessCalendar",
    "Explanation",
    "ExplanationSpan",
    "SpanKind",
    "calendar_coverage",
    "cn_mainland",
    "hong_kong",
    "uk_england_wales",
    "us_federal",
]

# -- presets ------------------------------------------------------------------------------


def cn_mainland(weekly: object = None, *, beyond_data: BeyondData = "raise") -> BusinessCalendar:
    """Mainland China (Asia/Shanghai): State Council holidays and make-up workdays (调休).

    Args:
        weekly: Weekly hours as for `BusinessCalendar`; default Mon-Fri 09:00-18:00.
            Make-up working days use the hours of the first weekday that has any.
        beyond_data: Outside the data's years: `"raise"` (default), `"weekly"`, or
            `"provisional"` (the statutory rules; figures say so, see `assumed`).
    """
    return _preset("cn", weekly, beyond_data)


def hong_kong(weekly: object = None, *, beyond_data: BeyondData = "raise") -> BusinessCalendar:
    """Hong Kong (Asia/Hong_Kong): the general holidays gazetted each year.

    Args:
        weekly: Weekly hours as for `BusinessCalendar`; default Mon-Fri 09:00-18:00.
        beyond_data: Outside the data's years: `"raise"` (default), `"weekly"`, or
            `"provisional"` (the statutory rules; figures say so, see `assumed`).
    """
    return _preset("hk", weekly, beyond_data)


def us_federal(weekly: object = None, *, beyond_data: BeyondData = "raise") -> BusinessCalendar:
    """United States (America/New_York): federal holidays on their observed dates.

    Args:
        weekly: Weekly hours as for `BusinessCalendar`; default Mon-Fri 09:00-18:00.
        beyond_data: Outside the data's years: `"raise"` (default), `"weekly"`, or
            `"provisional"` (the statutory rules; figures say so, see `assumed`).
    """
    return _preset("us", weekly, beyond_data)


def uk_england_wales(
    weekly: object = None, *, beyond_data: BeyondData = "raise"
) -> BusinessCalendar:
    """England and Wales (Europe/London): bank holidays, including substitute days.

    Args:
        weekly: Weekly hours as for `BusinessCalendar`; default Mon-Fri 09:00-18:00.
        beyond_data: Outside the data's years: `"raise"` (default), `"weekly"`, or
            `"provisional"` (the statutory rules; figures say so, see `assumed`).
    """
    return _preset("uk", weekly, beyond_data)


def calendar_coverage(
    calendars: Iterable[BusinessCalendar], at: Instant, *, longest: dt.timedelta | int
) -> tuple[Coverage, ...]:
    """For a health check: per calendar, the days left until intake needs provisional data.

    The calendar-level companion of `supportflow.holidays.coverage`: it reports what each
    calendar in use covers (its `covered`, fixed when it was built), so a calendar built
    before a year was loaded keeps alerting until it is rebuilt or reloaded.

    Args:
        calendars: The calendars to check, each with yearly holiday data (`covered`).
        at: The instant of the check (nothing reads the clock).
        longest: The longest deadline, in whole days (`60`) or a `timedelta`.

    Returns:
        One `Coverage` per calendar, in the order given: `last_covered` is the last date
        with official data, `days_left` the days from today (in the calendar's zone)
        until a complaint received with a deadline of `longest` days reaches past it
        (`0` or less: intake already needs provisional data, or fails without it).

    Raises:
        InvalidFieldError: a calendar has no yearly data (`covered` is `None`) or is not
            a `BusinessCalendar`, `at` is not an aware instant, or `longest` is not a
            positive whole number of days.
    """
    when = _pendulum.instant(at, field="at").astimezone(_UTC)
    span = _longest(longest)
    out = []
    for i, cal in enumerate(calendars):
        if not isinstance(cal, BusinessCalendar) or cal.covered is None:  # type: ignore[redundant-expr]  # a caller's list may hold anything
            raise InvalidFieldError(
                f"calendars[{i}]", cal, "be a BusinessCalendar with yearly holiday data"
            )
        dataset = cal.dataset if cal.dataset is not None else cal.name
        out.append(_report(dataset, cal.name, cal.covered, cal.timezone.key, when, span))
    return tuple(out)

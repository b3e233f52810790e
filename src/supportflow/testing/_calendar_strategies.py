"""Hypothesis strategies for business calendars (re-exported by `strategies`)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from supportflow import _pendulum
from supportflow.calendar import BusinessCalendar, Explanation, ExplanationSpan
from supportflow.errors import InvalidFieldError
from supportflow.testing._instant_strategies import aware_datetimes

__all__ = [
    "business_calendars",
    "business_durations",
    "calendar_explanations",
    "calendar_instants",
    "explanation_spans",
]

_ZONES = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
)
_FIRST = dt.date(2024, 1, 1)
_LAST = dt.date(2026, 12, 31)
_GRID = 15 * 60  # wall times on a 15-minute grid, so DST edges (on the hour) are exercised


@st.composite
def _day_hours(draw: st.DrawFn) -> list[tuple[int, int]]:
    points = draw(st.lists(st.integers(0, 96), unique=True, max_size=6).map(sorted))
    if len(points) % 2:
        points = points[:-1]
    return [(points[i] * _GRID, points[i + 1] * _GRID) for i in range(0, len(points), 2)]


def _overnight(week: list[list[tuple[int, int]]], day: int, end_step: int) -> None:
    """Turn the day's last interval into an overnight shift ending before the next day opens."""
    hours = week[day]
    if not hours or hours[-1][1] == 86_400:
        return
    following = week[(day + 1) % 7]
    limit = min((start for start, _ in following), default=hours[-1][0])
    limit = min(limit, hours[-1][0])
    end = min(end_step * _GRID, limit)
    hours[-1] = (hours[-1][0], end)


@st.composite
def _calendars(draw: st.DrawFn, zones: tuple[str, ...]) -> BusinessCalendar:
    zone = draw(st.sampled_from(zones))
    week = [draw(_day_hours()) for _ in range(7)]
    if not any(week):
        week[draw(st.integers(0, 6))] = [(9 * 3600, 17 * 3600)]
    for day in draw(st.sets(st.integers(0, 6), max_size=2)):
        _overnight(week, day, draw(st.integers(0, 40)))
    dates = st.dates(_FIRST, _LAST)
    holidays = draw(st.frozensets(dates, max_size=12))
    weekends = dates.filter(lambda d: d.isoweekday() >= 6 and d not in holidays)
    workdays = draw(st.dictionaries(weekends, st.integers(1, 7), max_size=4))
    overrides = draw(st.dictionaries(dates, _day_hours(), max_size=4))
    try:
        return BusinessCalendar(zone, week, holidays, workdays, overrides, name="drawn")
    except InvalidFieldError:
        # A drawn override or make-up day can collide with an overnight shift next to it;
        # keep the weekly hours and holidays, which are valid by construction.
        return BusinessCalendar(zone, week, holidays, name="drawn")


def business_calendars(zones: tuple[str, ...] = _ZONES) -> st.SearchStrategy[BusinessCalendar]:
    """Valid calendars that are open at least once a week, with no yearly data limit.

    Weekly hours on a 15-minute grid (lunch breaks, `24:00` ends, overnight shifts),
    holidays, make-up workdays and overrides in 2024-2026, in zones with and without DST.
    """
    return _calendars(zones)


def business_durations(max_hours: int = 600) -> st.SearchStrategy[dt.timedelta]:
    """Non-negative durations to the second, up to `max_hours`, biased to whole minutes."""
    seconds = st.integers(0, max_hours * 3600)
    minutes = st.integers(0, max_hours * 60).map(lambda m: m * 60)
    return st.one_of(minutes, seconds, st.sampled_from([0, 60, 3600, 8 * 3600])).map(
        lambda s: dt.timedelta(seconds=s)
    )


@st.composite
def _explanations(draw: st.DrawFn, *, min_span: int) -> Explanation:
    calendar = draw(business_calendars())
    tz = _pendulum.zone(calendar.timezone)
    lo = dt.datetime.combine(_FIRST, dt.time(), tzinfo=dt.UTC)
    hi = dt.datetime.combine(_LAST, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=30)
    # Half of the starts within hours of the calendar's own DST changes, and on a make-up
    # workday or holiday of its own when it has one.
    start = draw(aware_datetimes(lo, hi, zones=st.just(tz)))
    special = sorted(calendar.holidays | set(calendar.workdays))
    if len(special) > 0 and draw(st.booleans()):
        day = draw(st.sampled_from(special))
        local = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23))))
        start = local.replace(tzinfo=tz).astimezone(dt.UTC)
    length = draw(st.sampled_from((min_span, 3600, 86_400)) | st.integers(min_span, 14 * 86_400))
    # Added in UTC: adding to a local reading in a DST fold goes by wall clock (PEP 495).
    return calendar.explain(
        start, _pendulum.instant(start, field="start") + dt.timedelta(seconds=length)
    )


def calendar_explanations() -> st.SearchStrategy[Explanation]:
    """What `BusinessCalendar.explain(start, end)` says of drawn calendars.

    See `business_calendars`: empty spans (`start == end`), spans over DST changes, holidays
    and make-up workdays.
    """
    return _explanations(min_span=0)


def explanation_spans() -> st.SearchStrategy[ExplanationSpan]:
    """One span of a drawn `calendar_explanations()` value.

    Open hours, closed days, holidays, make-up workdays.
    """
    return (
        _explanations(min_span=3600)
        .filter(lambda e: bool(e.spans))
        .flatmap(lambda e: st.sampled_from(e.spans))
    )


def _special_instants(
    calendar: BusinessCalendar, first: dt.date, last: dt.date
) -> st.SearchStrategy[dt.datetime] | None:
    """Instants on the calendar's own holidays, make-up workdays and override days."""
    days = sorted(
        day
        for day in (*calendar.holidays, *calendar.workdays, *calendar.overrides)
        if first <= day <= last
    )
    if not days:
        return None
    tz = _pendulum.zone(calendar.timezone)

    def on(day: dt.date, seconds: int) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
        # A wall time in a DST gap reads as the instant after it (stdlib fold=0).
        return local.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)

    edges = sorted({b for hours in calendar.weekly for pair in hours for b in pair} | {0})
    seconds = st.sampled_from([e for e in edges if e < 86_400]) | st.integers(0, 86_399)
    return st.builds(on, st.sampled_from(days), seconds)


def calendar_instants(
    calendar: BusinessCalendar,
    min_value: dt.datetime = dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    max_value: dt.datetime = dt.datetime(2026, 12, 31, tzinfo=dt.UTC),
) -> st.SearchStrategy[dt.datetime]:
    """Instants where `calendar`'s arithmetic goes wrong, for properties of that calendar.

    Half of the draws fall on the calendar's own holidays, make-up workdays and override
    days (at an opening or closing time of its week, or any second of the day); the rest
    come from `aware_datetimes` in the calendar's zone (half of those within hours of a
    DST change). A calendar without such days in range gets `aware_datetimes` alone.

    Example:
        ```python
        from hypothesis import given
        from supportflow.calendar import cn_mainland
        from supportflow.testing import strategies as sfst

        cal = cn_mainland()


        @given(sfst.calendar_instants(cal))
        def test_next_open_is_open(t):
            assert cal.is_open(cal.next_open(t))


        test_next_open_is_open()
        ```

    Args:
        calendar: The calendar whose days to aim at.
        min_value: The earliest instant (aware).
        max_value: The latest instant (aware).
    """
    lo = _pendulum.instant(min_value, field="min_value")
    hi = _pendulum.instant(max_value, field="max_value")
    anywhere = aware_datetimes(lo, hi, zones=st.just(_pendulum.zone(calendar.timezone)))
    special = _special_instants(calendar, lo.date(), hi.date())
    if special is None:
        return anywhere
    return st.one_of(special.filter(lambda t: lo <= t <= hi), anywhere)

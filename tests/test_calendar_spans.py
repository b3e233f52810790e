"""Calendar arithmetic over long spans: yearly totals, far jumps, and zone data read directly.

Spans of centuries are measured year by year from yearly totals computed without building
the year; these tests check the totals against the built years, and long-span answers
against independent day-by-day references written here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import BusinessCalendar, CalendarError
from supportflow.calendar import cn_mainland
from supportflow.calendar._time import DAY, sampled_segments, wall_seconds, year_segments
from supportflow.testing import strategies as sfst

UTC = dt.UTC
H = dt.timedelta(hours=1)
NINE_TO_SIX = {d: [("09:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}


def utc(year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


@settings(max_examples=60)
@given(
    sfst.business_calendars(),
    st.integers(1900, 2200) | st.sampled_from([2024, 2025, 2026, 2037, 2038]),
)
def test_yearly_total_equals_the_built_year(cal, year):
    """`_total(y)` (closed form + corrections) equals the sum of the built year's intervals."""
    fresh = BusinessCalendar.from_dict(cal.to_dict())  # an empty memo: nothing built yet
    try:
        total = fresh._total(year)
    except CalendarError:
        return  # outside the calendar's data: both ways refuse (checked below)
    built = BusinessCalendar.from_dict(cal.to_dict())._year(year)
    assert total == sum(end - start for start, end in built.pieces)


def test_yearly_total_in_dst_zones_with_overnight_and_24x7_hours():
    """Overnight shifts and 24x7 hours cross every DST change: the totals still match."""
    hours = {
        "America/New_York": {d: [("22:00", "06:00")] for d in ("fri", "sat", "sun")},
        "Europe/London": {d: [("00:00", "24:00")] for d in ("sat", "sun")},
        "Australia/Sydney": {d: [("01:00", "03:00")] for d in ("sun",)},
        "Australia/Lord_Howe": {"sun": [("01:30", "02:30")]},
    }
    for zone, weekly in hours.items():
        for year in (1971, 2000, 2025, 2026, 2100, 2500):
            a = BusinessCalendar(zone, weekly)._total(year)
            pieces = BusinessCalendar(zone, weekly)._year(year).pieces
            assert a == sum(e - s for s, e in pieces), (zone, year)


def test_always_open_year_is_real_time():
    """On a 24x7 London calendar a year's business time is its real length (DST cancels)."""
    cal = BusinessCalendar.always_open("Europe/London")
    start = dt.datetime(2025, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    end = dt.datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert cal.between(start, end) == dt.timedelta(days=365)


def reference_weekday_hours(first: dt.date, last: dt.date) -> int:
    """Hours of Mon-Fri 09:00-18:00 on the dates `first` .. `last - 1`, by a plain day loop."""
    hours, day = 0, first
    while day < last:
        if day.weekday() < 5:
            hours += 9
        day += dt.timedelta(days=1)
    return hours


def test_a_century_of_weekday_hours_matches_a_day_loop():
    """Mon-Fri 09-18 London over 100 years: the day-by-day count (DST falls on Sundays)."""
    cal = BusinessCalendar("Europe/London", NINE_TO_SIX)
    london = zoneinfo.ZoneInfo("Europe/London")
    a = dt.datetime(2025, 9, 17, 0, 0, tzinfo=london)
    b = dt.datetime(2125, 9, 17, 0, 0, tzinfo=london)
    expected = reference_weekday_hours(dt.date(2025, 9, 17), dt.date(2125, 9, 17))
    assert cal.between(a, b) == dt.timedelta(hours=expected)
    # add lands at 18:00 (London) on the last counted weekday: 2125-09-16 is a Sunday, so
    # the last weekday before 2125-09-17 is Friday 2125-09-14... checked through the loop:
    end = cal.add(dt.datetime(2025, 9, 17, 9, tzinfo=london), dt.timedelta(hours=expected))
    last = dt.date(2125, 9, 16)
    while last.weekday() >= 5:
        last -= dt.timedelta(days=1)
    assert end == dt.datetime(last.year, last.month, last.day, 18, tzinfo=london)
    assert cal.subtract(end, dt.timedelta(hours=expected)) == dt.datetime(
        2025, 9, 17, 9, tzinfo=london
    )


def test_a_far_override_on_an_otherwise_closed_calendar():
    """Only 9000-01-01 09:00-11:00 is open: add 2 h from 2025 lands at 11:00 that day."""
    cal = BusinessCalendar("UTC", {}, overrides={"9000-01-01": [("09:00", "11:00")]})
    assert cal.add(utc(2025, 1, 1), 2 * H) == utc(9000, 1, 1, 11)
    assert cal.next_open(utc(2025, 1, 1)) == utc(9000, 1, 1, 9)
    assert cal.subtract(utc(9500, 1, 1), 2 * H) == utc(9000, 1, 1, 9)
    assert cal.between(utc(100, 1, 1), utc(9990, 1, 1)) == 2 * H
    with pytest.raises(CalendarError):
        cal.add(utc(2025, 1, 1), 3 * H)  # nothing after 9000-01-01


@settings(max_examples=50)
@given(
    sfst.business_calendars(),
    st.integers(0, 400 * 366 * DAY),
    st.integers(0, 400 * 366 * DAY),
    st.integers(0, 400 * 366 * DAY),
)
def test_between_is_additive_over_centuries(cal, x, y, z):
    """between(a, b) + between(b, c) == between(a, c), a, b, c up to 1,200 years apart."""
    weekly = cal.to_dict()
    weekly["beyond_data"] = "weekly"
    cal = BusinessCalendar.from_dict(weekly)
    a, b, c = sorted(utc(1800, 1, 1) + dt.timedelta(seconds=s) for s in (x, y, z))
    assert cal.between(a, b) + cal.between(b, c) == cal.between(a, c)


@settings(max_examples=40)
@given(st.integers(0, 200 * 366 * DAY), st.integers(1, 1000 * 2000))
def test_add_then_between_is_identity_over_centuries(start, hours):
    """between(s, add(s, d)) == d for d up to 2,000,000 business hours (~1,000 years)."""
    cal = cn_mainland(beyond_data="weekly")
    s = utc(1900, 1, 1) + dt.timedelta(seconds=start)
    d = dt.timedelta(hours=hours)
    end = cal.add(s, d)
    assert cal.between(s, end) == d
    assert cal.subtract(end, d) <= end
    assert cal.between(cal.subtract(end, d), end) == d


@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",
        "Europe/London",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Asia/Shanghai",
        "Africa/Casablanca",
        "America/Sao_Paulo",
        "Asia/Gaza",
        "Pacific/Apia",
        "Europe/Dublin",
    ],
)
def test_zone_offsets_read_from_tzif_match_zoneinfo_sampling(zone):
    """The offset changes read from the zone file equal those found by sampling zoneinfo."""
    for year in (1850, 1916, 1945, 1970, 2011, 2025, 2037, 2038, 2087, 2300, 9000):
        lo = wall_seconds(dt.date(year, 1, 1).toordinal()) - 3 * DAY
        hi = wall_seconds(dt.date(year + 1, 1, 1).toordinal()) + 3 * DAY
        assert year_segments(zone, year) == sampled_segments(zone, lo, hi), (zone, year)


def test_every_zone_matches_zoneinfo_in_three_years():
    """All zones of the database, three years each: file and sampling agree."""
    for zone in sorted(zoneinfo.available_timezones()):
        for year in (1990, 2025, 2100):
            lo = wall_seconds(dt.date(year, 1, 1).toordinal()) - 3 * DAY
            hi = wall_seconds(dt.date(year + 1, 1, 1).toordinal()) + 3 * DAY
            assert year_segments(zone, year) == sampled_segments(zone, lo, hi), (zone, year)


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Sydney", "Europe/London"])
def test_totals_reused_across_years_of_one_kind_equal_each_built_year(zone):
    """Plain years under a zone's rule share totals by kind; each equals its built year."""
    weekly = {
        "sun": [("01:00", "04:00"), ("22:00", "03:00")],  # DST changes fall on Sundays
        "sat": [("00:00", "24:00")],
        "tue": [("01:00", "02:30")],
    }
    shared = BusinessCalendar(zone, weekly)
    for year in range(2040, 2100):
        pieces = BusinessCalendar(zone, weekly)._year(year).pieces
        assert shared._total(year) == sum(e - s for s, e in pieces), year

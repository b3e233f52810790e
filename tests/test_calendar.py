"""Business calendars: hand-checked examples, a brute-force reference, and properties."""

from __future__ import annotations

import datetime as dt
import json
import math
import pickle
import zoneinfo
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from supportflow import (
    BusinessCalendar,
    CalendarDataMissingError,
    CalendarError,
    InvalidFieldError,
    NaiveDatetimeError,
    SerializationError,
    UnknownTimezoneError,
)
from supportflow.calendar import cn_mainland, hong_kong, uk_england_wales, us_federal
from supportflow.testing import strategies as sfst

SH = "Asia/Shanghai"
NY = "America/New_York"
H = dt.timedelta(hours=1)
LUNCH = {d: [("09:00", "12:00"), ("13:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return pendulum.datetime(year, month, day, hour, minute, second, tz=SH)


def ny(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return pendulum.datetime(year, month, day, hour, minute, second, tz=NY)


# -- an independent reference: minute by minute, from the calendar's input fields -----------


def _ref_hours(cal: BusinessCalendar, day: dt.date) -> tuple[tuple[int, int], ...]:
    """The precedence rule of the issue, written again: override, holiday, make-up, weekly."""
    if day in cal.overrides:
        return cal.overrides[day]
    if day in cal.holidays:
        return ()
    if day in cal.workdays:
        return cal.weekly[cal.workdays[day] - 1]
    return cal.weekly[day.weekday()]


def ref_is_open(cal: BusinessCalendar, ts: int) -> bool:
    """Whether the wall reading of `ts` lies in an interval of its business date."""
    local = dt.datetime.fromtimestamp(ts, zoneinfo.ZoneInfo(cal.timezone.key))
    wall = local.hour * 3600 + local.minute * 60 + local.second
    day = local.date()
    for start, end in _ref_hours(cal, day):
        if (end > start and start <= wall < end) or (end <= start and wall >= start):
            return True
    return any(end <= start and wall < end for start, end in _ref_hours(cal, day - dt.timedelta(1)))


def ref_between_minutes(cal: BusinessCalendar, a: int, b: int) -> int:
    """Open minutes in [a, b) for minute-aligned epoch seconds a <= b."""
    return sum(ref_is_open(cal, t) for t in range(a, b, 60))


def plus(value: dt.datetime, **delta: int) -> dt.datetime:
    """`value` moved by `delta` of REAL time (stdlib `+` on a zoned datetime is wall time).

    Through the epoch and a plain stdlib datetime: pendulum values with a stdlib tzinfo lose
    their zone on `+` (pendulum 3.x), so they are never added to directly here.
    """
    return dt.datetime.fromtimestamp(value.timestamp(), dt.UTC) + dt.timedelta(**delta)


def ts(value: dt.datetime) -> int:
    """Epoch seconds: instants are compared this way, because Python compares two datetimes of
    the SAME zone by wall clock (ignoring `fold`) and never finds two zones equal in a fold."""
    return math.floor(value.timestamp())


# -- hand-checked examples ------------------------------------------------------------------


def test_friday_close_plus_one_hour_is_friday_close_and_roll_moves_on():
    """Fri 17:00 + 1 business hour under 09:00-18:00 is Fri 18:00; roll=True gives Mon 09:00."""
    cal = BusinessCalendar(
        SH, {d: [("09:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}
    )
    friday = sh(2025, 3, 7, 17)
    assert cal.add(friday, H) == sh(2025, 3, 7, 18)
    assert cal.add(friday, H, roll=True) == sh(2025, 3, 10, 9)
    assert cal.add(sh(2025, 3, 7, 18), dt.timedelta(0)) == sh(2025, 3, 7, 18)
    assert cal.add(sh(2025, 3, 7, 18), H) == sh(2025, 3, 10, 10)


def test_lunch_break_is_skipped():
    """With 09:00-12:00 + 13:00-18:00: 11:30 + 1 h is 13:30; 12:30 (lunch) + 1 h is 14:00."""
    cal = BusinessCalendar(SH, LUNCH)
    assert cal.add(sh(2025, 3, 3, 11, 30), H) == sh(2025, 3, 3, 13, 30)
    assert cal.add(sh(2025, 3, 3, 12, 30), H) == sh(2025, 3, 3, 14)
    assert cal.between(sh(2025, 3, 3, 8), sh(2025, 3, 3, 20)) == dt.timedelta(hours=8)
    assert not cal.is_open(sh(2025, 3, 3, 12))
    assert cal.is_open(sh(2025, 3, 3, 11, 59, 59))
    assert cal.next_open(sh(2025, 3, 3, 12, 15)) == sh(2025, 3, 3, 13)
    assert cal.next_close(sh(2025, 3, 3, 9)) == sh(2025, 3, 3, 12)


def test_cn_2025_has_248_working_days_and_119040_minutes():
    """Asia/Shanghai Mon-Fri 8 h with the 2025 data: 248 working days, 119,040 minutes."""
    cal = cn_mainland(weekly=LUNCH)
    days = [dt.date(2025, 1, 1) + dt.timedelta(i) for i in range(365)]
    assert sum(cal.is_business_day(d) for d in days) == 248
    total = cal.between(sh(2025, 1, 1), sh(2026, 1, 1))
    assert total == dt.timedelta(minutes=119_040)


MAKEUP_DAYS = [
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
]


@pytest.mark.parametrize("day", MAKEUP_DAYS)
def test_every_2025_and_2026_makeup_day_is_a_full_working_weekend_day(day):
    """Each official make-up day is a Saturday or Sunday with the full 8 weekday hours."""
    cal = cn_mainland(weekly=LUNCH)
    d = dt.date.fromisoformat(day)
    assert d.isoweekday() in (6, 7)
    assert cal.is_business_day(d)
    start = pendulum.datetime(d.year, d.month, d.day, tz=SH)
    assert cal.between(start, start.add(days=1)) == dt.timedelta(hours=8)
    # The Saturday or Sunday next to it (same weekend) is closed unless also a make-up day.
    assert cal.add(start.add(hours=9), H) == start.add(hours=10)


def test_start_inside_a_holiday():
    """From inside the 2025 National Day holiday (10/1-10/8) the clock starts on 10/9 09:00."""
    cal = cn_mainland()
    assert cal.add(sh(2025, 10, 3, 10), H) == sh(2025, 10, 9, 10)
    assert cal.between(sh(2025, 10, 1), sh(2025, 10, 9)) == dt.timedelta(0)
    assert cal.next_business_day(dt.date(2025, 9, 30)) == dt.date(2025, 10, 9)
    # 2025-10-11 (Saturday) is a make-up day: 10/9, 10/10, 10/11.
    assert cal.add_business_days(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)


def test_spring_festival_2025_dates():
    """Sunday 2025-01-26 works; 1/28-2/4 are closed; 2/8 (Saturday) works."""
    cal = cn_mainland()
    assert cal.add(sh(2025, 1, 24, 17), dt.timedelta(hours=2)) == sh(2025, 1, 26, 10)
    assert cal.next_business_day(dt.date(2025, 1, 27)) == dt.date(2025, 2, 5)
    assert cal.add_business_days(dt.date(2025, 2, 5), -1) == dt.date(2025, 1, 27)
    assert cal.is_business_day(dt.date(2025, 2, 8))
    assert not cal.is_business_day(dt.date(2025, 2, 9))
    assert cal.close_of_business(dt.date(2025, 1, 26)) == sh(2025, 1, 26, 18)
    assert cal.add_business_days(dt.date(2025, 1, 26), 0) == dt.date(2025, 1, 26)


def test_new_york_overnight_shift_across_dst():
    """A 22:00-06:00 shift is 7 real hours on 2025-03-08 and 9 on 2025-11-01."""
    cal = BusinessCalendar(
        NY, {d: [("22:00", "06:00")] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    )
    assert cal.between(ny(2025, 3, 8, 12), ny(2025, 3, 9, 12)) == dt.timedelta(hours=7)
    assert cal.between(ny(2025, 11, 1, 12), ny(2025, 11, 2, 12)) == dt.timedelta(hours=9)
    assert cal.between(ny(2025, 6, 1, 12), ny(2025, 6, 2, 12)) == dt.timedelta(hours=8)
    # 22:00 + 5 business hours in the spring night: 22:00 EST + 5 real hours = 04:00 EDT.
    assert cal.add(ny(2025, 3, 8, 22), dt.timedelta(hours=5)) == ny(2025, 3, 9, 4)
    # In the autumn night 5 h from 22:00 EDT is 02:00 EST (the second 01:xx passes first).
    assert (
        cal.add(ny(2025, 11, 1, 22), dt.timedelta(hours=5)).isoformat()
        == "2025-11-02T07:00:00+00:00"  # 02:00 EST (UTC-5)
    )
    assert cal.next_close(ny(2025, 11, 1, 23)) == ny(2025, 11, 2, 6)


def test_holiday_removes_the_shift_starting_that_evening_only():
    """A holiday on D removes D's overnight shift, not the one from D-1 into D's morning."""
    week = {d: [("22:00", "06:00")] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    cal = BusinessCalendar(NY, week, holidays=["2025-06-10"])
    assert cal.is_open(ny(2025, 6, 10, 3))  # the shift of 06-09
    assert not cal.is_open(ny(2025, 6, 10, 23))  # the shift of 06-10 is gone
    assert cal.is_open(ny(2025, 6, 11, 23))
    assert not cal.is_business_day(dt.date(2025, 6, 10))


def test_always_open_equals_real_time_and_fixes_the_pandas_dst_example():
    """A 24x7 calendar: New York 2025-03-09 00:30 + 3 h is 04:30 EDT, three real hours."""
    cal = BusinessCalendar.always_open(NY)
    assert cal.add(ny(2025, 3, 9, 0, 30), dt.timedelta(hours=3)) == ny(2025, 3, 9, 4, 30)
    assert cal.between(ny(2025, 11, 2), ny(2025, 11, 3)) == dt.timedelta(hours=25)
    with pytest.raises(CalendarError):
        cal.next_close(ny(2025, 1, 1))


def test_override_beats_holiday_and_gives_a_half_day():
    """An override (Christmas Eve half day) replaces the weekly hours, even on a holiday."""
    cal = uk_england_wales(weekly=None)
    london = pendulum.timezone("Europe/London")
    half = BusinessCalendar(
        london,
        cal.weekly,
        cal.holidays,
        overrides={"2025-12-24": [("09:00", "12:00")], "2025-12-26": [("10:00", "11:00")]},
        name="uk_half",
        covered=cal.covered,
    )
    day = pendulum.datetime(2025, 12, 24, tz=london)
    assert half.between(day, day.add(days=3)) == dt.timedelta(hours=4)
    assert half.close_of_business(dt.date(2025, 12, 24)) == day.add(hours=12)


def test_end_of_day_and_local_date_are_dst_correct():
    """24:00 is the next day's first instant; Havana springs forward at midnight."""
    cal = BusinessCalendar.always_open("America/Havana")
    assert cal.end_of_day(dt.date(2025, 3, 8)) == pendulum.datetime(2025, 3, 9, 5, tz="UTC")
    nyc = BusinessCalendar.always_open(NY)
    assert nyc.end_of_day(dt.date(2025, 11, 1)) == pendulum.datetime(2025, 11, 2, 4, tz="UTC")
    assert nyc.local_date(pendulum.datetime(2025, 11, 2, 3, tz="UTC")) == dt.date(2025, 11, 1)


def test_subtract_goes_back_to_the_latest_instant():
    """Mon 09:00 - 1 h is Fri 17:00; Mon 10:00 - 1 h is Mon 09:00 (the latest such instant)."""
    cal = BusinessCalendar(SH, LUNCH)
    assert cal.subtract(sh(2025, 3, 10, 9), H) == sh(2025, 3, 7, 17)
    assert cal.subtract(sh(2025, 3, 10, 10), H) == sh(2025, 3, 10, 9)
    assert cal.subtract(sh(2025, 3, 10, 14), dt.timedelta(hours=2)) == sh(2025, 3, 10, 11)
    assert cal.subtract(sh(2025, 3, 10, 14), dt.timedelta(0)) == sh(2025, 3, 10, 14)


def test_open_intervals_merge_touching_intervals():
    """09:00-12:00 and 12:00-18:00 are one stretch; 00:00-24:00 on consecutive days too."""
    cal = BusinessCalendar(
        SH,
        {
            "mon": [("09:00", "12:00"), ("12:00", "18:00")],
            "tue": [("00:00", "24:00")],
            "wed": [("00:00", "10:00")],
        },
    )
    got = list(cal.open_intervals(sh(2025, 3, 3), sh(2025, 3, 6)))
    assert got == [(sh(2025, 3, 3, 9), sh(2025, 3, 3, 18)), (sh(2025, 3, 4), sh(2025, 3, 5, 10))]
    assert cal.next_close(sh(2025, 3, 4, 5)) == sh(2025, 3, 5, 10)


def test_sub_second_parts_are_dropped_and_inputs_may_be_any_aware_kind():
    """Instants are floored to the second; stdlib datetimes and ISO strings are accepted."""
    cal = BusinessCalendar(SH, LUNCH)
    start = dt.datetime(2025, 3, 3, 1, 0, 0, 900_000, tzinfo=dt.UTC)  # 09:00:00.9 Shanghai
    assert cal.add(start, dt.timedelta(seconds=1.5)) == sh(2025, 3, 3, 9, 0, 1)
    assert cal.between("2025-03-03T09:00:00+08:00", "2025-03-03T10:00:00+08:00") == H
    # Results are UTC instants: 10:00 in Shanghai (UTC+8) is 02:00 UTC.
    result = cal.add(sh(2025, 3, 3, 9), H)
    assert result.tzinfo is dt.UTC
    assert result.isoformat() == "2025-03-03T02:00:00+00:00"


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekly", "field"),
    [
        ({"mon": [("25:00", "26:00")]}, "weekly.mon[0][0]"),
        ({"mon": [("09:00", "12:00"), ("9:00am", "18:00")]}, "weekly.mon[1][0]"),
        ({"mon": [("09:00", "24:01")]}, "weekly.mon[0][1]"),
        ({"mon": [("24:00", "10:00")]}, "weekly.mon[0][0]"),
        ({"mon": [("09:00", "12:00"), ("11:00", "13:00")]}, "weekly.mon[1]"),
        ({"mon": [("22:00", "06:00")], "tue": [("05:00", "09:00")]}, "weekly.tue[0]"),
        ({"sun": [("22:00", "06:00")], "mon": [("05:00", "09:00")]}, "weekly.mon[0]"),
        ({"monday": [("09:00", "10:00")]}, "weekly.monday"),
        ({"mon": "09:00-18:00"}, "weekly.mon"),
        ({"mon": [("09:00",)]}, "weekly.mon[0]"),
        ("Mon-Fri", "weekly"),
    ],
)
def test_bad_weekly_hours_name_the_field(weekly, field):
    """Malformed or overlapping hours raise InvalidFieldError naming the entry."""
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar(SH, weekly)
    assert info.value.field == field


def test_other_bad_fields():
    """Bad zones, dates, make-up days, coverage and policies are refused with their field."""
    with pytest.raises(UnknownTimezoneError):
        BusinessCalendar("CST", LUNCH)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"holidays": ["2025-13-01"]}, "holidays[0]"),
        ({"holidays": "2025-01-01"}, "holidays"),
        ({"workdays": {"2025-01-26": "funday"}}, "workdays.2025-01-26"),
        ({"workdays": ["2025-01-26"]}, "workdays"),
        ({"workdays": {"2025-01-01": "mon"}, "holidays": ["2025-01-01"]}, "workdays.2025-01-01"),
        (
            {"overrides": {"2025-01-01": [("09:00", "12:00"), ("11:00", "13:00")]}},
            "overrides.2025-01-01[1]",
        ),
        # An overnight override running into Thursday's 09:00 opening.
        ({"overrides": {"2025-01-01": [("18:00", "17:00")]}}, "overrides.2025-01-01"),
        ({"overrides": []}, "overrides"),
        ({"covered": (2026, 2025)}, "covered"),
        ({"beyond_data": "guess"}, "beyond_data"),
        ({"name": ""}, "name"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidFieldError) as info:
            BusinessCalendar(SH, LUNCH, **kwargs)
        assert info.value.field == field, kwargs


def test_override_next_to_an_overnight_shift_is_refused():
    """An override whose morning overlaps the previous evening's overnight shift is refused."""
    week = {"mon": [("22:00", "06:00")]}
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar(NY, week, overrides={"2025-03-04": [("05:00", "07:00")]})
    assert info.value.field == "overrides.2025-03-04"
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar(
            NY, {"tue": [("05:00", "07:00")]}, overrides={"2025-03-03": [("22:00", "06:00")]}
        )
    assert info.value.field == "overrides.2025-03-03"


def test_bad_operation_arguments():
    """Naive instants, negative durations, reversed spans and closed days are refused."""
    cal = cn_mainland()
    with pytest.raises(NaiveDatetimeError) as naive:
        cal.add(dt.datetime(2025, 3, 3, 9), H)
    assert naive.value.field == "start"
    with pytest.raises(InvalidFieldError) as info:
        cal.add(sh(2025, 3, 3), -H)
    assert info.value.field == "duration"
    with pytest.raises(InvalidFieldError):
        cal.add(sh(2025, 3, 3), 3600)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError) as info:
        cal.between(sh(2025, 3, 4), sh(2025, 3, 3))
    assert info.value.field == "end"
    with pytest.raises(InvalidFieldError):
        list(cal.open_intervals(sh(2025, 3, 4), sh(2025, 3, 3)))
    with pytest.raises(InvalidFieldError) as info:
        cal.close_of_business(dt.date(2025, 1, 1))
    assert info.value.field == "day"
    with pytest.raises(InvalidFieldError):
        cal.add_business_days(dt.date(2025, 1, 1), 1.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        cal.is_business_day("tomorrow")  # type: ignore[arg-type]


def test_a_never_open_calendar_refuses_instead_of_looping():
    """An empty week with no make-up days cannot add a positive duration."""
    cal = BusinessCalendar(SH, {})
    with pytest.raises(CalendarError):
        cal.add(sh(2025, 3, 3), dt.timedelta(minutes=1))
    with pytest.raises(CalendarError):
        cal.subtract(sh(2025, 3, 3), dt.timedelta(minutes=1))
    with pytest.raises(CalendarError):
        cal.next_open(sh(2025, 3, 3))
    with pytest.raises(CalendarError):
        cal.next_business_day(dt.date(2025, 3, 3))
    with pytest.raises(CalendarError):
        cal.add_business_days(dt.date(2025, 3, 3), -1)
    assert cal.add(sh(2025, 3, 3), dt.timedelta(0)) == sh(2025, 3, 3)
    assert cal.between(sh(2025, 1, 1), sh(2026, 1, 1)) == dt.timedelta(0)
    # Open only on one override date: after it, nothing.
    once = BusinessCalendar(SH, {}, overrides={"2025-05-05": [("09:00", "10:00")]})
    assert once.add(sh(2025, 1, 1), H) == sh(2025, 5, 5, 10)
    with pytest.raises(CalendarError):
        once.add(sh(2025, 1, 1), 2 * H)
    assert once.subtract(sh(2027, 1, 1), H) == sh(2025, 5, 5, 9)


def test_spans_past_the_data_raise_unless_weekly_is_chosen():
    """CN data covers 2024-2026: 2027 raises CalendarDataMissingError naming the year."""
    cal = cn_mainland()
    with pytest.raises(CalendarDataMissingError) as info:
        cal.add(sh(2026, 12, 31, 17), dt.timedelta(hours=2))
    assert (info.value.calendar, info.value.year, info.value.covered) == (
        "cn_mainland",
        2027,
        (2024, 2026),
    )
    with pytest.raises(CalendarDataMissingError) as info:
        cal.is_open(sh(2023, 12, 29, 10))
    assert info.value.year == 2023
    with pytest.raises(CalendarDataMissingError):
        cal.add_business_days(dt.date(2026, 12, 30), 5)
    with pytest.raises(CalendarDataMissingError):
        cal.subtract(sh(2024, 1, 2, 10), dt.timedelta(hours=3))
    weekly = cn_mainland(beyond_data="weekly")
    assert weekly.add(sh(2026, 12, 31, 17), dt.timedelta(hours=2)) == sh(2027, 1, 1, 10)
    assert weekly.is_business_day(dt.date(2027, 1, 1))


def test_from_dict_names_json_paths_and_merges_presets():
    """from_dict reads the documented schema; errors carry the JSON path; presets merge."""
    spec = {
        "schema": 1,
        "timezone": SH,
        "weekly": {"mon": [["09:00", "12:00"], ["13:00", "18:00"]], "sun": []},
        "holidays": ["2025-01-06"],
        "workdays": {"2025-01-26": "mon"},
        "overrides": {"2025-01-07": [["09:00", "12:00"]]},
    }
    cal = BusinessCalendar.from_dict(spec)
    assert cal.is_business_day(dt.date(2025, 1, 26))
    assert not cal.is_business_day(dt.date(2025, 1, 6))
    assert cal.close_of_business(dt.date(2025, 1, 7)) == sh(2025, 1, 7, 12)
    bad = json.loads(json.dumps(spec))
    bad["weekly"]["mon"][1][0] = "13h"
    with pytest.raises(SerializationError) as info:
        BusinessCalendar.from_dict(bad)
    assert info.value.path == "weekly.mon[1][0]"
    with pytest.raises(SerializationError) as info:
        BusinessCalendar.from_dict({"schema": 1, "weekly": {}})
    assert info.value.path == "timezone"
    with pytest.raises(SerializationError) as info:
        BusinessCalendar.from_dict({**spec, "holidy": []})
    assert info.value.path == "holidy"
    with pytest.raises(SerializationError) as info:
        BusinessCalendar.from_dict({"schema": 1, "preset": "mars"})
    assert info.value.path == "preset"
    with pytest.raises(SerializationError):
        BusinessCalendar.from_dict({"schema": 1, "preset": 3})
    merged = BusinessCalendar.from_dict(
        {"schema": 1, "preset": "cn", "holidays": ["2025-03-03"], "workdays": {"2025-03-08": "fri"}}
    )
    assert merged == BusinessCalendar(
        SH,
        cn_mainland().weekly,
        cn_mainland().holidays | {dt.date(2025, 3, 3)},
        {**cn_mainland().workdays, dt.date(2025, 3, 8): 5},
        name="cn_mainland",
        covered=(2024, 2026),
        dataset="cn",
    )
    assert BusinessCalendar.from_dict({"schema": 1, "preset": "cn"}) == cn_mainland()


def test_preset_zones_and_coverage():
    """Each preset has its zone and the years its data covers."""
    got = {
        c.name: (c.timezone.key, c.covered)
        for c in (cn_mainland(), hong_kong(), us_federal(), uk_england_wales())
    }
    assert got == {
        "cn_mainland": (SH, (2024, 2026)),
        "hong_kong": ("Asia/Hong_Kong", (2024, 2026)),
        "us_federal": (NY, (2024, 2027)),
        "uk_england_wales": ("Europe/London", (2024, 2027)),
    }
    weekend = cn_mainland(weekly={"sat": [("10:00", "16:00")]})
    # With only Saturday hours, a make-up day takes the first weekday's hours: none -> Monday.
    assert not weekend.is_business_day(dt.date(2025, 1, 26))


def test_evolve_and_repr_keep_the_value_semantics():
    """attrs.evolve rebuilds through the converters; equal calendars hash equal."""
    import attrs

    cal = cn_mainland()
    same = attrs.evolve(cal)
    assert same == cal
    assert hash(same) == hash(cal)
    assert attrs.evolve(cal, name="other") != cal
    assert "cn_mainland" in repr(cal)
    assert cal.workdays == dict(cal.workdays)
    assert cal.workdays != 3  # type: ignore[comparison-overlap]


# -- properties ------------------------------------------------------------------------------

INSTANTS = sfst.aware_datetimes(
    dt.datetime(2024, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 9, 30, tzinfo=dt.UTC)
)
MINUTE_INSTANTS = INSTANTS.map(lambda t: t.replace(second=0))
#: A drawn calendar with an instant aimed at its own holidays, make-up workdays and
#: override days half of the time (`calendar_instants`): a bug that ignored make-up days
#: would pass properties drawing instants uniformly.
CALENDAR_AND_INSTANT = sfst.business_calendars().flatmap(
    lambda cal: st.tuples(
        st.just(cal),
        sfst.calendar_instants(
            cal, dt.datetime(2024, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 9, 30, tzinfo=dt.UTC)
        ),
    )
)
CALENDAR_AND_MINUTE = CALENDAR_AND_INSTANT.map(
    lambda pair: (pair[0], pair[1].replace(second=0, microsecond=0))
)


@given(CALENDAR_AND_INSTANT, sfst.business_durations())
def test_add_then_measure_is_identity(calendar_at, d):
    """between(a, add(a, d)) == d, and subtract inverts add."""
    cal, start = calendar_at
    end = cal.add(start, d)
    assert ts(end) >= ts(start)
    assert cal.between(start, end) == d
    back = cal.subtract(end, d)
    assert ts(back) >= ts(start)
    assert cal.between(back, end) == d


@given(CALENDAR_AND_INSTANT, sfst.business_durations(), sfst.business_durations())
def test_add_is_monotonic_in_duration(calendar_at, d1, d2):
    """A longer duration never ends earlier."""
    cal, start = calendar_at
    lo, hi = sorted((d1, d2))
    assert ts(cal.add(start, lo)) <= ts(cal.add(start, hi))


@given(CALENDAR_AND_INSTANT, st.integers(0, 10 * 86400), sfst.business_durations(200))
def test_add_is_monotonic_in_start(calendar_at, shift, d):
    """A later start never ends earlier."""
    cal, start = calendar_at
    later = plus(start, seconds=shift)
    assert ts(cal.add(start, d)) <= ts(cal.add(later, d))


@given(CALENDAR_AND_INSTANT, st.integers(0, 30 * 86400), st.integers(0, 30 * 86400))
def test_between_is_additive(calendar_at, x, y):
    """between(a, b) + between(b, c) == between(a, c)."""
    cal, a = calendar_at
    b = plus(a, seconds=x)
    c = plus(b, seconds=y)
    assert cal.between(a, b) + cal.between(b, c) == cal.between(a, c)


@given(CALENDAR_AND_INSTANT, sfst.business_durations())
def test_roll_lands_on_an_open_instant(calendar_at, d):
    """add(..., roll=True) is open and is the next opening at or after add(...)."""
    cal, start = calendar_at
    plain = cal.add(start, d)
    rolled = cal.add(start, d, roll=True)
    assert cal.is_open(rolled)
    assert rolled == cal.next_open(plain)
    assert cal.between(plain, rolled) == dt.timedelta(0)


@given(sfst.timezones(), INSTANTS, st.integers(0, 400 * 86400))
def test_always_open_business_time_is_real_time(zone, start, seconds):
    """On a 24x7 calendar business time is real elapsed time, in any zone."""
    cal = BusinessCalendar.always_open(zone.key)
    end = plus(start, seconds=seconds)
    assert cal.between(start, end) == dt.timedelta(
        seconds=int(end.timestamp()) - int(start.timestamp())
    )
    # Compared as epoch seconds: PEP 495 makes an inter-zone == False for a time in a fold.
    assert ts(cal.add(start, dt.timedelta(seconds=seconds))) == ts(end)


@given(sfst.business_calendars())
def test_dict_and_pickle_round_trip(cal):
    """from_dict(to_dict(c)) == c through JSON, and pickling keeps the value (not the memo)."""
    as_dict = cal.to_dict()
    assert BusinessCalendar.from_dict(json.loads(json.dumps(as_dict))) == cal
    cal.is_open(pendulum.datetime(2025, 1, 1, tz="UTC"))  # fill the memo
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal
    assert hash(copy) == hash(cal)
    assert len(pickle.dumps(cal)) < 4 * len(json.dumps(as_dict)) + 500


@given(CALENDAR_AND_MINUTE, st.integers(0, 3 * 1440))
def test_between_matches_the_minute_reference(calendar_at, minutes):
    """between agrees with the minute-by-minute reference (all drawn hours are minute-aligned)."""
    cal, start = calendar_at
    a = ts(start)
    b = a + minutes * 60
    expected = ref_between_minutes(cal, a, b)
    assert cal.between(start, plus(start, minutes=minutes)) == dt.timedelta(minutes=expected)


@given(CALENDAR_AND_MINUTE, st.integers(1, 600))
def test_add_matches_the_minute_reference(calendar_at, minutes):
    """add(a, n minutes) is the end of the n-th open minute counted by the reference."""
    cal, start = calendar_at
    t = ts(start)
    count = 0
    limit = t + 60 * 86400
    while t < limit:
        if ref_is_open(cal, t):
            count += 1
            if count == minutes:
                break
        t += 60
    assume(count == minutes)
    assert ts(cal.add(start, dt.timedelta(minutes=minutes))) == t + 60


@given(CALENDAR_AND_INSTANT)
def test_is_open_next_open_next_close_agree_with_the_reference(calendar_at):
    """is_open matches the reference; next_open is open; next_close is the first closed instant."""
    cal, at = calendar_at
    assert cal.is_open(at) == ref_is_open(cal, ts(at))
    opening = cal.next_open(at)
    assert ref_is_open(cal, ts(opening))
    assert cal.between(at, opening) == dt.timedelta(0)
    close = cal.next_close(at)
    assert ts(close) > ts(opening)
    assert not ref_is_open(cal, ts(close))
    assert ref_is_open(cal, ts(close) - 1)
    assert cal.between(opening, close) == dt.timedelta(seconds=ts(close) - ts(opening))


@given(
    sfst.business_calendars(),
    st.dates(dt.date(2024, 2, 1), dt.date(2026, 10, 31)),
    st.integers(-20, 20),
)
def test_business_days_agree_with_the_reference(cal, day, n):
    """is_business_day and add_business_days agree with a day-by-day walk of the reference."""
    assert cal.is_business_day(day) == _day_real(cal, day)
    got = cal.add_business_days(day, n)
    walk, left, step = day, abs(n), 1 if n > 0 else -1
    while left:
        walk += dt.timedelta(step)
        left -= _day_real(cal, walk)
    assert got == walk


def _day_real(cal: BusinessCalendar, day: dt.date) -> bool:
    """Whether some wall minute of the date's intervals exists (is not skipped by a DST gap)."""
    zone = zoneinfo.ZoneInfo(cal.timezone.key)
    base = dt.datetime(day.year, day.month, day.day)
    for start, end in _ref_hours(cal, day):
        stop = end if end > start else end + 86400
        for wall in range(start, stop, 60):
            naive = base + dt.timedelta(seconds=wall)
            back = naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
            if back.replace(tzinfo=None) == naive:
                return True
    return False


# -- the fast zone conversions equal the standard library's -----------------------------------


def test_input_forms_and_edges_of_the_supported_years():
    """Times as datetime.time, non-pair entries, pickled maps, and the supported year range."""
    cal = BusinessCalendar("UTC", {"mon": [(dt.time(9), dt.time(17, 30))]})
    assert cal.weekly[0] == ((9 * 3600, 17 * 3600 + 1800),)
    assert pickle.loads(pickle.dumps(cal_workdays := cn_mainland().workdays)) == cal_workdays
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar("UTC", {"mon": [5]})
    assert info.value.field == "weekly.mon[0]"
    for day in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        with pytest.raises(InvalidFieldError) as info:
            BusinessCalendar("UTC", {}, overrides={day: [("09:00", "10:00")]})
        assert info.value.field == f"overrides.{day.isoformat()}"
    with pytest.raises(CalendarError):
        cal.is_business_day(dt.date(9998, 1, 5))
    kiritimati = BusinessCalendar.always_open("Pacific/Kiritimati")  # UTC+14
    with pytest.raises(CalendarError):
        kiritimati.is_open(dt.datetime(9999, 12, 31, 20, tzinfo=dt.UTC))
    with pytest.raises(InvalidFieldError):
        kiritimati.end_of_day(dt.date(9999, 12, 31))
    # Counting backwards across a year boundary.
    assert cn_mainland().add_business_days(dt.date(2025, 1, 3), -3) == dt.date(2024, 12, 30)


@pytest.mark.parametrize("key", ["Europe/London", "America/New_York", "Australia/Sydney"])
def test_zone_offset_segments_agree_with_zoneinfo_also_when_memoised(key: str) -> None:
    """The offset segments read from the zone's rule (memoised per year) agree with zoneinfo
    one second inside each end of every segment, first computed and then from the memo."""
    from supportflow.calendar import _time as _calendar_time
    from supportflow.calendar import _tzif

    zone = zoneinfo.ZoneInfo(key)
    for _ in range(2):
        _calendar_time.year_segments.cache_clear()  # recompute from the (memoised) rule
        for year in (2040, 2041, 2500, 9000):
            segments = _calendar_time.year_segments(key, year)
            assert len(segments) == 3  # two changes a year, within the margin days
            for lo, hi, offset in segments:
                for ts in (lo + 1, hi - 1):
                    seen = dt.datetime.fromtimestamp(ts, zone).utcoffset()
                    assert seen == dt.timedelta(seconds=offset)
    rules = _tzif.rules(key)
    assert rules is not None
    assert {2040, 2041, 2500, 9000} <= set(rules.events)

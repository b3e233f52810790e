"""The adapter around pendulum: zones, instants, durations."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportflow import InvalidFieldError, NaiveDatetimeError, UnknownTimezoneError, _pendulum
from supportflow.testing import strategies as sfst


@pytest.mark.parametrize("name", ["Asia/Shanghai", "America/New_York", "UTC", "Etc/GMT+8"])
def test_zone_accepts_iana_names(name):
    """Full IANA names give stdlib zones with that key."""
    tz = _pendulum.zone(name)
    assert type(tz) is zoneinfo.ZoneInfo
    assert tz.key == name


def test_zone_accepts_zone_objects():
    """A ZoneInfo is accepted as is; a pendulum Timezone becomes the stdlib zone of its key."""
    taipei = zoneinfo.ZoneInfo("Asia/Taipei")
    assert _pendulum.zone(taipei) is taipei
    tz = _pendulum.zone(pendulum.timezone("Europe/London"))
    assert type(tz) is zoneinfo.ZoneInfo
    assert tz.key == "Europe/London"


@pytest.mark.parametrize(
    "name",
    ["CST", "EST", "IST", "EST5EDT", "Mars/Base", "", " Asia/Shanghai", "localtime", None, 8],
)
def test_zone_rejects_abbreviations_and_unknowns(name):
    """Ambiguous abbreviations and unknown names raise UnknownTimezoneError naming the field."""
    with pytest.raises(UnknownTimezoneError) as info:
        _pendulum.zone(name, field="customer.timezone")
    assert info.value.field == "customer.timezone"
    assert info.value.value == name


def test_instant_of_a_zoned_stdlib_datetime_is_utc_and_honours_fold():
    """New York 2025-11-02 01:30 happens twice: fold=0 is EDT (05:30Z), fold=1 EST (06:30Z)."""
    ny = zoneinfo.ZoneInfo("America/New_York")
    first = _pendulum.instant(dt.datetime(2025, 11, 2, 1, 30, tzinfo=ny), field="at")
    second = _pendulum.instant(dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=ny), field="at")
    assert type(first) is dt.datetime
    assert first.tzinfo is dt.UTC
    assert first == dt.datetime(2025, 11, 2, 5, 30, tzinfo=dt.UTC)
    assert second == dt.datetime(2025, 11, 2, 6, 30, tzinfo=dt.UTC)
    assert second - first == dt.timedelta(hours=1)  # real time, not wall clock


def test_instant_of_utc_input_is_the_same_object():
    """The hot path: a stdlib UTC datetime passes through untouched."""
    value = dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
    assert _pendulum.instant(value, field="at") is value


def test_instant_converts_fixed_offsets_and_pendulum_values_to_utc():
    """A fixed offset and a pendulum DateTime give plain UTC datetimes of the same instant."""
    value = dt.datetime(2025, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    result = _pendulum.instant(value, field="at")
    assert result == dt.datetime(2025, 1, 1, 1, tzinfo=dt.UTC)
    assert result.tzinfo is dt.UTC
    p = pendulum.datetime(2025, 10, 26, 1, 30, tz="Europe/London", fold=1)  # the second 01:30
    converted = _pendulum.instant(p, field="at")
    assert type(converted) is dt.datetime
    assert converted == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)  # GMT = UTC


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    ],
)
def test_instant_outside_the_utc_range_is_a_typed_error(value):
    """An instant that has no UTC reading in years 1-9999 names the field, never OverflowError."""
    with pytest.raises(InvalidFieldError) as info:
        _pendulum.instant(value, field="at")
    assert info.value.field == "at"


def test_wall_instant_resolves_gaps_forward_and_folds_to_the_first_reading():
    """02:30 in New York's spring gap is 03:30 EDT (07:30Z); 01:30 in the fold is 05:30Z."""
    ny = zoneinfo.ZoneInfo("America/New_York")
    gap = _pendulum.wall_instant(dt.date(2025, 3, 9), dt.time(2, 30), ny)
    assert gap == dt.datetime(2025, 3, 9, 7, 30, tzinfo=dt.UTC)
    fold = _pendulum.wall_instant(dt.date(2025, 11, 2), dt.time(1, 30), ny)
    assert fold == dt.datetime(2025, 11, 2, 5, 30, tzinfo=dt.UTC)


def test_instant_rejects_naive_and_non_datetimes():
    """Naive datetimes and dates are refused with the field named."""
    with pytest.raises(NaiveDatetimeError) as info:
        _pendulum.instant(dt.datetime(2025, 1, 1), field="received_at")
    assert info.value.field == "received_at"
    with pytest.raises(InvalidFieldError):
        _pendulum.instant(dt.date(2025, 1, 1), field="received_at")
    with pytest.raises(InvalidFieldError):
        _pendulum.instant(1735689600, field="received_at")


@pytest.mark.parametrize("text", ["2025-01-01T00:00:00", "2025-01-01 08:00"])
def test_parse_instant_requires_an_offset(text):
    """ISO strings without an offset are naive, so refused."""
    with pytest.raises(NaiveDatetimeError):
        _pendulum.parse_instant(text, field="at")


@pytest.mark.parametrize("text", ["2025-01-01", "yesterday", "2025-13-01T00:00:00Z", ""])
def test_parse_instant_rejects_non_datetimes(text):
    """Dates alone and garbage are refused."""
    with pytest.raises(InvalidFieldError):
        _pendulum.parse_instant(text, field="at")


@given(sfst.aware_datetimes())
def test_format_then_parse_is_the_same_instant(value):
    """parse_instant(format_instant(t)) is the instant t, in UTC, with the same timestamp."""
    back = _pendulum.parse_instant(_pendulum.format_instant(value), field="at")
    assert back.tzinfo is dt.UTC
    assert back.timestamp() == value.timestamp()
    assert back == _pendulum.instant(value, field="at")


@given(st.timedeltas(min_value=dt.timedelta(days=-(10**5)), max_value=dt.timedelta(days=10**5)))
def test_durations_round_trip_exactly(value):
    """parse_duration(format_duration(d)) == d for every timedelta."""
    assert _pendulum.parse_duration(_pendulum.format_duration(value), field="d") == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT8H", dt.timedelta(hours=8)),
        ("P1DT30M", dt.timedelta(days=1, minutes=30)),
        ("PT0S", dt.timedelta(0)),
        ("-PT1.5S", -dt.timedelta(seconds=1, microseconds=500000)),
        ("P3D", dt.timedelta(days=3)),
    ],
)
def test_parse_duration_examples(text, expected):
    """Hand-written ISO durations parse to the expected timedelta."""
    assert _pendulum.parse_duration(text, field="d") == expected


@pytest.mark.parametrize("text", ["P1Y", "P1W", "P", "PT", "8h", "P1DT", 28800, None])
def test_parse_duration_rejects_calendar_units_and_garbage(text):
    """Years and weeks are not fixed lengths; garbage is garbage."""
    with pytest.raises(InvalidFieldError) as info:
        _pendulum.parse_duration(text, field="goal")
    assert info.value.field == "goal"


def test_format_duration_examples():
    """Hand-checked formatting."""
    assert _pendulum.format_duration(dt.timedelta(hours=8)) == "PT8H"
    assert _pendulum.format_duration(dt.timedelta(days=1, seconds=61)) == "P1DT1M1S"
    assert _pendulum.format_duration(dt.timedelta(0)) == "PT0S"
    assert _pendulum.format_duration(-dt.timedelta(minutes=5)) == "-PT5M"

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
    """Full IANA names give pendulum zones with that name."""
    assert _pendulum.zone(name).name == name


def test_zone_accepts_zone_objects():
    """A ZoneInfo or pendulum Timezone is accepted as is."""
    assert _pendulum.zone(zoneinfo.ZoneInfo("Asia/Taipei")).name == "Asia/Taipei"
    tz = pendulum.timezone("Europe/London")
    assert _pendulum.zone(tz) is tz


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


def test_instant_keeps_iana_zone_of_stdlib_datetime():
    """A stdlib datetime with ZoneInfo becomes a pendulum DateTime in the same zone."""
    value = dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    result = _pendulum.instant(value, field="at")
    assert isinstance(result, pendulum.DateTime)
    assert result.timezone_name == "America/New_York"
    # fold=1 is the second 01:30, in EST: 06:30 UTC (checked by hand: EST is UTC-5).
    assert result.in_timezone("UTC") == pendulum.datetime(2025, 11, 2, 6, 30, tz="UTC")


def test_instant_keeps_fixed_offsets():
    """A fixed-offset datetime keeps its offset."""
    value = dt.datetime(2025, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    result = _pendulum.instant(value, field="at")
    assert result.utcoffset() == dt.timedelta(hours=8)
    assert result == value


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
    """parse_instant(format_instant(t)) == t, with the same offset."""
    back = _pendulum.parse_instant(_pendulum.format_instant(value), field="at")
    assert back == value
    assert back.utcoffset() == value.utcoffset()


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

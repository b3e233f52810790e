"""The fast paths of `between`, `add` and `subtract`: hand-checked values, the general path.

Once a calendar has built a range of years, whole-second instants inside it are handled by C
timedelta arithmetic on real (UTC) time, after converting any other kind of aware instant to
UTC; everything else (sub-second parts that matter, instants outside the range, bad input)
takes the general path.
These tests warm the fast path first, then check that both paths agree everywhere, including
across DST transitions, in folds, with sub-second parts and on bad input.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

import pendulum
import pytest

from supportflow import BusinessCalendar, InvalidFieldError, NaiveDatetimeError
from supportflow.calendar import cn_mainland, us_federal

SH = "Asia/Shanghai"
NY = "America/New_York"
H = dt.timedelta(hours=1)
LUNCH = {d: [("09:00", "12:00"), ("13:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}


def sh(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, second, tz=SH)


def ny(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, second, tz=NY)


@pytest.fixture
def lunch() -> BusinessCalendar:
    cal = cn_mainland(weekly=LUNCH)
    cal.between(sh(2025, 3, 3, 9), sh(2025, 3, 3, 10))  # warms the fast path
    assert cal._fast is not None  # the path under test is active
    return cal


def test_hand_checked_values_on_the_fast_path(lunch: BusinessCalendar) -> None:
    """Mon-Fri 09:00-12:00 + 13:00-18:00, Asia/Shanghai; 2025-03-03 is a Monday."""
    assert lunch.between(sh(2025, 3, 3, 8), sh(2025, 3, 3, 19)) == 8 * H
    assert lunch.between(sh(2025, 3, 3, 10, 30), sh(2025, 3, 3, 13, 30)) == 2 * H
    assert lunch.between(sh(2025, 3, 3, 12), sh(2025, 3, 3, 13)) == dt.timedelta(0)
    assert lunch.between(sh(2025, 3, 7, 17), sh(2025, 3, 10, 10)) == 2 * H  # over a weekend
    assert lunch.add(sh(2025, 3, 7, 17), H) == sh(2025, 3, 7, 18)  # Friday close, not Monday
    assert lunch.add(sh(2025, 3, 7, 17), 2 * H) == sh(2025, 3, 10, 10)
    assert lunch.add(sh(2025, 3, 3, 11, 30), H) == sh(2025, 3, 3, 13, 30)  # over lunch
    assert lunch.add(sh(2025, 3, 3, 12, 15), dt.timedelta(minutes=1)) == sh(2025, 3, 3, 13, 1)
    assert lunch.subtract(sh(2025, 3, 10, 10), 2 * H) == sh(2025, 3, 7, 17)
    assert lunch.subtract(sh(2025, 3, 3, 13, 30), H) == sh(2025, 3, 3, 11, 30)
    # 2025-01-26 (Sunday) is a make-up working day; 2025-01-28..02-04 are holidays.
    assert lunch.between(sh(2025, 1, 25), sh(2025, 1, 27)) == 8 * H
    assert lunch.add(sh(2025, 1, 27, 18), H) == sh(2025, 2, 5, 10)
    result = lunch.add(sh(2025, 3, 3, 9), H)
    assert type(result) is dt.datetime
    assert result.tzinfo is dt.UTC
    assert result == dt.datetime(2025, 3, 3, 2, tzinfo=dt.UTC)  # 10:00 in Shanghai
    assert type(lunch.between(sh(2025, 3, 3, 9), sh(2025, 3, 3, 10))) is dt.timedelta


def test_sub_second_parts_are_dropped_on_the_fast_path_too(lunch: BusinessCalendar) -> None:
    """Instants are floored to whole seconds before measuring, whatever the path."""
    t = sh(2025, 3, 3, 10)
    half, later = t.add(microseconds=500_000), t.add(seconds=1, microseconds=700_000)
    assert lunch.between(half, later) == dt.timedelta(seconds=1)
    assert lunch.between(t.add(microseconds=700_000), t.add(seconds=1, microseconds=200_000)) == (
        dt.timedelta(seconds=1)
    )
    assert lunch.between(half, sh(2025, 3, 3, 12, 30).add(microseconds=500_000)) == 2 * H
    assert lunch.between(later, half.add(seconds=1)) == dt.timedelta(0)  # same whole second
    assert lunch.add(half, H) == sh(2025, 3, 3, 11)
    assert lunch.add(t, dt.timedelta(hours=1, microseconds=999_999)) == sh(2025, 3, 3, 11)
    assert lunch.subtract(later, H) == sh(2025, 3, 3, 9, 0, 1)


def test_other_kinds_of_instants_and_bad_input_still_work(lunch: BusinessCalendar) -> None:
    """Strings, stdlib datetimes and other zones give the same answers; bad input still raises."""
    nine, eleven = sh(2025, 3, 3, 9), sh(2025, 3, 3, 11)
    assert lunch.between("2025-03-03T09:00:00+08:00", eleven) == 2 * H
    assert lunch.between(nine, "2025-03-03T03:00:00Z") == 2 * H
    stdlib = dt.datetime(2025, 3, 3, 11, tzinfo=zoneinfo.ZoneInfo(SH))
    assert lunch.between(nine, stdlib) == 2 * H
    same_zone = dt.datetime(2025, 3, 3, 11, tzinfo=lunch.timezone)
    assert lunch.between(nine, same_zone) == 2 * H
    assert lunch.add(same_zone, H) == sh(2025, 3, 3, 12)  # 11:00 + 1 h ends at lunch
    assert lunch.add(nine.in_timezone("UTC"), H) == sh(2025, 3, 3, 10)
    assert lunch.add(nine, pendulum.duration(hours=1)) == sh(2025, 3, 3, 10)
    assert lunch.add(nine, dt.timedelta(0)) == nine
    assert lunch.subtract(nine, dt.timedelta(0)) == nine
    assert lunch.add(sh(2025, 3, 3, 12, 30), H, roll=True) == sh(2025, 3, 3, 14)
    with pytest.raises(NaiveDatetimeError):
        lunch.between(nine, dt.datetime(2025, 3, 3, 11))
    with pytest.raises(NaiveDatetimeError):
        lunch.add(dt.datetime(2025, 3, 3, 11), H)
    with pytest.raises(InvalidFieldError) as info:
        lunch.between(eleven, nine)
    assert info.value.field == "end"
    with pytest.raises(InvalidFieldError):
        lunch.between(dt.date(2025, 3, 3), eleven)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        lunch.between(nine, dt.time(11, tzinfo=lunch.timezone))  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError) as info:
        lunch.add(nine, -H)
    assert info.value.field == "duration"
    with pytest.raises(InvalidFieldError):
        lunch.subtract(nine, -H)
    with pytest.raises(InvalidFieldError):
        lunch.add(dt.date(2025, 3, 3), H)  # type: ignore[arg-type]
    assert lunch.subtract(eleven.in_timezone("UTC"), H) == sh(2025, 3, 3, 10)
    with pytest.raises(InvalidFieldError):
        lunch.subtract(dt.date(2025, 3, 3), H)  # type: ignore[arg-type]


def test_new_york_overnight_shift_across_dst_after_warming() -> None:
    """A 22:00-06:00 shift is 7 real hours on 2025-03-08 and 9 on 2025-11-01, whatever the path."""
    cal = BusinessCalendar(
        NY, {key: [("22:00", "06:00")] for key in ("mon", "tue", "wed", "thu", "fri", "sat")}
    )
    for warm in (
        ny(2025, 3, 5, 23),
        ny(2025, 3, 20, 23),
        ny(2025, 10, 20, 23),
        ny(2025, 11, 20, 23),
    ):
        cal.between(warm, warm.add(hours=1))
        assert cal.between(ny(2025, 3, 8, 21), ny(2025, 3, 9, 7)) == 7 * H
        assert cal.between(ny(2025, 11, 1, 21), ny(2025, 11, 2, 7)) == 9 * H
        assert cal.add(ny(2025, 3, 8, 22), 7 * H) == ny(2025, 3, 9, 6)
        assert cal.subtract(ny(2025, 11, 2, 6), 9 * H) == ny(2025, 11, 1, 22)


def _instants(rnd: random.Random, zone: str) -> pendulum.DateTime:
    if rnd.random() < 0.4:  # around the DST transitions
        year, month = rnd.choice((2024, 2025, 2026)), rnd.choice((3, 11))
        base = pendulum.datetime(year, month, rnd.randrange(1, 15), tz="UTC")
        base = base.add(seconds=rnd.randrange(0, 86_400))
    else:
        base = pendulum.datetime(2024, 1, 1, tz="UTC").add(
            seconds=rnd.randrange(0, 3 * 365 * 86_400)
        )
    value = base.in_timezone(zone)
    if rnd.random() < 0.15:
        value = value.add(microseconds=rnd.randrange(1, 1_000_000))
    return value


@pytest.mark.parametrize(
    "cal",
    [
        cn_mainland(weekly=LUNCH, beyond_data="weekly"),
        us_federal(beyond_data="weekly"),
        BusinessCalendar(
            NY,
            {"mon": [("22:00", "06:00")], "fri": [("00:00", "24:00")], "sun": [("01:00", "03:00")]},
            holidays=["2025-03-09"],
        ),
        BusinessCalendar.always_open("Australia/Lord_Howe"),  # 30-minute DST shifts
    ],
    ids=["cn-lunch", "us-federal", "ny-shifts", "lord-howe"],
)
def test_fast_and_general_paths_agree(cal: BusinessCalendar) -> None:
    """Random instants (many near DST changes, some sub-second): both paths give one answer."""
    rnd = random.Random(cal.timezone.key)  # noqa: S311 - reproducible test data
    zone = cal.timezone.key
    durations = [H, 8 * H, 8000 * H, dt.timedelta(seconds=1)]
    for _ in range(600):
        a = _instants(rnd, zone)
        b = pendulum.instance(
            dt.datetime.fromtimestamp(
                a.timestamp() + rnd.randrange(0, 40 * 86_400), zoneinfo.ZoneInfo(zone)
            )
        ).in_timezone(zone)
        if rnd.random() < 0.1:
            b = b.replace(fold=1)
        expected = cal._between(a, b)  # the general path: the reference
        assert cal.between(a, b) == expected
        d = rnd.choice([*durations, dt.timedelta(seconds=rnd.randrange(1, 10**6))])
        for start in (a, b):
            assert _same(cal.add(start, d), cal._add(start, d, roll=False))
            assert _same(cal.subtract(start, d), cal._subtract(start, d))


def _same(x: dt.datetime, y: dt.datetime) -> bool:
    """The same instant, wall reading, fold and zone (`==` on one zone ignores `fold`)."""
    return (x.timestamp(), x.isoformat(), x.fold, x.tzinfo) == (
        y.timestamp(),
        y.isoformat(),
        y.fold,
        y.tzinfo,
    )

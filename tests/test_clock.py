"""The clock: protocol, SystemClock, FixedClock."""

from __future__ import annotations

import datetime as dt
import pickle
import zoneinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportflow import Clock, FixedClock, InvalidFieldError, NaiveDatetimeError, SystemClock
from supportflow.testing import strategies as sfst


def test_system_clock_is_aware_utc_and_close_to_the_os_clock():
    """SystemClock.now() is UTC and agrees with the OS clock read independently."""
    before = dt.datetime.now(dt.UTC)
    now = SystemClock().now()
    after = dt.datetime.now(dt.UTC)
    assert type(now) is dt.datetime
    assert now.tzinfo is dt.UTC
    assert before <= now <= after


def test_both_clocks_satisfy_the_protocol():
    """Clock is a runtime-checkable protocol both implementations satisfy."""
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FixedClock("2025-01-01T00:00:00Z"), Clock)


def test_fixed_clock_converts_to_utc():
    """A FixedClock keeps the instant and reports it in UTC."""
    clock = FixedClock(dt.datetime(2025, 1, 26, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")))
    assert clock.now() == pendulum.datetime(2025, 1, 26, 1, 0, tz="UTC")
    assert clock.now().tzinfo is dt.UTC
    assert type(clock.now()) is dt.datetime


def test_fixed_clock_rejects_naive_values():
    """A naive datetime or an offset-less string is refused, never assumed UTC."""
    with pytest.raises(NaiveDatetimeError) as info:
        FixedClock(dt.datetime(2025, 1, 1))
    assert info.value.field == "now"
    with pytest.raises(NaiveDatetimeError):
        FixedClock("2025-01-01T00:00:00")


def test_advance_moves_real_time_across_dst():
    """Advancing over New York's spring-forward moves real time: 00:30 EST + 3 h is 04:30 EDT."""
    clock = FixedClock(pendulum.datetime(2025, 3, 9, 0, 30, tz="America/New_York"))
    clock.advance(hours=3)
    local = clock.now().astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (4, 30)


def test_advance_combines_delta_and_units():
    """advance() adds the timedelta and the keyword units together."""
    clock = FixedClock("2025-01-01T00:00:00Z")
    new = clock.advance(dt.timedelta(days=1), hours=2, minutes=3, seconds=4)
    assert new == pendulum.datetime(2025, 1, 2, 2, 3, 4, tz="UTC")
    assert clock.now() == new


def test_advance_refuses_to_go_backwards_and_leaves_clock_unchanged():
    """A negative advance raises InvalidFieldError and the clock does not move."""
    clock = FixedClock("2025-01-01T00:00:00Z")
    with pytest.raises(InvalidFieldError) as info:
        clock.advance(minutes=-1)
    assert info.value.field == "delta"
    assert clock.now() == pendulum.datetime(2025, 1, 1, tz="UTC")


def test_set_may_rewind():
    """set() moves the clock anywhere (replays need to rewind)."""
    clock = FixedClock("2025-01-02T00:00:00Z")
    clock.set("2025-01-01T08:00:00+08:00")
    assert clock.now() == pendulum.datetime(2025, 1, 1, tz="UTC")


@given(sfst.fixed_clocks(), st.integers(0, 10**8))
def test_advance_adds_exactly_that_many_seconds(clock, seconds):
    """After advance(seconds=n), the UTC timestamp grew by exactly n."""
    before = clock.now().timestamp()
    clock.advance(seconds=seconds)
    assert clock.now().timestamp() - before == seconds


@given(sfst.fixed_clocks())
def test_fixed_clock_pickles(clock):
    """A FixedClock survives pickling at the same instant."""
    assert pickle.loads(pickle.dumps(clock)).now() == clock.now()


def test_repr_shows_the_instant():
    """The repr is readable and re-creatable."""
    assert repr(FixedClock("2025-01-01T00:00:00Z")) == "FixedClock('2025-01-01T00:00:00+00:00')"

"""Exact instants: real-time guards and figures around DST, and the UTC rule for every API.

The rule (docs/clock.md): every instant supportflow stores, compares, subtracts or returns is
a stdlib `datetime` in UTC, so its equality, hash and order are those of real time. The
examples below are the reproductions of the autumn-fold bugs, each worked out by hand:

- Europe/London 2025-10-26: BST (UTC+1) ends at 02:00 BST = 01:00 UTC; 01:00-02:00 happens
  twice, first as BST (fold=0, 00:xx UTC), then as GMT (fold=1, 01:xx UTC).
- America/New_York 2025-11-02: EDT (UTC-4) ends at 02:00 EDT = 06:00 UTC; 01:00-02:00
  happens first as EDT (fold=0, 05:xx UTC), then as EST (fold=1, 06:xx UTC).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import zoneinfo
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import (
    BusinessCalendar,
    FixedClock,
    IllegalTransitionError,
    InvalidFieldError,
    NaiveDatetimeError,
)
from supportflow.calendar import cn_mainland, uk_england_wales, us_federal
from supportflow.maintenance import LeadTimePolicy, MaintenanceWindow, WithdrawalQueue
from supportflow.payments import PaymentConfirmation, ReminderPolicy
from supportflow.sla import ElapsedDuration, SlaState, evaluate, fca_disp, industry_default
from supportflow.testing import strategies as sfst

UTC = dt.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def london(hour: int, minute: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(2025, 10, 26, hour, minute, fold=fold, tzinfo=LONDON)


def new_york(hour: int, minute: int, fold: int = 0, day: int = 2) -> dt.datetime:
    return dt.datetime(2025, 11, day, hour, minute, fold=fold, tzinfo=NEW_YORK)


def utc(year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def real(value: dt.datetime) -> dt.datetime:
    """The instant as a plain UTC datetime, computed independently of the library.

    (Through the epoch: pendulum 3.x drops the zone when a timedelta is added to a pendulum
    value carrying a stdlib tzinfo, so drawn values are never added to directly.)
    """
    return dt.datetime.fromtimestamp(value.timestamp(), UTC)


def assert_exact(value: dt.datetime) -> None:
    """`value` is a plain UTC datetime: equal and hashing equal to its UTC reading."""
    assert type(value) is dt.datetime
    assert value.tzinfo is UTC
    assert value == value.astimezone(UTC)
    assert hash(value) == hash(value.astimezone(UTC))


# -- the reproductions, worked by hand ---------------------------------------------------------


def test_a_stop_forty_real_minutes_later_in_the_fold_is_accepted():
    """Start 01:30 BST (00:30Z), stop 01:10 GMT (01:10Z): 40 real minutes later, accepted."""
    clock = fca_disp().target("final_response").clock().start(london(1, 30))
    stopped = clock.stop(london(1, 10, fold=1))
    assert stopped.state is SlaState.STOPPED
    status = stopped.status(utc(2025, 10, 26, 2))
    assert status.completed[-1].elapsed == dt.timedelta(minutes=40)


def test_an_event_forty_real_minutes_before_the_last_one_is_refused():
    """Start 01:10 GMT (01:10Z), stop 01:30 BST (00:30Z): 40 minutes EARLIER, refused."""
    clock = fca_disp().target("final_response").clock().start(london(1, 10, fold=1))
    before = clock.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        clock.stop(london(1, 30))
    assert info.value.field == "at"
    assert clock.to_dict() == before


def test_status_in_the_repeated_hour_does_not_depend_on_the_zone_it_is_given_in():
    """Started 01:50 BST (00:50Z); at 01:20 GMT (01:20Z) the clock runs, in any zone."""
    clock = fca_disp().target("final_response").clock().start(london(1, 50))
    in_london = clock.status(london(1, 20, fold=1))
    in_utc = clock.status(utc(2025, 10, 26, 1, 20))
    assert in_london.state is SlaState.RUNNING
    assert in_london == in_utc


def test_extending_a_window_to_the_second_reading_of_its_end_is_accepted():
    """End 01:30 EDT (05:30Z) extended to 01:30 EST (06:30Z): one real hour later."""
    window, _ = MaintenanceWindow.announce(
        "MW-1",
        start=new_york(0, 30),
        end=new_york(1, 30),
        services=["withdrawals"],
        announced_at=new_york(9, 0, day=1),
    )
    extended, notice = window.extend(new_york(1, 30, fold=1), at=new_york(0, 45))
    assert extended.end == utc(2025, 11, 2, 6, 30)
    assert window.end is not None  # announced with an end (an end may be None since issue 20)
    assert extended.end - window.end == dt.timedelta(hours=1)
    assert notice is not None
    with pytest.raises(InvalidFieldError):  # 01:20 EST is 06:20Z... but 01:10 EDT is earlier
        window.extend(new_york(1, 10), at=new_york(0, 45))


def test_a_reminder_fraction_is_a_fraction_of_real_time():
    """Created 00:50 EDT (04:50Z), 100-minute window: 0.4 is 40 minutes in, 05:30Z."""
    payment = PaymentConfirmation.create(
        "P-1", "10.00", "USD", new_york(0, 50), expiry=dt.timedelta(minutes=100)
    )
    assert payment.expires_at == utc(2025, 11, 2, 6, 30)  # 01:30 EST
    (slot,) = ReminderPolicy(fractions=[Decimal("0.4")]).slots(
        payment.created_at, payment.expires_at
    )
    assert slot.due_at == utc(2025, 11, 2, 5, 30)  # 01:30 EDT, 40 real minutes in
    assert slot.due_at - payment.created_at == dt.timedelta(minutes=40)


def test_elapsed_duration_takes_strings_and_refuses_naive_datetimes():
    """`ElapsedDuration.due` reads ISO strings like the other rules; naive is an error."""
    rule = ElapsedDuration(dt.timedelta(hours=24))
    assert rule.due("2025-03-08T12:00:00-05:00") == utc(2025, 3, 9, 17)
    with pytest.raises(NaiveDatetimeError):
        rule.due(dt.datetime(2025, 3, 8, 12))


def test_the_queue_clock_orders_by_real_time():
    """The queue saw 01:50 EDT (05:50Z); 01:10 EST (06:10Z) is later and is accepted."""
    queue = WithdrawalQueue()
    queue.advance(new_york(1, 50))
    queue.advance(new_york(1, 10, fold=1))
    assert queue.now == utc(2025, 11, 2, 6, 10)
    with pytest.raises(InvalidFieldError):
        queue.advance(new_york(1, 40))  # 05:40Z: before the queue's last instant


def test_calendar_results_in_the_fold_equal_their_utc_reading():
    """24x7 New York: 00:30 EDT + 1 h is 01:30 EDT (05:30Z); + 2 h is 01:30 EST (06:30Z)."""
    cal = BusinessCalendar.always_open("America/New_York")
    one = cal.add(new_york(0, 30), dt.timedelta(hours=1))
    two = cal.add(new_york(0, 30), dt.timedelta(hours=2))
    assert (one, two) == (utc(2025, 11, 2, 5, 30), utc(2025, 11, 2, 6, 30))
    for value in (one, two):
        assert_exact(value)
    assert cal.between(one, two) == dt.timedelta(hours=1)


# -- the rule for every instant-returning API (properties) -------------------------------------

DST_ZONES = st.sampled_from(
    ("America/New_York", "Europe/London", "Australia/Sydney", "Asia/Shanghai")
).map(zoneinfo.ZoneInfo)
NEAR_DST = sfst.aware_datetimes(utc(2024, 1, 1), utc(2026, 12, 1), zones=DST_ZONES)
GAPS = st.integers(0, 6 * 3600).map(lambda s: dt.timedelta(seconds=s))


def round_trip(value: object) -> object:
    """Through JSON text and back with the type's own `from_dict`."""
    data = json.loads(json.dumps(value.to_dict()))  # type: ignore[attr-defined]
    return type(value).from_dict(data)  # type: ignore[attr-defined]


@settings(max_examples=40)
@given(NEAR_DST, GAPS, st.sampled_from([cn_mainland, uk_england_wales, us_federal]))
def test_calendar_results_are_exact(start, gap, preset):
    """add, subtract, next_open, next_close, open_intervals: UTC, exact, ordered by time."""
    cal = preset(beyond_data="weekly")
    results = [
        cal.add(start, gap),
        cal.add(start, gap, roll=True),
        cal.subtract(start, gap),
        cal.next_open(start),
        cal.next_close(start),
    ]
    results += [t for pair in cal.open_intervals(start, results[0] + gap) for t in pair]
    for value in results:
        assert_exact(value)
    ordered = sorted(results)
    assert [t.timestamp() for t in ordered] == sorted(t.timestamp() for t in results)
    assert results[0].timestamp() >= int(start.timestamp())
    assert results[2].timestamp() <= start.timestamp()


@settings(max_examples=40)
@given(NEAR_DST, GAPS, GAPS)
def test_sla_figures_are_exact_and_round_trip(start, pause_after, pause_for):
    """Rule due, cycle due/breach, next_alarm: exact; clocks round-trip to equal clocks."""
    policy = industry_default(uk_england_wales(beyond_data="weekly"))
    target = policy.target("first_response")
    clock = target.clock().start(start)
    assert_exact(target.rule_for(None).due(start))
    # Pause and resume in REAL time after the start (stdlib + on a zoned value is wall time).
    first = real(start) + pause_after
    clock2 = clock
    if "awaiting_customer" in target.pause_in:
        clock2 = clock.pause(first, "awaiting_customer").resume(first + pause_for)
    later = first + pause_for + dt.timedelta(minutes=1)
    for c in (clock, clock2):
        status = c.status(later)
        if status.current is not None:
            assert_exact(status.current.due_at)
            if status.current.breached_at is not None:
                assert_exact(status.current.breached_at)
        alarm = c.next_alarm(later)
        if alarm is not None:
            assert_exact(alarm)
            assert alarm > later
        back = round_trip(c)
        assert back == c
        assert back.status(later) == status
        assert evaluate([back], later) == [status]


@settings(max_examples=40)
@given(NEAR_DST, st.integers(60, 3 * 3600))
def test_payment_instants_are_exact_and_round_trip(created, window):
    """expires_at and reminder slots are exact; a payment round-trips to an equal one."""
    payment = PaymentConfirmation.create(
        "P-1", "5.00", "CNY", created, expiry=dt.timedelta(seconds=window)
    )
    assert_exact(payment.created_at)
    assert_exact(payment.expires_at)
    assert payment.expires_at - payment.created_at == dt.timedelta(seconds=window)
    policy = ReminderPolicy(fractions=[Decimal("0.25"), Decimal("0.5")])
    slots = policy.slots(payment.created_at, payment.expires_at)
    for slot in slots:
        assert_exact(slot.due_at)
        assert payment.created_at < slot.due_at < payment.expires_at
    back = round_trip(payment)
    assert back == payment
    assert pickle.loads(pickle.dumps(payment)) == payment


@settings(max_examples=40)
@given(NEAR_DST, st.integers(1, 600), st.integers(1, 600))
def test_maintenance_instants_are_exact_and_round_trip(announced, lead, length):
    """Window instants, lead-time earliest start and the queue clock are exact."""
    policy = LeadTimePolicy(minimum=dt.timedelta(minutes=5))
    earliest = policy.earliest_start(announced)
    assert_exact(earliest)
    assert earliest - real(announced) == dt.timedelta(minutes=5)
    start = real(announced) + dt.timedelta(minutes=lead + 5)
    window, _ = MaintenanceWindow.announce(
        "MW-1",
        start=start,
        end=start + dt.timedelta(minutes=length),
        services=["withdrawals"],
        announced_at=announced,
        policy=policy,
    )
    assert window.end is not None  # announced with an end (an end may be None since issue 20)
    for value in (window.start, window.end, window.announced_at):
        assert_exact(value)
    assert round_trip(window) == window
    queue = WithdrawalQueue()
    queue.advance(announced)
    assert queue.now is not None
    assert_exact(queue.now)
    assert round_trip(queue) == queue


@given(NEAR_DST)
def test_fixed_clock_is_exact(at):
    """FixedClock.now() is the UTC reading of whatever it was set to."""
    clock = FixedClock(at)
    assert_exact(clock.now())
    assert clock.now().timestamp() == at.timestamp()
    assert round_trip(clock) == clock


def test_illegal_transitions_are_unaffected_by_the_zone():
    """Sanity: a refused extension of an ended window stays an IllegalTransitionError."""
    window, _ = MaintenanceWindow.announce(
        "MW-2",
        start=utc(2025, 1, 1, 1),
        end=utc(2025, 1, 1, 2),
        services=["withdrawals"],
        announced_at=utc(2024, 12, 1),
    )
    ended, _ = window.complete(at=utc(2025, 1, 1, 2))
    with pytest.raises(IllegalTransitionError):
        ended.extend(utc(2025, 1, 1, 3), at=utc(2025, 1, 1, 2, 30))
    assert SHANGHAI.key == "Asia/Shanghai"  # the zones used above are real
    assert SYDNEY.key == "Australia/Sydney"


@settings(max_examples=30)
@given(NEAR_DST, GAPS)
def test_complaint_instants_are_exact_and_round_trip(received, gap):
    """A complaint received and acknowledged around DST stores UTC and round-trips."""
    from supportflow.complaints import Complaint

    complaint = Complaint.receive(
        id="C-1",
        customer="K-1",
        channel="email",
        description="withdrawal stuck",
        received_at=received,
        actor="agent-1",
        sla_policy=industry_default(uk_england_wales(beyond_data="weekly")),
    )
    complaint.acknowledge(real(received) + gap, actor="agent-1")
    for record in complaint.history:
        assert_exact(record.at)
    assert complaint.history[-1].at - complaint.history[0].at == gap
    back = round_trip(complaint)
    assert isinstance(back, Complaint)
    assert back.to_dict() == complaint.to_dict()
    later = real(received) + gap + dt.timedelta(hours=1)
    assert back.sla_status(later) == complaint.sla_status(later)

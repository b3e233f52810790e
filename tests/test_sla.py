"""supportflow.sla: deadline rules, policies, the clock fold, presets and batch evaluation.

Expected values are worked out by hand in the comments (calendar dates checked against the
2025 holiday notices quoted in DOMAIN.md), or by an independent naive reference fold
written in this file.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from supportflow import IllegalTransitionError, InvalidFieldError, SerializationError
from supportflow.calendar import BusinessCalendar
from supportflow.sla import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    Cutoff,
    ElapsedDuration,
    Extension,
    PausePeriod,
    SlaClock,
    SlaCycle,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
    SlaState,
    SlaTarget,
    cfpb_portal,
    cn_banking_insurance,
    evaluate,
    fca_disp,
    fca_disp_payments,
    industry_default,
    rule_from_dict,
)
from supportflow.testing import strategies as sfst

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
S = dt.timedelta(seconds=1)
SH = "Asia/Shanghai"
WAIT = frozenset({"awaiting_customer"})


def _maker(zone: str):
    def make(
        year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
    ) -> pendulum.DateTime:
        return pendulum.datetime(year, month, day, hour, minute, second, tz=zone)

    return make


cst = _maker(SH)
utc = _maker("UTC")


def cycle_at(clock: SlaClock, at: dt.datetime) -> SlaCycle:
    """The open cycle of `clock` at `at` (the tests only ask when there is one)."""
    cycle = clock.status(at).current
    assert cycle is not None
    return cycle


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def office(zone: str = SH, *, holidays=(), workdays=None, hours=(("09:00", "18:00"),)):
    """Mon-Fri office hours, with explicit holidays and make-up workdays (no packaged data)."""
    weekly = {d: [list(h) for h in hours] if i < 5 else [] for i, d in enumerate(_DAYS)}
    return BusinessCalendar.from_dict(
        {
            "schema": 1,
            "timezone": zone,
            "weekly": weekly,
            "holidays": list(holidays),
            "workdays": dict(workdays or {}),
            "overrides": {},
        }
    )


# A mainland-China office calendar for late 2025, from the State Council notice as quoted in
# DOMAIN.md: National Day + Mid-Autumn 10/1-10/8 off, make-up workdays Sun 9/28 and Sat 10/11.
CN_2025_AUTUMN: dict[str, Any] = {
    "holidays": [f"2025-10-0{d}" for d in range(1, 9)],
    "workdays": {"2025-09-28": "mon", "2025-10-11": "mon"},
}


@pytest.fixture(scope="module")
def cn_office():
    return office(**CN_2025_AUTUMN)


@pytest.fixture(scope="module")
def always():
    return BusinessCalendar.always_open("UTC")


# -- rules -------------------------------------------------------------------------------


def test_business_duration_due_counts_only_office_hours(cn_office):
    """8 business hours from Friday 26 Sep 2025 17:00 under 09:00-18:00, CN calendar.

    Fri 17:00-18:00 = 1 h; Sat 27 Sep closed; Sun 28 Sep is a make-up workday: 09:00 + 7 h
    = 16:00.
    """
    rule = BusinessDuration(8 * H, cn_office)
    assert rule.due(cst(2025, 9, 26, 17)) == cst(2025, 9, 28, 16)
    assert rule.goal(cst(2025, 9, 26, 17)) == 8 * H


def test_elapsed_duration_is_real_time_across_dst():
    """24 h from 2025-03-08 12:00 New York is 2025-03-09 13:00 EDT (the night lost an hour)."""
    rule = ElapsedDuration(24 * H, "America/New_York")
    due = rule.due(pendulum.datetime(2025, 3, 8, 12, tz="America/New_York"))
    assert due == pendulum.datetime(2025, 3, 9, 13, tz="America/New_York")
    assert due.isoformat() == "2025-03-09T17:00:00+00:00"  # 13:00 EDT (UTC-4), as UTC


def test_business_days_close_of_business_after_the_day_of_receipt(cn_office):
    """3 business days after Thu 25 Sep 2025 23:30: Fri 26 (1), Sun 28 make-up (2), Mon 29 (3).

    Due at close of business Mon 29 Sep 18:00.
    """
    rule = BusinessDays(3, cn_office)
    assert rule.due(cst(2025, 9, 25, 23, 30)) == cst(2025, 9, 29, 18)


def test_calendar_days_do_not_count_the_day_of_receipt(always):
    """15 days from 1 March: the period runs 2..16 March and ends at 24:00 on 16 March."""
    rule = CalendarDays(15, always)
    assert rule.due(utc(2025, 3, 1, 10)) == utc(2025, 3, 17)
    assert rule.goal(utc(2025, 3, 1, 10)) == dt.timedelta(days=15, hours=14)


def test_calendar_days_roll_and_close_of_business(cn_office):
    """Received Tue 16 Sep 2025: day 15 is Wed 1 Oct (holiday) -> next working day Thu 9 Oct."""
    rolled = CalendarDays(15, cn_office, roll=True)
    assert rolled.last_day(cst(2025, 9, 16, 10)) == dt.date(2025, 10, 9)
    assert rolled.due(cst(2025, 9, 16, 10)) == cst(2025, 10, 10)
    cob = CalendarDays(15, cn_office, roll=True, cutoff=Cutoff.CLOSE_OF_BUSINESS)
    assert cob.due(cst(2025, 9, 16, 10)) == cst(2025, 10, 9, 18)
    plain = CalendarDays(15, cn_office)
    assert plain.due(cst(2025, 9, 16, 10)) == cst(2025, 10, 2)


def test_weeks_and_civil_code_constructors(always):
    """weeks(8) is 56 days; civil_code(n) is n days with rolling to the next business day."""
    assert CalendarDays.weeks(8, always) == CalendarDays(56, always)
    assert CalendarDays.civil_code(15, always) == CalendarDays(15, always, roll=True)
    with pytest.raises(InvalidFieldError) as info:
        CalendarDays.weeks(0, always)
    assert info.value.field == "weeks"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda cal: BusinessDuration(dt.timedelta(0), cal), "duration"),
        (lambda cal: BusinessDuration(H, "cal"), "calendar"),  # type: ignore[arg-type]
        (lambda cal: ElapsedDuration(-H), "duration"),
        (lambda cal: ElapsedDuration(H, "CST"), "timezone"),
        (lambda cal: BusinessDays(0, cal), "days"),
        (lambda cal: BusinessDays(True, cal), "days"),
        (lambda cal: CalendarDays(3, cal, cutoff=Cutoff.CLOSE_OF_BUSINESS), "cutoff"),
        (lambda cal: CalendarDays(3, cal, cutoff="eod"), "cutoff"),  # type: ignore[arg-type]
        (lambda cal: CalendarDays(3, cal, roll=1), "roll"),  # type: ignore[arg-type]
        (lambda cal: CalendarDays(3, cal, source=None), "source"),  # type: ignore[arg-type]
    ],
)
def test_rules_refuse_bad_fields(always, build, field):
    """Each rule names the refused field."""
    with pytest.raises(InvalidFieldError) as info:
        build(always)
    assert info.value.field == field


def test_rule_describe_and_pendulum_durations(always):
    """describe() says the rule in words; pendulum durations are stored as plain timedeltas."""
    rule = BusinessDuration(pendulum.duration(hours=8), always)
    assert type(rule.duration) is dt.timedelta
    assert rule == BusinessDuration(8 * H, always)
    assert rule.describe().startswith("8 hours of business time")
    assert ElapsedDuration(90 * M).describe() == "PT1H30M of elapsed time (24x7)"
    assert "3rd business day" in BusinessDays(3, always).describe()
    assert "21st day" in CalendarDays(21, always, roll=True).describe()
    assert "next business day" in CalendarDays(21, always, roll=True).describe()


def test_rule_from_dict_errors_name_the_path(always):
    """Unknown kinds and bad nested values name their JSON path."""
    with pytest.raises(SerializationError) as info:
        rule_from_dict({"schema": 1, "kind": "fortnights"})
    assert info.value.path == "kind"
    data = BusinessDuration(H, always).to_dict()
    data["duration"] = "soon"
    with pytest.raises(SerializationError) as info:
        rule_from_dict(data, path="rule")
    assert info.value.path == "rule.duration"
    with pytest.raises(SerializationError) as info:
        BusinessDays.from_dict(ElapsedDuration(H).to_dict())
    assert info.value.path == "kind"
    bad_cal = CalendarDays(2, always).to_dict()
    bad_cal["calendar"] = {"schema": 99}
    with pytest.raises(SerializationError) as info:
        rule_from_dict(bad_cal)
    assert info.value.path.startswith("calendar")


# -- targets and policies ------------------------------------------------------------------


def test_target_goals_per_priority_fall_back_to_the_default(always):
    """A priority without its own goal uses the target's rule."""
    p1 = ElapsedDuration(4 * H)
    target = SlaTarget("resolution", ElapsedDuration(24 * H), goals={"P1": p1})
    assert target.rule_for("P1") == p1
    assert target.rule_for("P4") == ElapsedDuration(24 * H)
    assert target.rule_for(None) == ElapsedDuration(24 * H)
    with pytest.raises(InvalidFieldError):
        target.rule_for("urgent")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"thresholds": (75, 50)}, "thresholds"),
        ({"thresholds": (50, 50)}, "thresholds"),
        ({"thresholds": (0,)}, "thresholds[0]"),
        ({"thresholds": (50, 100)}, "thresholds[1]"),
        ({"thresholds": (True,)}, "thresholds[0]"),
        ({"thresholds": (float("nan"),)}, "thresholds[0]"),
        ({"thresholds": 50}, "thresholds"),
        ({"goals": {"P9": ElapsedDuration(H)}}, "goals['P9']"),
        ({"goals": {"P1": "1h"}}, "goals['P1']"),
        ({"goals": (("P2", ElapsedDuration(H)), ("P1", ElapsedDuration(H)))}, "goals"),
        ({"goals": 3}, "goals"),
        ({"goals": ((1, 2, 3),)}, "goals"),
        ({"pause_in": "awaiting_customer"}, "pause_in"),
        ({"pause_in": {""}}, "pause_in"),
        ({"extensions": ("x",)}, "extensions"),
        (
            {
                "extensions": (
                    Extension("a", ElapsedDuration(H)),
                    Extension("a", ElapsedDuration(H)),
                )
            },
            "extensions",
        ),
    ],
)
def test_target_refuses_bad_fields(kwargs, field):
    """Thresholds are 0 < t < 100, sorted, unique; goals are per known priority; etc."""
    with pytest.raises(InvalidFieldError) as info:
        SlaTarget("resolution", ElapsedDuration(H), **kwargs)
    assert info.value.field == field


def test_policy_lookup_and_validation():
    """Targets are looked up by name; duplicate names and empty policies are refused."""
    a = SlaTarget("a", ElapsedDuration(H))
    policy = SlaPolicy("p", (a,))
    assert policy.target("a") is a
    assert policy.names == ("a",)
    assert set(policy.clocks()) == {"a"}
    with pytest.raises(InvalidFieldError):
        policy.target("b")
    with pytest.raises(InvalidFieldError):
        SlaPolicy("p", (a, a))
    with pytest.raises(InvalidFieldError):
        SlaPolicy("p", ())
    with pytest.raises(InvalidFieldError):
        SlaPolicy(" p", (a,))
    with pytest.raises(InvalidFieldError):
        SlaPolicy("p", (a,), verified="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        a.extension("complex")


# -- the clock: hand-checked walks ----------------------------------------------------------


def elapsed_target(hours=24, **kwargs):
    kwargs.setdefault("pause_in", WAIT)
    return SlaTarget("first_response", ElapsedDuration(hours * H, SH), **kwargs)


def test_a_pause_pushes_the_due_instant_out_by_the_paused_time():
    """24 h goal from Mon 09:00; paused 11:00-14:00 (3 h) -> due Tue 12:00, not 09:00."""
    clock = elapsed_target().clock().start(cst(2025, 3, 3, 9))
    assert cycle_at(clock, cst(2025, 3, 3, 9)).due_at == cst(2025, 3, 4, 9)
    paused = clock.pause(cst(2025, 3, 3, 11), "awaiting_customer")
    # While paused the due instant is provisional: resuming at 13:00 would give Tue 11:00.
    at13 = cycle_at(paused, cst(2025, 3, 3, 13))
    assert at13.paused
    assert at13.pause_reason == "awaiting_customer"
    assert (at13.elapsed, at13.paused_time, at13.due_at) == (2 * H, 2 * H, cst(2025, 3, 4, 11))
    resumed = paused.resume(cst(2025, 3, 3, 14))
    cur = cycle_at(resumed, cst(2025, 3, 3, 20))
    # Counting 09-11 (2 h) and 14-20 (6 h): 8 h elapsed, 16 h remaining, 1/3 of the goal.
    assert (cur.elapsed, cur.remaining, cur.paused_time) == (8 * H, 16 * H, 3 * H)
    assert cur.due_at == cst(2025, 3, 4, 12)
    assert cur.percent == pytest.approx(100 / 3)
    assert cur.warning is None
    assert not cur.paused
    assert cur.pause_reason is None


def test_business_time_clock_on_a_make_up_sunday(cn_office):
    """8 business hours from Fri 26 Sep 2025 17:00 (CN), paused Sun 28 Sep 10:00-11:30.

    Fri 17-18 (1 h) + Sun 09-10 (1 h) = 2 h at the pause; 6 h remain from the resume at
    11:30 -> Sun 17:30 (the make-up Sunday is a working day).
    """
    target = SlaTarget("handling", BusinessDuration(8 * H, cn_office), pause_in=WAIT)
    clock = (
        target.clock()
        .start(cst(2025, 9, 26, 17))
        .pause(cst(2025, 9, 28, 10), "awaiting_customer")
        .resume(cst(2025, 9, 28, 11, 30))
    )
    cur = cycle_at(clock, cst(2025, 9, 28, 12))
    assert cur.elapsed == 2 * H + 30 * M
    assert cur.paused_time == 90 * M
    assert cur.due_at == cst(2025, 9, 28, 17, 30)
    # Saturday counts nothing: at Sat 12:00 only Friday's hour has passed.
    assert cycle_at(clock, cst(2025, 9, 27, 12)).elapsed == H


def test_breach_is_reported_at_exactly_due_at_and_counting_continues():
    """Not a second early, not a second late; remaining goes negative after the breach."""
    clock = elapsed_target(hours=2).clock().start(cst(2025, 3, 3, 9))
    due = cst(2025, 3, 3, 11)
    before = cycle_at(clock, due - S)
    at = cycle_at(clock, due)
    after = cycle_at(clock, due + 30 * M)
    assert not before.breached
    assert before.breached_at is None
    assert before.remaining == S
    assert at.breached
    assert at.breached_at == due
    assert at.remaining == dt.timedelta(0)
    assert after.breached
    assert after.remaining == -30 * M
    assert after.percent == 125.0
    assert clock.status(due).breached


def test_warnings_fire_in_order_and_next_alarm_walks_them():
    """Thresholds 50/75/90 of a 4 h goal: 11:00, 12:00, 12:36, then the breach at 13:00."""
    clock = elapsed_target(hours=4).clock().start(cst(2025, 3, 3, 9))
    alarms = []
    at = cst(2025, 3, 3, 9)
    while (nxt := clock.next_alarm(at)) is not None:
        alarms.append(nxt)
        at = nxt
    assert alarms == [
        cst(2025, 3, 3, 11),
        cst(2025, 3, 3, 12),
        cst(2025, 3, 3, 12, 36),
        cst(2025, 3, 3, 13),
    ]
    levels = [cycle_at(clock, t).warning for t in alarms]
    assert levels == [50, 75, 90, 90]
    assert cycle_at(clock, alarms[0] - S).warning is None
    assert cycle_at(clock, alarms[-1]).breached
    # Paused, stopped or not started: nothing changes without an event.
    assert (
        clock.pause(cst(2025, 3, 3, 10), "awaiting_customer").next_alarm(cst(2025, 3, 3, 10))
        is None
    )
    assert elapsed_target().clock().next_alarm(cst(2025, 3, 3, 9)) is None


def test_fractional_thresholds_are_exact():
    """12.5 % of 8 h is exactly 1 h."""
    target = SlaTarget("t", ElapsedDuration(8 * H), thresholds=(12.5,))
    clock = target.clock().start(utc(2025, 1, 1))
    assert clock.next_alarm(utc(2025, 1, 1)) == utc(2025, 1, 1, 1)
    assert cycle_at(clock, utc(2025, 1, 1, 1) - S).warning is None
    assert cycle_at(clock, utc(2025, 1, 1, 1)).warning == 12.5


def test_reset_completes_the_cycle_and_opens_a_new_one():
    """Cycles keep their own figures; the completed one is frozen at the reset."""
    clock = (
        elapsed_target(hours=2)
        .clock()
        .start(cst(2025, 3, 3, 9))
        .reset(cst(2025, 3, 3, 12), "customer replied with new facts")
        .stop(cst(2025, 3, 3, 13))
    )
    status = clock.status(cst(2025, 3, 4))
    assert status.state is SlaState.STOPPED
    assert status.current is None
    first, second = status.completed
    assert (first.index, first.ended_by, first.state) == (0, SlaEventKind.RESET, SlaState.STOPPED)
    assert first.breached
    assert first.breached_at == cst(2025, 3, 3, 11)
    assert (first.elapsed, first.stopped_at) == (3 * H, cst(2025, 3, 3, 12))
    assert (second.index, second.started_at, second.elapsed) == (1, cst(2025, 3, 3, 12), H)
    assert not second.breached
    assert second.due_at == cst(2025, 3, 3, 14)
    assert status.latest is second
    assert status.cycles == (first, second)
    assert not status.breached
    # A stopped clock opens a new cycle only through reset.
    reopened = clock.reset(cst(2025, 3, 5, 9))
    assert cycle_at(reopened, cst(2025, 3, 5, 10)).index == 2


def test_cancel_is_terminal_and_keeps_the_cycle_for_the_record():
    """Cancel ends the cycle as CANCELLED; nothing may follow."""
    clock = (
        elapsed_target().clock().start(cst(2025, 3, 3, 9)).cancel(cst(2025, 3, 3, 10), "withdrawn")
    )
    status = clock.status(cst(2025, 3, 4))
    assert status.state is SlaState.CANCELLED
    assert status.completed[0].state is SlaState.CANCELLED
    assert status.completed[0].ended_by is SlaEventKind.CANCEL
    for event in (lambda c: c.reset(cst(2025, 3, 5)), lambda c: c.start(cst(2025, 3, 5))):
        with pytest.raises(IllegalTransitionError) as info:
            event(clock)
        assert info.value.state == "cancelled"
    assert elapsed_target().clock().cancel(cst(2025, 3, 3)).state is SlaState.CANCELLED


def test_stop_while_paused_counts_the_pause_and_reports_a_provisional_due():
    """Stopped during a pause: paused time up to the stop; due_at as if resumed at the stop."""
    clock = (
        elapsed_target(hours=10)
        .clock()
        .start(cst(2025, 3, 3, 9))
        .pause(cst(2025, 3, 3, 10), "awaiting_customer")
        .stop(cst(2025, 3, 3, 12))
    )
    done = clock.status(cst(2025, 3, 9)).completed[0]
    assert (done.elapsed, done.paused_time, done.paused) == (H, 2 * H, False)
    assert done.due_at == cst(2025, 3, 3, 21)
    assert done.stopped_at == cst(2025, 3, 3, 12)


def test_change_goal_recomputes_from_the_cycle_start_and_can_reveal_a_past_breach():
    """P3 (24 h) -> P1 (4 h) after 5 h of counting: breached at 4 h, i.e. in the past."""
    target = elapsed_target(goals={"P1": ElapsedDuration(4 * H, SH)})
    clock = target.clock().start(cst(2025, 3, 3, 9), priority="P3")
    assert cycle_at(clock, cst(2025, 3, 3, 14)).goal == 24 * H
    clock = clock.change_goal(cst(2025, 3, 3, 14), priority="P1")
    cur = cycle_at(clock, cst(2025, 3, 3, 14))
    assert (cur.goal, cur.breached, cur.breached_at) == (4 * H, True, cst(2025, 3, 3, 13))
    # An explicit rule works too, and applies to the next cycle after a reset.
    clock = clock.change_goal(cst(2025, 3, 3, 15), rule=ElapsedDuration(48 * H, SH))
    clock = clock.reset(cst(2025, 3, 3, 16))
    assert cycle_at(clock, cst(2025, 3, 3, 16)).goal == 48 * H


def test_change_goal_while_paused_recomputes_the_past_breach(always):
    """Paused after 3 h; lowering the goal to 2 h puts the breach at start + 2 h."""
    clock = (
        elapsed_target(hours=10)
        .clock()
        .start(utc(2025, 1, 1))
        .pause(utc(2025, 1, 1, 3), "awaiting_customer")
        .change_goal(utc(2025, 1, 1, 4), rule=ElapsedDuration(2 * H))
    )
    cur = cycle_at(clock, utc(2025, 1, 1, 5))
    assert cur.breached
    assert cur.breached_at == utc(2025, 1, 1, 2)
    resumed = clock.resume(utc(2025, 1, 1, 6))
    assert cycle_at(resumed, utc(2025, 1, 1, 6)).due_at == utc(2025, 1, 1, 2)
    # Raising it again while paused: not breached, due provisional.
    raised = clock.change_goal(utc(2025, 1, 1, 4), rule=ElapsedDuration(5 * H))
    cur = cycle_at(raised, utc(2025, 1, 1, 5))
    assert not cur.breached
    assert cur.due_at == utc(2025, 1, 1, 7)


def test_retroactive_start_replays_pauses_like_live_events():
    """A clock attached at 15:00 counting from 09:00 with a 10-12 pause = the live clock."""
    target = elapsed_target()
    live = (
        target.clock()
        .start(cst(2025, 3, 3, 9))
        .pause(cst(2025, 3, 3, 10), "awaiting_customer")
        .resume(cst(2025, 3, 3, 12))
    )
    late = target.clock().start(
        cst(2025, 3, 3, 15),
        counts_from=cst(2025, 3, 3, 9),
        pauses=[(cst(2025, 3, 3, 10), cst(2025, 3, 3, 12), "awaiting_customer")],
    )
    assert late.status(cst(2025, 3, 3, 16)) == live.status(cst(2025, 3, 3, 16))
    # Events after the retroactive start must not go back before its recording time.
    with pytest.raises(InvalidFieldError) as info:
        late.pause(cst(2025, 3, 3, 14), "awaiting_customer")
    assert info.value.field == "at"
    # Looking back inside the replayed span sees what had happened by then.
    assert late.status(cst(2025, 3, 3, 11)) == live.status(cst(2025, 3, 3, 11))
    assert late.status(cst(2025, 3, 3, 8)).state is SlaState.NOT_STARTED


def test_retroactive_start_may_leave_the_clock_paused():
    """The last replayed pause may still be open."""
    clock = (
        elapsed_target()
        .clock()
        .start(
            cst(2025, 3, 3, 15),
            counts_from=cst(2025, 3, 3, 9),
            pauses=[PausePeriod(cst(2025, 3, 3, 11), None, "awaiting_customer")],
        )
    )
    assert clock.state is SlaState.PAUSED
    cur = cycle_at(clock, cst(2025, 3, 3, 16))
    assert (cur.elapsed, cur.paused_time) == (2 * H, 5 * H)
    assert clock.status(cst(2025, 3, 3, 10)).state is SlaState.RUNNING


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"counts_from": cst(2025, 3, 3, 16)}, "counts_from"),
        ({"pauses": [(cst(2025, 3, 3, 10), cst(2025, 3, 3, 11), "awaiting_customer")]}, "pauses"),
        (
            {
                "counts_from": cst(2025, 3, 3, 9),
                "pauses": [(cst(2025, 3, 3, 8), cst(2025, 3, 3, 10), "awaiting_customer")],
            },
            "pauses[0].start",
        ),
        (
            {
                "counts_from": cst(2025, 3, 3, 9),
                "pauses": [
                    (cst(2025, 3, 3, 10), None, "awaiting_customer"),
                    (cst(2025, 3, 3, 11), cst(2025, 3, 3, 12), "awaiting_customer"),
                ],
            },
            "pauses[0].end",
        ),
        (
            {
                "counts_from": cst(2025, 3, 3, 9),
                "pauses": [(cst(2025, 3, 3, 10), cst(2025, 3, 3, 16), "awaiting_customer")],
            },
            "pauses[0]",
        ),
        (
            {
                "counts_from": cst(2025, 3, 3, 9),
                "pauses": [(cst(2025, 3, 3, 12), cst(2025, 3, 3, 11), "awaiting_customer")],
            },
            "pauses[0].end",
        ),
    ],
)
def test_retroactive_start_validation(kwargs, field):
    """Pauses come with counts_from, in order, inside [counts_from, at]; only the last open."""
    with pytest.raises(InvalidFieldError) as info:
        elapsed_target().clock().start(cst(2025, 3, 3, 15), **kwargs)
    assert info.value.field == field


def test_illegal_events_raise_and_leave_the_clock_unchanged():
    """Resume without pause, pause while paused, events after stop, time going backwards."""
    fresh = elapsed_target().clock()
    running = fresh.start(cst(2025, 3, 3, 9))
    paused = running.pause(cst(2025, 3, 3, 10), "awaiting_customer")
    stopped = running.stop(cst(2025, 3, 3, 11))
    cases = [
        (fresh, lambda c: c.pause(cst(2025, 3, 3, 9), "awaiting_customer"), "not_started"),
        (fresh, lambda c: c.stop(cst(2025, 3, 3, 9)), "not_started"),
        (running, lambda c: c.resume(cst(2025, 3, 3, 11)), "running"),
        (running, lambda c: c.start(cst(2025, 3, 3, 11)), "running"),
        (paused, lambda c: c.pause(cst(2025, 3, 3, 11), "awaiting_customer"), "paused"),
        (stopped, lambda c: c.pause(cst(2025, 3, 3, 12), "awaiting_customer"), "stopped"),
        (stopped, lambda c: c.resume(cst(2025, 3, 3, 12)), "stopped"),
        (stopped, lambda c: c.stop(cst(2025, 3, 3, 12)), "stopped"),
        (stopped, lambda c: c.cancel(cst(2025, 3, 3, 12)), "stopped"),
        (stopped, lambda c: c.change_goal(cst(2025, 3, 3, 12), priority="P1"), "stopped"),
        (running, lambda c: c.pause(cst(2025, 3, 3, 11), "lunch"), "running"),
    ]
    for clock, event, state in cases:
        before = (clock, clock.status(cst(2025, 3, 3, 13)), clock.to_dict())
        with pytest.raises(IllegalTransitionError) as info:
            event(clock)
        assert info.value.state == state
        assert info.value.entity == "SLA clock 'first_response'"
        assert (clock, clock.status(cst(2025, 3, 3, 13)), clock.to_dict()) == before
    with pytest.raises(InvalidFieldError) as bad:
        running.pause(cst(2025, 3, 3, 8), "awaiting_customer")
    assert bad.value.field == "at"
    with pytest.raises(InvalidFieldError):
        running.pause(dt.datetime(2025, 3, 3, 12), "awaiting_customer")  # naive
    with pytest.raises(InvalidFieldError):
        running.apply("pause")


def test_regulatory_style_target_refuses_to_pause_for_the_customer():
    """A target with no pause states refuses every pause; the message lists what it allows."""
    target = SlaTarget("final_response", ElapsedDuration(24 * H))
    clock = target.clock().start(utc(2025, 1, 1))
    with pytest.raises(IllegalTransitionError) as info:
        clock.pause(utc(2025, 1, 1, 1), "awaiting_customer")
    assert "pauses for: nothing" in info.value.reason
    assert not target.pauses_in("awaiting_customer")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": SlaEventKind.PAUSE}, "reason"),
        ({"kind": SlaEventKind.STOP, "priority": "P1"}, "priority"),
        ({"kind": SlaEventKind.START, "priority": "P9"}, "priority"),
        ({"kind": SlaEventKind.START, "priority": " vip"}, "priority"),
        ({"kind": SlaEventKind.START, "priority": 3}, "priority"),
        ({"kind": SlaEventKind.START, "rule": ElapsedDuration(H)}, "rule"),
        ({"kind": SlaEventKind.CHANGE_GOAL, "rule": "1h"}, "rule"),
        ({"kind": SlaEventKind.CHANGE_GOAL}, "priority"),
        (
            {"kind": SlaEventKind.CHANGE_GOAL, "priority": "P1", "rule": ElapsedDuration(H)},
            "priority",
        ),
        ({"kind": SlaEventKind.EXTEND, "reason": "x"}, "extension"),
        ({"kind": SlaEventKind.EXTEND, "extension": "complex"}, "reason"),
        ({"kind": SlaEventKind.STOP, "approved_by": "boss"}, "extension"),
        ({"kind": SlaEventKind.STOP, "counts_from": utc(2025, 1, 1)}, "counts_from"),
        ({"kind": SlaEventKind.START, "pauses": ["x"]}, "pauses"),
        ({"kind": "start"}, "kind"),
        ({"kind": SlaEventKind.STOP, "reason": None}, "reason"),
    ],
)
def test_event_fields_are_validated(kwargs, field):
    """Each event kind accepts only its own fields."""
    kind = kwargs.pop("kind")
    with pytest.raises(InvalidFieldError) as info:
        SlaEvent(kind, utc(2025, 1, 2), **kwargs)
    assert info.value.field == field


# -- extensions ----------------------------------------------------------------------------


def test_extensions_are_taken_in_order_with_approval_where_required(always):
    """complex (30 d) before particularly_complex (60 d, needs approval); no skipping back."""
    policy = cn_banking_insurance(always)
    start = utc(2025, 3, 3, 10)
    clock = policy.target("decision").clock().start(start)
    with pytest.raises(IllegalTransitionError) as info:
        clock.extend(utc(2025, 3, 5), "particularly_complex", "very complex", "head office")
    assert "next is 'complex'" in info.value.reason
    with pytest.raises(InvalidFieldError):
        clock.extend(utc(2025, 3, 5), "forever", "because")
    extended = clock.extend(utc(2025, 3, 5), "complex", "needs records from the card network")
    cur = cycle_at(extended, utc(2025, 3, 6))
    # 30 days after 3 March (a 24x7 calendar has no rest days) ends at 24:00 on 2 April.
    assert (cur.extension, cur.due_at) == ("complex", utc(2025, 4, 3))
    with pytest.raises(InvalidFieldError) as bad:
        extended.extend(utc(2025, 3, 20), "particularly_complex", "still open")
    assert bad.value.field == "approved_by"
    ext60 = policy.target("decision").extension("particularly_complex").rule
    final = extended.extend(utc(2025, 3, 20), ext60, "still open", approved_by="head office")
    assert cycle_at(final, utc(2025, 3, 21)).due_at == utc(2025, 5, 3)
    with pytest.raises(IllegalTransitionError) as info:
        final.extend(utc(2025, 3, 21), "complex", "again")
    assert "already taken" in info.value.reason
    with pytest.raises(IllegalTransitionError):
        final.change_goal(utc(2025, 3, 21), priority="P1")
    with pytest.raises(InvalidFieldError):
        final.extend(utc(2025, 3, 21), ElapsedDuration(H), "not an extension")
    # A reset (new facts) starts again from the base 15 days.
    again = final.reset(utc(2025, 4, 1))
    assert cycle_at(again, utc(2025, 4, 1)).due_at == utc(2025, 4, 17)


# -- presets, hand-checked -------------------------------------------------------------------


def test_presets_cite_sources_and_are_not_claimed_verified():
    """Every preset names its source, every rule has source text, none claims verification."""
    for policy in (fca_disp(), fca_disp_payments(), cfpb_portal(), cn_banking_insurance()):
        assert policy.source
        assert policy.verified is False
        for target in policy.targets:
            assert target.rule.source
            assert all(e.rule.source for e in target.extensions)
            assert "awaiting_customer" not in target.pause_in
    assert cn_banking_insurance().target("decision").pause_in == {"external_appraisal"}


def test_uk_complaint_on_a_friday_evening_before_the_august_bank_holiday():
    """Received Fri 22 Aug 2025 19:30 BST; Mon 25 Aug is the summer bank holiday.

    DISP 1.5: business days after the day of receipt are Tue 26 (1), Wed 27 (2), Thu 28 (3):
    close of business Thu 28 Aug. DISP 1.6.2: 8 weeks = 56 days after 22 Aug = Fri 17 Oct,
    ending 24:00 BST = 2025-10-18T00:00+01:00. DISP 1.6.2A: 15 business days = Aug 26-29 (4),
    Sep 1-5 (9), Sep 8-12 (14), Mon 15 Sep (15); 35 = Sep 16-19 (19), 22-26 (24),
    Sep 29-Oct 3 (29), Oct 6-10 (34), Mon 13 Oct (35).
    """
    cal = office("Europe/London", holidays=["2025-08-25"], hours=(("09:00", "17:00"),))
    received = pendulum.datetime(2025, 8, 22, 19, 30, tz="Europe/London")
    uk = _maker("Europe/London")
    # The packaged England and Wales data (default hours 09:00-18:00) agrees.
    packaged = fca_disp().target("summary_resolution").rule
    assert packaged.due(received) == uk(2025, 8, 28, 18)
    disp = fca_disp(cal)
    assert disp.target("summary_resolution").rule.due(received) == uk(2025, 8, 28, 17)
    assert disp.target("final_response").rule.due(received) == uk(2025, 10, 18)
    pay = fca_disp_payments(cal).target("final_response")
    assert pay.rule.due(received) == uk(2025, 9, 15, 17)
    assert pay.extension("exceptional").rule.due(received) == uk(2025, 10, 13, 17)
    # The clock agrees with the rule when nothing pauses, and DISP clocks cannot pause.
    clock = pay.clock().start(received)
    assert cycle_at(clock, received).due_at == uk(2025, 9, 15, 17)
    with pytest.raises(IllegalTransitionError):
        clock.pause(received + H, "awaiting_customer")


def test_cn_complaint_received_before_golden_week(cn_office):
    """Received Tue 16 Sep 2025 10:00 CST.

    15 days: 16 Sep + 15 = Wed 1 Oct, a holiday; 2-8 Oct are holidays too; Thu 9 Oct is the
    next working day -> 24:00 on 9 Oct. 30 days (complex): 16 Oct, a Thursday -> 24:00.
    60 days: 15 Nov, a Saturday -> Mon 17 Nov -> 24:00.
    """
    target = cn_banking_insurance(cn_office).target("decision")
    received = cst(2025, 9, 16, 10)
    assert target.rule.due(received) == cst(2025, 10, 10)
    assert target.extension("complex").rule.due(received) == cst(2025, 10, 17)
    assert target.extension("particularly_complex").rule.due(received) == cst(2025, 11, 18)
    clock = target.clock().start(received)
    assert cycle_at(clock, cst(2025, 9, 30)).due_at == cst(2025, 10, 10)


def test_cn_period_ending_on_a_make_up_sunday_ends_that_day(cn_office):
    """Received Sat 13 Sep 2025: day 15 is Sun 28 Sep, an official make-up working day.

    Civil Code art. 203 moves only rest days and holidays, so the period ends at 24:00 on
    Sunday 28 Sep (without the make-up day it would have rolled to Monday 29 Sep).
    """
    rule = cn_banking_insurance(cn_office).target("decision").rule
    assert rule.due(cst(2025, 9, 13, 15)) == cst(2025, 9, 29)
    plain = office()  # the same hours without the make-up day
    assert CalendarDays.civil_code(15, plain).due(cst(2025, 9, 13, 15)) == cst(2025, 9, 30)


def test_cn_external_appraisal_pauses_the_clock(cn_office):
    """Appraisal 20 Sep 00:00 - 25 Sep 00:00 (5 days) moves the counted last day 5 days.

    Received Tue 16 Sep: the 15th day is 1 Oct; 5 days excluded make it 6 Oct, a National
    Day holiday (1-8 Oct), so art. 203 rolls it to Thu 9 Oct: 24:00 on 9 Oct. (The
    unpaused period also ends then: Golden Week absorbs the excluded days.)
    """
    target = cn_banking_insurance(cn_office).target("decision")
    clock = (
        target.clock()
        .start(cst(2025, 9, 16, 10))
        .pause(cst(2025, 9, 20), "external_appraisal")
        .resume(cst(2025, 9, 25))
    )
    assert cycle_at(clock, cst(2025, 9, 26)).due_at == cst(2025, 10, 10)
    with pytest.raises(IllegalTransitionError):
        target.clock().start(cst(2025, 9, 16, 10)).pause(cst(2025, 9, 17), "awaiting_customer")


def test_cfpb_response_and_in_progress_extension():
    """Sent Fri 21 Nov 2025 15:00 ET: +15 days = Sat 6 Dec -> 24:00 (no rolling for CFPB);
    in progress: +60 days = Tue 20 Jan 2026 -> 24:00."""
    cal = BusinessCalendar.always_open("America/New_York")
    ny = _maker("America/New_York")
    target = cfpb_portal(cal).target("response")
    received = ny(2025, 11, 21, 15)
    assert target.rule.due(received) == ny(2025, 12, 7)
    clock = target.clock().start(received).extend(ny(2025, 12, 5), "in_progress", "in progress")
    assert cycle_at(clock, ny(2025, 12, 8)).due_at == ny(2026, 1, 21)
    assert not cycle_at(clock, ny(2025, 12, 8)).breached


def test_industry_default_policy(cn_office):
    """24 h acknowledgement (no pause), 5 business day updates and 15 days, both pausable."""
    policy = industry_default(cn_office)
    assert policy.names == ("first_response", "next_update", "resolution")
    assert not policy.target("first_response").pause_in
    assert policy.target("resolution").pauses_in("awaiting_customer")
    received = cst(2025, 9, 19, 18, 30)  # a Friday evening
    assert policy.target("first_response").rule.due(received) == cst(2025, 9, 20, 18, 30)
    # 5 business days after Fri 19 Sep: Mon 22 .. Fri 26 is 5 -> close 18:00 Fri 26 Sep.
    assert policy.target("next_update").rule.due(received) == cst(2025, 9, 26, 18)


# -- persistence -----------------------------------------------------------------------------


def test_clock_round_trips_through_dict_json_and_pickle(cn_office):
    """from_dict(to_dict(x)) == x; pickle keeps the events and recomputes the rest."""
    target = cn_banking_insurance(cn_office).target("decision")
    clock = (
        target.clock()
        .start(cst(2025, 9, 16, 10), priority="P2")
        .pause(cst(2025, 9, 20), "external_appraisal")
        .resume(cst(2025, 9, 25))
        .extend(cst(2025, 9, 26), "complex", "complex")
    )
    data = json.loads(json.dumps(clock.to_dict()))
    assert SlaClock.from_dict(data) == clock
    copy = pickle.loads(pickle.dumps(clock))
    assert copy == clock
    assert copy.status(cst(2025, 10, 1)) == clock.status(cst(2025, 10, 1))
    bare = clock.to_dict(include_target=False)
    assert "target" not in bare
    assert SlaClock.from_dict(bare, target=target) == clock
    with pytest.raises(SerializationError) as info:
        SlaClock.from_dict(bare)
    assert info.value.path == "target"


def test_clock_from_dict_names_the_refused_event(always):
    """A log whose third event is not allowed names events[2]."""
    target = elapsed_target()
    data = target.clock().start(utc(2025, 1, 1)).to_dict()
    data["events"].append({"schema": 1, "kind": "resume", "at": "2025-01-01T02:00:00+00:00"})
    data["events"].insert(1, {"schema": 1, "kind": "stop", "at": "2025-01-01T01:00:00+00:00"})
    with pytest.raises(SerializationError) as info:
        SlaClock.from_dict(data)
    assert info.value.path == "events[2]"
    data["events"][1]["at"] = "2025-01-01T01:00:00"
    with pytest.raises(SerializationError) as info:
        SlaClock.from_dict(data)
    assert info.value.path == "events[1].at"
    data["events"][1] = {
        "schema": 1,
        "kind": "start",
        "at": "2025-01-01T01:00:00Z",
        "pauses": [{"start": 1}],
    }
    with pytest.raises(SerializationError) as info:
        SlaClock.from_dict(data)
    assert info.value.path.startswith("events[1].pauses[0]")


def test_with_target_repairs_the_figures():
    """The same events under a changed target give new figures ("SLA repair")."""
    clock = elapsed_target(hours=4).clock().start(cst(2025, 3, 3, 9))
    repaired = clock.with_target(elapsed_target(hours=8))
    assert repaired.events == clock.events
    assert cycle_at(repaired, cst(2025, 3, 3, 9)).due_at == cst(2025, 3, 3, 17)
    with pytest.raises(IllegalTransitionError):
        clock.pause(cst(2025, 3, 3, 10), "awaiting_customer").with_target(
            elapsed_target(pause_in=frozenset())
        )


def test_evaluate_matches_status_for_every_clock():
    """evaluate(clocks, at) is status(at) for each clock, in order."""
    target = elapsed_target()
    clocks = [
        target.clock().start(cst(2025, 3, 3, 9 + i)).pause(cst(2025, 3, 3, 15), "awaiting_customer")
        if i % 2
        else target.clock().start(cst(2025, 3, 3, 9 + i))
        for i in range(6)
    ]
    at = cst(2025, 3, 4, 8)
    assert evaluate(clocks, at) == [c.status(at) for c in clocks]
    assert evaluate([], at) == []


# -- properties ------------------------------------------------------------------------------


def _reference(target, events, at):
    """A naive fold: the running stretches and the rule of each cycle, from the events alone."""
    cycles = []  # [start, rule, stretches, end]
    priority = None
    override = None
    open_since = None
    for event in events:
        if event.at > at and not (event.counts_from is not None and event.counts_from <= at):
            break
        kind = event.kind
        if kind is SlaEventKind.START:
            priority = event.priority or priority
            if event.priority is not None:
                override = None
            begin = event.counts_from or event.at
            rule = override or target.rule_for(priority)
            cycles.append([begin, rule, [], None])
            open_since = begin
            for p in event.pauses:
                if p.start > at:
                    break
                cycles[-1][2].append((open_since, p.start))
                open_since = p.end if p.end is not None and p.end <= at else None
                if open_since is None:
                    break
        elif kind is SlaEventKind.PAUSE:
            cycles[-1][2].append((open_since, event.at))
            open_since = None
        elif kind is SlaEventKind.RESUME:
            open_since = event.at
        elif kind in {SlaEventKind.STOP, SlaEventKind.CANCEL, SlaEventKind.RESET}:
            if cycles and cycles[-1][3] is None:
                if open_since is not None:
                    cycles[-1][2].append((open_since, event.at))
                cycles[-1][3] = event.at
            open_since = None
            if kind is SlaEventKind.RESET:
                cycles.append([event.at, override or target.rule_for(priority), [], None])
                open_since = event.at
        elif kind is SlaEventKind.CHANGE_GOAL:
            priority = event.priority if event.rule is None else priority
            override = event.rule
            if cycles and cycles[-1][3] is None:
                cycles[-1][1] = override or target.rule_for(priority)
        elif kind is SlaEventKind.EXTEND:
            cycles[-1][1] = target.extension(event.extension).rule
    if cycles and cycles[-1][3] is None and open_since is not None:
        cycles[-1][2].append((open_since, at))
    return cycles


def _day_counted_deadline(rule, start, pauses):
    """Reference for a day-counted rule: (deadline, paused time excluded from the period).

    Counted last day = day of receipt + days. A pause that begins before the deadline in
    force adds its length in 24-hour days, rounded up, to the later of the counted last day
    and the day it began, plus days until the deadline falls after its end; art. 203 rolls.
    """
    cal = rule.calendar
    one = dt.timedelta(days=1)

    def deadline(day):
        while rule.roll and not cal.is_business_day(day):
            day += one
        return (
            cal.close_of_business(day)
            if rule.cutoff is Cutoff.CLOSE_OF_BUSINESS
            else (cal.end_of_day(day))
        )

    last = cal.local_date(start) + rule.days * one
    excluded = dt.timedelta(0)
    for a, b in pauses:
        if a >= deadline(last):
            continue
        seconds = int((b - a).total_seconds() * 1_000_000)
        whole = (seconds + 86_400_000_000 - 1) // 86_400_000_000
        last = max(last, cal.local_date(a)) + whole * one
        while deadline(last) <= b:
            last += one
        excluded += b - a
    return deadline(last), excluded


def _measure(rule, start, end):
    if isinstance(rule, BusinessDuration | BusinessDays):
        return rule.calendar.between(start, end)
    return dt.timedelta(seconds=int(end.timestamp()) - int(start.timestamp()))


def _after_last(draw, clock):
    last = clock.events[-1].at if clock.events else pendulum.datetime(2025, 6, 1, tz="UTC")
    return last + dt.timedelta(seconds=draw(st.integers(0, 20 * 86400)))


SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SLOW
@given(st.data())
def test_status_matches_a_naive_reference_fold(data):
    """Goal, elapsed (running stretches measured on the rule's meter), and elapsed + remaining."""
    target = data.draw(sfst.sla_targets())
    events = data.draw(sfst.sla_event_logs(target))
    clock = SlaClock(target, events)
    at = _after_last(data.draw, clock)
    status = clock.status(at)
    expected = _reference(target, events, at)
    assert len(status.cycles) == len(expected)
    for cycle, (start, rule, stretches, end) in zip(status.cycles, expected, strict=True):
        assert cycle.started_at == start
        assert cycle.stopped_at == end
        assert cycle.rule == rule
        if isinstance(rule, CalendarDays):
            # Day-counted: the goal is the running time from the start to the deadline that
            # the pauses (gaps between the stretches, and one still open) leave.
            ends = [b for _, b in stretches[:-1]]
            gaps = list(zip(ends, [a for a, _ in stretches[1:]], strict=True))
            if stretches and stretches[-1][1] < (end or at):
                gaps.append((stretches[-1][1], end or at))
            due, excluded = _day_counted_deadline(rule, start, gaps)
            assert cycle.goal == due - start - excluded
            assert cycle.due_at == due
        else:
            assert cycle.goal == rule.goal(start)
        assert cycle.elapsed == sum((_measure(rule, a, b) for a, b in stretches), dt.timedelta(0))
        assert cycle.elapsed + cycle.remaining == cycle.goal
        assert cycle.breached == (cycle.elapsed >= cycle.goal)
        assert cycle.breached == (cycle.breached_at is not None)


@SLOW
@given(st.data())
def test_replay_in_one_go_equals_event_by_event(data):
    """SlaClock(target, events) == folding the events one by one, with equal statuses."""
    target = data.draw(sfst.sla_targets())
    events = data.draw(sfst.sla_event_logs(target))
    stepwise = SlaClock(target)
    for event in events:
        stepwise = stepwise.apply(event)
    at = _after_last(data.draw, stepwise)
    once = SlaClock(target, events)
    assert once == stepwise
    assert once.status(at) == stepwise.status(at)
    assert once.next_alarm(at) == stepwise.next_alarm(at)
    restored = SlaClock.from_dict(json.loads(json.dumps(once.to_dict())))
    assert restored == once
    assert restored.status(at) == once.status(at)


@SLOW
@given(st.data())
def test_status_in_the_past_equals_the_clock_of_the_events_so_far(data):
    """status(t) for t before an event is the status of the log's prefix at t."""
    target = data.draw(sfst.sla_targets())
    events = data.draw(sfst.sla_event_logs(target))
    assume(len(events) >= 2)
    i = data.draw(st.integers(1, len(events) - 1))
    t = events[i].at - dt.timedelta(seconds=1)
    assume(t >= events[i - 1].at)
    # A retroactive start already counts before it was recorded (tested by hand above).
    assume(events[i].counts_from is None or events[i].counts_from > t)
    full = SlaClock(target, events)
    prefix = SlaClock(target, events[:i])
    assert full.status(t) == prefix.status(t)


@SLOW
@given(st.data())
def test_pausing_never_makes_due_at_earlier(data):
    """Pausing a running clock at t: at any later instant its due_at is no earlier."""
    target = data.draw(sfst.sla_targets().filter(lambda t: t.pause_in))
    events = data.draw(sfst.sla_event_logs(target))
    clock = SlaClock(target, events)
    assume(clock.state is SlaState.RUNNING)
    t = _after_last(data.draw, clock)
    later = t + dt.timedelta(seconds=data.draw(st.integers(0, 10 * 86400)))
    paused = clock.pause(t, min(target.pause_in))
    before = cycle_at(clock, t).due_at
    assert cycle_at(paused, later).due_at >= before
    resumed = paused.resume(later)
    assert cycle_at(resumed, later).due_at >= before


@SLOW
@given(st.data())
def test_due_at_is_an_open_instant_or_a_close_and_breach_is_exact(data):
    """On a business meter due_at follows open time; breached flips exactly at due_at."""
    target = data.draw(sfst.sla_targets())
    events = data.draw(sfst.sla_event_logs(target))
    clock = SlaClock(target, events)
    assume(clock.state is SlaState.RUNNING)
    at = _after_last(data.draw, clock)
    cycle = cycle_at(clock, at)
    due = cycle.due_at
    if isinstance(cycle.rule, BusinessDuration | BusinessDays):
        cal = cycle.rule.calendar
        assert cal.is_open(due - S) or cal.is_open(due)
    last = clock.events[-1].at
    if due - S >= last:
        assert not cycle_at(clock, due - S).breached
    if due >= last:
        exact = cycle_at(clock, due)
        assert exact.breached
        assert exact.breached_at == due
        assert exact.remaining <= dt.timedelta(0)


@SLOW
@given(st.data())
def test_alarms_fire_warnings_in_order_then_the_breach(data):
    """Following next_alarm from the last event: warning levels rise, the breach comes last."""
    target = data.draw(sfst.sla_targets())
    events = data.draw(sfst.sla_event_logs(target))
    clock = SlaClock(target, events)
    assume(clock.state is SlaState.RUNNING)
    at = clock.events[-1].at
    seen = []
    while (nxt := clock.next_alarm(at)) is not None:
        assert nxt > at
        cur = cycle_at(clock, nxt)
        before = cycle_at(clock, nxt - dt.timedelta(microseconds=1))
        assert (cur.warning, cur.breached) != (before.warning, before.breached)
        seen.append((cur.warning or 0, cur.breached))
        at = nxt
        assert len(seen) <= len(target.thresholds) + 1
    assert seen == sorted(seen)
    if seen:
        assert cycle_at(clock, at).breached


@settings(max_examples=20)
@given(sfst.sla_policies())
def test_policies_round_trip(policy):
    """from_dict(to_dict(p)) == p through JSON, and pickle."""
    assert SlaPolicy.from_dict(json.loads(json.dumps(policy.to_dict()))) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy


@settings(max_examples=20)
@given(sfst.sla_events())
def test_events_round_trip(event):
    """from_dict(to_dict(e)) == e."""
    assert SlaEvent.from_dict(json.loads(json.dumps(event.to_dict()))) == event


@pytest.mark.parametrize(
    "tz",
    [dt.UTC, dt.timezone(dt.timedelta(hours=8)), "Asia/Shanghai", "pendulum"],
    ids=["utc", "fixed", "zoneinfo", "pendulum"],
)
def test_clock_methods_store_every_input_kind_as_the_utc_instant(tz: object) -> None:
    """Each clock method stores its instant as a stdlib UTC datetime, whatever kind it got.

    09:00 in Shanghai (+08:00, no DST) is 01:00 UTC; the pause at 10:00, the resume at 10:30
    and the stop at 11:00 local are 02:00, 02:30 and 03:00 UTC.
    """
    import zoneinfo

    def at(hour: int, minute: int = 0) -> dt.datetime:
        if tz == "pendulum":
            return pendulum.datetime(2025, 3, 3, hour, minute, tz="Asia/Shanghai")
        zone = zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz
        assert isinstance(zone, dt.tzinfo)
        local = dt.datetime(2025, 3, 3, hour, minute, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
        return local.astimezone(zone)

    target = SlaTarget(
        "first_response",
        ElapsedDuration(dt.timedelta(hours=4)),
        pause_in=frozenset({"awaiting_customer"}),
    )
    clock = (
        SlaClock(target)
        .start(at(9))
        .pause(at(10), "awaiting_customer")
        .resume(at(10, 30))
        .stop(at(11))
    )
    expected = [
        dt.datetime(2025, 3, 3, h, m, tzinfo=dt.UTC) for h, m in ((1, 0), (2, 0), (2, 30), (3, 0))
    ]
    assert [e.at for e in clock.events] == expected
    for event in clock.events:
        assert type(event.at) is dt.datetime
        assert event.at.tzinfo is dt.UTC
    # 09:00-10:00 and 10:30-11:00 local run: 1 h 30 min elapsed of the 4 h goal.
    status = clock.status(dt.datetime(2025, 3, 3, 5, tzinfo=dt.UTC))
    assert status.current is None
    assert status.completed[0].elapsed == dt.timedelta(hours=1, minutes=30)
    assert SlaClock.from_dict(json.loads(json.dumps(clock.to_dict()))) == clock

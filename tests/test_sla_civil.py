"""Civil Code periods under pauses (issue 11 item 5).

A `CalendarDays` period that a pause pushes out still ends at the end of a day, on a working
day when it rolls (PRC Civil Code art. 203): each pause counts its real length in 24-hour
days, a part day as a whole day; the counted (unrolled) last day moves by that many days,
from the day the pause began when that is later; art. 203 is applied afresh; with the
close-of-business cutoff, days are added until the deadline falls after the pause.

Every expected value is worked out by hand in a comment, from the State Council notices
as quoted in DOMAIN.md and the packaged `cn_mainland()` data:
2025 Spring Festival 28 Jan - 4 Feb off, make-up Sun 26 Jan and Sat 8 Feb;
2025 National Day 1-8 Oct off, make-up Sun 28 Sep and Sat 11 Oct;
2026 Spring Festival 15-23 Feb off, make-up Sat 14 Feb and Sat 28 Feb.
Office hours are Mon-Fri 09:00-18:00 (make-up days too).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pendulum
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from supportflow import InvalidFieldError
from supportflow.calendar import BusinessCalendar, cn_mainland
from supportflow.sla import (
    CalendarDays,
    Cutoff,
    SlaClock,
    SlaCycle,
    SlaTarget,
    cn_banking_insurance,
)

APPRAISAL = "external_appraisal"
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
CAL = cn_mainland()


def cst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return pendulum.datetime(year, month, day, hour, minute, tz="Asia/Shanghai")


def decision() -> SlaTarget:
    return cn_banking_insurance(CAL).target("decision")


def cob_target(days: int = 15) -> SlaTarget:
    rule = CalendarDays.civil_code(days, CAL, cutoff=Cutoff.CLOSE_OF_BUSINESS)
    return SlaTarget("decision", rule, pause_in=frozenset({APPRAISAL}))


def paused(target: SlaTarget, received: dt.datetime, *pauses: tuple[dt.datetime, dt.datetime]):
    clock = target.clock().start(received)
    for begin, end in pauses:
        clock = clock.pause(begin, APPRAISAL).resume(end)
    return clock


def now(clock: SlaClock, at: dt.datetime) -> SlaCycle:
    cycle = clock.status(at).current
    assert cycle is not None
    return cycle


# -- the three reproductions of the issue ------------------------------------------------------


def test_docs_example_no_longer_ends_on_sunday_19_october():
    """Received Tue 16 Sep 10:00, extended to 30 days: counted last day 16 Sep + 30 = Thu 16 Oct.

    Appraisal 9 Oct 00:00 - 12 Oct 00:00 is 3 days: 16 Oct + 3 = Sun 19 Oct, a rest day
    (not a make-up day), so art. 203 rolls it to Mon 20 Oct: 24:00 on 20 Oct. (Before the fix:
    24:00 on Sunday 19 Oct.)
    """
    clock = decision().clock().start(cst(2025, 9, 16, 10))
    clock = clock.extend(cst(2025, 9, 30), "complex", "needs the acquirer's records")
    clock = clock.pause(cst(2025, 10, 9), APPRAISAL).resume(cst(2025, 10, 12))
    cycle = now(clock, cst(2025, 10, 12))
    assert cycle.due_at == cst(2025, 10, 21)
    assert not cycle.breached


def test_six_day_pause_does_not_end_on_national_day():
    """Received Wed 10 Sep: the 15th day is Thu 25 Sep. Appraisal 12 Sep 09:00 - 18 Sep 09:00 is
    6 days: 25 Sep + 6 = Wed 1 Oct, National Day; 1-8 Oct are off, Thu 9 Oct works: 24:00 9 Oct.
    (Before the fix: 24:00 on 1 Oct.)"""
    clock = paused(decision(), cst(2025, 9, 10, 11), (cst(2025, 9, 12, 9), cst(2025, 9, 18, 9)))
    assert now(clock, cst(2025, 9, 18, 9)).due_at == cst(2025, 10, 10)


def test_five_hour_pause_counts_one_whole_day():
    """Received Wed 10 Sep 11:00; appraisal 12 Sep 09:00-14:00 (5 h) counts 1 day:
    25 Sep + 1 = Fri 26 Sep, a working day: 24:00 on 26 Sep. (Before the fix: 05:00 on 26 Sep.)

    Figures at the resume, 12 Sep 14:00: elapsed = 51 h since receipt - 5 h paused = 46 h;
    the goal is the running time to the deadline: (27 Sep 00:00 - 10 Sep 11:00 = 16 d 13 h)
    - 5 h = 392 h; remaining = 392 - 46 = 346 h = 14 d 10 h = 27 Sep 00:00 - 12 Sep 14:00.
    The 50 % warning comes at 196 h counted: 150 h after 12 Sep 14:00 = Thu 18 Sep 20:00.
    """
    clock = paused(decision(), cst(2025, 9, 10, 11), (cst(2025, 9, 12, 9), cst(2025, 9, 12, 14)))
    cycle = now(clock, cst(2025, 9, 12, 14))
    assert cycle.due_at == cst(2025, 9, 27)
    assert cycle.elapsed == 46 * H
    assert cycle.goal == 392 * H
    assert cycle.remaining == 346 * H
    assert cycle.paused_time == 5 * H
    assert clock.next_alarm(cst(2025, 9, 12, 14)) == cst(2025, 9, 18, 20)
    assert clock.next_alarm(cst(2025, 9, 26, 12)) == cst(2025, 9, 27)
    assert not now(clock, cst(2025, 9, 26, 23, 59)).breached
    late = now(clock, cst(2025, 9, 27))
    assert late.breached
    assert late.breached_at == cst(2025, 9, 27)


# -- Golden Week 2025 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pause_end", "due", "why"),
    [
        # 60 h = 2.5 days -> 3: 25 Sep + 3 = Sun 28 Sep, a make-up working day: 24:00 that day.
        (cst(2025, 9, 14, 21), cst(2025, 9, 29), "make-up Sunday"),
        # 4 days: 29 Sep (Mon, working) -> 24:00 29 Sep.
        (cst(2025, 9, 16, 9), cst(2025, 9, 30), "Monday"),
        # 5 days: Tue 30 Sep, working.
        (cst(2025, 9, 17, 9), cst(2025, 10, 1), "eve of National Day"),
        # 13 days: 8 Oct, holiday -> Thu 9 Oct.
        (cst(2025, 9, 25, 9), cst(2025, 10, 10), "last day of Golden Week"),
        # 15 days 1 minute -> 16: 11 Oct, the make-up Saturday: 24:00 that day.
        (cst(2025, 9, 27, 9, 1), cst(2025, 10, 12), "make-up Saturday"),
        # 17 days: Sun 12 Oct, rest day -> Mon 13 Oct.
        (cst(2025, 9, 29, 9), cst(2025, 10, 14), "Sunday after the make-up Saturday"),
    ],
)
def test_golden_week(pause_end, due, why):
    """Received Wed 10 Sep 2025 11:00 (15th day Thu 25 Sep); appraisal from 12 Sep 09:00."""
    clock = paused(decision(), cst(2025, 9, 10, 11), (cst(2025, 9, 12, 9), pause_end))
    assert now(clock, pause_end).due_at == due, why


def test_excluded_days_are_counted_from_the_counted_last_day_not_the_rolled_one():
    """Received Tue 16 Sep: 15th day Wed 1 Oct, rolled to Thu 9 Oct. Appraisal 20-25 Sep is 5
    days: 1 Oct + 5 = 6 Oct, still in Golden Week -> 9 Oct: the holiday already covers them."""
    clock = paused(decision(), cst(2025, 9, 16, 10), (cst(2025, 9, 20), cst(2025, 9, 25)))
    assert now(clock, cst(2025, 9, 25)).due_at == cst(2025, 10, 10)


def test_pause_in_the_days_art_203_adds_counts_from_the_day_it_began():
    """Received Tue 16 Sep: counted last day 1 Oct, deadline 24:00 9 Oct.

    Appraisal 3 Oct 10:00 - 5 Oct 10:00 (2 days, begun after the counted last day): from
    3 Oct + 2 = 5 Oct, a holiday -> 9 Oct: unchanged. Appraisal 8 Oct 10:00 - 10 Oct 10:00:
    8 Oct + 2 = Fri 10 Oct, working: 24:00 10 Oct, after the resume.
    """
    received = cst(2025, 9, 16, 10)
    early = paused(decision(), received, (cst(2025, 10, 3, 10), cst(2025, 10, 5, 10)))
    assert now(early, cst(2025, 10, 5, 10)).due_at == cst(2025, 10, 10)
    late = paused(decision(), received, (cst(2025, 10, 8, 10), cst(2025, 10, 10, 10)))
    assert now(late, cst(2025, 10, 10, 10)).due_at == cst(2025, 10, 11)


def test_weekend_tail_pause_and_the_provisional_deadline():
    """Received Fri 17 Oct: 15th day Sat 1 Nov, rolled to Mon 3 Nov (24:00).

    Appraisal from Sun 2 Nov 10:00. While paused, due_at is the deadline if it resumed at
    once: at Tue 4 Nov 12:00 the pause is 2 d 2 h -> 3 days from Sun 2 Nov = Wed 5 Nov,
    24:00; remaining is the time from then to it (1 d 12 h). Resumed Wed 5 Nov 10:00 (3
    days exactly): Wed 5 Nov, 24:00.
    """
    clock = decision().clock().start(cst(2025, 10, 17, 15)).pause(cst(2025, 11, 2, 10), APPRAISAL)
    waiting = now(clock, cst(2025, 11, 4, 12))
    assert waiting.paused
    assert waiting.due_at == cst(2025, 11, 6)
    assert waiting.remaining == 36 * H
    assert not waiting.breached
    assert waiting.elapsed + waiting.remaining == waiting.goal
    # At the pause itself nothing is excluded yet: the deadline in force, 24:00 Mon 3 Nov.
    assert now(clock, cst(2025, 11, 2, 10)).due_at == cst(2025, 11, 4)
    resumed = clock.resume(cst(2025, 11, 5, 10))
    assert now(resumed, cst(2025, 11, 5, 10)).due_at == cst(2025, 11, 6)


def test_pause_after_the_deadline_leaves_the_breach():
    """Received Wed 10 Sep: due 24:00 Thu 25 Sep. Paused at 01:00 on 26 Sep: breached at 26 Sep
    00:00, and a pause that begins after the period ran out excludes nothing."""
    clock = paused(decision(), cst(2025, 9, 10, 11), (cst(2025, 9, 26, 1), cst(2025, 10, 1)))
    cycle = now(clock, cst(2025, 10, 2))
    assert cycle.breached
    assert cycle.due_at == cycle.breached_at == cst(2025, 9, 26)


def test_extension_taken_while_paused_recounts_from_the_new_period():
    """Received Wed 10 Sep; appraisal 12 Sep 09:00 - 18 Sep 09:00 (6 days); `complex` taken
    on 13 Sep while paused: 10 Sep + 30 = Fri 10 Oct, + 6 = Thu 16 Oct: 24:00 16 Oct.
    Taking it after the resume gives the same figure."""
    received = cst(2025, 9, 10, 11)
    during = decision().clock().start(received).pause(cst(2025, 9, 12, 9), APPRAISAL)
    during = during.extend(cst(2025, 9, 13), "complex", "complex")
    # Provisional at 14 Sep 00:00: 1 d 15 h paused -> 2 days; 10 Oct + 2 = Sun 12 Oct, rest
    # day -> Mon 13 Oct, 24:00.
    assert now(during, cst(2025, 9, 14)).due_at == cst(2025, 10, 14)
    during = during.resume(cst(2025, 9, 18, 9))
    after = paused(decision(), received, (cst(2025, 9, 12, 9), cst(2025, 9, 18, 9)))
    after = after.extend(cst(2025, 9, 20), "complex", "complex")
    assert now(during, cst(2025, 9, 20)).due_at == cst(2025, 10, 17)
    assert now(after, cst(2025, 9, 20)).due_at == cst(2025, 10, 17)


def test_shorter_goal_ignores_a_pause_after_its_deadline():
    """Received Wed 10 Sep 11:00; appraisal 17 Sep 09:00 - 19 Sep 09:00; on 20 Sep the goal
    becomes 5 days, applied from the cycle's start: 10 Sep + 5 = Mon 15 Sep, 24:00. The pause
    began after that deadline, so it excludes nothing: breached at 16 Sep 00:00. The goal is
    the running time to it, 5 d 13 h; elapsed at 20 Sep 00:00 is 9 d 13 h - 2 d = 7 d 13 h."""
    clock = paused(decision(), cst(2025, 9, 10, 11), (cst(2025, 9, 17, 9), cst(2025, 9, 19, 9)))
    clock = clock.change_goal(cst(2025, 9, 20), rule=CalendarDays.civil_code(5, CAL))
    cycle = now(clock, cst(2025, 9, 20))
    assert cycle.due_at == cycle.breached_at == cst(2025, 9, 16)
    assert cycle.goal == 5 * D + 13 * H
    assert cycle.elapsed == 7 * D + 13 * H


def test_a_day_shortened_by_dst_gets_one_more_day():
    """London, 15 plain calendar days. Received Fri 14 Mar 2025 12:00 GMT: the 15th day is
    Sat 29 Mar, deadline 24:00 (30 Mar 00:00 GMT). Paused Sat 29 Mar 23:30 GMT for 24 real
    hours, to Sun 30 Mar 23:30 UTC (= Mon 31 Mar 00:30 BST): 1 day makes it Sun 30 Mar, but
    that day has 23 hours and ends at 31 Mar 00:00 BST = 30 Mar 23:00 UTC, before the pause
    ended; one more day: Mon 31 Mar, 24:00 BST = 31 Mar 23:00 UTC."""
    rule = CalendarDays(15, BusinessCalendar.always_open("Europe/London"))
    target = SlaTarget("response", rule, pause_in=frozenset({APPRAISAL}))
    utc = dt.UTC
    begin = dt.datetime(2025, 3, 29, 23, 30, tzinfo=utc)
    end = dt.datetime(2025, 3, 30, 23, 30, tzinfo=utc)
    clock = paused(target, dt.datetime(2025, 3, 14, 12, tzinfo=utc), (begin, end))
    assert rule.due(dt.datetime(2025, 3, 14, 12, tzinfo=utc)) == dt.datetime(
        2025, 3, 30, tzinfo=utc
    )
    assert now(clock, end).due_at == dt.datetime(2025, 3, 31, 23, tzinfo=utc)


def test_a_period_past_the_year_9999_is_a_typed_error():
    """The 1st day after 31 Dec 9999 does not exist: InvalidFieldError naming `due`."""
    always = BusinessCalendar.always_open("UTC")
    with pytest.raises(InvalidFieldError) as info:
        CalendarDays(1, always).due(dt.datetime(9999, 12, 31, 12, tzinfo=dt.UTC))
    assert info.value.field == "due"


def test_retroactive_start_replays_pauses_by_the_same_rule():
    """The 6-day case of the issue, attached late with its pause replayed: 24:00 Thu 9 Oct."""
    clock = (
        decision()
        .clock()
        .start(
            cst(2025, 9, 20),
            counts_from=cst(2025, 9, 10, 11),
            pauses=[(cst(2025, 9, 12, 9), cst(2025, 9, 18, 9), APPRAISAL)],
        )
    )
    assert now(clock, cst(2025, 9, 20)).due_at == cst(2025, 10, 10)


# -- Spring Festival 2025 and 2026 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pauses", "due"),
    [
        # 5 days: 21 Jan + 5 = Sun 26 Jan, a make-up working day: 24:00 that day.
        (((cst(2025, 1, 8, 9), cst(2025, 1, 13, 9)),), cst(2025, 1, 27)),
        # 6 days: Mon 27 Jan, working (the holiday starts on 28 Jan).
        (((cst(2025, 1, 8, 9), cst(2025, 1, 14, 9)),), cst(2025, 1, 28)),
        # 6 days 1 minute -> 7: 28 Jan, holiday; 28 Jan - 4 Feb off -> Wed 5 Feb.
        (((cst(2025, 1, 8, 9), cst(2025, 1, 14, 9, 1)),), cst(2025, 2, 6)),
        # 3 h -> 1 day, and 5 d 1 h -> 6 days (each pause rounded on its own): 7 -> 5 Feb.
        (
            (
                (cst(2025, 1, 7, 9), cst(2025, 1, 7, 12)),
                (cst(2025, 1, 8, 9), cst(2025, 1, 13, 10)),
            ),
            cst(2025, 2, 6),
        ),
    ],
)
def test_spring_festival_2025_from_january(pauses, due):
    """Received Mon 6 Jan 2025 10:00: the 15th day is Tue 21 Jan (24:00)."""
    clock = paused(decision(), cst(2025, 1, 6, 10), *pauses)
    assert decision().rule.due(cst(2025, 1, 6, 10)) == cst(2025, 1, 22)
    assert now(clock, pauses[-1][1]).due_at == due


@pytest.mark.parametrize(
    ("length", "due"),
    [
        (dt.timedelta(0), cst(2025, 2, 6)),  # 4 Feb, holiday -> Wed 5 Feb
        (3 * D, cst(2025, 2, 8)),  # 4 Feb + 3 = Fri 7 Feb
        (3 * D + 2 * H, cst(2025, 2, 9)),  # + 4 = Sat 8 Feb, make-up working day
        (4 * D + H, cst(2025, 2, 11)),  # + 5 = Sun 9 Feb, rest day -> Mon 10 Feb
    ],
)
def test_spring_festival_2025_make_up_saturday(length, due):
    """Received Mon 20 Jan 2025: the 15th day is Tue 4 Feb; appraisal from 21 Jan 09:00."""
    start = cst(2025, 1, 21, 9)
    clock = paused(decision(), cst(2025, 1, 20, 10), (start, start + length))
    assert now(clock, start + length).due_at == due


@pytest.mark.parametrize(
    ("days", "due"),
    [
        (8, cst(2026, 2, 15)),  # 6 Feb + 8 = Sat 14 Feb, make-up working day
        (9, cst(2026, 2, 25)),  # 15 Feb, holiday; 15-23 Feb off -> Tue 24 Feb
    ],
)
def test_spring_festival_2026(days, due):
    """Received Thu 22 Jan 2026: the 15th day is Fri 6 Feb; appraisal from 26 Jan 09:00."""
    start = cst(2026, 1, 26, 9)
    clock = paused(decision(), cst(2026, 1, 22, 10), (start, start + days * D))
    assert now(clock, start + days * D).due_at == due


# -- art. 203 para. 2: close of business -----------------------------------------------------


def test_civil_code_close_of_business_option():
    """Para. 2: the last day ends when business stops (18:00). Off in the presets."""
    preset = decision().rule
    assert isinstance(preset, CalendarDays)
    assert preset.cutoff is Cutoff.END_OF_DAY
    rule = CalendarDays.civil_code(15, CAL, cutoff=Cutoff.CLOSE_OF_BUSINESS)
    assert rule == CalendarDays(15, CAL, roll=True, cutoff=Cutoff.CLOSE_OF_BUSINESS)
    # Received 16 Sep: 1 Oct -> Thu 9 Oct, business stops at 18:00.
    assert rule.due(cst(2025, 9, 16, 10)) == cst(2025, 10, 9, 18)
    data = rule.to_dict()
    assert data["cutoff"] == "close_of_business"
    assert CalendarDays.from_dict(json.loads(json.dumps(data))) == rule
    with pytest.raises(InvalidFieldError) as info:
        CalendarDays.civil_code(15, CAL, cutoff="close")  # type: ignore[arg-type]
    assert info.value.field == "cutoff"


def test_close_of_business_with_pauses():
    """Received Wed 10 Sep, 15th day Thu 25 Sep. A 5 h appraisal -> Fri 26 Sep, 18:00.

    Received Fri 17 Oct: 15th day Sat 1 Nov -> Mon 3 Nov, 18:00. Appraisal Sun 2 Nov 22:00 -
    Mon 3 Nov 21:00 (23 h -> 1 day) from Sun 2 Nov = Mon 3 Nov, whose business stopped at
    18:00, before the pause ended: one more day, Tue 4 Nov, 18:00.
    """
    short = paused(cob_target(), cst(2025, 9, 10, 11), (cst(2025, 9, 12, 9), cst(2025, 9, 12, 14)))
    assert now(short, cst(2025, 9, 12, 14)).due_at == cst(2025, 9, 26, 18)
    tail = paused(cob_target(), cst(2025, 10, 17, 15), (cst(2025, 11, 2, 22), cst(2025, 11, 3, 21)))
    cycle = now(tail, cst(2025, 11, 3, 21))
    assert cycle.due_at == cst(2025, 11, 4, 18)
    assert not cycle.breached


# -- persistence -----------------------------------------------------------------------------


def test_a_clock_stored_before_the_change_loads_and_reads_by_the_new_rule():
    """A stored clock is its target and events. The events here are written by hand in the
    stored form (schema 1; the target's form did not change). Loaded, the clock reports the
    new deadline (24:00 Fri 26 Sep, not 05:00), and it round-trips through JSON and pickle."""
    stored = {
        "schema": 1,
        "target": decision().to_dict(),
        "events": [
            {"schema": 1, "kind": "start", "at": "2025-09-10T03:00:00+00:00"},
            {
                "schema": 1,
                "kind": "pause",
                "at": "2025-09-12T01:00:00+00:00",
                "reason": "external_appraisal",
            },
            {"schema": 1, "kind": "resume", "at": "2025-09-12T06:00:00+00:00"},
        ],
    }
    clock = SlaClock.from_dict(json.loads(json.dumps(stored)))
    assert now(clock, cst(2025, 9, 12, 14)).due_at == cst(2025, 9, 27)
    assert SlaClock.from_dict(json.loads(json.dumps(clock.to_dict()))) == clock
    assert pickle.loads(pickle.dumps(clock)).status(cst(2025, 9, 20)) == clock.status(
        cst(2025, 9, 20)
    )


# -- properties ------------------------------------------------------------------------------

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SECONDS = st.integers(0, 12 * 86_400)  # gaps and pause lengths: up to 12 days, to the second


@st.composite
def civil_cases(draw):
    """A civil-code rule, a receipt in 2025 and up to 4 disjoint pauses (start, end)."""
    rule = CalendarDays.civil_code(
        draw(st.sampled_from((15, 30, 60))),
        CAL,
        cutoff=draw(st.sampled_from(tuple(Cutoff))),
    )
    received = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
        seconds=draw(st.integers(0, 360 * 86_400))
    )
    pauses = []
    at = received
    for _ in range(draw(st.integers(0, 4))):
        begin = at + dt.timedelta(seconds=draw(SECONDS))
        at = begin + dt.timedelta(seconds=draw(SECONDS))
        pauses.append((begin, at))
    return rule, received, pauses


def _deadline(rule, received, pauses):
    target = SlaTarget("decision", rule, pause_in=frozenset({APPRAISAL}))
    clock = paused(target, received, *pauses)
    last = pauses[-1][1] if pauses else received
    return now(clock, last).due_at, clock


def _ends_a_business_day(rule, due):
    day = CAL.local_date(due - dt.timedelta(microseconds=1))
    if not CAL.is_business_day(day):
        return False
    if rule.cutoff is Cutoff.CLOSE_OF_BUSINESS:
        return due == CAL.close_of_business(day)
    return due == CAL.end_of_day(day)


@SLOW
@given(civil_cases())
def test_paused_civil_deadline_ends_a_working_day_never_before_the_unpaused_one(case):
    """For any receipt and pauses: the deadline is the end (24:00 or close of business) of
    a business day of the calendar, and never earlier than the unpaused deadline."""
    rule, received, pauses = case
    due, _ = _deadline(rule, received, pauses)
    assert _ends_a_business_day(rule, due)
    assert due >= rule.due(received)


@SLOW
@given(civil_cases(), st.data())
def test_more_pause_time_never_moves_the_deadline_earlier(case, data):
    """Lengthening any pause (up to the next one), or adding one at the end, is monotonic."""
    rule, received, pauses = case
    due, _ = _deadline(rule, received, pauses)
    extra = dt.timedelta(seconds=data.draw(st.integers(1, 5 * 86_400)))
    if pauses and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(pauses) - 1))
        begin, end = pauses[i]
        if i + 1 < len(pauses):
            extra = min(extra, pauses[i + 1][0] - end)
        longer = [*pauses[:i], (begin, end + extra), *pauses[i + 1 :]]
    else:
        begin = (pauses[-1][1] if pauses else received) + dt.timedelta(seconds=data.draw(SECONDS))
        longer = [*pauses, (begin, begin + extra)]
    assert _deadline(rule, received, longer)[0] >= due


@SLOW
@given(civil_cases())
def test_a_pause_begun_before_the_deadline_ends_before_it(case):
    """The period never runs out during a pause: resumed, the clock is not breached, and the
    figures agree with due_at (remaining is the time left to it)."""
    rule, received, pauses = case
    assume(pauses)
    _, clock = _deadline(rule, received, pauses)
    for begin, end in pauses:
        before = now(clock, begin)
        after = now(clock, end)
        if not before.breached:
            assert not after.breached
            assert after.due_at > end
            assert after.remaining == after.due_at - end
        assert after.elapsed + after.remaining == after.goal

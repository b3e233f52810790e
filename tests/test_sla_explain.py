# ruff: noqa: RUF001 - the Chinese texts use full-width punctuation on purpose
"""Deadline explanations: the rule, the calendar, the roll past a holiday, pauses, extensions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from supportflow import InvalidFieldError
from supportflow.calendar import SpanKind, cn_mainland
from supportflow.sla import (
    BusinessDuration,
    CalendarDays,
    ElapsedDuration,
    cn_banking_insurance,
    explain_deadline,
)

UTC = dt.UTC


def test_a_civil_code_period_rolls_past_golden_week_by_hand():
    """Received 16 Sep 2025: day 15 is 1 Oct, in the 1-8 Oct holiday; it ends 9 Oct 24:00."""
    rule = CalendarDays.civil_code(15, cn_mainland())
    x = explain_deadline(rule, "2025-09-16T10:00:00+08:00")
    assert x.nominal_last_day == dt.date(2025, 10, 1)
    assert x.last_day == dt.date(2025, 10, 9)
    assert x.due == dt.datetime(2025, 10, 9, 16, tzinfo=UTC)  # 24:00 Beijing time
    (holiday,) = x.rolled_past
    assert holiday.kind is SpanKind.HOLIDAY
    assert (holiday.first, holiday.last) == (dt.date(2025, 10, 1), dt.date(2025, 10, 8))
    assert x.render("zh-Hans").splitlines() == [
        "期限：2025年10月9日 24:00",
        (
            "- 期间最后一日2025年10月1日为国庆节、中秋节假期（2025年10月1日 - 2025年10月8日），"
            "顺延至2025年10月9日"
        ),
    ]
    assert x.render("en", short=True).startswith("Due 9 Oct 2025 24:00; the period's last day")
    json.dumps(x.to_dict())


def test_business_time_rule_explains_its_calendar():
    """24 business hours from Fri 13 Feb 2026 16:00: 2 + 9 (make-up Sat) + 9 + 4 = 24 h."""
    rule = BusinessDuration(dt.timedelta(hours=24), cn_mainland())
    x = explain_deadline(rule, "2026-02-13T16:00:00+08:00")
    assert x.due == dt.datetime(2026, 2, 25, 5, tzinfo=UTC)  # Wed 13:00 Beijing time
    assert x.business is not None
    assert x.business.total == dt.timedelta(hours=24)
    assert "2026年2月15日至2月23日为春节假期" in x.render("zh-Hans", short=True)


def test_a_clock_explains_its_pauses_and_its_approved_extension():
    """A CN 2020-rules clock: appraisal pause with its reason, extension with its approver."""
    clock = (
        cn_banking_insurance()
        .target("decision")
        .clock()
        .start("2025-09-16T10:00:00+08:00")
        .pause("2025-09-18T10:00:00+08:00", "external_appraisal")
        .resume("2025-09-20T10:00:00+08:00")
        .extend("2025-09-22T10:00:00+08:00", "complex", "disputed trade reconstruction")
        .extend(
            "2025-09-23T10:00:00+08:00",
            "particularly_complex",
            "third-party records",
            approved_by="head office (Li Wei)",
        )
    )
    x = clock.explain("2025-09-24T10:00:00+08:00")
    assert [(p.reason, p.end is not None) for p in x.pauses] == [("external_appraisal", True)]
    assert [(e.name, e.approved_by) for e in x.extensions] == [
        ("complex", ""),
        ("particularly_complex", "head office (Li Wei)"),
    ]
    status = clock.status("2025-09-24T10:00:00+08:00")
    assert status.current is not None
    assert x.due == status.current.due_at
    text = x.render("en")
    assert "paused 18 Sep 2025 10:00 to 20 Sep 2025 10:00 (external_appraisal)" in text
    assert "extended (particularly_complex), approved by head office (Li Wei)" in text
    assert "已延長（particularly_complex），批准人：head office (Li Wei)" in x.render("zh-Hant")


def test_elapsed_rule_and_bad_input():
    """An elapsed rule has no calendar part; a bad locale or a clock not started is refused."""
    x = explain_deadline(ElapsedDuration(dt.timedelta(hours=24)), "2025-01-01T00:00:00Z")
    assert x.due == dt.datetime(2025, 1, 2, tzinfo=UTC)
    assert x.business is None
    with pytest.raises(InvalidFieldError):
        x.render("de")
    clock = cn_banking_insurance().target("decision").clock()
    with pytest.raises(InvalidFieldError):
        clock.start("2025-09-16T10:00:00+08:00").explain("2025-09-15T10:00:00+08:00")
    with pytest.raises(InvalidFieldError):
        explain_deadline("15 days", "2025-01-01T00:00:00Z")  # type: ignore[arg-type]


def test_a_provisional_deadline_says_what_it_assumed():
    """20 Dec 2026 + 15 days = Mon 4 Jan 2027, a working day under the statutory rules."""
    rule = CalendarDays.civil_code(15, cn_mainland(beyond_data="provisional"))
    x = explain_deadline(rule, "2026-12-20T10:00:00+08:00")
    assert x.due == dt.datetime(2027, 1, 4, 16, tzinfo=UTC)
    assert x.assumed == ("CN 2027",)
    assert x.render("zh-Hant").splitlines()[-1] == (
        "- 暫定：CN 2027年度放假安排尚未公佈，按法定假日推算"
    )

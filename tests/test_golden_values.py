"""Golden rows: documents written by today's schema-1 writers, committed in tests/fixtures/golden,
must load FOREVER (a later schema reads them through its upgrade steps), and what they say is
checked against facts worked out by hand, not against the code's own output.

The entities' rows (complaints, payments, withdrawal queues, maintenance windows) have their
own fixtures next to their schema tests; these are the values, configuration and read models.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import supportflow
from supportflow import (
    BusinessCalendar,
    FixedClock,
    NoticeTemplate,
    PriorityContribution,
    PriorityInputs,
    PriorityModel,
    PriorityScore,
    RenderedNotice,
    SendPlan,
    SlaStatus,
    TransitionRecord,
)
from supportflow.holidays import Coverage, HolidayData, HolidayYear
from supportflow.notices import CustomerPreferences, DeliveryPlan, DeliveryPolicy, Send

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
UTC = dt.UTC
H = dt.timedelta(hours=1)

#: Every golden file and the type that reads it.
FILES: dict[str, Any] = {
    "business_calendar_custom_schema1": BusinessCalendar,
    "business_calendar_preset_schema1": BusinessCalendar,
    "business_calendar_preset_extras_schema1": BusinessCalendar,
    "fixed_clock_schema1": FixedClock,
    "transition_record_schema1": TransitionRecord,
    "notice_template_schema1": NoticeTemplate,
    "rendered_notice_schema1": RenderedNotice,
    "send_plan_schema1": SendPlan,
    "priority_inputs_schema1": PriorityInputs,
    "priority_model_schema1": PriorityModel,
    "priority_score_schema1": PriorityScore,
    "priority_contribution_schema1": PriorityContribution,
    "customer_preferences_schema1": CustomerPreferences,
    "send_schema1": Send,
    "delivery_policy_schema1": DeliveryPolicy,
    "delivery_plan_schema1": DeliveryPlan,
    "holiday_year_schema1": HolidayYear,
    "holiday_data_schema1": HolidayData,
    "coverage_schema1": Coverage,
    "sla_status_schema1": SlaStatus,
}


def _document(name):
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def _load(name):
    return FILES[name].from_dict(_document(name))


def test_every_golden_file_is_listed():
    """No file in the directory escapes the tests, and no listed file is missing."""
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_golden_rows_load_and_round_trip(name):
    """Each row loads; while its schema is still the current one, it is written back unchanged.

    Once a type's schema moves on, its old row must still load (through the upgrade step)
    and the loaded value must round-trip in the new schema.
    """
    document = _document(name)
    value = FILES[name].from_dict(document)
    again = value.to_dict()
    if again["schema"] == document["schema"]:
        assert again == document
    assert FILES[name].from_dict(again) == value


@pytest.mark.parametrize("name", sorted(FILES))
def test_golden_rows_validate_against_the_published_json_schema(name):
    """The JSON Schema of each type accepts today's rows (while their schema is current)."""
    document = _document(name)
    schema = supportflow.json_schema(FILES[name])
    branch = schema["oneOf"][0] if "oneOf" in schema else schema
    if document["schema"] == branch["properties"]["schema"]["const"]:
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_custom_calendar_row():
    """London desk, Christmas 2026 (Wed 23 - Tue 29 Dec, all GMT = UTC).

    Wed 17:00-17:30 counts 0.5 h; Thu 24 is overridden to 09:00-13:00 (4 h); Fri 25 and
    Mon 28 are holidays; the weekend is closed; Tue 29 09:00-10:00 counts 1 h: 5.5 h.
    Sat 19 Dec is a make-up day with Monday's hours; Friday closes 12:30-13:30 for lunch.
    """
    cal = _load("business_calendar_custom_schema1")
    assert cal.name == "london_desk"
    start = dt.datetime(2026, 12, 23, 17, tzinfo=UTC)
    assert cal.between(start, dt.datetime(2026, 12, 29, 10, tzinfo=UTC)) == 5.5 * H
    assert cal.is_open(dt.datetime(2026, 12, 19, 10, tzinfo=UTC))
    assert not cal.is_open(dt.datetime(2026, 12, 18, 13, tzinfo=UTC))
    assert cal.is_open(dt.datetime(2026, 12, 18, 14, tzinfo=UTC))


def test_preset_calendar_rows_resolve_the_data_set_when_loaded():
    """A "preset": "cn" row holds no official dates; the data set supplies them on load.

    2025 National Day (1 Oct, a Wednesday) is closed; Sunday 28 Sep 2025 is one of the
    State Council's make-up working days (10:00 in Beijing is 02:00 UTC).
    """
    plain = _load("business_calendar_preset_schema1")
    extras = _load("business_calendar_preset_extras_schema1")
    assert _document("business_calendar_preset_schema1")["holidays"] == []
    for cal in (plain, extras):
        assert not cal.is_open(dt.datetime(2025, 10, 1, 2, tzinfo=UTC))
        assert cal.is_open(dt.datetime(2025, 9, 28, 2, tzinfo=UTC))
    assert (plain.name, extras.name) == ("cn_mainland", "cn_desk")
    # The extra holiday of the desk: Wednesday 31 Dec 2025, closed only there.
    assert plain.is_open(dt.datetime(2025, 12, 31, 2, tzinfo=UTC))
    assert not extras.is_open(dt.datetime(2025, 12, 31, 2, tzinfo=UTC))


def test_clock_and_audit_rows():
    """The clock's instant and every field of the transition record, as written."""
    assert _load("fixed_clock_schema1").now() == dt.datetime(2026, 1, 5, 9, tzinfo=UTC)
    record = _load("transition_record_schema1")
    assert (record.event, record.from_state, record.to_state) == (
        "acknowledge",
        "received",
        "acknowledged",
    )
    assert record.at == dt.datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    assert (record.actor, record.note, dict(record.data)) == (
        "agent_li",
        "called back",
        {"channel": "phone"},
    )


def test_notice_rows():
    """The payment reminder template, and one rendering of it as an SMS.

    12:00 UTC is 20:00 in Beijing; a GSM-7 text of 161-306 characters takes 2 segments.
    """
    template = _load("notice_template_schema1")
    assert template.name == "payment_reminder"
    assert {v.name for v in template.variables} >= {"amount", "expires_at", "merchant"}
    rendered = _load("rendered_notice_schema1")
    assert rendered.sms is not None
    text = rendered.sms.text
    assert "CN¥58.00" in text
    assert "20:00 (Beijing time)" in text
    assert 160 < len(text) <= 306
    assert rendered.sms.cost.segments == 2
    assert (rendered.email, rendered.in_app) == (None, None)


def test_maintenance_send_plan_row():
    """A window 02:00-04:00 UTC on Sat 14 Mar 2026, announced three days before at 02:00 UTC.

    London (GMT in March) is in quiet hours 22:00-08:00 then: the announcement moves to
    21:30 the evening before (the 30-minute margin). Shanghai (10:00 local) is not.
    """
    plan = _load("send_plan_schema1")
    first: dict[tuple[str, str], Any] = {}
    for send in plan.sends:  # in time order: keep each zone's first announcement
        first.setdefault((send.notice, send.timezone), send)
    london = first["maintenance_announced", "Europe/London"]
    shanghai = first["maintenance_announced", "Asia/Shanghai"]
    assert london.planned_for == shanghai.planned_for == dt.datetime(2026, 3, 11, 2, tzinfo=UTC)
    assert london.at == dt.datetime(2026, 3, 10, 21, 30, tzinfo=UTC)
    assert shanghai.at == shanghai.planned_for


def test_priority_rows():
    """ITIL 2 x 2 (P3, 30 points), ¥58,000 at stake (12), an elderly customer (10), one day
    waiting (12): 64 out of 100, the lines summing to the value."""
    inputs = _load("priority_inputs_schema1")
    assert (inputs.impact, inputs.urgency, inputs.amount) == (2, 2, decimal.Decimal(58000))
    model = _load("priority_model_schema1")
    assert model.score(inputs, dt.datetime(2026, 1, 6, 9, tzinfo=UTC)) == _load(
        "priority_score_schema1"
    )
    score = _load("priority_score_schema1")
    points = {c.factor.value: c.points for c in score.breakdown if c.points}
    assert points == {"base": 30, "amount": 12, "vulnerability": 10, "aging": 12}
    assert score.value == 30 + 12 + 10 + 12
    amount = _load("priority_contribution_schema1")
    assert (amount.factor.value, amount.points) == ("amount", 12)


def test_delivery_rows():
    """At 02:30 in Shanghai: the security alert goes at once, the reminder waits for 08:00
    (00:00 UTC), the opted-out feedback request is suppressed."""
    prefs = _load("customer_preferences_schema1")
    assert (prefs.customer, prefs.timezone) == ("c1", "Asia/Shanghai")
    assert _load("send_schema1").id == "r1"
    assert _load("delivery_policy_schema1").cap == 3
    plan = _load("delivery_plan_schema1")
    at = {d.name: d.at for d in plan.deliveries}
    assert at == {
        "a1": dt.datetime(2026, 3, 13, 18, 30, tzinfo=UTC),
        "r1": dt.datetime(2026, 3, 14, 0, 0, tzinfo=UTC),
    }
    assert [s.send for s in plan.suppressed] == ["f1"]


def test_holiday_rows():
    """Hong Kong 2025: 17 general holidays incl. 1 Oct (National Day) and 25-26 Dec; the data
    set covers 2024-2026; on 1 Jun 2026 a 60-day deadline first reaches 2027 for intake on
    2 Nov 2026 (2 Nov + 60 days = 1 Jan 2027), 154 days later."""
    year = _load("holiday_year_schema1")
    assert year.year == 2025
    assert len(year.holidays) == 17
    assert {dt.date(2025, 10, 1), dt.date(2025, 12, 25), dt.date(2025, 12, 26)} <= year.holidays
    data = _load("holiday_data_schema1")
    assert (data.id, data.covered) == ("hk", (2024, 2026))
    assert year in data.years
    cover = _load("coverage_schema1")
    assert cover.provisional_from == dt.date(2026, 11, 2)
    assert dt.date(2026, 11, 2) + dt.timedelta(days=60) == dt.date(2027, 1, 1)
    assert cover.days_left == 30 + 31 + 31 + 30 + 31 + 1  # June..October, then 1 Nov


def test_sla_status_row():
    """Started 09:00, paused 10:00, seen at 11:00 on a 4 h goal: 1 h counted, due 14:00."""
    status = _load("sla_status_schema1")
    cycle = status.current
    assert cycle is not None
    assert (cycle.elapsed, cycle.remaining, cycle.paused_time) == (H, 3 * H, H)
    assert cycle.due_at == dt.datetime(2026, 1, 5, 14, tzinfo=UTC)
    assert cycle.percent == 25.0

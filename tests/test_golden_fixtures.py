"""Golden JSON rows of every persisted complaint and SLA type load forever.

Each fixture in `tests/fixtures/` was written by the code of its day and is never edited;
the facts checked here (states, deadlines, history) were worked out by hand from the
events and the policies' rules, not read off the code's output.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from supportflow.complaints import (
    CaseFacts,
    Complaint,
    ComplaintRules,
    ComplaintState,
    Incident,
    PolicyBook,
)
from supportflow.sla import SlaClock, SlaPolicy, SlaState

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
UTC = dt.UTC


def _golden(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_acknowledged_complaint_schema_2():
    """Received Mon 3 March 2025 09:00 Shanghai under industry_default(cn_mainland()).

    first_response: 24 h -> 4 March 01:00 UTC, stopped by the acknowledgement at 02:00 UTC;
    next_update: 5th business day after the day of receipt (4, 5, 6, 7, 10 March) at close
    of business 18:00 Shanghai = 10 March 10:00 UTC; resolution: 24:00 on the 15th calendar
    day after receipt (18 March) = 18 March 16:00 UTC.
    """
    data = _golden("complaint_schema2_acknowledged.json")
    assert data["schema"] == 2
    c = Complaint.from_dict(data)
    assert (c.id, c.state, c.priority) == ("CMP-ACK-1", ComplaintState.ACKNOWLEDGED, "P3")
    assert [r.event for r in c.history] == ["receive", "acknowledge"]
    assert c.received_at == _utc(2025, 3, 3, 1)
    status = c.sla_status(_utc(2025, 3, 3, 3))
    first = status["first_response"].latest
    assert first is not None
    assert (first.due_at, first.stopped_at, first.breached) == (
        _utc(2025, 3, 4, 1),
        _utc(2025, 3, 3, 2),
        False,
    )
    update = status["next_update"].current
    resolution = status["resolution"].current
    assert update is not None
    assert resolution is not None
    assert update.due_at == _utc(2025, 3, 10, 10)
    assert resolution.due_at == _utc(2025, 3, 18, 16)
    assert c.next_alarm(_utc(2025, 3, 3, 3)) is not None


def test_received_complaint_without_policy_schema_2():
    """No SLA policy: no clocks; its own rules (10 days to reopen, 7 to auto-close) kept."""
    c = Complaint.from_dict(_golden("complaint_schema2_received.json"))
    assert (c.id, c.state, c.priority, c.channel.value) == (
        "CMP-RCV-1",
        ComplaintState.RECEIVED,
        "P4",
        "email",
    )
    assert c.sla_policy is None
    assert c.clocks == ()
    assert c.rules == ComplaintRules(
        reopen_window=dt.timedelta(days=10), auto_close_after=dt.timedelta(days=7)
    )
    assert len(c.history) == 1
    assert c.next_alarm(_utc(2025, 6, 2, 9)) is None


def test_awaiting_customer_complaint_schema_2():
    """Waiting on the customer since 4 March 10:00 Shanghai: the pausable clocks are paused."""
    c = Complaint.from_dict(_golden("complaint_schema2_awaiting.json"))
    assert (c.state, c.priority, c.owner, c.category) == (
        ComplaintState.AWAITING_CUSTOMER,
        "P2",
        "agent-li",
        "fees",
    )
    assert [r.event for r in c.history] == ["receive", "acknowledge", "triage", "request_info"]
    status = c.sla_status(_utc(2025, 3, 4, 6))
    assert status["first_response"].state is SlaState.STOPPED
    for name in ("next_update", "resolution"):
        cycle = status[name].current
        assert cycle is not None
        assert (cycle.paused, cycle.pause_reason) == (True, "awaiting_customer")
    # Paused clocks raise no alarm; the stopped one neither.
    assert c.next_alarm(_utc(2025, 3, 4, 6)) is None


def test_referred_complaint_schema_2():
    """The CN case: evidence, complexity, a rejection, then a referral to the NFRA answered.

    decision: civil-code 15 days, extended to 30 for a complex case: the 30th day after
    1 September is 1 October, inside the National Day holiday (1-8 October 2025), so it
    ends at 24:00 on 9 October = 16:00 UTC; stopped by resolve (8 Sept 11:00 Shanghai).
    The NFRA referral: 15 days of elapsed time from 10 Sept 02:00 UTC -> 25 Sept 02:00 UTC,
    answered 12 Sept. The referral reopened the resolved case to ESCALATED at P1.
    """
    c = Complaint.from_dict(_golden("complaint_schema2_referred.json"))
    assert (c.state, c.priority, c.jurisdiction, c.language) == (
        ComplaintState.ESCALATED,
        "P1",
        "CN",
        "zh-Hans",
    )
    assert c.complexity is not None
    assert c.complexity.value == "complex"
    assert [e.reference for e in c.evidence] == ["TR-77"]
    assert c.root_cause == "system"
    assert len(c.history) == 10
    assert c.history[-1].event == "answer_referral"
    status = c.sla_status(_utc(2025, 9, 20))
    decision = status["decision"].latest
    assert decision is not None
    assert (decision.extension, decision.due_at, decision.stopped_at, decision.breached) == (
        "complex",
        _utc(2025, 10, 9, 16),
        _utc(2025, 9, 8, 3),
        False,
    )
    referral = status["referral:NFRA-9"].latest
    assert referral is not None
    assert (referral.due_at, referral.stopped_at) == (_utc(2025, 9, 25, 2), _utc(2025, 9, 12, 2))
    assert c.referrals[0].body.id == "cn-nfra"


def test_sla_clock_schema_1():
    """A decision clock paused two days for external appraisal, then extended (complex).

    30 days after 1 September is 1 October; the two paused days push it to 3 October,
    still in the National Day holiday, so it rolls to 24:00 on 9 October (16:00 UTC).
    """
    clock = SlaClock.from_dict(_golden("sla_clock_schema1.json"))
    assert clock.target.name == "decision"
    assert len(clock.events) == 4
    cycle = clock.status(_utc(2025, 9, 6)).current
    assert cycle is not None
    assert (cycle.state, cycle.extension, cycle.due_at) == (
        SlaState.RUNNING,
        "complex",
        _utc(2025, 10, 9, 16),
    )


def test_sla_policy_schema_1():
    """A contract policy on a custom London calendar (holidays 25 and 26 December only).

    resolution: 10 business days after the day of receipt, Monday 22 December 2025:
    23, 24, 29, 30, 31 Dec, 1, 2, 5, 6, 7 Jan -> 7 January 2026 at 17:30 London (GMT).
    """
    policy = SlaPolicy.from_dict(_golden("sla_policy_schema1.json"))
    assert (policy.name, policy.ref, policy.names) == (
        "desk_london",
        "desk_london@2",
        ("first_response", "resolution"),
    )
    resolution = policy.target("resolution")
    assert resolution.rule.due(_utc(2025, 12, 22, 10)) == _utc(2026, 1, 7, 17, 30)
    first = policy.target("first_response")
    assert first.rule_for("P1").due(_utc(2025, 12, 22, 10)) == _utc(2025, 12, 22, 11)
    assert first.rule_for("P3").due(_utc(2025, 12, 22, 10)) == _utc(2025, 12, 22, 14)
    assert resolution.extension("complex").requires_approval


def test_complaint_rules_schema_1():
    """Reopen within 14 days, auto-close after 36 hours."""
    rules = ComplaintRules.from_dict(_golden("complaint_rules_schema1.json"))
    assert (rules.reopen_window, rules.auto_close_after) == (
        dt.timedelta(days=14),
        dt.timedelta(hours=36),
    )


def test_policy_book_schema_1():
    """CN cases of at least 1,000 CNY follow the Chinese rules; everything else the default."""
    book = PolicyBook.from_dict(_golden("policy_book_schema1.json"))
    big = CaseFacts("trading", "web_form", jurisdiction="CN", amounts=(("CNY", Decimal(1000)),))
    small = CaseFacts("trading", "web_form", jurisdiction="CN", amounts=(("CNY", Decimal(999)),))
    assert book.select(big).name == "cn_banking_insurance"
    assert book.select(small).name == "industry_default"
    assert book.default == "industry_default"


def test_incident_schema_1():
    """An outage linking two complaints, a maintenance window and a payment."""
    incident = Incident.from_dict(_golden("incident_schema1.json"))
    assert (incident.id, incident.started_at) == ("INC-1", _utc(2025, 9, 1, 1, 30))
    assert incident.complaints == ("CMP-CN-1", "CMP-ACK-1")
    assert (incident.maintenance_windows, incident.payments) == (("MW-1",), ("PAY-9",))


def test_every_fixture_resaves_to_an_equal_value():
    """Loading a golden row and saving it again gives a row that loads to the same value."""
    loaders: dict[str, Callable[[object], Any]] = {
        "complaint_schema": Complaint.from_dict,
        "sla_clock": SlaClock.from_dict,
        "sla_policy": SlaPolicy.from_dict,
        "complaint_rules": ComplaintRules.from_dict,
        "policy_book": PolicyBook.from_dict,
        "incident": Incident.from_dict,
    }
    seen = 0
    for path in sorted(FIXTURES.glob("*.json")):
        load = next((f for prefix, f in loaders.items() if path.name.startswith(prefix)), None)
        if load is None:
            continue
        value = load(json.loads(path.read_text(encoding="utf-8")))
        again = load(json.loads(json.dumps(value.to_dict())))
        assert again == value, path.name
        seen += 1
    assert seen == 10

"""Case complexity and the Chinese 2020 rules' 15 / 30 / 60 days (issue 18, case 6)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from supportflow import IllegalTransitionError, InvalidFieldError
from supportflow.calendar import cn_mainland
from supportflow.complaints import Complaint, Complexity
from supportflow.sla import cn_banking_insurance, industry_default

SH = ZoneInfo("Asia/Shanghai")


def sh(text: str) -> dt.datetime:
    """An instant written in Shanghai wall time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


def received(policy=None) -> Complaint:
    """Received Monday 1 September 2025 10:00 Shanghai, under the CN 2020 rules."""
    return Complaint.receive(
        id="CMP-X",
        customer="C-1",
        channel="phone",
        description="disputed trade reconstruction",
        received_at=sh("2025-09-01T10:00"),
        actor="bot",
        jurisdiction="CN",
        language="zh-Hans",
        sla_policy=policy or cn_banking_insurance(cn_mainland()),
    )


def investigating(c: Complaint, **triage) -> Complaint:
    """Acknowledged and triaged in scope."""
    c.acknowledge(sh("2025-09-01T10:30"), "agent-wang")
    c.triage(
        sh("2025-09-01T11:00"),
        "agent-wang",
        in_scope=True,
        category="trading",
        priority="P3",
        owner="agent-wang",
        **triage,
    )
    return c


def decision_due(c: Complaint) -> dt.datetime:
    """The decision clock's current due instant, as of the last event."""
    current = c.sla_status(c.history[-1].at)["decision"].current
    assert current is not None
    return current.due_at


def fields(c: Complaint) -> dict[str, object]:
    """Every field, for before/after comparisons."""
    return {name: getattr(c, name) for name in c.__slots__ if not name.startswith("__")}


# Hand-worked on the PRC Civil Code count (the day of receipt not counted):
# 15 days from 1 Sep: 16 Sep (Tue), ends 24:00 -> 17 Sep 00:00.
# 30 days: 1 Oct, inside the National Day holiday (1-8 Oct 2025) -> next working day 9 Oct
#   (Thu), ends 24:00 -> 10 Oct 00:00.
# 60 days: 31 Oct (Fri, a working day) -> 1 Nov 00:00.
SIMPLE_DUE = sh("2025-09-17T00:00")
COMPLEX_DUE = sh("2025-10-10T00:00")
PARTICULARLY_DUE = sh("2025-11-01T00:00")


def test_a_simple_case_keeps_the_15_days():
    """Not assessed, or simple: the 15-day period."""
    c = investigating(received())
    assert fields(c)["complexity"] is None  # not assessed yet
    assert decision_due(c) == SIMPLE_DUE
    c.assess_complexity(sh("2025-09-02T09:00"), "agent-wang", complexity="simple", reason="clear")
    assert c.complexity is Complexity.SIMPLE
    assert decision_due(c) == SIMPLE_DUE


def test_complex_takes_30_days():
    """Complex: the decision clock moves to its `complex` extension, 30 days."""
    c = investigating(received())
    record = c.assess_complexity(
        sh("2025-09-02T09:00"), "agent-wang", complexity="complex", reason="several accounts"
    )
    assert c.complexity is Complexity.COMPLEX
    assert record.data == {"complexity": "complex", "reason": "several accounts"}
    assert decision_due(c) == COMPLEX_DUE


def test_particularly_complex_takes_both_extensions_and_needs_approval():
    """Straight to particularly complex: complex then particularly complex, 60 days."""
    c = investigating(received())
    before = fields(c)
    with pytest.raises(InvalidFieldError):
        c.assess_complexity(
            sh("2025-09-02T09:00"), "agent-wang", complexity="particularly_complex", reason="x"
        )
    assert fields(c) == before
    c.assess_complexity(
        sh("2025-09-02T09:00"),
        "agent-wang",
        complexity=Complexity.PARTICULARLY_COMPLEX,
        reason="trade reconstruction across venues",
        approved_by="head-office",
    )
    assert decision_due(c) == PARTICULARLY_DUE
    extends = [e.extension for e in c.clocks[0].events if e.extension]
    assert extends == ["complex", "particularly_complex"]


def test_assessment_at_triage():
    """triage(complexity="complex") assesses at once."""
    c = investigating(received(), complexity="complex")
    assert c.complexity is Complexity.COMPLEX
    assert c.history[-1].data["complexity"] == "complex"
    assert decision_due(c) == COMPLEX_DUE


def test_extend_deadline_and_complexity_agree():
    """Taking the `complex` extension by hand is that assessment; the next step adds one."""
    c = investigating(received())
    c.extend_deadline(
        sh("2025-09-02T09:00"), "agent-wang", target="decision", extension="complex", reason="r"
    )
    assert c.complexity is Complexity.COMPLEX
    c.assess_complexity(
        sh("2025-09-03T09:00"),
        "agent-wang",
        complexity="particularly_complex",
        reason="r2",
        approved_by="head-office",
    )
    assert decision_due(c) == PARTICULARLY_DUE


@pytest.mark.parametrize("lower", ["complex", "simple", "hard"])
def test_assessments_only_go_up(lower):
    """An extension taken is not undone; an unknown level is refused; nothing changes."""
    c = investigating(received(), complexity="complex")
    before = fields(c)
    with pytest.raises(InvalidFieldError) as info:
        c.assess_complexity(sh("2025-09-02T09:00"), "agent-wang", complexity=lower, reason="r")
    assert (info.value.field, info.value.value) == ("complexity", lower)
    assert fields(c) == before


def test_policies_without_such_extensions_only_record_it():
    """Under the industry default nothing moves; the assessment is still recorded."""
    c = investigating(received(industry_default(cn_mainland())))
    clocks = c.clocks
    c.assess_complexity(sh("2025-09-02T09:00"), "agent-wang", complexity="complex", reason="r")
    assert c.complexity is Complexity.COMPLEX
    assert c.clocks == clocks


def test_refused_before_triage_and_out_of_scope():
    """Only working states; an out-of-scope triage takes no complexity."""
    c = received()
    c.acknowledge(sh("2025-09-01T10:30"), "agent-wang")
    with pytest.raises(IllegalTransitionError):
        c.assess_complexity(sh("2025-09-01T10:40"), "agent-wang", complexity="complex", reason="r")
    with pytest.raises(InvalidFieldError) as info:
        c.triage(
            sh("2025-09-01T11:00"),
            "agent-wang",
            in_scope=False,
            category="card",
            priority="P3",
            owner="agent-wang",
            redirect_to="your card issuer",
            complexity="complex",
        )
    assert info.value.field == "complexity"

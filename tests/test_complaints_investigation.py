"""Investigation records and metrics broken down by them (issue 18, case 4)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from supportflow import IllegalTransitionError, InvalidFieldError
from supportflow.complaints import (
    ROOT_CAUSES,
    Complaint,
    EvidenceKind,
    RootCauseTaxonomy,
    metrics,
)
from supportflow.sla import ElapsedDuration, SlaPolicy, SlaTarget

UTC = dt.UTC
POLICY = SlaPolicy("three_days", (SlaTarget("resolution", ElapsedDuration(dt.timedelta(days=3))),))


def t(day: int, hour: int = 0) -> dt.datetime:
    """An instant in September 2025, UTC."""
    return dt.datetime(2025, 9, day, hour, tzinfo=UTC)


def opened(cid: str, category: str, channel: str, *, repeats: tuple[str, ...] = ()) -> Complaint:
    """Received 1 Sep 00:00, acknowledged, triaged in `category`."""
    c = Complaint.receive(
        id=cid,
        customer="C",
        channel=channel,
        description="x",
        received_at=t(1),
        actor="bot",
        sla_policy=POLICY,
        repeats=repeats,
    )
    c.acknowledge(t(1, 1), "agent")
    c.triage(t(1, 2), "agent", in_scope=True, category=category, priority="P3", owner="agent")
    return c


def resolved(c: Complaint, day: int) -> Complaint:
    """Explained, accepted and resolved on `day` at 00:00."""
    c.propose_resolution(t(day - 1, 12), "agent", kind="explanation", text="why")
    c.accept(t(day - 1, 13))
    c.resolve(t(day), "agent")
    return c


def fields(c: Complaint) -> dict[str, object]:
    """Every field, for before/after comparisons."""
    return {name: getattr(c, name) for name in c.__slots__ if not name.startswith("__")}


def test_evidence_and_root_cause_are_audited():
    """Who added what, when; the root cause from the taxonomy, and a revision of it."""
    c = opened("A", "payments", "wechat")
    c.add_evidence(t(1, 3), "agent-li", kind="trade_record", reference="TR-88", description="fill")
    c.add_evidence(t(1, 4), "ops", kind=EvidenceKind.SYSTEM_LOG, reference="s3://logs/2025-09-01")
    assert [(e.kind, e.reference, e.added_by, e.added_at) for e in c.evidence] == [
        (EvidenceKind.TRADE_RECORD, "TR-88", "agent-li", t(1, 3)),
        (EvidenceKind.SYSTEM_LOG, "s3://logs/2025-09-01", "ops", t(1, 4)),
    ]
    c.record_root_cause(t(1, 5), "agent-li", cause="network")
    record = c.record_root_cause(t(1, 6), "agent-li", cause="system", note="gateway bug")
    assert c.root_cause == "system"
    assert record.data == {"cause": "system", "previous": "network"}
    assert [r.event for r in c.history][-4:] == [
        "add_evidence",
        "add_evidence",
        "record_root_cause",
        "record_root_cause",
    ]
    restored = Complaint.from_dict(json.loads(json.dumps(c.to_dict())))
    assert restored == c


def test_a_taxonomy_of_ones_own():
    """A service may use its own causes; the default ones are then refused."""
    own = RootCauseTaxonomy(("vendor", "data"))
    c = opened("A", "payments", "wechat")
    c.record_root_cause(t(1, 5), "agent", cause="vendor", taxonomy=own)
    before = fields(c)
    with pytest.raises(InvalidFieldError) as info:
        c.record_root_cause(t(1, 6), "agent", cause="system", taxonomy=own)
    assert (info.value.field, info.value.value) == ("cause", "system")
    assert fields(c) == before
    assert "third_party" in ROOT_CAUSES.causes


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "photo", "reference": "x"}, "kind"),
        ({"kind": "screenshot", "reference": " "}, "reference"),
        ({"kind": "screenshot", "reference": "TR-88"}, "reference"),  # already there
    ],
)
def test_bad_evidence_changes_nothing(kwargs, field):
    """Typed errors naming the field; the complaint is unchanged."""
    c = opened("A", "payments", "wechat")
    c.add_evidence(t(1, 3), "agent", kind="trade_record", reference="TR-88")
    before = fields(c)
    with pytest.raises(InvalidFieldError) as info:
        c.add_evidence(t(1, 4), "agent", **kwargs)
    assert info.value.field == field
    assert fields(c) == before


def test_no_investigation_records_after_resolution():
    """A resolved complaint takes no new evidence or cause."""
    c = resolved(opened("A", "payments", "wechat"), 3)
    with pytest.raises(IllegalTransitionError):
        c.add_evidence(t(4), "agent", kind="screenshot", reference="S-1")
    with pytest.raises(IllegalTransitionError):
        c.record_root_cause(t(4), "agent", cause="system")


def test_metrics_break_down_by_category_root_cause_and_channel():
    """Hand-worked: A payments/system/wechat resolved in 2 days (met the 3-day goal);
    B payments/network/phone resolved in 4 days (breached); C trading/unknown/wechat,
    a repeat, still open on 10 Sep (breached)."""
    a = opened("A", "payments", "wechat")
    a.record_root_cause(t(1, 3), "agent", cause="system")
    resolved(a, 3)
    b = opened("B", "payments", "phone")
    b.record_root_cause(t(1, 3), "agent", cause="network")
    resolved(b, 5)
    c = opened("C", "trading", "wechat", repeats=("OLD-1",))
    figures = metrics([a, b, c], t(10))
    assert figures.sla_compliance == {"resolution": 1 / 3}
    payments = figures.by_category["payments"]
    assert (payments.total, payments.repeat_rate) == (2, 0.0)
    assert payments.sla_compliance == {"resolution": 0.5}
    assert payments.time_to_resolve.median == dt.timedelta(days=3)  # mean of 2 and 4 days
    trading = figures.by_category["trading"]
    assert (trading.total, trading.repeat_rate, trading.time_to_resolve.count) == (1, 1.0, 0)
    assert trading.sla_compliance == {"resolution": 0.0}
    assert sorted(figures.by_root_cause) == ["network", "system", "unknown"]
    assert figures.by_root_cause["system"].time_to_resolve.median == dt.timedelta(days=2)
    assert figures.by_root_cause["network"].sla_compliance == {"resolution": 0.0}
    wechat = figures.by_channel["wechat"]
    assert (wechat.total, wechat.repeat_rate) == (2, 0.5)
    assert wechat.sla_compliance == {"resolution": 0.5}
    assert figures.by_channel["phone"].time_to_resolve.median == dt.timedelta(days=4)

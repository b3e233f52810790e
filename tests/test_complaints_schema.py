"""Stored complaint dicts of every earlier schema keep loading (golden fixtures)."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from decimal import Decimal

import pytest

from supportflow import SerializationError
from supportflow.complaints import Complaint, ComplaintState, ResolutionKind, referral_rights

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
UTC = dt.UTC


def _golden(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def test_schema_1_complaint_loads():
    """A complaint stored by schema 1 (before issue 18) loads with every field it had."""
    data = _golden("complaint_schema1.json")
    assert data["schema"] == 1
    c = Complaint.from_dict(data)
    assert (c.id, c.customer, c.state, c.priority) == (
        "CMP-GOLD-1",
        "C-7",
        ComplaintState.CLOSED,
        "P2",
    )
    # Received 10:00 Asia/Shanghai = 02:00 UTC.
    assert c.received_at == dt.datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    assert c.transactions[0].amount == Decimal("1250.50")
    assert c.resolution is not None
    assert c.resolution.kind is ResolutionKind.REJECTION
    assert [r.event for r in c.history] == [
        "receive",
        "acknowledge",
        "triage",
        "propose_resolution",
        "resolve",
        "close",
    ]
    # The decision clock was stopped by resolve, on 5 September 17:00 Shanghai (09:00 UTC).
    decision = c.sla_status(dt.datetime(2025, 10, 1, tzinfo=UTC))["decision"].latest
    assert decision is not None
    assert decision.stopped_at == dt.datetime(2025, 9, 5, 9, 0, tzinfo=UTC)
    assert not decision.breached


def test_schema_1_upgrades_without_guessing():
    """The upgrade adds no jurisdiction, English, no referrals; it saves as schema 3.

    Schema 1 -> 2 -> 3: the version is the number of history records (six events).
    """
    c = Complaint.from_dict(_golden("complaint_schema1.json"))
    assert (c.jurisdiction, c.language, c.complexity, c.referrals) == (None, "en", None, ())
    assert (c.product, c.segment, c.evidence, c.root_cause) == (None, None, (), None)
    assert c.incident is None
    assert c.resolution is not None
    assert c.resolution.referral is None  # schema 1 had free text only
    assert c.version == 6
    saved = c.to_dict()
    assert (saved["schema"], saved["version"]) == (3, 6)
    assert Complaint.from_dict(json.loads(json.dumps(saved))) == c


def test_an_upgraded_closed_complaint_takes_an_external_referral():
    """A stored closed complaint reopens when the customer goes to the regulator."""
    c = Complaint.from_dict(_golden("complaint_schema1.json"))
    body = referral_rights("CN").body("cn-nfra")
    c.external_referral(
        dt.datetime(2025, 10, 1, tzinfo=UTC),
        "agent-wang",
        body=body,
        reference="NFRA-1",
        referred_on="2025-09-30",
    )
    assert (c.state, c.priority, c.jurisdiction) == (ComplaintState.ESCALATED, "P1", "CN")


def test_schema_1_dict_with_a_schema_2_key_is_refused():
    """An upgrade never hides a typo: a schema-1 dict may not carry schema-2 keys."""
    data = _golden("complaint_schema1.json")
    data["language"] = "en"
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict(data)
    assert info.value.path == "language"

"""Stored complaint dicts of every earlier schema keep loading (golden fixtures)."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from decimal import Decimal

from supportflow.complaints import Complaint, ComplaintState, ResolutionKind

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
UTC = dt.UTC


def _golden(name: str) -> dict[str, object]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


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
    assert decision.stopped_at == dt.datetime(2025, 9, 5, 9, 0, tzinfo=UTC)
    assert not decision.breached

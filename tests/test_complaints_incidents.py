"""Incidents: one cause behind many complaints, acted on together (issue 18, case 2)."""

from __future__ import annotations

import datetime as dt
import io
import json
import pickle

import pytest

from supportflow import IllegalTransitionError, InvalidFieldError
from supportflow.complaints import Complaint, ComplaintState, Incident, metrics

UTC = dt.UTC
S = ComplaintState


def t(hour: int, minute: int = 0) -> dt.datetime:
    """An instant on 1 September 2025, UTC."""
    return dt.datetime(2025, 9, 1, hour, minute, tzinfo=UTC)


def merchant(cid: str, jurisdiction: str = "CN", language: str = "zh-Hans") -> Complaint:
    """A POS merchant's complaint, triaged and under investigation."""
    c = Complaint.receive(
        id=cid,
        customer=f"M-{cid}",
        channel="phone",
        description="POS terminal declines every card",
        received_at=t(9),
        actor="bot",
        jurisdiction=jurisdiction,
        language=language,
    )
    c.acknowledge(t(9, 5), "agent")
    c.triage(t(9, 10), "agent", in_scope=True, category="pos", priority="P2", owner="agent")
    return c


def linked(*complaints: Complaint) -> Incident:
    """INC-7 with every complaint linked at 10:00."""
    incident = Incident("INC-7", "acquirer gateway outage", t(8, 40))
    for c in complaints:
        incident, _ = incident.link(c, t(10), "lead")
    return incident


def fields(c: Complaint) -> dict[str, object]:
    """Every field, for before/after comparisons."""
    return {name: getattr(c, name) for name in c.__slots__ if not name.startswith("__")}


def test_linking_is_audited_and_exclusive():
    """A link event on the complaint; a second incident is refused until unlinked."""
    a, b = merchant("A"), merchant("B")
    incident = linked(a, b)
    assert incident.complaints == ("A", "B")
    assert (a.incident, a.history[-1].event, a.history[-1].data) == (
        "INC-7",
        "link_incident",
        {"incident": "INC-7"},
    )
    other = Incident("INC-8", "app crash", t(9))
    before = fields(a)
    with pytest.raises(InvalidFieldError) as info:
        other.link(a, t(10, 5), "lead")
    assert info.value.field == "incident"
    assert fields(a) == before
    incident, record = incident.unlink(a, t(10, 10), "lead", note="its own cause")
    assert (incident.complaints, a.incident, record.event) == (("B",), None, "unlink_incident")
    other, _ = other.link(a, t(10, 15), "lead")
    assert a.incident == "INC-8"


def test_one_update_to_all():
    """post_update reaches every linked open complaint, one record each."""
    a, b, c = merchant("A"), merchant("B"), merchant("C")
    incident = linked(a, b, c)
    records = incident.post_update([a, b, c], t(11), "lead", eta="restored by 14:00")
    assert [r.event for r in records] == ["post_update"] * 3
    assert all(x.history[-1].data == {"eta": "restored by 14:00"} for x in (a, b, c))


def test_bulk_operations_are_all_or_nothing():
    """One complaint refuses (time goes backwards for it): nobody changes."""
    a, b = merchant("A"), merchant("B")
    incident = linked(a, b)
    b.post_update(t(12), "agent")  # B's last event is now 12:00
    before = [fields(a), fields(b)]
    with pytest.raises(InvalidFieldError) as info:
        incident.post_update([a, b], t(11), "lead")
    assert info.value.field == "at"
    assert [fields(a), fields(b)] == before


def test_the_complaints_must_be_exactly_the_linked_ones():
    """A missing or foreign complaint is refused before anything happens."""
    a, b = merchant("A"), merchant("B")
    incident = linked(a, b)
    stranger = merchant("X")
    for given in ([a], [a, b, stranger]):
        with pytest.raises(InvalidFieldError) as info:
            incident.post_update(given, t(11), "lead")
        assert info.value.field == "complaints"


def test_one_resolution_for_all_in_each_customers_language():
    """A rejection resolves each complaint with its own referral rights; others await acceptance."""
    a = merchant("A", "CN", "zh-Hans")
    b = merchant("B", "HK", "zh-Hant")
    incident = linked(a, b)
    records = incident.propose_resolution(
        [a, b], t(15), "lead", kind="rejection", text="The outage was the acquirer's."
    )
    assert [r.event for r in records] == [
        "propose_resolution",
        "resolve",
        "propose_resolution",
        "resolve",
    ]
    assert (a.state, b.state) == (S.RESOLVED, S.RESOLVED)
    assert a.resolution is not None
    assert b.resolution is not None
    assert a.resolution.referral is not None
    assert b.resolution.referral is not None
    assert (a.resolution.referral.jurisdiction, a.resolution.referral.language) == ("CN", "zh-Hans")
    assert b.resolution.referral.body_ids == ("hk-fdrc",)

    c, d = merchant("C"), merchant("D")
    second = Incident("INC-9", "terminal firmware", t(9))
    for x in (c, d):
        second, _ = second.link(x, t(10), "lead")
    second.propose_resolution([c, d], t(15), "lead", kind="explanation", text="firmware fixed")
    assert (c.state, d.state) == (S.RESOLUTION_PROPOSED, S.RESOLUTION_PROPOSED)


def test_metrics_per_incident():
    """by_incident counts the linked complaints only."""
    a, b, c = merchant("A"), merchant("B"), merchant("C")
    linked(a, b)
    figures = metrics([a, b, c], t(12))
    assert list(figures.by_incident) == ["INC-7"]
    assert figures.by_incident["INC-7"].total == 2


def test_round_trip_and_bad_values():
    """Incidents serialize; repeated ids and naive instants are refused."""
    incident = linked(merchant("A")).with_maintenance_window("MW-3").with_payment("PAY-9")
    assert Incident.from_dict(json.loads(json.dumps(incident.to_dict()))) == incident
    assert pickle.loads(pickle.dumps(incident)) == incident
    with pytest.raises(InvalidFieldError) as info:
        incident.with_payment("PAY-9")
    assert info.value.field == "payments"
    with pytest.raises(InvalidFieldError) as info:
        Incident("INC", "x", dt.datetime(2025, 9, 1))  # naive
    assert info.value.field == "started_at"


def test_linking_a_closed_complaint_is_refused():
    """Only open or resolved complaints can be linked."""
    c = merchant("A")
    c.withdraw(t(9, 30))
    with pytest.raises(IllegalTransitionError):
        Incident("INC", "x", t(9)).link(c, t(10), "lead")


def test_demo_runs_one_outage_to_its_end():
    """`supportflow demo outage`: received 10:02, 10:05, 10:11, all resolved 15:10, so the
    times to resolve are 5:08, 5:05 and 4:59 and the median is 5:05."""
    from supportflow.cli import main

    out = io.StringIO()
    assert main(["demo", "outage"], out=out) == 0
    text = out.getvalue()
    assert "INC-2025-0903 links POS-1, POS-2, POS-3" in text
    assert "every linked complaint: resolved" in text
    assert "per incident: 3 complaints, median time to resolve 5:05:00" in text

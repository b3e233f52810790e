"""An incident's notices in one plan, rendered through the real catalog (issue 18, case 2)."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest

from supportflow import InvalidFieldError
from supportflow.complaints import (
    Complaint,
    Incident,
    IncidentNoticePlan,
    PlannedNotice,
)
from supportflow.notices import catalog

UTC = dt.UTC
HOST = {"brand": "AurumPay", "hotline": "400-820-8820", "details_url": "https://app.example.com/"}


def t(hour: int, minute: int = 0) -> dt.datetime:
    """An instant on 1 September 2025, UTC."""
    return dt.datetime(2025, 9, 1, hour, minute, tzinfo=UTC)


def merchant(cid: str, jurisdiction: str = "CN", language: str = "zh-Hans") -> Complaint:
    """A POS merchant's complaint (customer M-<id>), triaged and under investigation."""
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


def outage() -> tuple[Incident, list[Complaint]]:
    """INC-7 with A, B (Shanghai, zh-Hans) and C (Hong Kong, zh-Hant) linked at 10:00."""
    complaints = [merchant("A"), merchant("B"), merchant("C", "HK", "zh-Hant")]
    incident = Incident("INC-7", "acquirer gateway outage", t(8, 40))
    for c in complaints:
        incident, _ = incident.link(c, t(10), "lead")
    return incident, complaints


def render(notice: PlannedNotice) -> str:
    """The SMS of the planned notice, rendered by the real catalog."""
    template = catalog()[notice.template]
    rendered = template.render(
        notice.render_values(**HOST), locale=notice.locale, timezone=notice.timezone
    )
    assert rendered.sms is not None
    assert rendered.sms.cost.segments <= 2
    return rendered.sms.text


def test_the_update_posted_to_all_is_one_progress_notice_each():
    """B escalated first; ETA 14:00 UTC reads 22:00 in Shanghai and Hong Kong (UTC+8)."""
    incident, (a, b, c) = outage()
    b.escalate(t(10, 30), "agent")
    incident.post_update([a, b, c], t(11), "lead", eta="restored by 22:00")
    plan = incident.plan_notices(
        [c, b, a], timezone="Asia/Shanghai", zones={"M-C": "Asia/Hong_Kong"}, eta=t(14)
    )
    assert plan.incident == "INC-7"
    assert plan.skipped == ()
    assert [(n.complaint, n.customer, n.template, n.locale, n.timezone) for n in plan.notices] == [
        ("A", "M-A", "complaint_progress", "zh-Hans", "Asia/Shanghai"),
        ("B", "M-B", "complaint_progress", "zh-Hans", "Asia/Shanghai"),
        ("C", "M-C", "complaint_progress", "zh-Hant", "Asia/Hong_Kong"),
    ]
    assert dict(plan.notices[0].values) == {
        "reference": "A",
        "stage": "investigating",
        "eta": t(14),
    }
    assert dict(plan.notices[1].values)["stage"] == "escalated"
    texts = [render(n) for n in plan.notices]
    assert all("2025/9/1 22:00前" in text for text in texts)
    assert "正在核查相关记录" in texts[0]  # zh-Hans label of "investigating"
    assert "已转交专业团队复核" in texts[1]  # zh-Hans label of "escalated"
    assert "正在核對相關紀錄" in texts[2]  # zh-Hant label of "investigating"


def test_a_rejection_for_all_is_one_resolution_notice_each():
    """A rejection resolves each at once: each owed `resolution_proposed`, kind rejection."""
    incident, complaints = outage()
    incident.propose_resolution(
        complaints, t(12), "lead", kind="rejection", text="the outage was the acquirer's"
    )
    plan = incident.plan_notices(complaints, timezone="Asia/Shanghai", respond_by=t(23, 30))
    assert [(n.template, dict(n.values)) for n in plan.notices] == [
        (
            "resolution_proposed",
            {"reference": cid, "resolution": "rejection", "respond_by": t(23, 30)},
        )
        for cid in ("A", "B", "C")
    ]
    # 23:30 UTC on 1 September is 07:30 on 2 September in Shanghai: the date shown is the 2nd.
    texts = [render(n) for n in plan.notices]
    assert all("2025/9/2前" in text for text in texts)
    assert "不予支持" in texts[0]  # zh-Hans label of "rejection"
    assert "不予受理" in texts[2]  # zh-Hant label of "rejection"


def test_a_complaint_owed_nothing_is_listed_with_why():
    """Only linked (no update or resolution since): skipped, nothing planned."""
    incident, complaints = outage()
    plan = incident.plan_notices(complaints, timezone="UTC")
    assert plan.notices == ()
    assert plan.skipped == tuple(
        (cid, "its latest event (link_incident) owes no notice") for cid in ("A", "B", "C")
    )


def test_refusals_name_the_field_and_change_nothing():
    """A missing ETA names the complaint owed it; bad zones and wrong sets are refused."""
    incident, complaints = outage()
    incident.post_update(complaints, t(11), "lead")
    before = [c.to_dict() for c in complaints]
    with pytest.raises(InvalidFieldError) as info:
        incident.plan_notices(complaints, timezone="Asia/Shanghai")
    assert (info.value.field, info.value.value) == ("eta", None)
    assert "A is owed a progress update" in str(info.value)
    with pytest.raises(InvalidFieldError) as info:
        incident.plan_notices(complaints, timezone="Mars/Olympus", eta=t(14))
    assert (info.value.field, info.value.value) == ("timezone", "Mars/Olympus")
    with pytest.raises(InvalidFieldError) as info:
        incident.plan_notices(complaints, timezone="UTC", zones={"M-C": "HKT"}, eta=t(14))
    assert (info.value.field, info.value.value) == ("zones['M-C']", "HKT")
    with pytest.raises(InvalidFieldError) as info:
        incident.plan_notices(complaints[:2], timezone="UTC", eta=t(14))
    assert info.value.field == "complaints"
    with pytest.raises(InvalidFieldError) as info:
        incident.plan_notices(complaints, timezone="UTC", eta=dt.datetime(2025, 9, 1, 14))
    assert info.value.field == "eta"
    assert [c.to_dict() for c in complaints] == before


def test_host_values_cannot_replace_the_complaints_own():
    """render_values adds brand, hotline, link; a host `reference` would mislabel the notice."""
    notice = PlannedNotice(
        "A",
        "M-A",
        "complaint_progress",
        {"reference": "A", "stage": "escalated", "eta": t(14)},
        "en",
        "UTC",
    )
    assert notice.render_values(brand="X")["brand"] == "X"
    with pytest.raises(InvalidFieldError) as info:
        notice.render_values(reference="B")
    assert (info.value.field, info.value.value) == ("reference", "B")
    with pytest.raises(InvalidFieldError) as info:
        PlannedNotice(
            "A", "M-A", "complaint_progress", {"eta": dt.datetime(2025, 9, 1)}, "en", "UTC"
        )
    assert info.value.field == "values['eta']"


def test_the_plan_round_trips():
    """JSON and pickle; instants come back as the same UTC instants."""
    incident, complaints = outage()
    incident.post_update(complaints, t(11), "lead")
    plan = incident.plan_notices(complaints, timezone="Asia/Shanghai", eta=t(14))
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["notices"][0]["values"] == {
        "eta": {"instant": "2025-09-01T14:00:00+00:00"},
        "reference": {"text": "A"},
        "stage": {"text": "investigating"},
    }
    assert IncidentNoticePlan.from_dict(data) == plan
    assert pickle.loads(pickle.dumps(plan)) == plan

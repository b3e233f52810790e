"""Demo section: one outage, from the first merchant's complaint to the incident's end."""

from __future__ import annotations

import datetime as dt
from typing import TextIO
from zoneinfo import ZoneInfo

from supportflow._demo import heading
from supportflow.calendar import cn_mainland
from supportflow.complaints import Complaint, Incident, metrics
from supportflow.sla import industry_default

_ZONE = ZoneInfo("Asia/Shanghai")


def _t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=_ZONE)


def _hm(value: dt.datetime) -> str:
    return value.astimezone(_ZONE).strftime("%H:%M")


def run(out: TextIO) -> None:
    """Three POS merchants, one gateway outage: link, update, find the cause, resolve."""
    heading(out, "One outage, many complaints: an incident")
    policy = industry_default(cn_mainland())
    merchants = []
    for n, (minute, language) in enumerate(
        [("10:02", "zh-Hans"), ("10:05", "zh-Hant"), ("10:11", "en")]
    ):
        complaint = Complaint.receive(
            id=f"POS-{n + 1}",
            customer=f"M-{n + 1}",
            channel="phone",
            description="POS terminal declines every card",
            received_at=_t(f"2025-09-03T{minute}"),
            actor="ivr",
            jurisdiction="CN",
            language=language,
            segment="merchant",
            sla_policy=policy,
        )
        complaint.acknowledge(_t("2025-09-03T10:20"), "agent-chen")
        complaint.triage(
            _t("2025-09-03T10:25"),
            "agent-chen",
            in_scope=True,
            category="pos",
            priority="P2",
            owner="agent-chen",
        )
        merchants.append(complaint)
        out.write(f"{_hm(complaint.received_at)}  {complaint.id} received ({language})\n")

    outage = Incident("INC-2025-0903", "acquirer gateway down", _t("2025-09-03T09:40"))
    for complaint in merchants:
        outage, _ = outage.link(complaint, _t("2025-09-03T10:30"), "lead-liu")
    outage = outage.with_maintenance_window("MW-88")
    out.write(f"10:30  {outage.id} links {', '.join(outage.complaints)} ({outage.cause})\n")

    updates = outage.post_update(merchants, _t("2025-09-03T11:00"), "lead-liu", eta="14:00")
    out.write(f"11:00  one update, {len(updates)} records (ETA 14:00)\n")
    for complaint in merchants:
        complaint.add_evidence(
            _t("2025-09-03T12:00"), "ops-zhao", kind="system_log", reference="gw/2025-09-03"
        )
        complaint.record_root_cause(_t("2025-09-03T12:10"), "lead-liu", cause="third_party")
    out.write("12:10  evidence: gateway log; root cause: third_party\n")

    outage.propose_resolution(
        merchants,
        _t("2025-09-03T14:30"),
        "lead-liu",
        kind="explanation",
        text="The acquirer's gateway failed 09:40-14:05; card payments work again.",
    )
    for complaint in merchants:
        complaint.accept(_t("2025-09-03T15:00"))
        complaint.resolve(_t("2025-09-03T15:10"), "lead-liu")
    states = sorted({c.state.value for c in merchants})
    out.write(f"15:10  every linked complaint: {', '.join(states)}\n")

    figures = metrics(merchants, _t("2025-09-03T16:00")).by_incident[outage.id]
    median = figures.time_to_resolve.median
    out.write(
        f"per incident: {figures.total} complaints, median time to resolve {median}, "
        f"resolution SLA met {figures.sla_compliance['resolution']:.0%}\n"
    )

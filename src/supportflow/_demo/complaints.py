"""Demo section: one complaint from intake to closure, its timeline and its SLA figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

import pendulum

from supportflow._demo import heading
from supportflow.calendar import cn_mainland
from supportflow.complaints import Complaint, Transaction, metrics
from supportflow.errors import IllegalTransitionError, InvalidFieldError
from supportflow.sla import SlaCycle, industry_default

_ZONE = "Asia/Shanghai"


def _t(text: str) -> dt.datetime:
    return pendulum.parse(text, tz=_ZONE)  # type: ignore[return-value]  # always a DateTime here


def _when(value: dt.datetime) -> str:
    return pendulum.instance(value).in_timezone(_ZONE).format("ddd MM-DD HH:mm")


def _span(value: dt.timedelta) -> str:
    sign = "-" if value < dt.timedelta(0) else ""
    total = abs(int(value.total_seconds())) // 60
    days, rest = divmod(total, 24 * 60)
    return f"{sign}{days}d {rest // 60:02d}:{rest % 60:02d}"


def _cycle(cycle: SlaCycle) -> str:
    met = "BREACHED" if cycle.breached else "met" if cycle.stopped_at else "running"
    if cycle.paused:
        met = f"paused ({cycle.pause_reason})"
    return (
        f"elapsed {_span(cycle.elapsed):>9}  due {_when(cycle.due_at)}  "
        f"paused {_span(cycle.paused_time)}  {met}"
    )


def run(out: TextIO) -> None:
    """Take a WeChat complaint about a late withdrawal through its whole life."""
    heading(out, "A complaint from intake to closure")
    policy = industry_default(cn_mainland())
    complaint = Complaint.receive(
        id="CMP-2025-0917",
        customer="C-88",
        channel="wechat",
        description="My withdrawal of 5,000 CNY on 9/15 has not arrived.",
        received_at=_t("2025-09-17T20:15"),
        actor="bot",
        transactions=[Transaction("WD-7731", Decimal("5000.00"), "CNY")],
        ask="refund",
        sla_policy=policy,
    )
    complaint.acknowledge(_t("2025-09-18T09:05"), "agent-li", "reference CMP-2025-0917 sent")
    complaint.triage(
        _t("2025-09-18T09:30"),
        "agent-li",
        in_scope=True,
        category="withdrawals",
        priority="P2",
        owner="agent-li",
    )
    complaint.request_info(_t("2025-09-18T10:00"), "agent-li", "bank statement requested")
    complaint.customer_replied(_t("2025-09-22T14:00"), note="statement uploaded")
    complaint.post_update(_t("2025-09-23T11:00"), "agent-li", eta="2025-09-26")
    complaint.propose_resolution(
        _t("2025-09-25T16:00"),
        "agent-li",
        kind="compensation",
        text="The payout was held by our reconciliation job; we add 50 CNY for the delay.",
        amount=Decimal("50.00"),
        currency="CNY",
    )
    complaint.accept(_t("2025-09-25T18:20"))
    complaint.resolve(_t("2025-09-26T10:00"), "agent-li", "5,000 CNY released, 50 CNY paid")
    complaint.record_feedback(_t("2025-09-26T12:00"), score=4, comment="slow but fair")
    try:
        complaint.close(_t("2025-09-26T11:00"), "agent-li")
    except InvalidFieldError as exc:
        out.write(f"closing at 11:00 is refused: {exc.field} must {exc.reason}\n")
    auto_close = complaint.auto_close_at()
    assert auto_close is not None  # noqa: S101 - RESOLVED here
    out.write(f"nothing more from the customer: auto-closes at {_when(auto_close)}\n")
    complaint.close_if_due(auto_close)
    try:
        complaint.reopen(auto_close + dt.timedelta(hours=1))
    except IllegalTransitionError as exc:
        out.write(f"a reopen after closure is refused: {exc}\n")

    out.write(f"\nTimeline of {complaint.id} ({complaint.state.value}):\n")
    for record in complaint.history:
        move = (
            record.to_state
            if record.from_state == record.to_state
            else f"{record.from_state} -> {record.to_state}"
        )
        note = f"  ({record.note})" if record.note else ""
        out.write(f"  {_when(record.at)}  {record.event:<18} {move:<37} {record.actor}{note}\n")

    at = complaint.history[-1].at
    out.write(f"\nSLA figures at closure ({policy.name}):\n")
    for name, status in complaint.sla_status(at).items():
        out.writelines(
            f"  {name:<15} cycle {cycle.index}  {_cycle(cycle)}\n" for cycle in status.cycles
        )

    follow = Complaint.follow_up(
        complaint,
        id="CMP-2025-1003",
        description="The 50 CNY compensation never arrived.",
        received_at=_t("2025-10-03T09:00"),
        actor="bot",
    )
    out.write(
        f"\nA week later the customer writes again: follow-up {follow.id} repeats "
        f"{', '.join(follow.repeats)}, priority {complaint.priority} -> {follow.priority}\n"
    )
    figures = metrics([complaint, follow], _t("2025-10-03T12:00"))
    out.write(
        f"Metrics over both: repeat rate {figures.repeat_rate:.0%}, "
        f"median time to acknowledge {_span(figures.time_to_acknowledge.median or dt.timedelta())}"
        f", CSAT {figures.csat_average}\n"
    )

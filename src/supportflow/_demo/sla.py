"""Demo section: one complaint's first-response and resolution clocks, through a pause."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

import pendulum

from supportflow._demo import heading
from supportflow.calendar import cn_mainland
from supportflow.errors import IllegalTransitionError
from supportflow.sla import SlaClock, SlaCycle, cn_banking_insurance, industry_default

_ZONE = "Asia/Shanghai"


def _t(text: str) -> dt.datetime:
    return pendulum.parse(text, tz=_ZONE)  # type: ignore[return-value]  # always a DateTime here


def _when(value: dt.datetime) -> str:
    return pendulum.instance(value).in_timezone(_ZONE).format("ddd YYYY-MM-DD HH:mm")


def _span(value: dt.timedelta) -> str:
    sign = "-" if value < dt.timedelta(0) else ""
    total = abs(int(value.total_seconds())) // 60
    days, rest = divmod(total, 24 * 60)
    return f"{sign}{days}d {rest // 60:02d}:{rest % 60:02d}"


def _current(clock: SlaClock, at: dt.datetime) -> SlaCycle:
    cycle = clock.status(at).current
    assert cycle is not None  # noqa: S101 - the demo's clocks are open at these instants
    return cycle


def _line(out: TextIO, label: str, cycle: SlaCycle) -> None:
    flags = []
    if cycle.paused:
        flags.append(f"paused ({cycle.pause_reason})")
    if cycle.warning is not None:
        flags.append(f"warning {cycle.warning:g}%")
    if cycle.breached:
        flags.append("BREACHED")
    out.write(
        f"  {label:<34} elapsed {_span(cycle.elapsed):>9}  remaining {_span(cycle.remaining):>10}"
        f"  due {_when(cycle.due_at)}  {', '.join(flags) or '-'}\n"
    )


def run(out: TextIO) -> None:
    """Walk a complaint's clocks: acknowledge, wait on the customer (pause), resolve."""
    heading(out, "SLA clocks: a complaint's deadlines, through a pause")
    calendar = cn_mainland()
    policy = industry_default(calendar)
    received = _t("2025-09-26T17:40:00")
    out.write(f"Complaint received {_when(received)} (Asia/Shanghai); policy {policy.name!r}:\n")
    out.writelines(f"  {target.name:<15} {target.rule.describe()}\n" for target in policy.targets)

    first = policy.target("first_response").clock().start(received)
    resolution = policy.target("resolution").clock().start(received)
    regulatory = cn_banking_insurance(calendar).target("decision").clock().start(received)

    out.write("\nFirst response (24 h, 24x7, never pauses):\n")
    _line(out, "Sat 09:40, 16 h in", _current(first, _t("2025-09-27T09:40:00")))
    first = first.stop(_t("2025-09-27T10:05:00"), "acknowledged with reference CMP-1")
    done = first.status(_t("2025-09-27T10:05:00")).completed[0]
    stopped = _when(done.stopped_at or received)
    out.write(f"  stopped {stopped}: met the goal -> breached={done.breached}\n")

    out.write("\nResolution (15 days, pauses while awaiting the customer):\n")
    _line(out, "Mon 29 Sep 11:00", _current(resolution, _t("2025-09-29T11:00:00")))
    resolution = resolution.pause(_t("2025-09-29T11:00:00"), "awaiting_customer")
    _line(out, "Thu 02 Oct 15:30, still waiting", _current(resolution, _t("2025-10-02T15:30:00")))
    resolution = resolution.resume(_t("2025-10-02T15:30:00"))
    now = _t("2025-10-02T15:30:00")
    _line(out, "resumed: due pushed out", _current(resolution, now))
    alarm = resolution.next_alarm(now)
    out.write(f"  next alarm (sleep until then)     {_when(alarm) if alarm else 'none'}\n")
    resolution = resolution.stop(_t("2025-10-09T16:00:00"), "resolved: refund of CNY 120.00")
    final = resolution.status(_t("2025-10-09T16:00:00")).completed[0]
    out.write(
        f"  resolved {_when(final.stopped_at or now)}: paused {_span(final.paused_time)}, "
        f"{final.percent:.0f}% of the goal used, breached={final.breached}\n"
    )

    out.write("\nThe regulatory clock (CN 2020 rules) never pauses for the customer:\n")
    try:
        regulatory.pause(_t("2025-09-29T11:00:00"), "awaiting_customer")
    except IllegalTransitionError as exc:
        out.write(f"  -> {type(exc).__name__}: {exc.reason}\n")
    _line(out, "decision clock, Thu 02 Oct 15:30", _current(regulatory, now))
    out.write(
        "  (15 days after Fri 26 Sep is Sat 11 Oct, a make-up working day, so it ends that day)\n"
    )
    stored = resolution.to_dict(include_target=False)
    events = stored["events"]
    assert isinstance(events, list)  # noqa: S101 - the demo shows the persisted form
    out.write(f"\nPersisted form: {len(events)} events; every figure above is derived from them.\n")
    assert SlaClock.from_dict(stored, target=resolution.target) == resolution  # noqa: S101

"""Demo section: a maintenance window extended, withdrawals held and released in order."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

import pendulum

from supportflow._demo import heading
from supportflow.maintenance import (
    LeadTimePolicy,
    MaintenanceNotice,
    MaintenanceWindow,
    WithdrawalQueue,
)

_ZONE = "Asia/Shanghai"
_T0 = pendulum.datetime(2026, 4, 6, 10, 0, tz=_ZONE)


def _when(value: dt.datetime) -> str:
    return pendulum.instance(value).in_timezone(_ZONE).format("ddd MM-DD HH:mm")


def _show(out: TextIO, notices: tuple[MaintenanceNotice, ...]) -> None:
    for n in notices:
        ids = ", ".join(n.request_ids) or "-"
        detail = f" ({n.detail})" if n.detail else ""
        out.write(f"    notice {n.kind.value} v{n.window_version} to {n.audience}: {ids}{detail}\n")


def run(out: TextIO) -> None:
    """Announce, hold, extend, end early-or-late, and release in rate-limited batches."""
    heading(out, "Maintenance: withdrawals held, never lost, released in order")
    start = _T0.add(days=3).set(hour=1)
    first_end = start.add(hours=2)
    window, notice = MaintenanceWindow.announce(
        "MW-0409",
        start=start,
        end=first_end,
        services=["withdrawals", "deposits"],
        announced_at=_T0,
        policy=LeadTimePolicy.days(2),
        reason="reconciliation system upgrade",
    )
    out.write(
        f"{_when(_T0)} announced {window.id}: {_when(window.start)} to {_when(first_end)}, "
        f"pauses {', '.join(s.service.value for s in window.services)}\n"
    )
    _show(out, (notice,))
    queue = WithdrawalQueue(batch_size=2, batch_interval=dt.timedelta(minutes=5))
    queue.add_window(window, at=_T0)
    submissions = [
        ("W-104", "C-1", "3000.00", start.subtract(minutes=20)),
        ("W-101", "C-2", "120.50", start.subtract(minutes=20)),
        ("W-102", "C-3", "88.00", start.add(minutes=15)),
        ("W-103", "C-1", "950.00", start.add(minutes=40)),
    ]
    for rid, customer, amount, at in submissions:
        if at >= start and not queue.ledger(window.id).started:
            out.write(f"  {_when(start)} the window starts\n")
            _show(out, queue.advance(start))
        result = queue.submit(
            f"key-{rid}",
            customer_id=customer,
            amount=amount,
            currency="CNY",
            at=at,
            request_id=rid,
        )
        out.write(
            f"  {_when(at)} {rid} {amount} CNY by {customer} -> {result.request.state.value}\n"
        )
        _show(out, result.notices)
    again = queue.submit(
        "key-W-103", customer_id="C-1", amount="950.00", currency="CNY", at=start.add(minutes=41)
    )
    out.write(
        f"  {_when(start.add(minutes=41))} C-1 taps 'withdraw' again -> same request "
        f"{again.request.id} ({again.request.state.value}), created={again.created}\n"
    )
    out.write(f"  {_when(start.add(hours=1, minutes=30))} extended by 90 minutes\n")
    _show(
        out,
        queue.extend_window(
            window.id,
            start.add(hours=3, minutes=30),
            at=start.add(hours=1, minutes=30),
            reason="reconciliation running late",
        ),
    )
    end = start.add(hours=3, minutes=10)
    out.write(f"  {_when(end)} maintenance complete\n")
    _show(out, queue.end_window(window.id, at=end))
    at = end
    while queue.pending_release:
        at = at.add(minutes=5)
        out.write(f"  {_when(at)} next batch\n")
        _show(out, queue.release_batch(at=at))
    ledger = queue.ledger(window.id)
    out.write(
        f"ledger {window.id}: held at start {ledger.held_at_start} + new holds "
        f"{ledger.new_holds} = released {ledger.released} + cancelled {ledger.cancelled} "
        f"+ still held {queue.still_held(window.id)}\n"
    )

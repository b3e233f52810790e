"""Demo section: a payment under-paid then topped up, with a duplicate late webhook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

import pendulum

from supportflow._demo import heading
from supportflow.errors import IdempotencyConflictError
from supportflow.notices import DeliveryPolicy
from supportflow.payments import NotificationKindName, PaymentConfirmation, ReminderPolicy

_ZONE = "Asia/Shanghai"
_T0 = pendulum.datetime(2026, 3, 2, 14, 0, tz=_ZONE)


def _hm(value: dt.datetime) -> str:
    return pendulum.instance(value).in_timezone(_ZONE).format("HH:mm")


def run(out: TextIO) -> None:
    """Walk one invoice through partial payment, a reminder, the top-up and a replayed webhook."""
    heading(out, "Payment confirmation: idempotent, order-independent webhooks")
    payment = PaymentConfirmation.create(
        "INV-7731", "1200.00", "CNY", _T0, expiry=dt.timedelta(minutes=30), customer_id="C-88"
    )
    # Reminders go through the delivery planner: none falls due in the customer's quiet hours.
    policy = ReminderPolicy(
        fractions=(Decimal("0.5"),), escalate_after=2, delivery=DeliveryPolicy(), timezone=_ZONE
    )
    out.write(
        f"invoice {payment.id}: {payment.amount_due} {payment.currency} due, "
        f"window {_hm(payment.created_at)}-{_hm(payment.expires_at)}\n"
    )
    money = {"currency": "CNY"}
    steps: list[tuple[str, NotificationKindName, str, dict[str, object]]] = [
        ("evt-a1", "payment_detected", "14:04", {**money, "amount": "800.00"}),
        ("evt-a2", "payment_detected", "14:21", {**money, "amount": "400.00"}),
        ("evt-a3", "confirmed", "14:23", {}),
        # The provider replays the first webhook half an hour late.
        ("evt-a1", "payment_detected", "14:04", {**money, "amount": "800.00"}),
    ]
    for i, (event_id, kind, hhmm, payload) in enumerate(steps):
        hour, minute = (int(x) for x in hhmm.split(":"))
        occurred = _T0.set(hour=hour, minute=minute)
        if i == 1:
            for slot in payment.due_reminders(policy, _T0.add(minutes=15)):
                payment.record_reminder(policy, slot.key, at=slot.due_at)
                out.write(
                    f"  {_hm(slot.due_at)} reminder {slot.key!r} sent (customer owes 400.00)\n"
                )
        at = occurred.add(minutes=30) if i == 3 else None
        result = payment.apply_notification(event_id, kind, occurred, payload, at=at)
        amount = f" {payload['amount']}" if "amount" in payload else ""
        late = f", delivered at {_hm(at)}" if at is not None else ""
        out.write(
            f"  {event_id} {kind}{amount} (occurred {hhmm}{late}) -> {result.outcome.value}; "
            f"state {result.state.value}, {payment.amount_status.value} "
            f"({payment.received}/{payment.amount_due})\n"
        )
    try:
        payment.apply_notification(
            "evt-a2", "payment_detected", _T0.set(hour=14, minute=21), {**money, "amount": "40.00"}
        )
    except IdempotencyConflictError as exc:
        out.write(f"  evt-a2 replayed with another amount -> refused: {exc}\n")
    out.write(f"reminders due now: {list(payment.due_reminders(policy, _T0.add(minutes=25)))}\n")
    out.write("audit trail:\n")
    out.writelines(
        f"  {_hm(record.at)} {record.event:<16} {record.from_state} -> {record.to_state}"
        f"  {record.note}\n"
        for record in payment.history
    )

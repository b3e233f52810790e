"""Reminders on a payment: which are due, recording them, escalating unanswered ones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from supportflow._pendulum import format_instant
from supportflow.errors import InvalidFieldError
from supportflow.payments._reminders import Escalation, ReminderPolicy, ReminderSlot, SentReminder
from supportflow.payments._workflow import OWING, PAYMENT_WORKFLOW

if TYPE_CHECKING:
    from supportflow.payments._confirmation import PaymentConfirmation

__all__: list[str] = []


def due(
    p: PaymentConfirmation, policy: ReminderPolicy, when: dt.datetime
) -> tuple[ReminderSlot, ...]:
    """See `PaymentConfirmation.due_reminders`."""
    if p.state not in OWING or p.paid_in_full or p.escalation is not None or when >= p.expires_at:
        return ()
    sent = {r.key for r in p.reminders}
    return tuple(
        slot
        for slot in policy.slots(p.created_at, p.expires_at)
        if slot.due_at <= when and slot.key not in sent
    )


def record(
    p: PaymentConfirmation,
    policy: ReminderPolicy,
    key: str,
    when: dt.datetime,
    actor: str,
    *,
    stamped: dt.datetime | None = None,
) -> bool:
    """See `PaymentConfirmation.record_reminder` (the caller restores `p` on failure)."""
    keys = {s.key for s in policy.slots(p.created_at, p.expires_at)}
    if key not in keys:
        raise InvalidFieldError("key", key, f"be one of the policy's reminders {sorted(keys)}")
    if any(r.key == key for r in p.reminders):
        return False

    def apply(obj: PaymentConfirmation) -> None:
        obj.reminders = (*obj.reminders, SentReminder(key, when))

    data: dict[str, object] = {"key": key}
    if stamped is not None:
        data["stamped_at"] = format_instant(stamped)
    PAYMENT_WORKFLOW.fire(p, "remind", at=when, actor=actor, note=key, data=data, apply=apply)
    count = unanswered(p)
    if p.escalation is None and count >= policy.escalate_after:
        reason = (
            f"{count} reminders unanswered while {p.state.value}"
            f" (since {last_progress(p).isoformat()})"
        )
        escalation = Escalation(when, reason, count)

        def escalate(obj: PaymentConfirmation) -> None:
            obj.escalation = escalation

        PAYMENT_WORKFLOW.fire(
            p,
            "escalate",
            at=when,
            actor=actor,
            note=reason,
            data={"reminders": count},
            apply=escalate,
        )
    return True


def last_progress(p: PaymentConfirmation) -> dt.datetime:
    """When the state last changed (the customer's last progress), or creation."""
    for entry in reversed(p.history):
        if entry.from_state != entry.to_state:
            return entry.at
    return p.created_at


def unanswered(p: PaymentConfirmation) -> int:
    """Reminders sent since the state last changed."""
    since = last_progress(p)
    return sum(1 for r in p.reminders if r.sent_at >= since)

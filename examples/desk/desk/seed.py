"""A few cases to click through: complaints at different stages, a payment, a window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desk.app import complaint_columns
from desk.library import current_policy
from desk.store import Store, complaints, payments, windows
from supportflow import Complaint, MaintenanceWindow, PaymentConfirmation
from supportflow.complaints import Transaction

__all__ = ["seed"]

_CASES = (
    ("CMP-1", "web_form", "P2", 11.5, "My withdrawal of 5,000 CNY has not arrived."),
    ("CMP-2", "in_app_chat", "P3", 2, "The app logged me out during a trade."),
    ("CMP-3", "regulator_referral", "P1", 30, "Referred by the regulator: frozen funds."),
)


def seed(store: Store, now: dt.datetime) -> int:
    """Store the demo cases that are missing; how many were added."""
    policy = current_policy(store.registry)
    added = 0
    for key, channel, priority, hours, text in _CASES:
        complaint = Complaint.receive(
            id=key,
            customer=f"C-{key[-1]}",
            channel=channel,
            description=text,
            received_at=now - dt.timedelta(hours=hours),
            actor="seed",
            priority=priority,
            transactions=[Transaction(f"WD-{key[-1]}", Decimal("5000.00"), "CNY")],
            sla_policy=policy,
        )
        if key == "CMP-3":
            complaint.fire("acknowledge", {"at": now, "actor": "agent-li"})
        added += store.insert(complaints, complaint, complaint_columns(complaint, now))
    payment = PaymentConfirmation.create(
        "INV-1", "100.00", "CNY", now, expiry=dt.timedelta(hours=1), customer_id="C-1"
    )
    added += store.insert(payments, payment, {"state": payment.state.value})
    window, _ = MaintenanceWindow.announce(
        "MW-1",
        start=now + dt.timedelta(days=3),
        end=now + dt.timedelta(days=3, hours=4),
        services=["withdrawals", "deposits"],
        announced_at=now,
    )
    added += store.insert(windows, window, {})
    return added

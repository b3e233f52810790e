"""Payment confirmation: the lifecycle of a payment the customer must make or confirm.

A `PaymentConfirmation` has one flow state (`PaymentState`) and orthogonal facts beside it
(`amount_status`, `timing`, money received and refunded, attempts, `failure_reason`), as
the best processors model it. Provider notifications are at-least-once and unordered:
`apply_notification` is idempotent by event id and never moves the state backwards.
A `ReminderPolicy` schedules reminders while the customer still owes an action and
escalates unanswered ones; `payment_metrics` summarises a collection.
"""

from supportflow.payments._confirmation import PAYMENT_WORKFLOW, PaymentConfirmation
from supportflow.payments._metrics import PaymentMetrics, payment_metrics
from supportflow.payments._reminders import Escalation, ReminderPolicy, ReminderSlot, SentReminder
from supportflow.payments._types import (
    BITPAY,
    COINPAYMENTS,
    CRYPTOPAY,
    AmountStatus,
    ExpiryPreset,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    NotificationResult,
    PaymentState,
    RefundInstruction,
    Resolution,
    Timing,
)

__all__ = [
    "BITPAY",
    "COINPAYMENTS",
    "CRYPTOPAY",
    "PAYMENT_WORKFLOW",
    "AmountStatus",
    "Escalation",
    "ExpiryPreset",
    "FailureReason",
    "NotificationKind",
    "NotificationOutcome",
    "NotificationRecord",
    "NotificationResult",
    "PaymentConfirmation",
    "PaymentMetrics",
    "PaymentState",
    "RefundInstruction",
    "ReminderPolicy",
    "ReminderSlot",
    "Resolution",
    "SentReminder",
    "Timing",
    "payment_metrics",
]

"""Payment confirmation: the lifecycle of a payment the customer must make or confirm.

A `PaymentConfirmation` has one flow state (`PaymentState`) and orthogonal facts beside it
(`amount_status`, `timing`, money received and refunded, attempts, `failure_reason`), as
the best processors model it. Provider notifications are at-least-once and unordered:
`apply_notification` is idempotent by event id, and the state and every fact are those of
the whole log taken in one documented total order, whatever the delivery order.
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
    CommandRecord,
    Dispute,
    DisputeStatus,
    EvidenceAlarm,
    ExpiryPreset,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    NotificationResult,
    PaymentResolution,
    PaymentState,
    RefundInstruction,
    RefundRecord,
    RefundStatus,
    Timing,
)

__all__ = [
    "BITPAY",
    "COINPAYMENTS",
    "CRYPTOPAY",
    "PAYMENT_WORKFLOW",
    "AmountStatus",
    "CommandRecord",
    "Dispute",
    "DisputeStatus",
    "Escalation",
    "EvidenceAlarm",
    "ExpiryPreset",
    "FailureReason",
    "NotificationKind",
    "NotificationOutcome",
    "NotificationRecord",
    "NotificationResult",
    "PaymentConfirmation",
    "PaymentMetrics",
    "PaymentResolution",
    "PaymentState",
    "RefundInstruction",
    "RefundRecord",
    "RefundStatus",
    "ReminderPolicy",
    "ReminderSlot",
    "SentReminder",
    "Timing",
    "payment_metrics",
]

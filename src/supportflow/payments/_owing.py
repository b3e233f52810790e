"""What a payment owes back and what its dispute demands: derived from the facts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from supportflow.payments import _fold
from supportflow.payments._types import (
    AmountStatus,
    DisputeStatus,
    EvidenceAlarm,
    RefundInstruction,
    Resolution,
)
from supportflow.payments._workflow import _EXCEPTIONS, _ZERO, P

if TYPE_CHECKING:
    from supportflow.payments._confirmation import PaymentConfirmation

__all__: list[str] = []

_NOT_LIVE: Final = frozenset((*_EXCEPTIONS, P.REFUNDED))


def refund_due(p: PaymentConfirmation) -> RefundInstruction | None:
    """See `PaymentConfirmation.refund_due`."""
    dispute = p.dispute
    if (
        dispute is None
        and p.resolution is None
        and not p.refunds
        and p.state not in _NOT_LIVE
        and p.received - p.reversed <= p.amount_due + p.effective_tolerance
    ):
        return None  # the common case: a live payment, not over-paid
    clawed = _ZERO
    if dispute is not None and dispute.withdrawn > dispute.reinstated:
        clawed = dispute.withdrawn - dispute.reinstated
    committed = p.refunded
    if p.refunds:
        outstanding = sum((r.amount for r in p.refunds if r.outstanding), _ZERO)
        committed = max(outstanding, committed)
    kept = p.received - p.reversed - clawed - committed
    due = p.amount_due - p.effective_tolerance
    if p.resolution is Resolution.REFUND:
        owed, reason = kept, "resolution"
    elif p.state in _EXCEPTIONS:
        after = committed >= due and p.closed is None
        owed, reason = kept, "after_refund" if after else "exception"
    elif p.state is P.REFUNDED:
        owed, reason = _ZERO, ""
    elif p.amount_status is AmountStatus.OVER:
        owed, reason = kept - p.amount_due, "excess"
    else:
        owed, reason = _ZERO, ""
    if owed <= 0 or (p.processor_refunds and reason in {"excess", "exception"}):
        return None
    return RefundInstruction(p.id, owed, p.currency, reason)


def evidence_alarm(
    p: PaymentConfirmation, when: dt.datetime, warn_before: dt.timedelta
) -> EvidenceAlarm | None:
    """See `PaymentConfirmation.evidence_alarm`."""
    d = p.dispute
    if d is None or d.status is not DisputeStatus.OPEN or d.evidence_due_by is None:
        return None
    remaining = dt.datetime.__sub__(_fold.utc(d.evidence_due_by), _fold.utc(when))
    if remaining > warn_before:
        return None
    return EvidenceAlarm(p.id, d.evidence_due_by, remaining, remaining < dt.timedelta(0))

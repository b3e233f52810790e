"""The payment-confirmation workflow: states by rank, the transition table, the machine."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Final

from supportflow._machine import Edge, Workflow
from supportflow.payments._types import (
    AmountStatus,
    NotificationKind,
    NotificationOutcome,
    PaymentState,
)

__all__ = ["PAYMENT_WORKFLOW"]

P = PaymentState
_ZERO: Final = decimal.Decimal(0)

#: The rank order: a notification may only move the state to a higher rank.
RANK: Final[Mapping[PaymentState, int]] = {
    P.AWAITING_PAYMENT: 0,
    P.AWAITING_CUSTOMER_ACTION: 1,
    P.PARTIALLY_PAID: 2,
    P.PROCESSING: 3,
    P.AUTHORIZED: 4,
    P.CONFIRMED: 5,
    P.SETTLED: 6,
    P.REFUNDED: 7,
    P.EXPIRED: 8,
    P.FAILED: 9,
    P.CANCELLED: 10,
    P.NEEDS_REVIEW: 11,
}
PROGRESS: Final = (
    P.AWAITING_PAYMENT,
    P.AWAITING_CUSTOMER_ACTION,
    P.PARTIALLY_PAID,
    P.PROCESSING,
    P.AUTHORIZED,
    P.CONFIRMED,
    P.SETTLED,
)
#: Closed without the money being kept: left only through `resolve_exception`.
NEGATIVE: Final = (P.EXPIRED, P.FAILED, P.CANCELLED)
TERMINAL: Final = frozenset((*NEGATIVE, P.REFUNDED, P.NEEDS_REVIEW))
#: The states in which the customer still owes an action (the only ones with reminders).
OWING: Final = (P.AWAITING_PAYMENT, P.AWAITING_CUSTOMER_ACTION, P.PARTIALLY_PAID)
_SYNC_BACK: Final = (
    P.AWAITING_PAYMENT,
    P.AWAITING_CUSTOMER_ACTION,
    P.PARTIALLY_PAID,
    P.PROCESSING,
    P.AUTHORIZED,
    P.CONFIRMED,
)


def _below(state: PaymentState) -> tuple[PaymentState, ...]:
    return tuple(s for s in PROGRESS if RANK[s] < RANK[state])


def _above(state: PaymentState) -> tuple[PaymentState, ...]:
    return tuple(s for s in PROGRESS if RANK[s] > RANK[state])


_FORWARD: Final[Mapping[PaymentState, str]] = {
    P.AWAITING_CUSTOMER_ACTION: "request_action",
    P.PARTIALLY_PAID: "receive_partial",
    P.PROCESSING: "receive_payment",
    P.AUTHORIZED: "authorize",
    P.CONFIRMED: "confirm",
    P.SETTLED: "settle",
    P.REFUNDED: "refund_fully",
    P.EXPIRED: "expire",
    P.FAILED: "fail",
    P.CANCELLED: "cancel",
    P.NEEDS_REVIEW: "flag_for_review",
}
_EXCEPTIONS: Final = (P.NEEDS_REVIEW, *NEGATIVE)

EDGES: Final = (
    Edge("request_action", (P.AWAITING_PAYMENT,), P.AWAITING_CUSTOMER_ACTION),
    Edge("receive_partial", _below(P.PARTIALLY_PAID), P.PARTIALLY_PAID),
    Edge("receive_payment", _below(P.PROCESSING), P.PROCESSING),
    Edge("authorize", _below(P.AUTHORIZED), P.AUTHORIZED),
    Edge("confirm", _below(P.CONFIRMED), P.CONFIRMED),
    Edge("settle", _below(P.SETTLED), P.SETTLED),
    Edge("refund_fully", PROGRESS, P.REFUNDED),
    Edge("expire", OWING[:2], P.EXPIRED),
    Edge("fail", OWING[:2], P.FAILED),
    Edge("cancel", OWING[:2], P.CANCELLED),
    Edge("flag_for_review", tuple(s for s in P if s is not P.NEEDS_REVIEW), P.NEEDS_REVIEW),
    Edge("resolve_accept", _EXCEPTIONS, P.CONFIRMED),
    Edge("resolve_refund", _EXCEPTIONS, P.REFUNDED),
    Edge("remind", OWING, None),
    Edge("escalate", OWING, None),
    # An authoritative provider snapshot may move a live payment backwards.
    *(Edge("sync", _above(s), s, (f"_sync_to_{s.value}",)) for s in _SYNC_BACK),
    # A notification delivered out of order changed what the facts call for: the state
    # follows the facts (the total order), backwards or sideways too.
    *(
        Edge("reconcile", tuple(x for x in P if x is not s), s, (f"_reconcile_to_{s.value}",))
        for s in P
    ),
)

#: The one shared machine of the payment-confirmation workflow.
PAYMENT_WORKFLOW: Final = Workflow(
    "payment_confirmation",
    PaymentState,
    P.AWAITING_PAYMENT,
    EDGES,
    final=(P.EXPIRED, P.FAILED, P.CANCELLED, P.REFUNDED),
)

_MONEY_IN: Final = (NotificationKind.PAYMENT_DETECTED, NotificationKind.AUTHORIZED)
_MONEY_KINDS: Final = (*_MONEY_IN, NotificationKind.REFUNDED)
_FAILURE_KINDS: Final = (NotificationKind.ATTEMPT_FAILED, NotificationKind.FAILED)
_ATTEMPT_KINDS: Final = (*_MONEY_IN, *_FAILURE_KINDS)


def _amount_status(
    received: decimal.Decimal, due: decimal.Decimal, tolerance: decimal.Decimal
) -> AmountStatus:
    if received == 0:
        return AmountStatus.NONE
    if received < due - tolerance:
        return AmountStatus.PARTIAL
    if received > due + tolerance:
        return AmountStatus.OVER
    return AmountStatus.EXACT


#: The state each kind of notification speaks of, to tell a backward one from a no-op.
_IMPLIED: Final[Mapping[NotificationKind, PaymentState]] = {
    NotificationKind.ACTION_REQUIRED: P.AWAITING_CUSTOMER_ACTION,
    NotificationKind.PAYMENT_DETECTED: P.PARTIALLY_PAID,
    NotificationKind.AUTHORIZED: P.AUTHORIZED,
    NotificationKind.CONFIRMED: P.CONFIRMED,
    NotificationKind.SETTLED: P.SETTLED,
    NotificationKind.FAILED: P.FAILED,
    NotificationKind.EXPIRED: P.EXPIRED,
    NotificationKind.CANCELLED: P.CANCELLED,
}


def _outcome(moved: bool, kind: NotificationKind, before: PaymentState) -> NotificationOutcome:
    if moved:
        return NotificationOutcome.APPLIED
    implied = _IMPLIED.get(kind)
    if implied is not None and RANK[implied] < RANK[before]:
        return NotificationOutcome.IGNORED_BACKWARD
    return NotificationOutcome.RECORDED


def _max_state(a: PaymentState, b: PaymentState) -> PaymentState:
    return a if RANK[a] >= RANK[b] else b

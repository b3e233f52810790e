"""Stripe webhook events (PaymentIntent, Charge, Refund, Dispute) as notifications.

A Stripe event is `{"id": "evt_...", "type": "...", "created": <unix seconds>,
"data": {"object": {...}}}`. Amounts are integers in the currency's minor unit (cents;
none for zero-decimal currencies such as JPY, three decimals for BHD, JOD, KWD, OMR,
TND); currencies are lower-case ISO codes. Event ids (`evt_...`) are stable across
Stripe's retries, so the notifications are keyed by them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from supportflow.errors import ProviderPayloadError
from supportflow.payments._types import FailureReason, NotificationKind
from supportflow.payments.providers._common import (
    MappedWebhook,
    Payload,
    ProviderNotification,
    money,
)

__all__ = ["stripe_notifications"]

K = NotificationKind
_ZERO_DECIMAL: Final = frozenset(
    "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split()  # noqa: SIM905 - a table
)
_THREE_DECIMAL: Final = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
#: Stripe decline codes and error codes mapped to the failure taxonomy (others: `other`).
_REASONS: Final[Mapping[str, FailureReason]] = {
    "insufficient_funds": FailureReason.INSUFFICIENT_BALANCE,
    "card_velocity_exceeded": FailureReason.INSUFFICIENT_BALANCE,
    "withdrawal_count_limit_exceeded": FailureReason.INSUFFICIENT_BALANCE,
    "account_closed": FailureReason.ACCOUNT_FROZEN,
    "card_not_supported": FailureReason.ACCOUNT_FROZEN,
    "do_not_honor": FailureReason.ACCOUNT_FROZEN,
    "restricted_card": FailureReason.ACCOUNT_FROZEN,
    "fraudulent": FailureReason.SECURITY_CONCERN,
    "stolen_card": FailureReason.SECURITY_CONCERN,
    "lost_card": FailureReason.SECURITY_CONCERN,
    "authentication_required": FailureReason.SECURITY_CONCERN,
    "incorrect_cvc": FailureReason.INFO_MISMATCH,
    "incorrect_number": FailureReason.INFO_MISMATCH,
    "incorrect_zip": FailureReason.INFO_MISMATCH,
    "expired_card": FailureReason.INFO_MISMATCH,
    "processing_error": FailureReason.TECHNICAL_FAILURE,
    "issuer_not_available": FailureReason.TECHNICAL_FAILURE,
    "try_again_later": FailureReason.TECHNICAL_FAILURE,
}
_REFUND_KINDS: Final[Mapping[str, NotificationKind]] = {
    "pending": K.REFUND_PENDING,
    "requires_action": K.REFUND_PENDING,
    "succeeded": K.REFUNDED,
    "failed": K.REFUND_FAILED,
    "canceled": K.REFUND_CANCELLED,
}


def _exponent(currency: str) -> int:
    if currency in _ZERO_DECIMAL:
        return 0
    return 3 if currency in _THREE_DECIMAL else 2


def stripe_notifications(event: Mapping[str, object]) -> MappedWebhook:  # noqa: PLR0912, PLR0915 - one branch per event type
    """Map a Stripe event to notifications for the PaymentIntent it concerns.

    Verify first (this stays with the host): check the `Stripe-Signature` header against
    the raw body with your endpoint's signing secret (`stripe.Webhook.construct_event`),
    and reject stale timestamps.

    Answer Stripe with a 2xx status on success *and* on a duplicate (Stripe retries for
    up to three days until it gets one); on a conflict (`IdempotencyConflictError`) or a
    bad event (`ProviderPayloadError`) answer 4xx/5xx, which keeps the delivery marked as
    failed in the dashboard while you investigate. A `RefundExceedsReceivedError` (a
    refund event before its payment) also gets a 5xx: Stripe delivers it again later.

    Mapping (`reference` is the PaymentIntent id; `order_id` is `metadata.order_id`):

    - `payment_intent.requires_action`: `action_required`;
    - `payment_intent.amount_capturable_updated`: `authorized` (`amount_capturable`);
    - `payment_intent.succeeded`: `payment_detected` (`amount_received`; not again for a
      manual capture, already counted when authorized) and `confirmed`;
    - `payment_intent.payment_failed`, `charge.failed`: `attempt_failed` with the decline
      code as `provider_code` and its reason; `payment_intent.canceled`: `cancelled`;
    - `charge.succeeded` / `charge.captured`: nothing when the charge belongs to a
      PaymentIntent (its events carry the money), else `payment_detected`;
    - `charge.refunded`: each refund in `refunds.data` by its status;
      `refund.created` / `refund.updated` / `refund.failed` / `charge.refund.updated`:
      the refund by its status (`pending`, `succeeded`, `failed`, `canceled`);
    - `charge.dispute.created`: `dispute_opened` with `evidence_details.due_by`;
      `charge.dispute.funds_withdrawn` / `funds_reinstated`: `dispute_funds_withdrawn`
      / `dispute_won`; `charge.dispute.closed`: `dispute_won` (`won`, `warning_closed`)
      or `dispute_lost` (`lost`);
    - anything else (e.g. `payment_intent.created`, `payment_intent.processing`): nothing.

    Raises:
        ProviderPayloadError: a field is missing or not as Stripe documents it; the error
            names its JSON path.
    """
    root = Payload(event)
    event_id = root.text("id")
    kind_name = root.text("type")
    created = root.unix_seconds("created")
    obj = root.child("data").child("object")
    metadata = obj.value.get("metadata")
    order = ""
    if isinstance(metadata, Mapping) and isinstance(metadata.get("order_id"), str):
        order = str(metadata["order_id"])
    out: list[ProviderNotification] = []

    def note(suffix: str, kind: NotificationKind, **payload: object) -> None:
        out.append(ProviderNotification(f"stripe:{event_id}:{suffix}", kind, created, payload))

    def amount(p: Payload, key: str = "amount") -> dict[str, object]:
        currency = p.currency("currency")
        return money(p.minor_units(key, _exponent(currency)), currency)

    def refund(p: Payload) -> None:
        status = p.choice("status", _REFUND_KINDS)
        refund_id = p.text("id")
        note(f"refund:{refund_id}", _REFUND_KINDS[status], refund_id=refund_id, **amount(p))

    def failure(code: str) -> None:
        reason = _REASONS.get(code, FailureReason.OTHER)
        note("failed", K.ATTEMPT_FAILED, reason=reason.value, provider_code=code)

    reference = ""
    if kind_name.startswith("payment_intent."):
        reference = obj.text("id")
        if kind_name == "payment_intent.requires_action":
            note("action", K.ACTION_REQUIRED)
        elif kind_name == "payment_intent.amount_capturable_updated":
            note("authorized", K.AUTHORIZED, **amount(obj, "amount_capturable"))
        elif kind_name == "payment_intent.succeeded":
            if obj.value.get("capture_method") != "manual":
                note("paid", K.PAYMENT_DETECTED, **amount(obj, "amount_received"))
            note("confirmed", K.CONFIRMED)
        elif kind_name == "payment_intent.payment_failed":
            error = obj.child("last_payment_error")
            code = error.optional_text("decline_code") or error.optional_text("code") or "unknown"
            failure(code)
        elif kind_name == "payment_intent.canceled":
            note("canceled", K.CANCELLED)
    elif kind_name.startswith("charge.dispute."):
        reference = obj.optional_text("payment_intent") or obj.text("charge")
        if kind_name == "charge.dispute.created":
            due = obj.child("evidence_details")
            extra = {"evidence_due_by": due.unix_seconds("due_by")} if due.has("due_by") else {}
            note("dispute", K.DISPUTE_OPENED, **amount(obj), **extra)
        elif kind_name == "charge.dispute.funds_withdrawn":
            note("withdrawn", K.DISPUTE_FUNDS_WITHDRAWN, **amount(obj))
        elif kind_name == "charge.dispute.funds_reinstated":
            note("reinstated", K.DISPUTE_WON, **amount(obj))
        elif kind_name == "charge.dispute.closed":
            status = obj.choice("status", frozenset(("won", "lost", "warning_closed")))
            if status == "lost":
                note("lost", K.DISPUTE_LOST)
            else:
                note("won", K.DISPUTE_WON, **amount(obj))
    elif kind_name in {
        "refund.created",
        "refund.updated",
        "refund.failed",
        "charge.refund.updated",
    }:
        reference = obj.optional_text("payment_intent") or obj.text("charge")
        refund(obj)
    elif kind_name.startswith("charge."):
        reference = obj.optional_text("payment_intent") or obj.text("id")
        if kind_name in {"charge.succeeded", "charge.captured"} and not obj.has("payment_intent"):
            note("paid", K.PAYMENT_DETECTED, **amount(obj, "amount_captured"))
            note("confirmed", K.CONFIRMED)
        elif kind_name == "charge.failed":
            failure(obj.optional_text("failure_code") or "unknown")
        elif kind_name == "charge.refunded":
            refunds = obj.child("refunds")
            items = refunds.raw("data")
            if not isinstance(items, list):
                raise ProviderPayloadError(refunds.at("data"), items, "be a list")
            for i, item in enumerate(items):
                refund(Payload(item, f"{refunds.at('data')}[{i}]"))
    else:
        reference = obj.optional_text("id")
    return MappedWebhook("stripe", reference, order, tuple(out))

"""BitPay invoice webhooks (IPNs) as notifications.

BitPay posts the invoice as JSON, either flat (the "standard" format) or as
`{"event": {"code", "name"}, "data": {...}}` (the "extended" format BitPay recommends).
The fields read: `id`, `status` (`new`, `paid`, `confirmed`, `complete`, `expired`,
`invalid`), `exceptionStatus` (`false`, `paidPartial`, `paidOver`, `paidLate`), `price`,
`currency`, `invoiceTime`, `expirationTime` and `currentTime` (Unix milliseconds), and
`orderId`.
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

__all__ = ["bitpay_notifications"]

K = NotificationKind
_STATUSES: Final = frozenset(("new", "paid", "confirmed", "complete", "expired", "invalid"))
_EXCEPTIONS: Final = frozenset(("paidPartial", "paidOver", "paidLate"))


def bitpay_notifications(body: Mapping[str, object]) -> MappedWebhook:
    """Map a BitPay invoice IPN body (standard or extended format) to notifications.

    Verify first (this stays with the host): BitPay IPNs carry no signature, so treat
    the body as a hint and fetch the invoice (`GET /invoices/{id}` with your token) before
    acting on it; map the fetched invoice the same way.

    Answer BitPay with HTTP 200 and an empty body on success *and* on a duplicate (a
    replay is a no-op here); on a conflict (`IdempotencyConflictError`) or a bad body
    (`ProviderPayloadError`) answer 500 so BitPay retries while you investigate.

    Mapping (all amounts are the invoice `price`; BitPay says nothing of a partial sum):

    - `new`: nothing; `new` + `paidPartial`: a failed attempt (`amount_mismatch`): BitPay
      keeps the invoice unpaid and refunds the part itself;
    - `paid`: the payment, dated `invoiceTime` (BitPay says only that it came inside the
      window, so every IPN of the invoice dates it alike); `paidOver`: the same, BitPay
      refunds the excess itself;
    - `paidLate` (any status): the payment, dated `currentTime`, after the window: review;
    - `confirmed`: the payment and `confirmed`; `complete`: those and `settled`;
    - `expired`: `expired` at `expirationTime`; `invalid`: `failed` (a reversal when the
      money was detected: the payment is not credited).

    Create the payment with `processor_refunds=True` (and the `BITPAY` preset) so the
    library never asks you to refund what BitPay returns itself.

    Raises:
        ProviderPayloadError: a field is missing or not as BitPay documents it; the error
            names its JSON path.
    """
    root = Payload(body)
    data = root.child("data") if root.has("data") and root.has("event") else root
    invoice = data.text("id")
    status = data.choice("status", _STATUSES)
    exception = data.value.get("exceptionStatus", False)
    if exception is not False and exception not in _EXCEPTIONS:
        raise ProviderPayloadError(
            data.at("exceptionStatus"),
            exception,
            "be false, paidPartial, paidOver or paidLate",
        )
    currency = data.currency("currency")
    price = data.number("price")
    created = data.unix_millis("invoiceTime")
    expires = data.unix_millis("expirationTime")
    now = data.unix_millis("currentTime")
    order = data.optional_text("orderId")

    def note(
        suffix: str, kind: NotificationKind, when: object, **payload: object
    ) -> ProviderNotification:
        return ProviderNotification(f"bitpay:{invoice}:{suffix}", kind, when, payload)  # type: ignore[arg-type]

    out: list[ProviderNotification] = []
    paid_at = now if exception == "paidLate" else created
    paid = note("paid", K.PAYMENT_DETECTED, paid_at, **money(price, currency))
    if exception == "paidLate":
        out.append(paid)
    elif status == "new":
        if exception == "paidPartial":
            out.append(
                note(
                    "partial",
                    K.ATTEMPT_FAILED,
                    now,
                    reason=FailureReason.AMOUNT_MISMATCH.value,
                    provider_code="paidPartial",
                )
            )
    elif status in {"paid", "confirmed", "complete"}:
        out.append(paid)
    if status in {"confirmed", "complete"}:
        out.append(note("confirmed", K.CONFIRMED, now))
    if status == "complete":
        out.append(note("complete", K.SETTLED, now))
    elif status == "expired" and exception != "paidLate":
        out.append(note("expired", K.EXPIRED, expires))
    elif status == "invalid":
        out.append(
            note(
                "invalid", K.FAILED, now, reason=FailureReason.OTHER.value, provider_code="invalid"
            )
        )
    return MappedWebhook("bitpay", invoice, order, tuple(out))

"""WeChat Pay API v3 payment and refund notifications as notifications.

WeChat Pay posts `{"id", "create_time", "event_type", "resource_type", "summary",
"resource": {"algorithm": "AEAD_AES_256_GCM", "ciphertext", "nonce", "associated_data",
"original_type"}}`; the host decrypts `resource` with its APIv3 key. The decrypted payment
(`TRANSACTION.SUCCESS`) has `out_trade_no`, `transaction_id`, `trade_state`,
`success_time` (RFC 3339) and `amount: {"total", "payer_total", "currency"}` in fen; the
decrypted refund (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`) has
`out_trade_no`, `refund_id`, `out_refund_no`, `refund_status`, `success_time` and
`amount: {"total", "refund", "payer_total", "payer_refund"}`. WeChat retries from 15 s up
to 6 h apart, for about 24 hours, until it gets a success answer.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Final

from supportflow.payments._types import FailureReason, NotificationKind
from supportflow.payments.providers._common import (
    MappedWebhook,
    Payload,
    ProviderNotification,
    money,
)

__all__ = ["WECHAT_FAILURE", "WECHAT_SUCCESS", "wechat_notifications"]

K = NotificationKind
#: The answer body on success and on a duplicate (with HTTP 200).
WECHAT_SUCCESS: Final[Mapping[str, str]] = {"code": "SUCCESS", "message": "成功"}
#: The answer body on a conflict or a bad notification (with HTTP 500): WeChat retries.
WECHAT_FAILURE: Final[Mapping[str, str]] = {"code": "FAIL", "message": "失败"}
_EVENTS: Final = frozenset(
    ("TRANSACTION.SUCCESS", "REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED")
)
_REFUNDS: Final[Mapping[str, NotificationKind]] = {
    "SUCCESS": K.REFUNDED,
    "ABNORMAL": K.REFUND_FAILED,
    "CLOSED": K.REFUND_CANCELLED,
}
_TRADE_STATES: Final = frozenset(
    ("SUCCESS", "REFUND", "NOTPAY", "CLOSED", "REVOKED", "USERPAYING", "PAYERROR")
)


def wechat_notifications(
    envelope: Mapping[str, object],
    resource: Mapping[str, object],
    *,
    order_amount: decimal.Decimal | str | None = None,
) -> MappedWebhook:
    """Map a WeChat Pay v3 notification (the envelope and its decrypted `resource`).

    Verify first (this stays with the host): check the `Wechatpay-Signature` header over
    `Wechatpay-Timestamp`, `Wechatpay-Nonce` and the body with the platform certificate
    named by `Wechatpay-Serial`; decrypt `resource` (AEAD_AES_256_GCM, APIv3 key); and, as
    WeChat asks, check that the amount matches the order (`order_amount`).

    Answer HTTP 200 with `WECHAT_SUCCESS` on success *and* on a duplicate; on a conflict
    or a bad notification answer HTTP 500 with `WECHAT_FAILURE` (WeChat retries). An
    amount that is not the order's is a conflict: the payment is recorded and sent to
    review (`conflict` says why), never taken as a partial payment.

    Mapping: a `SUCCESS` payment: `payment_detected` (`amount.total`) and `confirmed` at
    `success_time`; `USERPAYING`: `action_required`; `PAYERROR`: `failed`; `CLOSED` and
    `REVOKED`: `cancelled`; `NOTPAY`: nothing. A refund: `refunded`, `refund_failed`
    (`ABNORMAL`) or `refund_cancelled` (`CLOSED`) of `amount.refund`, by `refund_id`.

    Raises:
        ProviderPayloadError: a field is missing or malformed; the error names its path.
    """
    env = Payload(envelope)
    notice_id = env.text("id")
    event_type = env.choice("event_type", _EVENTS)
    sent = env.rfc3339("create_time")
    res = Payload(resource, "resource")
    order = res.text("out_trade_no")
    amount = res.child("amount")
    currency = amount.currency("currency") if amount.has("currency") else "CNY"
    out: list[ProviderNotification] = []
    conflict = ""

    def note(suffix: str, kind: NotificationKind, when: object, **payload: object) -> None:
        out.append(ProviderNotification(f"wechat:{reference}:{suffix}", kind, when, payload))  # type: ignore[arg-type]

    if event_type.startswith("REFUND."):
        reference = res.text("transaction_id")
        refund_id = res.text("refund_id")
        status = res.choice("refund_status", _REFUNDS)
        when = res.rfc3339("success_time") if res.has("success_time") else sent
        note(
            f"refund:{refund_id}:{status}",
            _REFUNDS[status],
            when,
            **money(amount.minor_units("refund", 2), currency, refund_id=refund_id),
        )
        return MappedWebhook("wechat", reference, order, tuple(out))
    reference = res.text("transaction_id") if res.has("transaction_id") else notice_id
    state = res.choice("trade_state", _TRADE_STATES)
    if state in {"SUCCESS", "REFUND"}:
        paid_at = res.rfc3339("success_time")
        total = amount.minor_units("total", 2)
        expected = None if order_amount is None else decimal.Decimal(str(order_amount))
        if expected is not None and total != expected:
            conflict = f"amount.total {total} is not the order's {expected}"
            note("paid", K.PAYMENT_DETECTED, paid_at, **money(total, currency, mismatch=conflict))
        else:
            note("paid", K.PAYMENT_DETECTED, paid_at, **money(total, currency))
            note("confirmed", K.CONFIRMED, paid_at)
    elif state == "USERPAYING":
        note("paying", K.ACTION_REQUIRED, sent)
    elif state == "PAYERROR":
        note(
            "error",
            K.FAILED,
            sent,
            reason=FailureReason.TECHNICAL_FAILURE.value,
            provider_code=state,
        )
    elif state in {"CLOSED", "REVOKED"}:
        note("closed", K.CANCELLED, sent)
    return MappedWebhook("wechat", reference, order, tuple(out), conflict)

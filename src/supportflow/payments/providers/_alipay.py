"""Alipay asynchronous notifications (`notify_url`) as notifications.

Alipay posts form fields (all strings): `notify_id`, `notify_time`, `trade_no`,
`out_trade_no`, `trade_status` (`WAIT_BUYER_PAY`, `TRADE_SUCCESS`, `TRADE_FINISHED`,
`TRADE_CLOSED`), `total_amount` (yuan, "88.88"), `gmt_payment`, `gmt_close`, and for
refunds `refund_fee` (the *total* refunded so far), `gmt_refund` and `out_biz_no` (the
refund request). Times are Beijing time, `yyyy-MM-dd HH:mm:ss`. Alipay retries until it
reads the text `success` (8 times over about 25 hours).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Final

from supportflow.errors import ProviderPayloadError
from supportflow.payments._types import NotificationKind
from supportflow.payments.providers._common import (
    MappedWebhook,
    Payload,
    ProviderNotification,
    money,
)

__all__ = ["ALIPAY_FAILURE", "ALIPAY_SUCCESS", "alipay_notifications"]

K = NotificationKind
#: The answer that stops Alipay's retries (the body, as plain text).
ALIPAY_SUCCESS: Final = "success"
#: Any other body makes Alipay retry; this is the conventional one.
ALIPAY_FAILURE: Final = "fail"
_BEIJING: Final = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
_STATUSES: Final = frozenset(("WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_CLOSED"))


def _beijing(p: Payload, key: str) -> dt.datetime:
    value = p.text(key)
    try:
        parsed = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - Beijing time, set below
    except ValueError as exc:
        raise ProviderPayloadError(p.at(key), value, "be 'yyyy-MM-dd HH:mm:ss'") from exc
    return parsed.replace(tzinfo=_BEIJING).astimezone(dt.UTC)


def alipay_notifications(
    params: Mapping[str, object],
    *,
    order_amount: decimal.Decimal | str,
    currency: str = "CNY",
    refunded_before: decimal.Decimal | str = "0",
) -> MappedWebhook:
    """Map an Alipay async notification to notifications for the trade `out_trade_no`.

    Verify first (this stays with the host): check `sign` with Alipay's public key over
    the sorted parameters without `sign` and `sign_type` (the SDK's `rsaCheckV1`), then
    that `app_id` is yours and `out_trade_no` is an order of yours.

    Answer with the text `ALIPAY_SUCCESS` (`success`) on success *and* on a duplicate;
    on a conflict or a bad notification answer `ALIPAY_FAILURE` so Alipay retries while
    you investigate. An amount that is not the order's (`order_amount`) is a conflict:
    the payment is recorded and sent to review (`conflict` says why), never taken as a
    partial payment; answer `success` once it is recorded, retries change nothing.

    Mapping (trade-based event ids, so `TRADE_SUCCESS` then `TRADE_FINISHED` count the
    money once):

    - `WAIT_BUYER_PAY`: `action_required` (the buyer has to pay in the app);
    - `TRADE_SUCCESS`: `payment_detected` (`total_amount`) and `confirmed` at `gmt_payment`;
    - `TRADE_FINISHED`: those, and `settled` (no refund possible any more) at `gmt_close`;
    - `TRADE_CLOSED` without a refund: `expired` at `gmt_close` (unpaid and timed out);
    - any status with `refund_fee`: a succeeded refund, id `out_biz_no`, of
      `refund_fee - refunded_before` (Alipay sends the running total: pass the payment's
      `refunded` before applying; prefer the refund query API when refunds overlap).

    Raises:
        ProviderPayloadError: a field is missing or malformed; the error names it.
    """
    p = Payload(params)
    trade = p.text("trade_no")
    order = p.text("out_trade_no")
    status = p.choice("trade_status", _STATUSES)
    expected = decimal.Decimal(str(order_amount))
    before = decimal.Decimal(str(refunded_before))
    out: list[ProviderNotification] = []
    conflict = ""

    def note(suffix: str, kind: NotificationKind, when: dt.datetime, **payload: object) -> None:
        out.append(ProviderNotification(f"alipay:{trade}:{suffix}", kind, when, payload))

    if p.has("refund_fee"):
        total = p.decimal_text("refund_fee")
        if total <= before:
            raise ProviderPayloadError("refund_fee", p.raw("refund_fee"), "exceed refunded_before")
        refund_id = p.text("out_biz_no")
        note(
            f"refund:{refund_id}",
            K.REFUNDED,
            _beijing(p, "gmt_refund"),
            **money(total - before, currency, refund_id=refund_id),
        )
        return MappedWebhook("alipay", trade, order, tuple(out))
    if status == "WAIT_BUYER_PAY":
        note("created", K.ACTION_REQUIRED, _beijing(p, "gmt_create"))
    elif status in {"TRADE_SUCCESS", "TRADE_FINISHED"}:
        paid_at = _beijing(p, "gmt_payment")
        amount = p.decimal_text("total_amount")
        if amount != expected:
            conflict = f"total_amount {amount} is not the order's {expected}"
            note("paid", K.PAYMENT_DETECTED, paid_at, **money(amount, currency, mismatch=conflict))
        else:
            note("paid", K.PAYMENT_DETECTED, paid_at, **money(amount, currency))
            note("confirmed", K.CONFIRMED, paid_at)
        if status == "TRADE_FINISHED":
            closed = _beijing(p, "gmt_close") if p.has("gmt_close") else paid_at
            note("finished", K.SETTLED, closed)
    else:
        note("closed", K.EXPIRED, _beijing(p, "gmt_close"))
    return MappedWebhook("alipay", trade, order, tuple(out), conflict)

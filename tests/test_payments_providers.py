"""Provider mappers against vectors written from each provider's published documentation.

The payloads follow the shapes and example values of BitPay's IPN docs, Stripe's event
objects, Alipay's async notification parameters and WeChat Pay v3's notification and
decrypted resource examples; every expected instant and amount is worked out by hand.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from supportflow.errors import ProviderPayloadError
from supportflow.payments import (
    BITPAY,
    DisputeStatus,
    FailureReason,
    NotificationKind,
    PaymentConfirmation,
    PaymentState,
)
from supportflow.payments.providers import (
    ALIPAY_SUCCESS,
    WECHAT_SUCCESS,
    alipay_notifications,
    bitpay_notifications,
    stripe_notifications,
    wechat_notifications,
)

K = NotificationKind
S = PaymentState
UTC = dt.UTC


def kinds(mapped):
    return [(n.kind, n.occurred_at) for n in mapped]


# -- BitPay --------------------------------------------------------------------------------

#: BitPay's documented IPN example for "status": "confirmed" (standard format).
BITPAY_CONFIRMED = {
    "id": "Hpqc62dfE1ZjzeeH4kEycF",
    "url": "https://bitpay.com/invoice?id=Hpqc62dfE1ZjzeeH4kEycF",
    "status": "confirmed",
    "price": 10,
    "currency": "USD",
    "invoiceTime": 1620669854224,
    "expirationTime": 1620670754224,
    "currentTime": 1620671313184,
    "exceptionStatus": False,
    "orderId": "ORD-1",
}
# By hand: 1620604800 is 2021-05-10T00:00Z; +65054.224 s = 18:04:14.224, +65954.224 s =
# 18:19:14.224 (15 minutes later), +66513.184 s = 18:28:33.184.
INVOICE_TIME = dt.datetime(2021, 5, 10, 18, 4, 14, 224000, tzinfo=UTC)
EXPIRATION = dt.datetime(2021, 5, 10, 18, 19, 14, 224000, tzinfo=UTC)
CURRENT = dt.datetime(2021, 5, 10, 18, 28, 33, 184000, tzinfo=UTC)


def bitpay_payment() -> PaymentConfirmation:
    return PaymentConfirmation.create(
        "ORD-1", "10", "USD", INVOICE_TIME, expiry=BITPAY, processor_refunds=True
    )


def bitpay(**changes):
    return {**BITPAY_CONFIRMED, **changes}


def test_bitpay_confirmed_vector():
    """The documented `confirmed` IPN: the payment at invoiceTime, confirmed at currentTime."""
    mapped = bitpay_notifications(BITPAY_CONFIRMED)
    assert (mapped.provider, mapped.reference, mapped.order_id) == (
        "bitpay",
        "Hpqc62dfE1ZjzeeH4kEycF",
        "ORD-1",
    )
    assert kinds(mapped) == [(K.PAYMENT_DETECTED, INVOICE_TIME), (K.CONFIRMED, CURRENT)]
    assert mapped.notifications[0].payload == {"amount": Decimal(10), "currency": "USD"}
    assert bitpay_payment().expires_at == EXPIRATION
    p = bitpay_payment()
    mapped.apply_to(p)
    assert p.state is S.CONFIRMED


def test_bitpay_paid_confirmed_complete_count_the_money_once():
    """paid, confirmed and complete IPNs share the payment's event id: 10 USD, SETTLED."""
    p = bitpay_payment()
    for status in ("complete", "paid", "confirmed", "paid"):
        bitpay_notifications(bitpay(status=status)).apply_to(p)
    assert (p.state, p.received) == (S.SETTLED, Decimal(10))


def test_bitpay_extended_format_and_exception_statuses():
    """Extended format; paidPartial is an attempt, paidOver the price, paidLate late."""
    extended = {
        "event": {"code": 1003, "name": "invoice_paidInFull"},
        "data": bitpay(status="paid", exceptionStatus="paidOver"),
    }
    assert kinds(bitpay_notifications(extended)) == [(K.PAYMENT_DETECTED, INVOICE_TIME)]
    partial = bitpay_notifications(bitpay(status="new", exceptionStatus="paidPartial"))
    assert [(n.kind, dict(n.payload)) for n in partial] == [
        (K.ATTEMPT_FAILED, {"reason": "amount_mismatch", "provider_code": "paidPartial"})
    ]
    assert bitpay_notifications(bitpay(status="new")).notifications == ()
    late = bitpay_notifications(bitpay(status="paid", exceptionStatus="paidLate"))
    assert kinds(late) == [(K.PAYMENT_DETECTED, CURRENT)]
    p = bitpay_payment()
    bitpay_notifications(bitpay(status="expired")).apply_to(p)
    assert (p.state, p.expired_at) == (S.EXPIRED, EXPIRATION)
    late.apply_to(p)
    assert (p.state, p.timing.value) == (S.NEEDS_REVIEW, "late")
    assert p.refund_due() is None  # BitPay returns late money itself (processor_refunds)


def test_bitpay_invalid_after_paid_is_a_reversal():
    """`invalid` after `paid`: FAILED, the money reversed, no refund instruction."""
    p = bitpay_payment()
    bitpay_notifications(bitpay(status="paid")).apply_to(p)
    bitpay_notifications(bitpay(status="invalid")).apply_to(p)
    assert (p.state, p.reversed, p.refund_due()) == (S.FAILED, Decimal(10), None)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({**BITPAY_CONFIRMED, "status": "weird"}, "status"),
        ({**BITPAY_CONFIRMED, "price": "ten"}, "price"),
        (
            {"event": {"code": 1}, "data": {**BITPAY_CONFIRMED, "exceptionStatus": "x"}},
            "data.exceptionStatus",
        ),
        ({k: v for k, v in BITPAY_CONFIRMED.items() if k != "invoiceTime"}, "invoiceTime"),
    ],
)
def test_bitpay_bad_bodies_name_the_path(body, path):
    """A malformed IPN raises ProviderPayloadError naming the JSON path."""
    with pytest.raises(ProviderPayloadError) as info:
        bitpay_notifications(body)
    assert info.value.path == path


# -- Stripe --------------------------------------------------------------------------------

# By hand: 1680048000 is 2023-03-29T00:00Z; +16028 s is 04:27:08.
CREATED = dt.datetime(2023, 3, 29, 4, 27, 8, tzinfo=UTC)
PI = "pi_3MtwBwLkdIwHu7ix28a3tqPa"


def stripe_event(kind, obj, event_id="evt_3MtwBwLkdIwHu7ix0nN8WhVm"):
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2022-11-15",
        "created": 1680064028,
        "livemode": False,
        "pending_webhooks": 1,
        "type": kind,
        "data": {"object": obj},
    }


INTENT = {
    "id": PI,
    "object": "payment_intent",
    "amount": 2000,
    "amount_received": 2000,
    "amount_capturable": 0,
    "capture_method": "automatic",
    "currency": "usd",
    "status": "succeeded",
    "metadata": {"order_id": "ORD-7"},
}


def stripe_payment() -> PaymentConfirmation:
    return PaymentConfirmation.create(
        "ORD-7", "20.00", "USD", CREATED - dt.timedelta(minutes=5), expiry=dt.timedelta(hours=1)
    )


def test_stripe_payment_intent_succeeded_vector():
    """20.00 USD (2000 cents) received and confirmed at `created`."""
    mapped = stripe_notifications(stripe_event("payment_intent.succeeded", INTENT))
    assert (mapped.reference, mapped.order_id) == (PI, "ORD-7")
    assert kinds(mapped) == [(K.PAYMENT_DETECTED, CREATED), (K.CONFIRMED, CREATED)]
    assert mapped.notifications[0].payload == {"amount": Decimal("20.00"), "currency": "USD"}
    p = stripe_payment()
    mapped.apply_to(p)
    mapped.apply_to(p)  # Stripe's retry: the same evt id, a duplicate
    assert (p.state, p.received) == (S.CONFIRMED, Decimal("20.00"))


def test_stripe_manual_capture_counts_the_money_at_authorization():
    """amount_capturable_updated then succeeded (manual capture): 20.00 once."""
    auth = {
        **INTENT,
        "capture_method": "manual",
        "amount_capturable": 2000,
        "status": "requires_capture",
    }
    p = stripe_payment()
    stripe_notifications(
        stripe_event("payment_intent.amount_capturable_updated", auth, "evt_a")
    ).apply_to(p)
    assert p.state is S.AUTHORIZED
    done = {**INTENT, "capture_method": "manual"}
    stripe_notifications(stripe_event("payment_intent.succeeded", done, "evt_b")).apply_to(p)
    assert (p.state, p.received) == (S.CONFIRMED, Decimal("20.00"))


def test_stripe_failures_zero_decimal_and_charges():
    """A decline code maps to the taxonomy; JPY has no minor unit; PI charges move nothing."""
    failed = {
        **INTENT,
        "status": "requires_payment_method",
        "last_payment_error": {"code": "card_declined", "decline_code": "insufficient_funds"},
    }
    mapped = stripe_notifications(stripe_event("payment_intent.payment_failed", failed))
    assert [(n.kind, dict(n.payload)) for n in mapped] == [
        (
            K.ATTEMPT_FAILED,
            {"reason": "insufficient_balance", "provider_code": "insufficient_funds"},
        )
    ]
    yen = stripe_notifications(
        stripe_event(
            "payment_intent.succeeded", {**INTENT, "currency": "jpy", "amount_received": 1000}
        )
    )
    assert yen.notifications[0].payload == {"amount": Decimal(1000), "currency": "JPY"}
    charge = {
        "id": "ch_1",
        "object": "charge",
        "amount": 2000,
        "amount_captured": 2000,
        "currency": "usd",
        "payment_intent": PI,
    }
    assert stripe_notifications(stripe_event("charge.succeeded", charge)).notifications == ()
    legacy = stripe_notifications(
        stripe_event("charge.succeeded", {**charge, "payment_intent": None})
    )
    assert [n.kind for n in legacy] == [K.PAYMENT_DETECTED, K.CONFIRMED]
    declined = stripe_notifications(
        stripe_event("charge.failed", {**charge, "failure_code": "expired_card"})
    )
    assert declined.notifications[0].payload == {
        "reason": "info_mismatch",
        "provider_code": "expired_card",
    }


def test_stripe_refunds_by_their_own_id_and_status():
    """refund.created (pending) then charge.refunded (succeeded): one refund of 5.00."""
    p = stripe_payment()
    stripe_notifications(stripe_event("payment_intent.succeeded", INTENT)).apply_to(p)
    refund = {
        "id": "re_1",
        "object": "refund",
        "amount": 500,
        "currency": "usd",
        "status": "pending",
        "payment_intent": PI,
        "charge": "ch_1",
    }
    stripe_notifications(stripe_event("refund.created", refund, "evt_r1")).apply_to(p)
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": PI,
        "refunds": {"data": [{**refund, "status": "succeeded"}]},
    }
    stripe_notifications(stripe_event("charge.refunded", charge, "evt_r2")).apply_to(p)
    assert (p.refunded, len(p.refunds), p.refunds[0].status.value) == (
        Decimal("5.00"),
        1,
        "succeeded",
    )
    assert p.state is S.CONFIRMED


def test_stripe_dispute_lifecycle():
    """Dispute opened (evidence due 2023-04-08), funds withdrawn, closed lost."""
    p = stripe_payment()
    stripe_notifications(stripe_event("payment_intent.succeeded", INTENT)).apply_to(p)
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "amount": 2000,
        "currency": "usd",
        "charge": "ch_1",
        "payment_intent": PI,
        "status": "needs_response",
        "evidence_details": {"due_by": 1680912000},
    }
    stripe_notifications(stripe_event("charge.dispute.created", dispute, "evt_d1")).apply_to(p)
    due = dt.datetime(2023, 4, 8, tzinfo=UTC)  # 1680912000 = 1680048000 + 10 days
    assert p.dispute is not None
    assert p.dispute.evidence_due_by == due
    alarm = p.evidence_alarm(due - dt.timedelta(days=1))
    assert alarm is not None
    assert not alarm.breached
    stripe_notifications(
        stripe_event("charge.dispute.funds_withdrawn", dispute, "evt_d2")
    ).apply_to(p)
    stripe_notifications(
        stripe_event("charge.dispute.closed", {**dispute, "status": "lost"}, "evt_d3")
    ).apply_to(p)
    assert (p.dispute.status, p.dispute.withdrawn) == (DisputeStatus.LOST, Decimal("20.00"))
    assert p.refund_due() is None  # the chargeback already returned the money


def test_stripe_bad_events_name_the_path():
    """A missing amount names data.object.amount_received."""
    broken = copy.deepcopy(INTENT)
    del broken["amount_received"]
    with pytest.raises(ProviderPayloadError) as info:
        stripe_notifications(stripe_event("payment_intent.succeeded", broken))
    assert info.value.path == "data.object.amount_received"
    with pytest.raises(ProviderPayloadError) as info:
        stripe_notifications(
            {**stripe_event("payment_intent.succeeded", INTENT), "created": "soon"}
        )
    assert info.value.path == "created"


# -- Alipay --------------------------------------------------------------------------------

ALIPAY_SUCCESS_NOTIFY = {
    "notify_time": "2025-03-03 09:00:06",
    "notify_type": "trade_status_sync",
    "notify_id": "ac05099524730693a8b330c5ecf72da9786",
    "app_id": "2014072300007148",
    "charset": "utf-8",
    "version": "1.0",
    "sign_type": "RSA2",
    "sign": "601510b7970e52cc63db0f44997cf70e",
    "trade_no": "2013112011001004330000121536",
    "out_trade_no": "6823789339978248",
    "buyer_id": "2088102122524333",
    "seller_id": "2088101106499364",
    "trade_status": "TRADE_SUCCESS",
    "total_amount": "88.88",
    "receipt_amount": "88.88",
    "gmt_create": "2025-03-03 08:59:50",
    "gmt_payment": "2025-03-03 09:00:05",
}
PAID_AT = dt.datetime(2025, 3, 3, 1, 0, 5, tzinfo=UTC)  # 09:00:05 Beijing = 01:00:05Z


def alipay_payment() -> PaymentConfirmation:
    return PaymentConfirmation.create(
        "6823789339978248",
        "88.88",
        "CNY",
        PAID_AT - dt.timedelta(minutes=1),
        expiry=dt.timedelta(minutes=30),
        method="wallet",
    )


def test_alipay_trade_success_then_finished():
    """TRADE_SUCCESS then TRADE_FINISHED: 88.88 once, SETTLED; answer `success`."""
    mapped = alipay_notifications(ALIPAY_SUCCESS_NOTIFY, order_amount="88.88")
    assert kinds(mapped) == [(K.PAYMENT_DETECTED, PAID_AT), (K.CONFIRMED, PAID_AT)]
    assert (mapped.reference, mapped.order_id, mapped.conflict) == (
        "2013112011001004330000121536",
        "6823789339978248",
        "",
    )
    p = alipay_payment()
    mapped.apply_to(p)
    finished = {
        **ALIPAY_SUCCESS_NOTIFY,
        "trade_status": "TRADE_FINISHED",
        "gmt_close": "2025-06-01 09:00:00",
        "notify_id": "x2",
    }
    alipay_notifications(finished, order_amount="88.88").apply_to(p)
    assert (p.state, p.received) == (S.SETTLED, Decimal("88.88"))
    assert ALIPAY_SUCCESS == "success"


def test_alipay_wait_buyer_pay_and_closed():
    """WAIT_BUYER_PAY asks the buyer to act; TRADE_CLOSED unpaid is an expiry at gmt_close."""
    waiting = alipay_notifications(
        {**ALIPAY_SUCCESS_NOTIFY, "trade_status": "WAIT_BUYER_PAY"}, order_amount="88.88"
    )
    assert kinds(waiting) == [(K.ACTION_REQUIRED, dt.datetime(2025, 3, 3, 0, 59, 50, tzinfo=UTC))]
    closed = {
        **ALIPAY_SUCCESS_NOTIFY,
        "trade_status": "TRADE_CLOSED",
        "gmt_close": "2025-03-03 09:30:00",
    }
    assert kinds(alipay_notifications(closed, order_amount="88.88")) == [
        (K.EXPIRED, dt.datetime(2025, 3, 3, 1, 30, tzinfo=UTC))
    ]


def test_alipay_amount_mismatch_is_a_conflict_not_a_partial_payment():
    """80.00 paid on an 88.88 order: recorded, NEEDS_REVIEW, amount_mismatch; not partial."""
    mapped = alipay_notifications(
        {**ALIPAY_SUCCESS_NOTIFY, "total_amount": "80.00"}, order_amount="88.88"
    )
    assert mapped.conflict == "total_amount 80.00 is not the order's 88.88"
    p = alipay_payment()
    mapped.apply_to(p)
    assert (p.state, p.failure_reason) == (S.NEEDS_REVIEW, FailureReason.AMOUNT_MISMATCH)
    owed = p.refund_due()
    assert owed is not None
    assert owed.amount == Decimal("80.00")


def test_alipay_refund_uses_the_running_total():
    """refund_fee is cumulative: 30.00 then 88.88 in total are refunds of 30.00 and 58.88."""
    p = alipay_payment()
    alipay_notifications(ALIPAY_SUCCESS_NOTIFY, order_amount="88.88").apply_to(p)
    first = {
        **ALIPAY_SUCCESS_NOTIFY,
        "refund_fee": "30.00",
        "gmt_refund": "2025-03-04 10:00:00",
        "out_biz_no": "RF-1",
    }
    alipay_notifications(first, order_amount="88.88", refunded_before=p.refunded).apply_to(p)
    assert p.refunded == Decimal("30.00")
    second = {
        **first,
        "trade_status": "TRADE_CLOSED",
        "refund_fee": "88.88",
        "out_biz_no": "RF-2",
        "gmt_close": "2025-03-05 10:00:00",
    }
    alipay_notifications(second, order_amount="88.88", refunded_before=p.refunded).apply_to(p)
    assert (p.refunded, p.state) == (Decimal("88.88"), S.REFUNDED)


def test_alipay_bad_notifications_name_the_field():
    """A bad time and an unknown status name their parameter."""
    with pytest.raises(ProviderPayloadError) as info:
        alipay_notifications(
            {**ALIPAY_SUCCESS_NOTIFY, "gmt_payment": "03/03/2025"}, order_amount="88.88"
        )
    assert info.value.path == "gmt_payment"
    with pytest.raises(ProviderPayloadError) as info:
        alipay_notifications(
            {**ALIPAY_SUCCESS_NOTIFY, "trade_status": "PAID"}, order_amount="88.88"
        )
    assert info.value.path == "trade_status"


# -- WeChat Pay ----------------------------------------------------------------------------

WECHAT_ENVELOPE = {
    "id": "EV-2018022511223320873",
    "create_time": "2015-05-20T13:29:35+08:00",
    "resource_type": "encrypt-resource",
    "event_type": "TRANSACTION.SUCCESS",
    "summary": "支付成功",
    "resource": {
        "original_type": "transaction",
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": "",
        "associated_data": "",
        "nonce": "",
    },
}
WECHAT_TRANSACTION = {
    "mchid": "1900000100",
    "appid": "wxd678efh567hg6787",
    "out_trade_no": "1217752501201407033233368018",
    "transaction_id": "1217752501201407033233368018",
    "trade_type": "JSAPI",
    "trade_state": "SUCCESS",
    "trade_state_desc": "支付成功",
    "bank_type": "CMC",
    "success_time": "2018-06-08T10:34:56+08:00",
    "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
    "amount": {"total": 100, "payer_total": 100, "currency": "CNY", "payer_currency": "CNY"},
}
SUCCESS_TIME = dt.datetime(2018, 6, 8, 2, 34, 56, tzinfo=UTC)  # 10:34:56+08:00


def wechat_payment() -> PaymentConfirmation:
    return PaymentConfirmation.create(
        "1217752501201407033233368018",
        "1.00",
        "CNY",
        SUCCESS_TIME - dt.timedelta(minutes=2),
        expiry=dt.timedelta(minutes=30),
        method="wallet",
    )


def test_wechat_transaction_success_vector():
    """100 fen = 1.00 CNY, received and confirmed at success_time; answer SUCCESS."""
    mapped = wechat_notifications(WECHAT_ENVELOPE, WECHAT_TRANSACTION, order_amount="1.00")
    assert kinds(mapped) == [(K.PAYMENT_DETECTED, SUCCESS_TIME), (K.CONFIRMED, SUCCESS_TIME)]
    p = wechat_payment()
    mapped.apply_to(p)
    mapped.apply_to(p)  # WeChat's retry: duplicates
    assert (p.state, p.received) == (S.CONFIRMED, Decimal("1.00"))
    assert WECHAT_SUCCESS == {"code": "SUCCESS", "message": "成功"}


def test_wechat_amount_mismatch_and_refund():
    """0.50 on a 1.00 order is a conflict; a REFUND.SUCCESS of 999 fen is 9.99 by refund_id."""
    wrong = {**WECHAT_TRANSACTION, "amount": {"total": 50, "payer_total": 50, "currency": "CNY"}}
    mapped = wechat_notifications(WECHAT_ENVELOPE, wrong, order_amount="1.00")
    assert mapped.conflict == "amount.total 0.50 is not the order's 1.00"
    assert [n.kind for n in mapped] == [K.PAYMENT_DETECTED]
    refund = {
        "mchid": "1900000100",
        "transaction_id": "1008450740201411110005820873",
        "out_trade_no": "20150806125346",
        "refund_id": "50200207182018070300011301001",
        "out_refund_no": "7752501201407033233368018",
        "refund_status": "SUCCESS",
        "success_time": "2018-06-08T10:34:56+08:00",
        "user_received_account": "招商银行信用卡0403",
        "amount": {"total": 999, "refund": 999, "payer_total": 999, "payer_refund": 999},
    }
    envelope = {**WECHAT_ENVELOPE, "event_type": "REFUND.SUCCESS"}
    mapped = wechat_notifications(envelope, refund)
    assert [(n.kind, dict(n.payload)) for n in mapped] == [
        (
            K.REFUNDED,
            {
                "amount": Decimal("9.99"),
                "currency": "CNY",
                "refund_id": "50200207182018070300011301001",
            },
        )
    ]
    assert mapped.notifications[0].occurred_at == SUCCESS_TIME


def test_wechat_bad_resource_names_the_path():
    """A time without offset names resource.success_time; amounts must be integers."""
    with pytest.raises(ProviderPayloadError) as info:
        wechat_notifications(
            WECHAT_ENVELOPE, {**WECHAT_TRANSACTION, "success_time": "2018-06-08 10:34:56"}
        )
    assert info.value.path == "resource.success_time"
    with pytest.raises(ProviderPayloadError) as info:
        wechat_notifications(WECHAT_ENVELOPE, {**WECHAT_TRANSACTION, "amount": {"total": "100"}})
    assert info.value.path == "resource.amount.total"

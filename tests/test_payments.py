"""Payment confirmation: lifecycle, idempotent notifications, reminders, metrics."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import (
    IdempotencyConflictError,
    IllegalTransitionError,
    InvalidFieldError,
    NaiveDatetimeError,
    SerializationError,
)
from supportflow.calendar import cn_mainland
from supportflow.errors import RefundExceedsReceivedError
from supportflow.payments import (
    BITPAY,
    COINPAYMENTS,
    CRYPTOPAY,
    PAYMENT_WORKFLOW,
    AmountStatus,
    ExpiryPreset,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    PaymentConfirmation,
    PaymentResolution,
    PaymentState,
    RefundInstruction,
    ReminderPolicy,
    Timing,
    payment_metrics,
)
from supportflow.payments._confirmation import OWING
from supportflow.payments._fold import FACT_NAMES
from supportflow.testing import PaymentMachine
from supportflow.testing import strategies as sfst

T0 = pendulum.datetime(2025, 3, 3, 9, 0, tz="Asia/Shanghai")
S = PaymentState
OUT = NotificationOutcome


def new(due="100.00", **kw):
    kw.setdefault("expiry", dt.timedelta(hours=1))
    return PaymentConfirmation.create("P-1", due, "CNY", T0, **kw)


def pay(p, event_id, amount, minutes, kind="payment_detected", **extra):
    return p.apply_notification(
        event_id,
        kind,
        T0.add(minutes=minutes),
        {"amount": amount, "currency": "CNY", **extra},
    )


def state(p):
    """The state, read through a call (so the type checker does not pin it)."""
    return p.state


def escalation_of(p):
    """The escalation, read through a call (so the type checker does not pin it)."""
    return p.escalation


def summary(p):
    """The state and EVERY fact (everything but the delivery log and the audit order)."""
    return (
        p.state,
        p.amount_status,
        p.refund_due(),
        tuple(getattr(p, name) for name in FACT_NAMES),
        tuple((n.event_id, n.kind, n.amount, n.detail) for n in p.notifications),
    )


# -- the lifecycle ------------------------------------------------------------------------


def test_under_paid_then_topped_up_then_confirmed():
    """40 of 100 is partial; 60 more reaches PROCESSING; the provider's confirmation confirms."""
    p = new()
    assert pay(p, "e1", "40.00", 5).outcome is OUT.APPLIED
    assert (p.state, p.amount_status, p.received) == (S.PARTIALLY_PAID, AmountStatus.PARTIAL, 40)
    assert p.owes_action
    pay(p, "e2", "60.00", 10)
    assert (p.state, p.amount_status) == (S.PROCESSING, AmountStatus.EXACT)
    assert p.apply_notification("e3", "confirmed", T0.add(minutes=12)).state is S.CONFIRMED
    assert [(h.event, h.from_state, h.to_state) for h in p.history] == [
        ("receive_partial", "awaiting_payment", "partially_paid"),
        ("receive_payment", "partially_paid", "processing"),
        ("confirm", "processing", "confirmed"),
    ]
    assert p.attempts == 2
    assert p.timing is Timing.ON_TIME
    assert p.refund_due() is None


def test_a_replay_is_a_no_op_reported_as_duplicate():
    """The same event id again changes nothing at all and says so."""
    p = new()
    pay(p, "e1", "40.00", 5)
    before = p.to_dict()
    result = pay(p, "e1", "40.00", 5)
    assert result.duplicate
    assert result.outcome is OUT.DUPLICATE
    assert p.to_dict() == before


def test_a_conflicting_replay_raises_and_changes_nothing():
    """Same event id with another amount or kind: IdempotencyConflictError, nothing changed."""
    p = new()
    pay(p, "e1", "40.00", 5)
    before = p.to_dict()
    with pytest.raises(IdempotencyConflictError) as info:
        pay(p, "e1", "45.00", 5)
    assert (info.value.key, info.value.field) == ("e1", "amount")
    assert (info.value.first, info.value.second) == (Decimal("40.00"), Decimal("45.00"))
    with pytest.raises(IdempotencyConflictError) as info:
        p.apply_notification("e1", "settled", T0.add(minutes=5))
    assert info.value.field == "kind"
    assert p.to_dict() == before


def test_a_backward_notification_is_recorded_and_ignored():
    """A late 'action required' after confirmation is logged with its outcome, not raised."""
    p = new()
    pay(p, "e1", "100.00", 5)
    p.apply_notification("e2", "confirmed", T0.add(minutes=6))
    result = p.apply_notification("e0", "action_required", T0.add(minutes=1))
    assert result.outcome is OUT.IGNORED_BACKWARD
    assert p.state is S.CONFIRMED
    assert p.notifications[0].event_id == "e0"  # the log is kept in the total order
    assert p.notifications[0].outcome is OUT.IGNORED_BACKWARD
    assert len(p.history) == 2


def test_the_confirmation_threshold():
    """With 3 confirmations required, 1 and 2 keep PROCESSING; 3 confirms."""
    p = new(required_confirmations=3)
    pay(p, "e1", "100.00", 5, confirmations=1)
    assert p.state is S.PROCESSING
    p.apply_notification("e2", "confirmed", T0.add(minutes=6), {"confirmations": 2})
    assert p.state is S.PROCESSING
    p.apply_notification("e3", "confirmed", T0.add(minutes=7), {"confirmations": 3})
    assert (p.state, p.confirmations) == (S.CONFIRMED, 3)


def test_tolerance_decides_partial_exact_and_over():
    """Within 0.05 of the amount due counts as exact."""
    cases = [
        ("99.94", AmountStatus.PARTIAL),
        ("99.95", AmountStatus.EXACT),
        ("100.05", AmountStatus.EXACT),
        ("100.06", AmountStatus.OVER),
    ]
    for amount, status in cases:
        p = new(tolerance="0.05")
        pay(p, "e1", amount, 5)
        assert p.amount_status is status, amount


def test_card_authorization_then_capture_then_settlement():
    """authorized (with the amount) -> AUTHORIZED; confirmed -> CONFIRMED; settled -> SETTLED."""
    p = new(method="card")
    pay(p, "a1", "100.00", 1, kind="authorized")
    assert p.state is S.AUTHORIZED
    p.apply_notification("c1", "confirmed", T0.add(minutes=2))
    p.apply_notification("s1", "settled", T0.add(minutes=3))
    assert state(p) is S.SETTLED


def test_over_payment_stays_confirmed_with_an_excess_refund_instruction():
    """105 on 100: CONFIRMED and 5.00 to refund; refunding 5 keeps CONFIRMED and clears it."""
    p = new()
    pay(p, "e1", "105.00", 5)
    result = p.apply_notification("e2", "confirmed", T0.add(minutes=6))
    assert p.state is S.CONFIRMED
    assert result.refund == RefundInstruction("P-1", Decimal("5.00"), "CNY", "excess")
    result = pay(p, "r1", "5.00", 7, kind="refunded")
    assert (p.state, result.refund, p.refunded) == (S.CONFIRMED, None, Decimal("5.00"))


def test_partial_refund_keeps_the_state_and_full_refund_refunds():
    """Refunding 30 of 100 keeps CONFIRMED; the other 70 moves to REFUNDED."""
    p = new()
    pay(p, "e1", "100.00", 5)
    p.apply_notification("e2", "confirmed", T0.add(minutes=6))
    pay(p, "r1", "30.00", 7, kind="refunded")
    assert p.state is S.CONFIRMED
    pay(p, "r2", "70.00", 8, kind="refunded")
    assert state(p) is S.REFUNDED
    assert p.refund_due() is None


def test_expiry_without_money_and_with_partial_money():
    """expire(): EXPIRED when nothing came, NEEDS_REVIEW with the 30 to refund otherwise."""
    p = new()
    p.expire(at=T0.add(hours=1))
    assert (p.state, p.failure_reason) == (S.EXPIRED, FailureReason.EXPIRED)
    q = new()
    pay(q, "e1", "30.00", 10)
    q.expire(at=T0.add(hours=1, seconds=1))
    assert q.state is S.NEEDS_REVIEW
    assert q.refund_due() == RefundInstruction("P-1", Decimal("30.00"), "CNY", "exception")


def test_expire_is_refused_early_or_after_payment():
    """Before expires_at is bad input; after payment the window no longer matters."""
    p = new()
    with pytest.raises(InvalidFieldError) as info:
        p.expire(at=T0.add(minutes=59))
    assert info.value.field == "at"
    pay(p, "e1", "100.00", 5)
    with pytest.raises(IllegalTransitionError):
        p.expire(at=T0.add(hours=2))
    assert p.state is S.PROCESSING


def test_a_payment_after_expiry_goes_to_review_as_late():
    """Money that occurs after the window closed: NEEDS_REVIEW, timing late, refund due."""
    p = new()
    p.apply_notification("x1", "expired", T0.add(hours=1))
    assert p.state is S.EXPIRED
    result = pay(p, "e1", "100.00", 70)
    assert (p.state, p.timing) == (S.NEEDS_REVIEW, Timing.LATE)
    assert result.refund == RefundInstruction("P-1", Decimal("100.00"), "CNY", "exception")


def test_a_payment_after_a_merchant_cancellation_is_late_and_reviewed():
    """The merchant cancels; money arriving afterwards is late and needs review."""
    p = new()
    p.cancel(at=T0.add(minutes=10))
    assert (p.state, p.cancelled_by) == (S.CANCELLED, "merchant")
    pay(p, "e1", "100.00", 20)
    assert (p.state, p.timing) == (S.NEEDS_REVIEW, Timing.LATE)


def test_terminal_states_are_left_only_by_resolve_exception():
    """A confirmation on an EXPIRED payment is recorded; only a human resolution moves it."""
    p = new()
    p.expire(at=T0.add(hours=1))
    assert p.apply_notification("c1", "confirmed", T0.add(hours=2)).outcome is OUT.IGNORED_BACKWARD
    assert p.state is S.EXPIRED
    p.resolve_exception("accept", at=T0.add(hours=3), actor="ops-7", note="customer paid cash")
    assert (p.state, p.resolution) == (S.CONFIRMED, PaymentResolution.ACCEPT)
    assert p.history[-1].actor == "ops-7"
    with pytest.raises(IllegalTransitionError):
        p.resolve_exception(PaymentResolution.REFUND, at=T0.add(hours=4), actor="ops-7")
    with pytest.raises(InvalidFieldError):
        p.resolve_exception("maybe", at=T0.add(hours=4), actor="ops-7")


def test_resolve_refund_owes_the_money_back():
    """A refund resolution of a reviewed payment: REFUNDED, the money kept is owed."""
    p = new()
    pay(p, "e1", "30.00", 10)
    p.expire(at=T0.add(hours=1))
    p.resolve_exception("refund", at=T0.add(hours=2), actor="ops-1")
    assert p.state is S.REFUNDED
    assert p.refund_due() == RefundInstruction("P-1", Decimal("30.00"), "CNY", "resolution")
    pay(p, "r1", "30.00", 150, kind="refunded")
    assert p.refund_due() is None


def test_failure_reasons_and_attempts():
    """A failed attempt then a final failure: FAILED with the latest reason and code."""
    p = new()
    p.apply_notification(
        "f1",
        "attempt_failed",
        T0.add(minutes=2),
        {"reason": "insufficient_balance", "provider_code": "51"},
    )
    assert (p.state, p.failure_reason, p.provider_code) == (
        S.AWAITING_PAYMENT,
        FailureReason.INSUFFICIENT_BALANCE,
        "51",
    )
    p.apply_notification("f2", "failed", T0.add(minutes=4), {"reason": "account_frozen"})
    assert (p.state, p.failure_reason, p.attempts) == (S.FAILED, FailureReason.ACCOUNT_FROZEN, 2)
    # An older failure delivered late does not overwrite the latest reason.
    p.apply_notification("f0", "attempt_failed", T0.add(minutes=1), {"reason": "security_concern"})
    assert p.failure_reason is FailureReason.ACCOUNT_FROZEN


def test_customer_action_required():
    """3-D Secure / confirm-in-app: AWAITING_CUSTOMER_ACTION, still owing an action."""
    p = new()
    p.apply_notification("a1", NotificationKind.ACTION_REQUIRED, T0.add(minutes=1))
    assert p.state is S.AWAITING_CUSTOMER_ACTION
    assert p.owes_action


def test_snapshot_jumps_live_payments_and_never_leaves_terminal_but_for_review():
    """A live payment follows the provider (backwards too); a terminal one only to review."""
    p = new()
    pay(p, "e1", "100.00", 5)
    p.apply_notification("c1", "confirmed", T0.add(minutes=6))
    assert p.apply_snapshot("processing", at=T0.add(minutes=7)) is S.PROCESSING
    assert p.history[-1].event == "sync"
    assert p.apply_snapshot(S.SETTLED, at=T0.add(minutes=8)) is S.SETTLED
    n = len(p.history)
    assert p.apply_snapshot("settled", at=T0.add(minutes=9)) is S.SETTLED
    assert len(p.history) == n
    q = new()
    q.expire(at=T0.add(hours=1))
    assert q.apply_snapshot("confirmed", at=T0.add(hours=2), received="100.00") is S.NEEDS_REVIEW
    assert q.received == Decimal("100.00")
    assert q.apply_snapshot("confirmed", at=T0.add(hours=3)) is S.NEEDS_REVIEW
    r = new()
    pay(r, "e1", "40.00", 5)
    assert r.apply_snapshot("expired", at=T0.add(hours=1)) is S.NEEDS_REVIEW
    with pytest.raises(InvalidFieldError) as info:
        r.apply_snapshot("paid", at=T0.add(hours=2))
    assert info.value.field == "provider_state"


def test_expiry_presets_have_their_windows_and_sources():
    """BitPay 15 min, Cryptopay 10, CoinPayments 60; Alipay/WeChat are configurable."""
    assert (BITPAY.window, CRYPTOPAY.window, COINPAYMENTS.window) == (
        dt.timedelta(minutes=15),
        dt.timedelta(minutes=10),
        dt.timedelta(minutes=60),
    )
    assert all(p.source for p in (BITPAY, CRYPTOPAY, COINPAYMENTS))
    assert new(expiry=BITPAY).expires_at == T0.add(minutes=15)
    alipay = ExpiryPreset.custom("alipay", dt.timedelta(minutes=90), "timeout_express=90m")
    assert alipay.expires_at(T0) == T0.add(minutes=90)
    with pytest.raises(InvalidFieldError):
        ExpiryPreset.custom("wechat", dt.timedelta(0))


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"amount": "-1", "currency": "CNY"}, "payload.amount"),
        ({"amount": "NaN", "currency": "CNY"}, "payload.amount"),
        ({"amount": 1.5, "currency": "CNY"}, "payload.amount"),
        ({"amount": "0", "currency": "CNY"}, "payload.amount"),
        ({"amount": "abc", "currency": "CNY"}, "payload.amount"),
        ({"amount": "10", "currency": "USD"}, "payload.currency"),
        ({"currency": "CNY"}, "payload.amount"),
        ({"amount": "10", "currency": "CNY", "confirmations": -1}, "payload.confirmations"),
    ],
)
def test_bad_payloads_are_refused_and_change_nothing(payload, field):
    """Negative, NaN, float, zero or missing amounts, other currencies: typed errors."""
    p = new()
    pay(p, "e0", "10.00", 1)
    before = p.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        p.apply_notification("e1", "payment_detected", T0.add(minutes=2), payload)
    assert info.value.field == field
    assert p.to_dict() == before


def test_other_bad_notification_input():
    """Unknown kind or reason, naive instants, a non-mapping payload, `at` in the past."""
    p = new()
    with pytest.raises(InvalidFieldError) as info:
        p.apply_notification("e1", "paid", T0)
    assert info.value.field == "kind"
    with pytest.raises(NaiveDatetimeError):
        p.apply_notification("e1", "confirmed", dt.datetime(2025, 3, 3, 9))
    with pytest.raises(InvalidFieldError) as info:
        p.apply_notification("e1", "failed", T0, {"reason": "bad luck"})
    assert info.value.field == "payload.reason"
    with pytest.raises(InvalidFieldError) as info:
        p.apply_notification("e1", "confirmed", T0, [1])
    assert info.value.field == "payload"
    with pytest.raises(InvalidFieldError) as info:
        p.apply_notification("", "confirmed", T0)
    assert info.value.field == "event_id"
    pay(p, "e1", "10.00", 30)
    with pytest.raises(InvalidFieldError) as info:
        p.apply_notification("e2", "confirmed", T0, at=T0.add(minutes=1))
    assert info.value.field == "at"
    assert len(p.notifications) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"due": "-5"}, "amount_due"),
        ({"due": "0"}, "amount_due"),
        ({"due": 5.0}, "amount_due"),
        ({"tolerance": "100"}, "tolerance"),
        ({"tolerance": "-1"}, "tolerance"),
        ({"required_confirmations": 0}, "required_confirmations"),
        ({"expiry": dt.timedelta(0)}, "expiry"),
    ],
)
def test_bad_construction_is_refused(kwargs, field):
    """Out-of-range amounts, tolerance, confirmations or window: the field is named."""
    with pytest.raises(InvalidFieldError) as info:
        new(**kwargs)
    assert info.value.field == field


def test_bad_currency_and_naive_creation():
    """'cny' is not an ISO 4217 code; a naive creation instant is refused."""
    with pytest.raises(InvalidFieldError) as info:
        PaymentConfirmation.create("P", "1", "cny", T0, expiry=BITPAY)
    assert info.value.field == "currency"
    with pytest.raises(NaiveDatetimeError):
        PaymentConfirmation.create("P", "1", "CNY", dt.datetime(2025, 1, 1), expiry=BITPAY)
    with pytest.raises(InvalidFieldError) as info:
        PaymentConfirmation("P", Decimal(1), "CNY", T0, T0)
    assert info.value.field == "expires_at"


# -- reminders ----------------------------------------------------------------------------

POLICY = ReminderPolicy(
    fractions=(Decimal("0.5"),), before_expiry=(dt.timedelta(minutes=2),), escalate_after=2
)


def test_reminder_slots_are_at_half_window_and_before_expiry():
    """A 60-minute window from 09:00: 09:30 and 09:58."""
    slots = POLICY.slots(T0, T0.add(hours=1))
    assert [(s.key, s.due_at) for s in slots] == [
        ("window:0.5", T0.add(minutes=30)),
        ("before:PT2M", T0.add(minutes=58)),
    ]


def test_reminders_are_sent_once_then_the_case_escalates():
    """Each reminder is due once; a replay is refused; two unanswered ones escalate."""
    p = new()
    assert p.due_reminders(POLICY, T0.add(minutes=29)) == ()
    (first,) = p.due_reminders(POLICY, T0.add(minutes=31))
    assert p.record_reminder(POLICY, first.key, at=T0.add(minutes=31)) is True
    assert p.record_reminder(POLICY, first.key, at=T0.add(minutes=32)) is False
    assert p.due_reminders(POLICY, T0.add(minutes=32)) == ()
    assert p.escalation is None
    (second,) = p.due_reminders(POLICY, T0.add(minutes=58))
    p.record_reminder(POLICY, second.key, at=T0.add(minutes=58))
    escalation = escalation_of(p)
    assert escalation is not None
    assert escalation.reminders == 2
    assert "2 reminders unanswered while awaiting_payment" in escalation.reason
    assert [h.event for h in p.history] == ["remind", "remind", "escalate"]
    assert p.due_reminders(POLICY, T0.add(minutes=59)) == ()


def test_customer_progress_answers_the_reminders():
    """A partial payment after the first reminder resets the unanswered count."""
    p = new()
    p.record_reminder(POLICY, "window:0.5", at=T0.add(minutes=30))
    pay(p, "e1", "10.00", 40)
    p.record_reminder(POLICY, "before:PT2M", at=T0.add(minutes=58))
    assert (p.unanswered_reminders(), p.escalation) == (1, None)


def test_reminder_bad_input():
    """Unknown keys are refused; after payment no reminder can be recorded."""
    p = new()
    with pytest.raises(InvalidFieldError):
        p.record_reminder(POLICY, "window:0.7", at=T0.add(minutes=42))
    pay(p, "e1", "100.00", 5)
    with pytest.raises(IllegalTransitionError):
        p.record_reminder(POLICY, "window:0.5", at=T0.add(minutes=30))
    assert p.reminders == ()
    with pytest.raises(InvalidFieldError):
        ReminderPolicy(fractions=(Decimal("1.5"),))
    with pytest.raises(InvalidFieldError):
        ReminderPolicy(before_expiry=(dt.timedelta(0),))
    with pytest.raises(InvalidFieldError):
        ReminderPolicy(business_delays=(dt.timedelta(hours=1),))
    with pytest.raises(InvalidFieldError):
        ReminderPolicy(escalate_after=0)


def test_business_calendar_reminders_count_the_make_up_sunday():
    """A bank transfer opened Fri 2025-01-24 17:00 in China: 2 business hours later is
    Sun 26 Jan 10:00, a make-up working day (17-18 Friday, then 09-10 Sunday)."""
    policy = ReminderPolicy(business_delays=(dt.timedelta(hours=2),), calendar=cn_mainland())
    start = pendulum.datetime(2025, 1, 24, 17, tz="Asia/Shanghai")
    (slot,) = policy.slots(start, start.add(days=5))
    assert slot.key == "business:PT2H"
    assert slot.due_at == pendulum.datetime(2025, 1, 26, 10, tz="Asia/Shanghai")
    copy = ReminderPolicy.from_dict(json.loads(json.dumps(policy.to_dict())))
    assert copy == policy


@settings(max_examples=40)
@given(sfst.payment_scenarios(), sfst.reminder_policies(), st.data())
def test_no_reminder_once_the_customer_has_acted(scenario, policy, data):
    """Whatever the notifications, a payment that no longer owes an action has no reminders."""
    payment, stream = scenario
    for event_id, kind, occurred, payload in stream:
        payment.apply_notification(event_id, kind, occurred, payload)
        if payment.state not in OWING:
            offsets = data.draw(st.lists(st.integers(0, 10**6), max_size=3))
            for seconds in offsets:
                assert (
                    payment.due_reminders(
                        policy, payment.created_at + dt.timedelta(seconds=seconds)
                    )
                    == ()
                )
            for slot in policy.slots(payment.created_at, payment.expires_at):
                assert payment.due_reminders(policy, slot.due_at) == ()


# -- convergence --------------------------------------------------------------------------


@settings(max_examples=60)
@given(sfst.payment_scenarios(), st.data())
def test_any_order_with_replays_converges_to_the_in_order_result(scenario, data):
    """Shuffled and duplicated delivery ends in the same state and facts as in-order."""
    payment, stream = scenario
    in_order = PaymentConfirmation.from_dict(payment.to_dict())
    for event_id, kind, occurred, payload in stream:
        in_order.apply_notification(event_id, kind, occurred, payload)
    replays = data.draw(st.lists(st.sampled_from(stream), max_size=len(stream))) if stream else []
    delivery = data.draw(st.permutations([*stream, *replays]))
    shuffled = PaymentConfirmation.from_dict(payment.to_dict())
    clock = payment.created_at
    duplicates = 0
    queue = list(delivery)
    while queue:
        event_id, kind, occurred, payload = queue.pop(0)
        clock = max(clock, occurred)
        try:
            result = shuffled.apply_notification(event_id, kind, occurred, payload, at=clock)
        except RefundExceedsReceivedError:
            queue.append((event_id, kind, occurred, payload))  # the provider retries it later
            continue
        duplicates += result.duplicate
    assert duplicates == len(delivery) - len({e[0] for e in stream})
    assert summary(shuffled) == summary(in_order)


def test_the_documented_out_of_order_case_by_hand():
    """Confirmed and top-up arrive before the first partial payment: still CONFIRMED."""
    p = new()
    p.apply_notification("c1", "confirmed", T0.add(minutes=12), at=T0.add(minutes=13))
    assert p.state is S.AWAITING_PAYMENT
    pay(p, "e2", "60.00", 10)
    assert state(p) is S.PARTIALLY_PAID
    pay(p, "e1", "40.00", 5)
    assert state(p) is S.CONFIRMED


# -- metrics ------------------------------------------------------------------------------


def test_metrics_by_hand():
    """5 payments: 3 confirmed (10, 20, 30 min), 1 merchant-cancelled, 1 expired.

    rate = 3 / (5 - 1) = 0.75; p50 = 2nd of 3 = 20 min; p90 = 3rd = 30 min;
    2 reminded, 1 confirmed after its reminder -> 0.5; reasons: expired 1.
    """
    payments = []
    for i, minutes in enumerate((10, 20, 30)):
        p = PaymentConfirmation.create(f"P{i}", "10", "CNY", T0, expiry=dt.timedelta(hours=1))
        if i == 0:
            p.record_reminder(POLICY, "window:0.5", at=T0.add(minutes=5))
        p.apply_notification(
            f"e{i}",
            "payment_detected",
            T0.add(minutes=minutes),
            {"amount": "10", "currency": "CNY", "confirmations": 1},
        )
        payments.append(p)
    cancelled = PaymentConfirmation.create("P3", "10", "CNY", T0, expiry=BITPAY)
    cancelled.cancel(at=T0.add(minutes=1))
    expired = PaymentConfirmation.create("P4", "10", "CNY", T0, expiry=BITPAY)
    expired.record_reminder(POLICY, "window:0.5", at=T0.add(minutes=8))
    expired.expire(at=T0.add(minutes=15))
    m = payment_metrics([*payments, cancelled, expired])
    assert (m.created, m.merchant_cancelled, m.confirmed) == (5, 1, 3)
    assert m.confirmation_rate == Decimal("0.7500")
    assert (m.time_to_confirm_p50, m.time_to_confirm_p90) == (
        dt.timedelta(minutes=20),
        dt.timedelta(minutes=30),
    )
    assert (m.reminded, m.confirmed_after_reminder, m.reminder_conversion) == (
        2,
        1,
        Decimal("0.5000"),
    )
    assert m.failure_reasons == ((FailureReason.EXPIRED, 1),)


def test_metrics_of_nothing():
    """No payments: counts are zero and ratios are None."""
    m = payment_metrics([])
    assert (m.created, m.confirmation_rate, m.time_to_confirm_p50, m.reminder_conversion) == (
        0,
        None,
        None,
        None,
    )


# -- serialization, the machine and the docs ----------------------------------------------


@settings(max_examples=30)
@given(sfst.payment_confirmations())
def test_round_trip_through_dict_json_and_pickle(payment):
    """from_dict(to_dict(p)) == p through JSON; pickle too; records round-trip as well."""
    data = json.loads(json.dumps(payment.to_dict()))
    assert PaymentConfirmation.from_dict(data) == payment
    assert pickle.loads(pickle.dumps(payment)) == payment
    for record in payment.notifications:
        assert NotificationRecord.from_dict(record.to_dict()) == record


def test_from_dict_names_the_path():
    """A corrupted dict names the JSON path of the bad value."""
    p = new()
    pay(p, "e1", "40.00", 5)
    data = p.to_dict()
    data["notifications"][0]["amount"] = "forty"
    with pytest.raises(SerializationError) as info:
        PaymentConfirmation.from_dict(data)
    assert info.value.path == "notifications[0].amount"
    with pytest.raises(SerializationError) as info:
        PaymentConfirmation.from_dict({**p.to_dict(), "currency": "cny"})
    assert info.value.path == "currency"
    assert p != "P-1"


def test_the_typed_methods_cover_the_machine():
    """Every event of the machine is fired by the class (forward moves, commands, sync)."""
    package = Path(__file__).parent.parent / "src/supportflow/payments"
    text = "".join(
        (package / name).read_text(encoding="utf-8")
        for name in ("_confirmation.py", "_workflow.py")
    )
    resolutions = {e for e in PAYMENT_WORKFLOW.events if e.startswith("resolve_")}
    # resolve_exception fires f"resolve_{resolution.value}".
    assert resolutions == {f"resolve_{r.value}" for r in PaymentResolution}
    for event in PAYMENT_WORKFLOW.events - resolutions:
        assert f'"{event}"' in text, event


def test_the_docs_diagram_is_generated_from_the_machine():
    """docs/payments.md shows exactly PAYMENT_WORKFLOW.mermaid()."""
    page = (Path(__file__).parent.parent / "docs/payments.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", page, flags=re.DOTALL)
    assert blocks == [PAYMENT_WORKFLOW.mermaid()]


class ShippedPaymentMachine(PaymentMachine):
    """The shipped stateful test, as a user subclasses it."""


ShippedPaymentMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=15)
TestDeliveryConverges = ShippedPaymentMachine.TestCase


def _runtime_imports(node, package):
    """The modules of `package` imported by `node` when it runs (type-checking ones aside)."""
    import ast

    found = set()
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
            found |= {name for stmt in child.orelse for name in _runtime_imports(stmt, package)}
            continue
        if isinstance(child, ast.ImportFrom) and child.module is not None:
            if child.module == package:
                found |= {f"{package}.{alias.name}" for alias in child.names}
            elif child.module.startswith(f"{package}."):
                found.add(child.module)
        found |= _runtime_imports(child, package)
    return found


def test_the_payments_modules_import_only_downwards_and_stay_small():
    """Each module of the package imports only modules below it (no cycle, checked by a
    depth-first walk), and none is above ~600 lines (the layout rule)."""
    import ast

    import supportflow.payments

    package = "supportflow.payments"
    folder = Path(supportflow.payments.__file__).parent
    graph = {}
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 600, path.name
        name = package if path.stem == "__init__" else f"{package}.{path.stem}"
        graph[name] = _runtime_imports(ast.parse(text), package) - {name}
    assert graph[f"{package}._confirmation"] >= {f"{package}._commands", f"{package}._codec"}
    done: set[str] = set()

    def visit(name, trail):
        assert name not in trail, " -> ".join((*trail, name))
        if name in done:
            return
        for below in graph.get(name, ()):
            visit(below, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())

"""The six gaps of issue 14, each with hand-worked expectations, plus refunds and disputes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supportflow.errors import IdempotencyConflictError, RefundExceedsReceivedError
from supportflow.payments import (
    DisputeStatus,
    FailureReason,
    NotificationOutcome,
    PaymentConfirmation,
    PaymentState,
    RefundStatus,
    ReminderPolicy,
)
from supportflow.payments._fold import FACT_NAMES
from supportflow.testing import strategies as sfst

UTC = dt.UTC
T0 = dt.datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
S = PaymentState


def new(due: str = "2.00", **kw: object) -> PaymentConfirmation:
    kw.setdefault("expiry", dt.timedelta(hours=1))
    return PaymentConfirmation.create("P-1", due, "CNY", T0, **kw)  # type: ignore[arg-type]


def m(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def state(p: PaymentConfirmation) -> PaymentState:
    """The state, read through a call (so the type checker does not pin it)."""
    return p.state


def refund_status(p: PaymentConfirmation) -> RefundStatus:
    """The first refund's status, read through a call (see `state`)."""
    return p.refunds[0].status


def money(amount: str, **extra: object) -> dict[str, object]:
    return {"amount": amount, "currency": "CNY", **extra}


def deliver_all(p: PaymentConfirmation, events: list[tuple]) -> PaymentConfirmation:
    for event in events:
        p.apply_notification(*event)
    return p


def test_1_ties_break_by_kind_precedence_in_every_order():
    """attempt_failed(51) and failed(62) in the same second: failed sorts last, in every order.

    By hand: kind precedence puts attempt_failed before failed, so the last failure in
    the total order is `failed`: reason account_frozen, code 62, FAILED; both are attempts.
    """
    events = [
        ("a", "attempt_failed", m(5), {"reason": "insufficient_balance", "provider_code": "51"}),
        ("b", "failed", m(5), {"reason": "account_frozen", "provider_code": "62"}),
    ]
    for order in itertools.permutations(events):
        p = deliver_all(new(), list(order))
        assert (p.state, p.failure_reason, p.provider_code, p.attempts) == (
            S.FAILED,
            FailureReason.ACCOUNT_FROZEN,
            "62",
            2,
        )


def test_1_expired_and_cancelled_in_the_same_second_converge():
    """Cancelled sorts before expired at the same instant: CANCELLED in both orders."""
    events = [("x", "expired", m(60), None), ("c", "cancelled", m(60), None)]
    for order in itertools.permutations(events):
        p = deliver_all(new(), list(order))
        assert p.state is S.CANCELLED
        assert p.cancelled_at == m(60)
        assert p.expired_at is None  # only the closure that took effect is dated
        assert p.failure_reason is FailureReason.EXPIRED


def test_2_a_replay_with_more_confirmations_merges_the_maximum():
    """confirmed(1) then its replay with 6: the count is 6 and the state moves."""
    p = new(required_confirmations=6)
    p.apply_notification("pay", "payment_detected", m(1), money("2.00"))
    p.apply_notification("c", "confirmed", m(2), {"confirmations": 1})
    assert (p.state, p.confirmations) == (S.PROCESSING, 1)
    result = p.apply_notification("c", "confirmed", m(2), {"confirmations": 6})
    assert result.outcome is NotificationOutcome.MERGED
    assert (p.state, p.confirmations) == (S.CONFIRMED, 6)
    assert dict(p.notifications[-1].detail)["confirmations"] == "6"
    again = p.apply_notification("c", "confirmed", m(2), {"confirmations": 3})
    assert again.duplicate
    assert p.confirmations == 6


def test_2_a_replay_with_other_identifying_content_is_a_conflict():
    """Another reason, code or instant under the same event id raises and changes nothing."""
    p = new()
    p.apply_notification("f", "attempt_failed", m(1), {"reason": "insufficient_balance"})
    before = p.to_dict()
    with pytest.raises(IdempotencyConflictError) as info:
        p.apply_notification("f", "attempt_failed", m(1), {"reason": "account_frozen"})
    assert info.value.field == "reason"
    with pytest.raises(IdempotencyConflictError) as info:
        p.apply_notification("f", "attempt_failed", m(2), {"reason": "insufficient_balance"})
    assert info.value.field == "occurred_at"
    assert p.to_dict() == before


def test_3_money_after_a_full_refund_goes_to_review_with_a_refund_due():
    """Pay 2.00, confirm, refund 2.00, pay 0.01: review, 0.01 owed back."""
    p = new()
    p.apply_notification("pay", "payment_detected", m(1), money("2.00"))
    p.apply_notification("ok", "confirmed", m(2))
    p.apply_notification("r", "refunded", m(3), money("2.00"))
    assert p.state is S.REFUNDED
    assert p.refund_due() is None
    p.apply_notification("pay2", "payment_detected", m(4), money("0.01"))
    assert state(p) is S.NEEDS_REVIEW
    assert p.received == Decimal("2.01")
    owed = p.refund_due()
    assert owed is not None
    assert (owed.amount, owed.reason) == (Decimal("0.01"), "after_refund")


def test_3_refunding_more_than_received_is_refused():
    """A refund of 2.01 on a 2.00 payment raises and changes nothing."""
    p = new()
    p.apply_notification("pay", "payment_detected", m(1), money("2.00"))
    before = p.to_dict()
    with pytest.raises(RefundExceedsReceivedError):
        p.apply_notification("r", "refunded", m(3), money("2.01"))
    with pytest.raises(RefundExceedsReceivedError):
        p.request_refund("R9", "2.01", at=m(3))
    assert p.to_dict() == before


def test_refund_lifecycle_by_refund_id():
    """requested -> pending -> failed frees the amount; a new refund then succeeds."""
    p = new()
    p.apply_notification("pay", "payment_detected", m(1), money("2.00"))
    p.request_refund("R1", "1.50", at=m(2))
    assert p.refunds[0].status is RefundStatus.REQUESTED
    with pytest.raises(RefundExceedsReceivedError):
        p.request_refund("R2", "1.00", at=m(3))  # 1.50 + 1.00 > 2.00
    p.apply_notification("e1", "refund_pending", m(3), money("1.50", refund_id="R1"))
    p.apply_notification("e2", "refund_failed", m(4), money("1.50", refund_id="R1"))
    assert p.refunded == 0
    assert refund_status(p) is RefundStatus.FAILED
    p.apply_notification("e3", "refunded", m(5), money("2.00", refund_id="R2"))
    assert (p.state, p.refunded) == (S.REFUNDED, Decimal("2.00"))
    with pytest.raises(IdempotencyConflictError):
        p.apply_notification("e4", "refund_pending", m(6), money("1.00", refund_id="R2"))


def test_4_a_reversal_after_detection_fails_without_a_refund_instruction():
    """payment_detected then failed (a returned debit): FAILED, reversed 2.00, nothing owed."""
    events = [
        ("pay", "payment_detected", m(1), money("2.00")),
        ("ret", "failed", m(30), {"reason": "other", "provider_code": "R01"}),
    ]
    p = deliver_all(new(), events)
    assert (p.state, p.reversed, p.refund_due()) == (S.FAILED, Decimal("2.00"), None)
    q = deliver_all(new(), events[::-1])
    assert (q.state, q.reversed, q.refund_due()) == (S.FAILED, Decimal("2.00"), None)


def test_5_an_on_time_payment_delivered_after_expire_counts_as_on_time():
    """Occurred at 0:59, delivered after expire() at 1:00: PROCESSING, as if early."""
    early = new()
    early.apply_notification("pay", "payment_detected", m(59), money("2.00"), at=m(59))
    late = new()
    late.expire(at=m(60))
    assert late.state is S.EXPIRED
    late.apply_notification("pay", "payment_detected", m(59), money("2.00"), at=m(61))
    for p in (early, late):
        assert p.state is S.PROCESSING
        assert p.timing.value == "on_time"
        assert p.refund_due() is None
        assert p.expired_at is None


def test_5_beyond_the_delivery_grace_an_on_time_payment_is_late():
    """Delivered more than delivery_grace after expires_at: late, to review, refund due."""
    p = new(delivery_grace=dt.timedelta(hours=1))
    p.expire(at=m(60))
    p.apply_notification("pay", "payment_detected", m(59), money("2.00"), at=m(121))
    assert p.state is S.NEEDS_REVIEW
    assert p.timing.value == "late"
    owed = p.refund_due()
    assert owed is not None
    assert owed.amount == Decimal("2.00")


def test_6_a_contradicting_snapshot_never_re_enables_reminders():
    """Paid in full, then a snapshot says awaiting_payment: review, and no reminder is due."""
    policy = ReminderPolicy(fractions=(Decimal("0.5"),))
    p = new()
    p.apply_notification("pay", "payment_detected", m(1), money("2.00"))
    assert p.apply_snapshot("awaiting_payment", at=m(9)) is S.NEEDS_REVIEW
    assert p.due_reminders(policy, m(30)) == ()
    assert p.due_reminders(policy, m(59)) == ()


def test_underpayment_tolerance_as_a_percentage():
    """1 % of 200.00 is 2.00: 198.00 is exact, 197.99 partial; the larger tolerance applies."""
    p = new("200.00", tolerance_percent="1")
    p.apply_notification("pay", "payment_detected", m(1), money("198.00"))
    assert p.amount_status.value == "exact"
    assert p.state is S.PROCESSING
    q = new("200.00", tolerance_percent="1", tolerance="0.01")
    q.apply_notification("pay", "payment_detected", m(1), money("197.99"))
    assert q.state is S.PARTIALLY_PAID


def test_processor_refunds_flag_silences_excess_and_exception_refunds():
    """BitPay refunds over and partial payments itself: the host is told nothing."""
    over = new(processor_refunds=True)
    over.apply_notification("pay", "payment_detected", m(1), money("3.00"))
    assert over.refund_due() is None
    part = new(processor_refunds=True)
    part.apply_notification("pay", "payment_detected", m(1), money("1.00"))
    part.expire(at=m(60))
    assert part.state is S.NEEDS_REVIEW
    assert part.refund_due() is None
    plain = new()
    plain.apply_notification("pay", "payment_detected", m(1), money("3.00"))
    owed = plain.refund_due()
    assert owed is not None
    assert (owed.amount, owed.reason) == (Decimal("1.00"), "excess")


def test_dispute_withdrawn_then_won_with_an_evidence_alarm():
    """Opened with evidence due in 7 days, funds withdrawn, then won and reinstated."""
    p = new()
    p.apply_notification("pay", "payment_detected", m(1), money("2.00"))
    due = T0 + dt.timedelta(days=7)
    p.apply_notification("d1", "dispute_opened", m(10), money("2.00", evidence_due_by=due))
    p.apply_notification("d2", "dispute_funds_withdrawn", m(11), money("2.00"))
    assert p.evidence_alarm(T0 + dt.timedelta(days=1)) is None
    alarm = p.evidence_alarm(T0 + dt.timedelta(days=6))
    assert alarm is not None
    assert alarm.remaining == dt.timedelta(days=1)
    assert not alarm.breached
    late = p.evidence_alarm(T0 + dt.timedelta(days=8))
    assert late is not None
    assert late.breached
    p.apply_notification("d3", "dispute_won", m(20), money("2.00"))
    assert p.dispute is not None
    assert (p.dispute.status, p.dispute.withdrawn, p.dispute.reinstated) == (
        DisputeStatus.WON,
        Decimal("2.00"),
        Decimal("2.00"),
    )
    assert p.evidence_alarm(T0 + dt.timedelta(days=8)) is None
    p.apply_notification("d4", "dispute_lost", m(21))
    assert p.dispute.status is DisputeStatus.WON  # the first decision is final


FIXTURE = Path(__file__).parent / "fixtures" / "payment_schema1.json"


def test_a_schema_1_document_still_loads():
    """The golden schema-1 row (as written before this change) loads and upgrades."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    p = PaymentConfirmation.from_dict(data)
    assert (p.state, p.received, p.refunded) == (S.PROCESSING, Decimal("100.00"), Decimal(0))
    assert [c.name for c in p.commands] == []
    assert p.to_dict()["schema"] == 3  # upgraded through 2 to the current schema
    assert PaymentConfirmation.from_dict(p.to_dict()) == p
    p.apply_notification("late-confirm", "confirmed", T0 + dt.timedelta(hours=9))
    assert p.state is S.CONFIRMED


_ON_TIME = {"paid", "card", "overpaid", "refunded_full", "refunded_partial", "disputed"}


@settings(max_examples=60, deadline=None)
@given(sfst.payment_scenarios(), st.data())
def test_5_the_hosts_expire_anywhere_in_an_on_time_stream_changes_nothing(scenario, data):
    """expire() at the window's end, called at any point of an on-time delivery, converges.

    Reference: every notification delivered first, then expire() only if still owed
    (it is refused otherwise). Every fact and the state must be the same.
    """
    payment, stream = scenario
    assume(stream and all(e[2] <= payment.expires_at for e in stream))
    assume(not any(e[1].value in {"expired", "cancelled", "failed"} for e in stream))
    early = PaymentConfirmation.from_dict(payment.to_dict())
    for event in stream:
        early.apply_notification(*event)
    if early.owes_action:
        early.expire(at=early.expires_at)
    cut = data.draw(st.integers(0, len(stream)))
    late = PaymentConfirmation.from_dict(payment.to_dict())
    for event in stream[:cut]:
        late.apply_notification(*event)
    if late.owes_action:
        late.expire(at=late.expires_at)
    for event in stream[cut:]:
        late.apply_notification(*event, at=max(late.expires_at, event[2]))
    assert late.state is early.state
    assert [getattr(late, n) for n in FACT_NAMES] == [getattr(early, n) for n in FACT_NAMES]

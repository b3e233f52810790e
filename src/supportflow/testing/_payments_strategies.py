"""Hypothesis strategies for `supportflow.payments` (re-exported by `strategies`)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pendulum
from hypothesis import strategies as st

from supportflow.payments import (
    FailureReason,
    NotificationKind,
    PaymentConfirmation,
    PaymentResolution,
    ReminderPolicy,
)

__all__ = ["SCENARIOS", "payment_confirmations", "payment_scenarios", "reminder_policies"]

#: One provider notification as delivered: `(event_id, kind, occurred_at, payload)`.
Notification = tuple[str, NotificationKind, dt.datetime, dict[str, Any]]

_CURRENCIES = ("CNY", "HKD", "USD", "GBP")
_BASE = pendulum.datetime(2025, 1, 1, tz="UTC")
K = NotificationKind


def _amounts() -> st.SearchStrategy[decimal.Decimal]:
    return st.integers(100, 1_000_000).map(lambda cents: decimal.Decimal(cents).scaleb(-2))


def _fresh_payments() -> st.SearchStrategy[PaymentConfirmation]:
    return st.builds(
        lambda n, due, cur, offset, minutes, conf, tol, tz: PaymentConfirmation.create(
            f"PAY-{n}",
            due,
            cur,
            _BASE.add(seconds=offset).in_timezone(tz),
            expiry=dt.timedelta(minutes=minutes),
            tolerance=tol,
            required_confirmations=conf,
            customer_id=f"C-{n % 97}",
            method="crypto" if conf > 1 else "card",
        ),
        st.integers(1, 10**6),
        _amounts(),
        st.sampled_from(_CURRENCIES),
        st.integers(0, 5 * 365 * 86400),
        st.integers(5, 3 * 24 * 60),
        st.integers(1, 3),
        st.sampled_from((decimal.Decimal(0), decimal.Decimal("0.01"))),
        st.sampled_from(("UTC", "Asia/Shanghai", "Europe/London", "America/New_York")),
    )


def _split(total: decimal.Decimal, parts: int) -> list[decimal.Decimal]:
    """`total` in `parts` positive cent amounts that sum to it exactly."""
    cents = int(total.scaleb(2))
    parts = max(1, min(parts, cents))
    base, extra = divmod(cents, parts)
    return [decimal.Decimal(base + (1 if i < extra else 0)).scaleb(-2) for i in range(parts)]


#: The scenarios `payment_scenarios` draws from (pass some as `scenarios=` to narrow it).
SCENARIOS: tuple[str, ...] = (
    "paid",
    "card",
    "underpaid_expired",
    "expired",
    "failed",
    "late",
    "overpaid",
    "cancelled",
    "refunded_full",
    "refunded_partial",
    "reversed",
    "disputed",
    "closed_twice",
)


@st.composite
def payment_scenarios(  # noqa: PLR0912, PLR0915 - one branch per scenario reads best here
    draw: st.DrawFn, *, scenarios: tuple[str, ...] = SCENARIOS
) -> tuple[PaymentConfirmation, tuple[Notification, ...]]:
    """A fresh payment and a realistic in-order notification stream for it.

    Scenarios: paid in one or more parts (card or crypto), partially paid then expired,
    expired unpaid, failed after failed attempts, paid late, over-paid, cancelled by the
    provider, refunded in part or in full (a refund pending, then succeeded), reversed after
    the payment was detected, disputes won or lost, and expired and cancelled in the same
    second. Amounts are exact cents. `scenarios` narrows the draw to some of `SCENARIOS`.

    Times never go backwards but are often *equal*: processors send second-resolution
    timestamps (Stripe `created`), so a drawn share of the events is stamped with the same
    second as the event before it. Streams never refund more than was received.
    """
    unknown = sorted(set(scenarios) - set(SCENARIOS))
    if unknown or not scenarios:
        msg = f"scenarios: {unknown or scenarios!r} must be some of {SCENARIOS}"
        raise ValueError(msg)
    payment = draw(_fresh_payments())
    scenario = draw(st.sampled_from(scenarios))
    ties = draw(st.booleans())
    window = dt.datetime.__sub__(payment.expires_at, payment.created_at)
    clock = [payment.created_at]
    events: list[Notification] = []  # payloads are dict[str, object] underneath

    def at_fraction(fraction: float) -> dt.datetime:
        return payment.created_at + window * fraction

    def emit(kind: NotificationKind, when: dt.datetime, **payload: object) -> None:
        when = when.replace(microsecond=0)  # second resolution, as processors send them
        if ties and events and draw(st.booleans()):
            when = clock[0]  # the same second as the event before: a tie
        when = max(when, clock[0])
        clock[0] = when
        events.append((f"{payment.id}-E{len(events) + 1}", kind, when, payload))

    def money(kind: NotificationKind, amount: decimal.Decimal, when: dt.datetime) -> None:
        emit(kind, when, amount=str(amount), currency=payment.currency)

    due = payment.amount_due
    if draw(st.booleans()):
        emit(K.ACTION_REQUIRED, at_fraction(0.05))
    for _ in range(draw(st.integers(0, 2))):
        reason = draw(st.sampled_from([r for r in FailureReason if r is not FailureReason.EXPIRED]))
        code = f"E{list(FailureReason).index(reason)}"
        emit(K.ATTEMPT_FAILED, at_fraction(0.1), reason=reason.value, provider_code=code)
    parts = draw(st.integers(1, 3))
    paid = {"paid", "overpaid", "refunded_full", "refunded_partial", "card", "late", "disputed"}
    if scenario in paid:
        total = due + decimal.Decimal("5.00") if scenario == "overpaid" else due
        kind = K.AUTHORIZED if scenario == "card" else K.PAYMENT_DETECTED
        start = 1.1 if scenario == "late" else 0.2
        if scenario == "late":
            emit(K.EXPIRED, payment.expires_at)
        for i, amount in enumerate(_split(total, 1 if kind is K.AUTHORIZED else parts)):
            money(kind, amount, at_fraction(start + 0.1 * i))
        if scenario != "late":
            if payment.required_confirmations > 1 and draw(st.booleans()):
                emit(K.CONFIRMED, at_fraction(0.6), confirmations=1)
            emit(K.CONFIRMED, at_fraction(0.7))
            if draw(st.booleans()):
                emit(K.SETTLED, at_fraction(0.8))
        if scenario in {"refunded_full", "refunded_partial"}:
            amount = total if scenario == "refunded_full" else _split(total, 2)[0]
            refund = {"amount": str(amount), "currency": payment.currency, "refund_id": "R1"}
            emit(K.REFUND_PENDING, at_fraction(0.85), **refund)
            emit(K.REFUNDED, at_fraction(0.9), **refund)
        elif scenario == "disputed":
            money(K.DISPUTE_OPENED, total, at_fraction(0.9))
            money(K.DISPUTE_FUNDS_WITHDRAWN, total, at_fraction(0.92))
            if draw(st.booleans()):
                money(K.DISPUTE_WON, total, at_fraction(0.95))
            else:
                emit(K.DISPUTE_LOST, at_fraction(0.95))
    elif scenario == "underpaid_expired":
        short = max(decimal.Decimal("0.01"), (due / 2).quantize(decimal.Decimal("0.01")))
        money(K.PAYMENT_DETECTED, short, at_fraction(0.3))
        emit(K.EXPIRED, payment.expires_at)
    elif scenario == "expired":
        emit(K.EXPIRED, payment.expires_at)
    elif scenario == "reversed":
        money(K.PAYMENT_DETECTED, due, at_fraction(0.3))
        emit(K.FAILED, at_fraction(0.6), reason=FailureReason.OTHER.value, provider_code="R01")
    elif scenario == "closed_twice":
        emit(K.EXPIRED, payment.expires_at)
        emit(K.CANCELLED, payment.expires_at)
    elif scenario == "failed":
        reason = draw(st.sampled_from(list(FailureReason)))
        emit(K.FAILED, at_fraction(0.5), reason=reason.value)
    else:  # cancelled
        emit(K.CANCELLED, at_fraction(0.4))
    return payment, tuple(events)


def reminder_policies(*, calendar: bool = False) -> st.SearchStrategy[ReminderPolicy]:
    """Reminder policies with fractions of the window and offsets before expiry.

    Calendar-based offsets are left out unless `calendar=True` (they then use a 24x7
    calendar, whose business time equals elapsed time).
    """
    from supportflow.calendar import BusinessCalendar  # noqa: PLC0415 - only when asked

    fractions = st.lists(
        st.integers(1, 99).map(lambda p: decimal.Decimal(p) / 100), max_size=3, unique=True
    )
    before = st.lists(
        st.integers(1, 120).map(lambda m: dt.timedelta(minutes=m)), max_size=2, unique=True
    )
    business = (
        st.lists(st.integers(1, 48).map(lambda h: dt.timedelta(hours=h)), max_size=2, unique=True)
        if calendar
        else st.just([])
    )
    return st.builds(
        lambda f, b, bd, n: ReminderPolicy(
            fractions=tuple(f),
            before_expiry=tuple(b),
            business_delays=tuple(bd),
            calendar=BusinessCalendar.always_open("Asia/Shanghai") if bd else None,
            escalate_after=n,
        ),
        fractions,
        before,
        business,
        st.integers(1, 4),
    )


@st.composite
def payment_confirmations(draw: st.DrawFn) -> PaymentConfirmation:
    """Payment confirmations in any reachable state.

    A fresh payment is driven through a prefix of a realistic notification stream (with
    replays), and sometimes reminders, expiry, a merchant cancellation or a resolution.
    """
    payment, stream = draw(payment_scenarios())
    cut = draw(st.integers(0, len(stream)))
    for event_id, kind, occurred, payload in stream[:cut]:
        payment.apply_notification(event_id, kind, occurred, payload)
    if draw(st.booleans()) and payment.owes_action:
        policy = draw(reminder_policies())
        last = payment.history[-1].at if payment.history else payment.created_at
        for slot in policy.slots(payment.created_at, payment.expires_at):
            if slot.due_at < last or payment.escalation is not None:
                continue
            if payment.owes_action:
                payment.record_reminder(policy, slot.key, at=slot.due_at)
    last = payment.history[-1].at if payment.history else payment.created_at
    action = draw(st.sampled_from(("none", "expire", "cancel", "resolve")))
    if action == "expire" and payment.owes_action:
        payment.expire(at=max(last, payment.expires_at))
    elif action == "cancel" and payment.owes_action:
        payment.cancel(at=last)
    elif action == "resolve" and payment.state.value in {
        "needs_review",
        "expired",
        "failed",
        "cancelled",
    }:
        choice = draw(st.sampled_from(list(PaymentResolution)))
        payment.resolve_exception(choice, at=last, actor="ops-1")
    return payment

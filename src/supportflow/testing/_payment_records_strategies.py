"""Hypothesis strategies for what payments report (re-exported by `testing.strategies`).

Every value comes out of the real API: a payment driven through a drawn notification
stream (`payment_scenarios`, with its ties: events stamped with the same second), its
logs, reminders and refunds, `payment_metrics(...)`, and the provider mappers fed the
payloads the processors document.
"""

from __future__ import annotations

import datetime as dt
import decimal

from hypothesis import strategies as st

from supportflow.payments import (
    BITPAY,
    COINPAYMENTS,
    CRYPTOPAY,
    CommandRecord,
    Dispute,
    Escalation,
    EvidenceAlarm,
    ExpiryPreset,
    NotificationKind,
    NotificationRecord,
    NotificationResult,
    PaymentConfirmation,
    PaymentMetrics,
    PaymentResolution,
    RefundInstruction,
    RefundRecord,
    ReminderPolicy,
    ReminderSlot,
    SentReminder,
    payment_metrics,
)
from supportflow.payments.providers import (
    MappedWebhook,
    ProviderNotification,
    alipay_notifications,
    bitpay_notifications,
)
from supportflow.testing._payments_strategies import (
    payment_confirmations,
    payment_scenarios,
    reminder_policies,
)

__all__ = [
    "command_records",
    "disputes",
    "escalations",
    "evidence_alarms",
    "expiry_presets",
    "mapped_webhooks",
    "notification_records",
    "notification_results",
    "payment_metrics_reports",
    "provider_notifications",
    "refund_instructions",
    "refund_records",
    "reminder_slots",
    "sent_reminders",
]


def expiry_presets() -> st.SearchStrategy[ExpiryPreset]:
    """The packaged presets (BitPay, Cryptopay, CoinPayments) and configured windows.

    Configured windows run from a second to a week; some are registered under a reference.
    """
    custom = st.builds(
        lambda name, seconds: ExpiryPreset.custom(name, dt.timedelta(seconds=seconds)),
        st.sampled_from(("alipay", "wechat", "checkout")),
        st.sampled_from((1, 60, 1800)) | st.integers(1, 7 * 86_400),
    )
    refs = st.none() | st.integers(1, 9).map(lambda n: f"checkout@{n}")
    return st.builds(
        lambda preset, ref: ExpiryPreset(preset.name, preset.window, preset.source, ref=ref),
        st.sampled_from((BITPAY, CRYPTOPAY, COINPAYMENTS)) | custom,
        refs,
    )


@st.composite
def _results(draw: st.DrawFn) -> NotificationResult:
    payment, stream = draw(payment_scenarios())
    cut = draw(st.integers(1, len(stream)))
    result = None
    for event_id, kind, occurred, payload in stream[:cut]:
        result = payment.apply_notification(event_id, kind, occurred, payload)
    if draw(st.booleans()):  # the provider's retry of one already applied: a duplicate
        event_id, kind, occurred, payload = draw(st.sampled_from(stream[:cut]))
        result = payment.apply_notification(event_id, kind, occurred, payload)
    assert result is not None  # noqa: S101 - every scenario sends at least one notification
    return result


def notification_results() -> st.SearchStrategy[NotificationResult]:
    """What `apply_notification` returns along drawn streams.

    Applied, recorded, ignored, merged and duplicate outcomes, some with a refund owed.
    """
    return _results()


def notification_records() -> st.SearchStrategy[NotificationRecord]:
    """The notification log entries of drawn payments."""
    return (
        payment_confirmations()
        .filter(lambda p: bool(p.notifications))
        .flatmap(lambda p: st.sampled_from(p.notifications))
    )


@st.composite
def _settled(draw: st.DrawFn, scenarios: tuple[str, ...]) -> PaymentConfirmation:
    """A payment that went through a whole stream of one of `scenarios`."""
    payment, stream = draw(payment_scenarios(scenarios=scenarios))
    for event_id, kind, occurred, payload in stream:
        payment.apply_notification(event_id, kind, occurred, payload)
    return payment


@st.composite
def _refund_instructions(draw: st.DrawFn) -> RefundInstruction:
    payment = draw(_settled(("overpaid", "underpaid_expired")))
    if payment.state.value == "needs_review" and draw(st.booleans()):
        last = payment.history[-1].at  # a human decides at the instant of the last event
        payment.resolve_exception(PaymentResolution.REFUND, at=last, actor="ops-1")
    owed = payment.refund_due()
    assert owed is not None  # noqa: S101 - both scenarios leave money to give back
    return owed


def refund_instructions() -> st.SearchStrategy[RefundInstruction]:
    """Refunds a payment owes.

    The excess of an over-payment, money on an under-paid expired payment, and refunds
    a human chose in review.
    """
    return _refund_instructions()


def refund_records() -> st.SearchStrategy[RefundRecord]:
    """Refunds of paid payments as the processor reported them (pending, then succeeded)."""
    return _settled(("refunded_full", "refunded_partial")).flatmap(
        lambda p: st.sampled_from(p.refunds)
    )


def disputes() -> st.SearchStrategy[Dispute]:
    """The dispute of a disputed payment: funds withdrawn, then won (reinstated) or lost."""
    return _settled(("disputed",)).map(_dispute)


def _dispute(payment: PaymentConfirmation) -> Dispute:
    dispute = payment.dispute
    assert dispute is not None  # noqa: S101 - the disputed scenario opens one
    return dispute


@st.composite
def _alarms(draw: st.DrawFn) -> EvidenceAlarm:
    payment, stream = draw(payment_scenarios(scenarios=("disputed",)))
    due = None
    for event_id, kind, occurred, payload in stream:
        if kind is NotificationKind.DISPUTE_OPENED:
            # The processor's deadline for evidence, one to 21 days out (Stripe sends it).
            due = occurred + dt.timedelta(days=draw(st.integers(1, 21)))
            payload = {**payload, "evidence_due_by": due.isoformat()}  # noqa: PLW2901
        payment.apply_notification(event_id, kind, occurred, payload)
        if due is not None:
            break  # still open: evidence is due
    assert due is not None  # noqa: S101 - the disputed scenario opens a dispute
    # From two days before the due date (the default warning) to a day past it, the
    # due instant itself included.
    offset = draw(st.sampled_from((0, 2 * 86_400)) | st.integers(-86_400, 2 * 86_400))
    alarm = payment.evidence_alarm(due - dt.timedelta(seconds=offset))
    assert alarm is not None  # noqa: S101 - within the warning period
    return alarm


def evidence_alarms() -> st.SearchStrategy[EvidenceAlarm]:
    """Alarms of open disputes whose evidence is due within two days, or overdue."""
    return _alarms()


@st.composite
def _slotted(
    draw: st.DrawFn, *, escalate: bool
) -> tuple[PaymentConfirmation, ReminderPolicy, tuple[ReminderSlot, ...]]:
    """An unpaid payment, a reminder policy and the (one or more) slots it owes."""
    payment, _ = draw(payment_scenarios(scenarios=("expired",)))
    policy = draw(reminder_policies())
    if escalate or not policy.slots(payment.created_at, payment.expires_at):
        fractions = tuple(decimal.Decimal(p) / 4 for p in range(1, 4))
        policy = ReminderPolicy(fractions=fractions, escalate_after=draw(st.integers(1, 3)))
    return payment, policy, policy.slots(payment.created_at, payment.expires_at)


@st.composite
def _reminded(draw: st.DrawFn, *, escalate: bool) -> PaymentConfirmation:
    """An unpaid payment sent every reminder its policy owes (escalated when `escalate`)."""
    payment, policy, slots = draw(_slotted(escalate=escalate))
    for slot in slots:
        payment.record_reminder(policy, slot.key, at=slot.due_at)
    return payment


def reminder_slots() -> st.SearchStrategy[ReminderSlot]:
    """The slots drawn reminder policies owe over drawn payment windows."""
    return _slotted(escalate=False).flatmap(lambda triple: st.sampled_from(triple[2]))


def sent_reminders() -> st.SearchStrategy[SentReminder]:
    """Reminders recorded on unpaid payments, in their slots."""
    return _reminded(escalate=False).flatmap(lambda p: st.sampled_from(p.reminders))


def escalations() -> st.SearchStrategy[Escalation]:
    """Escalations of unpaid payments whose reminders went unanswered."""
    return _reminded(escalate=True).map(_escalation)


def _escalation(payment: PaymentConfirmation) -> Escalation:
    escalation = payment.escalation
    assert escalation is not None  # noqa: S101 - every slot was reminded past escalate_after
    return escalation


@st.composite
def _commands(draw: st.DrawFn) -> PaymentConfirmation:
    payment = draw(payment_confirmations())
    if payment.commands:
        return payment
    last = payment.history[-1].at if payment.history else payment.created_at
    if payment.owes_action and draw(st.booleans()):
        payment.cancel(at=last, note=draw(st.sampled_from(("", "customer asked"))))
    elif payment.owes_action:
        payment.expire(at=max(last, payment.expires_at))  # at the expiry instant, or later
    if payment.state.value in _RESOLVABLE:
        last = payment.history[-1].at if payment.history else payment.created_at
        choice = draw(st.sampled_from(list(PaymentResolution)))
        payment.resolve_exception(choice, at=last, actor="ops-1")
    return payment


_RESOLVABLE = frozenset({"needs_review", "expired", "failed", "cancelled"})


def command_records() -> st.SearchStrategy[CommandRecord]:
    """The host's commands on drawn payments (cancellations, expiries, resolutions)."""
    return (
        _commands()
        .filter(lambda p: bool(p.commands))
        .flatmap(lambda p: st.sampled_from(p.commands))
    )


def payment_metrics_reports() -> st.SearchStrategy[PaymentMetrics]:
    """What `payment_metrics(payments)` reports over 0 to 4 drawn payments."""
    return st.lists(payment_confirmations(), max_size=4).map(payment_metrics)


_BITPAY_STATUSES = ("new", "paid", "confirmed", "complete", "expired", "invalid")


@st.composite
def _bitpay(draw: st.DrawFn) -> MappedWebhook:
    created = draw(st.integers(1_735_689_600, 1_767_225_600)) * 1000  # 2025, in ms
    ipn: dict[str, object] = {
        "id": draw(st.sampled_from(("Hpqc62dfE1ZjzeeH4kEycF", "KSnNNfoMDsbRzd1U9ypmVH"))),
        "status": draw(st.sampled_from(_BITPAY_STATUSES)),
        "price": draw(st.sampled_from((10, 25.5, 1000))),
        "currency": draw(st.sampled_from(("USD", "EUR"))),
        "invoiceTime": created,
        "expirationTime": created + 900_000,
        "currentTime": created + draw(st.sampled_from((0, 900_000)) | st.integers(0, 1_800_000)),
        "exceptionStatus": draw(st.sampled_from((False, "paidPartial", "paidOver", "paidLate"))),
        "orderId": draw(st.sampled_from(("ORD-1", "ORD-2"))),
    }
    return bitpay_notifications(ipn)


@st.composite
def _alipay(draw: st.DrawFn) -> MappedWebhook:
    order = decimal.Decimal(draw(st.integers(1, 10**6))).scaleb(-2)
    paid = order if draw(st.booleans()) else order + decimal.Decimal("0.01")  # a conflict
    # Beijing wall time, as Alipay writes it.
    day = dt.datetime(2025, 1, 1) + dt.timedelta(seconds=draw(st.integers(0, 364 * 86_400)))  # noqa: DTZ001
    notify = {
        "notify_id": f"N{draw(st.integers(1, 10**6))}",
        "trade_no": "2013112011001004330000121536",
        "out_trade_no": "6823789339978248",
        "trade_status": draw(
            st.sampled_from(("WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_CLOSED"))
        ),
        "total_amount": str(paid),
        "gmt_create": day.strftime("%Y-%m-%d %H:%M:%S"),
        "gmt_payment": day.strftime("%Y-%m-%d %H:%M:%S"),  # the same second: a tie
        "gmt_close": (day + dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S"),
    }
    return alipay_notifications(notify, order_amount=order)


def mapped_webhooks() -> st.SearchStrategy[MappedWebhook]:
    """What the BitPay and Alipay mappers make of documented payloads in every status.

    Partial, over and late payments, amounts that conflict with the order.
    """
    return st.one_of(_bitpay(), _alipay())


def provider_notifications() -> st.SearchStrategy[ProviderNotification]:
    """The notifications of drawn mapped webhooks."""
    return (
        mapped_webhooks()
        .filter(lambda m: bool(m.notifications))
        .flatmap(lambda m: st.sampled_from(m.notifications))
    )

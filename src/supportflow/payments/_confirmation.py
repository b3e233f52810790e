"""`PaymentConfirmation`: the payment-confirmation lifecycle driven by idempotent notifications.

The flow state is one enum; the facts beside it (money received and refunded, the
provider's reported progress, confirmations, timing, attempts, failure reason, the
notification log) are separate fields, as processors model it (BitPay pairs a base status
with an exception status).

Notifications are applied as facts first; the state then follows a *target* computed from
the facts alone (`_target`). The state only moves up the rank order below, and leaves a
terminal state only for `NEEDS_REVIEW` (or through `resolve_exception`), so a stream of
notifications delivered in any order, with replays, ends where the in-order stream ends:
the target is monotone in the set of facts for every stream a provider produces.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from collections.abc import Mapping
from typing import Any, Final, Protocol

import attrs

from supportflow import _pendulum, _validators
from supportflow._serialization import Reader, dump_decimal, dump_instant
from supportflow.audit import TransitionRecord
from supportflow.errors import IdempotencyConflictError, IllegalTransitionError, InvalidFieldError
from supportflow.payments._payload import (
    _EMPTY_PAYLOAD,
    _confirmations,
    _currency,
    _min_instant,
    _parse_kind,
    _Payload,
    _text_field,
)
from supportflow.payments._reminders import (
    Escalation,
    ReminderPolicy,
    ReminderSlot,
    SentReminder,
    dump_escalation,
    dump_sent,
    load_escalation,
    load_sent,
)
from supportflow.payments._types import (
    AmountStatus,
    ExpiryPreset,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    NotificationResult,
    PaymentState,
    RefundInstruction,
    Resolution,
    Timing,
    _money,
    dump_optional_instant,
    load_optional_instant,
)
from supportflow.payments._workflow import (
    _ATTEMPT_KINDS,
    _EXCEPTIONS,
    _FAILURE_KINDS,
    _FORWARD,
    _MONEY_IN,
    _MONEY_KINDS,
    _SYNC_BACK,
    _ZERO,
    NEGATIVE,
    OWING,
    PAYMENT_WORKFLOW,
    RANK,
    TERMINAL,
    P,
    _amount_status,
    _max_state,
    _outcome,
)

__all__ = ["OWING", "PAYMENT_WORKFLOW", "RANK", "PaymentConfirmation"]


class _GuardContext(Protocol):
    """What a guard reads of the engine's firing context."""

    kwargs: Mapping[str, object]


@attrs.define(slots=True, eq=False, on_setattr=attrs.setters.NO_OP)
class PaymentConfirmation:
    """A merchant's request that a customer pay or confirm a payment, and what came of it.

    Create with `PaymentConfirmation.create(...)`. The state changes only through its
    methods: provider notifications (`apply_notification`, `apply_snapshot`) and commands
    (`expire`, `cancel`, `resolve_exception`, `record_reminder`). Every state change is a
    `TransitionRecord` in `history`; every distinct notification is in `notifications`.

    Attributes:
        id: The payment's id.
        amount_due: What the customer must pay (a positive `Decimal`).
        currency: ISO 4217 code; every notified amount must be in it.
        created_at: When the payment window opened.
        expires_at: When it closes.
        tolerance: Shortfall or excess still counted as exact (a `Decimal` >= 0).
        required_confirmations: Confirmations needed before CONFIRMED (crypto; 1 elsewhere).
        customer_id: The paying customer.
        method: How they pay (`"card"`, `"wallet"`, `"bank_transfer"`, `"crypto"`, ...).
        state: The flow state.
        received: Money received so far (sum of distinct money notifications).
        refunded: Money refunded so far.
        reported: The highest progress the provider reported (AUTHORIZED, CONFIRMED, SETTLED).
        action_requested: Whether the provider asked the customer to act (3-D Secure, app).
        confirmations: The most confirmations reported.
        timing: `late` once any payment occurred after the window closed (or a cancellation).
        attempts: Payment attempts the provider reported (successful or failed).
        failure_reason: Why the latest failed attempt failed (or `expired`), if any.
        provider_code: The provider's own code for that failure.
        expired_at: When the window was closed (by the provider or `expire`).
        failed_at: When the provider reported a final failure.
        cancelled_at: When the payment was cancelled.
        cancelled_by: Who cancelled (`"merchant"` or `"provider"`), or `""`.
        resolution: How a human resolved an exception, if one did.
        notifications: The log of distinct notifications, in the order applied.
        reminders: Reminders sent.
        escalation: The escalation to a human, if reminders went unanswered.
        history: The audit trail of state changes and recorded events.

    Raises:
        InvalidFieldError: a field is out of range, naive, or of the wrong type.
    """

    id: str
    amount_due: decimal.Decimal
    currency: str
    created_at: dt.datetime
    expires_at: dt.datetime
    tolerance: decimal.Decimal = _ZERO
    required_confirmations: int = 1
    customer_id: str = ""
    method: str = ""
    state: PaymentState = P.AWAITING_PAYMENT
    received: decimal.Decimal = _ZERO
    refunded: decimal.Decimal = _ZERO
    reported: PaymentState = P.AWAITING_PAYMENT
    action_requested: bool = False
    confirmations: int = 0
    timing: Timing = Timing.ON_TIME
    attempts: int = 0
    failure_reason: FailureReason | None = None
    provider_code: str = ""
    expired_at: dt.datetime | None = None
    failed_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    cancelled_by: str = ""
    resolution: Resolution | None = None
    notifications: tuple[NotificationRecord, ...] = ()
    reminders: tuple[SentReminder, ...] = ()
    escalation: Escalation | None = None
    history: tuple[TransitionRecord, ...] = ()

    def __attrs_post_init__(self) -> None:
        _text_field(self.id, "id")
        self.currency = _currency(self.currency, "currency")
        self.amount_due = _money(
            self.amount_due, "amount_due", positive=True, currency=self.currency
        )
        self.created_at = _pendulum.instant(self.created_at, field="created_at")
        self.expires_at = _pendulum.instant(self.expires_at, field="expires_at")
        if self.expires_at <= self.created_at:
            raise InvalidFieldError("expires_at", self.expires_at, "be after created_at")
        self.tolerance = _money(self.tolerance, "tolerance")
        if self.tolerance >= self.amount_due:
            raise InvalidFieldError("tolerance", self.tolerance, "be less than amount_due")
        if type(self.required_confirmations) is not int or self.required_confirmations < 1:
            raise InvalidFieldError(
                "required_confirmations", self.required_confirmations, "be an integer >= 1"
            )
        _text_field(self.customer_id, "customer_id", empty=True)
        _text_field(self.method, "method", empty=True)
        self.received = _money(self.received, "received")
        self.refunded = _money(self.refunded, "refunded")
        for name, kind in (
            ("state", PaymentState),
            ("reported", PaymentState),
            ("timing", Timing),
        ):
            if not isinstance(getattr(self, name), kind):
                raise InvalidFieldError(name, getattr(self, name), f"be a {kind.__name__}")

    # -- construction -------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        id: str,  # noqa: A002 - the domain's word
        amount_due: decimal.Decimal | int | str,
        currency: str,
        created_at: dt.datetime | str,
        *,
        expiry: ExpiryPreset | dt.timedelta,
        tolerance: decimal.Decimal | int | str = _ZERO,
        required_confirmations: int = 1,
        customer_id: str = "",
        method: str = "",
    ) -> PaymentConfirmation:
        """Open a payment window of `expiry` (a preset such as `BITPAY`, or a duration).

        Raises:
            InvalidFieldError: a value is out of range (amount not positive, naive instant,
                not an ISO 4217 code, a float amount, ...).
        """
        start = _pendulum.instant(created_at, field="created_at")
        if isinstance(expiry, ExpiryPreset):
            window = expiry.window
        else:
            window = _validators.duration("expiry", expiry, positive=True)
        code = _currency(currency, "currency")
        try:
            ends = start + window
        except OverflowError as exc:
            raise InvalidFieldError("expiry", expiry, "end before the year 9999") from exc
        return cls(
            id=id,
            amount_due=_money(amount_due, "amount_due", positive=True, currency=code),
            currency=currency,
            created_at=start,
            expires_at=ends,
            tolerance=_money(tolerance, "tolerance", currency=code),
            required_confirmations=required_confirmations,
            customer_id=customer_id,
            method=method,
        )

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (a restored copy equals the original)."""
        if not isinstance(other, PaymentConfirmation):
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__ = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

    # -- derived facts ------------------------------------------------------------------

    @property
    def amount_status(self) -> AmountStatus:
        """How the money received compares with the amount due, within the tolerance."""
        return _amount_status(self.received, self.amount_due, self.tolerance)

    @property
    def owes_action(self) -> bool:
        """Whether the customer still owes an action (pay, top up, or confirm)."""
        return self.state in OWING

    @property
    def is_terminal(self) -> bool:
        """Whether only `resolve_exception` can move the state (NEEDS_REVIEW and closures)."""
        return self.state in TERMINAL

    def refund_due(self) -> RefundInstruction | None:
        """The refund the merchant owes now, if any.

        The excess of an over-payment on a live payment; all money kept on an expired,
        failed, cancelled or reviewed payment, or after a `refund` resolution.
        """
        kept = self.received - self.refunded
        if self.resolution is Resolution.REFUND:
            owed, reason = kept, "resolution"
        elif self.state in _EXCEPTIONS:
            owed, reason = kept, "exception"
        elif self.state is P.REFUNDED:
            owed, reason = _ZERO, ""
        elif self.amount_status is AmountStatus.OVER:
            owed, reason = self.received - self.amount_due - self.refunded, "excess"
        else:
            owed, reason = _ZERO, ""
        if owed <= 0:
            return None
        return RefundInstruction(self.id, owed, self.currency, reason)

    # -- notifications ------------------------------------------------------------------

    def apply_notification(
        self,
        event_id: str,
        kind: NotificationKind | str,
        occurred_at: dt.datetime | str,
        payload: Mapping[str, object] | None = None,
        *,
        at: dt.datetime | str | None = None,
        actor: str = "provider",
    ) -> NotificationResult:
        """Apply one provider notification (webhook), idempotently by `event_id`.

        A replay of an event id already applied changes nothing and reports `duplicate`.
        A notification that would move the state to a lower rank is logged and ignored.
        Money notifications (`payment_detected`, `authorized`, `refunded`) need `amount`
        (a `Decimal` or decimal string) and `currency` in `payload`.

        Args:
            event_id: The provider's event id.
            kind: What it says (a `NotificationKind` or its value).
            occurred_at: When the provider says it happened (aware).
            payload: `amount`, `currency`, `confirmations`, `reason`, `provider_code`.
            at: When it is applied (default: the later of `occurred_at` and the last event).
            actor: Who sent it, for the audit trail.

        Raises:
            IdempotencyConflictError: the event id was applied before with another kind or
                amount.
            InvalidFieldError: a bad payload (negative, NaN or float amount, another
                currency, unknown reason), a naive instant, or `at` before the last event.
        """
        event_id = _text_field(event_id, "event_id")
        kind = _parse_kind(kind)
        occurred = _pendulum.instant(occurred_at, field="occurred_at")
        parsed = self._parse_payload(kind, payload)
        for record in self.notifications:
            if record.event_id == event_id:
                self._check_same(record, kind, parsed.amount)
                return NotificationResult(
                    event_id, NotificationOutcome.DUPLICATE, self.state, self.refund_due()
                )
        when = self._when(at, occurred)
        saved = _fields(self)
        try:
            self._learn(kind, occurred, parsed)
            target = self._target()
            before = self.state
            moved = self._move(
                target,
                at=when,
                actor=actor,
                note=f"{kind.value} {event_id}",
                data={"event_id": event_id, "kind": kind.value},
            )
            outcome = _outcome(moved, kind, before)
            self.notifications = (
                *self.notifications,
                NotificationRecord(
                    event_id, kind, occurred, when, parsed.amount, outcome, parsed.detail
                ),
            )
        except BaseException:
            _restore(self, saved)
            raise
        return NotificationResult(event_id, outcome, self.state, self.refund_due())

    def _parse_payload(self, kind: NotificationKind, payload: object) -> _Payload:
        if payload is None:
            payload = _EMPTY_PAYLOAD
        if not isinstance(payload, Mapping):
            raise InvalidFieldError("payload", payload, "be a mapping")
        amount: decimal.Decimal | None = None
        detail: list[tuple[str, str]] = []
        if kind in _MONEY_KINDS:
            if "amount" not in payload:
                raise InvalidFieldError("payload.amount", None, f"be given for {kind.value}")
            amount = _money(
                payload["amount"], "payload.amount", positive=True, currency=self.currency
            )
            currency = payload.get("currency")
            if currency != self.currency:
                raise InvalidFieldError(
                    "payload.currency", currency, f"be {self.currency}, the payment's currency"
                )
        confirmations = None
        if "confirmations" in payload:
            confirmations = _confirmations(payload["confirmations"])
            detail.append(("confirmations", str(confirmations)))
        reason = None
        if kind in _FAILURE_KINDS:
            raw = payload.get("reason", FailureReason.OTHER.value)
            try:
                reason = FailureReason(raw)
            except ValueError as exc:
                choices = ", ".join(r.value for r in FailureReason)
                raise InvalidFieldError("payload.reason", raw, f"be one of {choices}") from exc
            detail.append(("reason", reason.value))
        if "provider_code" in payload:
            code = _text_field(payload["provider_code"], "payload.provider_code", empty=True)
            detail.append(("provider_code", code))
        return _Payload(amount, confirmations, reason, tuple(detail))

    def _check_same(
        self, record: NotificationRecord, kind: NotificationKind, amount: decimal.Decimal | None
    ) -> None:
        if record.kind is not kind:
            raise IdempotencyConflictError(record.event_id, "kind", record.kind.value, kind.value)
        if record.amount != amount:
            raise IdempotencyConflictError(record.event_id, "amount", record.amount, amount)

    def _when(self, at: dt.datetime | str | None, occurred: dt.datetime) -> dt.datetime:
        last = self.history[-1].at if self.history else self.created_at
        if at is None:
            return max(occurred, last)
        when = _pendulum.instant(at, field="at")
        if when < last:
            raise InvalidFieldError(
                "at", at, f"not be earlier than the last event ({last.isoformat()})"
            )
        return when

    def _learn(  # noqa: PLR0912 - one branch per notification kind
        self, kind: NotificationKind, occurred: dt.datetime, p: _Payload
    ) -> None:
        """Record the facts a notification carries (facts only; the state is decided after)."""
        k = NotificationKind
        if kind in _ATTEMPT_KINDS:
            self.attempts += 1
        if p.confirmations is not None:
            self.confirmations = max(self.confirmations, p.confirmations)
        if kind in _MONEY_IN:
            assert p.amount is not None  # noqa: S101 - _parse_payload requires it
            self.received += p.amount
            if self._is_late(occurred):
                self.timing = Timing.LATE
            if kind is k.AUTHORIZED:
                self.reported = _max_state(self.reported, P.AUTHORIZED)
        elif kind is k.REFUNDED:
            assert p.amount is not None  # noqa: S101 - _parse_payload requires it
            self.refunded += p.amount
        elif kind is k.ACTION_REQUIRED:
            self.action_requested = True
        elif kind is k.CONFIRMED:
            if p.confirmations is None:
                # The provider decided the payment is final: the threshold is reached.
                self.confirmations = max(self.confirmations, self.required_confirmations)
        elif kind is k.SETTLED:
            self.reported = _max_state(self.reported, P.SETTLED)
        elif kind is k.EXPIRED:
            self.expired_at = _min_instant(self.expired_at, occurred)
        elif kind is k.CANCELLED:
            self.cancelled_at = _min_instant(self.cancelled_at, occurred)
            self.cancelled_by = self.cancelled_by or "provider"
            self._retime()
        if kind is k.EXPIRED and self.failure_reason is None:
            self.failure_reason = FailureReason.EXPIRED
        if kind in _FAILURE_KINDS:
            self._set_failure(occurred, p)
            if kind is k.FAILED:
                self.failed_at = _min_instant(self.failed_at, occurred)

    def _is_late(self, occurred: dt.datetime) -> bool:
        if occurred > self.expires_at:
            return True
        return self.cancelled_at is not None and occurred > self.cancelled_at

    def _retime(self) -> None:
        """Re-derive `timing` from every logged payment (order-independent)."""
        late = any(r.kind in _MONEY_IN and self._is_late(r.occurred_at) for r in self.notifications)
        self.timing = Timing.LATE if late else Timing.ON_TIME

    def _set_failure(self, occurred: dt.datetime, p: _Payload) -> None:
        """Keep the reason of the latest failure by (occurred_at, order): order-independent."""
        latest = max(
            (r.occurred_at for r in self.notifications if r.kind in _FAILURE_KINDS),
            default=None,
        )
        if latest is None or occurred >= latest:
            self.failure_reason = p.reason
            self.provider_code = dict(p.detail).get("provider_code", "")

    def _target(self) -> PaymentState:  # noqa: PLR0911 - a decision table, one exit per row
        """The state the facts call for; a pure function of the facts."""
        if self.resolution is Resolution.REFUND:
            return P.REFUNDED
        money = self.received > 0
        if self.resolution is None and (
            self.expired_at is not None
            or self.failed_at is not None
            or self.cancelled_at is not None
        ):
            closed = [
                state
                for state, when in (
                    (P.EXPIRED, self.expired_at),
                    (P.FAILED, self.failed_at),
                    (P.CANCELLED, self.cancelled_at),
                )
                if when is not None
            ]
            if closed:
                return P.NEEDS_REVIEW if money else max(closed, key=RANK.__getitem__)
        # Fully refunded once it was fully paid: a refund delivered before part of the money
        # must not look like a full refund of the part seen so far.
        if self.received >= self.amount_due - self.tolerance and self.refunded >= self.received:
            return P.REFUNDED
        status = self.amount_status
        if status is AmountStatus.NONE:
            return P.AWAITING_CUSTOMER_ACTION if self.action_requested else P.AWAITING_PAYMENT
        if status is AmountStatus.PARTIAL:
            return P.PARTIALLY_PAID
        if RANK[self.reported] >= RANK[P.SETTLED]:
            return P.SETTLED
        if self.confirmations >= self.required_confirmations:
            return P.CONFIRMED
        if self.reported is P.AUTHORIZED:
            return P.AUTHORIZED
        return P.PROCESSING

    def _move(
        self,
        target: PaymentState,
        *,
        at: dt.datetime,
        actor: str,
        note: str,
        data: Mapping[str, Any],
    ) -> bool:
        """Move toward `target` if it is higher, never out of a terminal state but to review.

        Returns whether the state moved.
        """
        current = self.state
        if target is current or current is P.NEEDS_REVIEW:
            return False
        if current in TERMINAL and target is not P.NEEDS_REVIEW:
            return False
        if RANK[target] < RANK[current]:
            return False
        event = _FORWARD[target]
        if event not in PAYMENT_WORKFLOW.allowed_events(current):
            # Facts no provider stream produces (e.g. a failure on a snapshot-paid payment).
            event, note = "flag_for_review", f"{note}: unexpected {target.value}"
        PAYMENT_WORKFLOW.fire(self, event, at=at, actor=actor, note=note, data=data)
        return True

    def apply_snapshot(
        self,
        provider_state: PaymentState | str,
        *,
        at: dt.datetime | str,
        received: decimal.Decimal | str | None = None,
        refunded: decimal.Decimal | str | None = None,
        actor: str = "provider",
    ) -> PaymentState:
        """Jump to the provider's authoritative state (e.g. after a reconciliation poll).

        A live payment jumps there, backwards too; a terminal payment is never moved out
        except to `NEEDS_REVIEW` (when the provider disagrees with it). `received` and
        `refunded`, when given, replace the totals.

        Returns:
            The state afterwards.

        Raises:
            InvalidFieldError: unknown state, bad amounts, naive `at` or `at` in the past.
        """
        try:
            target = PaymentState(provider_state)
        except ValueError as exc:
            choices = ", ".join(s.value for s in PaymentState)
            raise InvalidFieldError(
                "provider_state", provider_state, f"be one of {choices}"
            ) from exc
        new_received = None if received is None else _money(received, "received")
        new_refunded = None if refunded is None else _money(refunded, "refunded")
        when = self._when(_pendulum.instant(at, field="at"), self.created_at)
        saved = _fields(self)
        try:
            if new_received is not None:
                self.received = new_received
            if new_refunded is not None:
                self.refunded = new_refunded
            if target in (P.AUTHORIZED, P.SETTLED):
                self.reported = target
            elif target is P.CONFIRMED:
                self.confirmations = max(self.confirmations, self.required_confirmations)
            self._jump(target, when, actor)
        except BaseException:
            _restore(self, saved)
            raise
        return self.state

    def _jump(self, target: PaymentState, at: dt.datetime, actor: str) -> None:
        current = self.state
        note = f"provider snapshot: {target.value}"
        data = {"snapshot": target.value}
        if target is current:
            return
        if current in TERMINAL:
            if current is not P.NEEDS_REVIEW:
                PAYMENT_WORKFLOW.fire(
                    self, "flag_for_review", at=at, actor=actor, note=note, data=data
                )
            return
        if RANK[target] < RANK[current] and target in _SYNC_BACK:
            PAYMENT_WORKFLOW.fire(self, "sync", at=at, actor=actor, note=note, data=data, to=target)
            return
        event = _FORWARD[target]
        if (
            target in NEGATIVE and self.received > 0
        ) or event not in PAYMENT_WORKFLOW.allowed_events(current):
            event = "flag_for_review"
        PAYMENT_WORKFLOW.fire(self, event, at=at, actor=actor, note=note, data=data)

    # The guards of the `sync` edges: each lets the snapshot through to its own state.
    def _sync_guard(self, ctx: _GuardContext, state: PaymentState) -> str | None:
        return None if ctx.kwargs.get("to") is state else f"the snapshot is not {state.value}"

    def _sync_to_awaiting_payment(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.AWAITING_PAYMENT)

    def _sync_to_awaiting_customer_action(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.AWAITING_CUSTOMER_ACTION)

    def _sync_to_partially_paid(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.PARTIALLY_PAID)

    def _sync_to_processing(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.PROCESSING)

    def _sync_to_authorized(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.AUTHORIZED)

    def _sync_to_confirmed(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.CONFIRMED)

    # -- commands -----------------------------------------------------------------------

    def expire(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """Close the payment window (called by the host's timer at or after `expires_at`).

        Goes to EXPIRED, or to NEEDS_REVIEW when money was partially received (a refund is
        then due).

        Raises:
            InvalidFieldError: `at` is before `expires_at` (or naive, or in the past).
            IllegalTransitionError: the customer no longer owes an action.
        """
        when = _pendulum.instant(at, field="at")
        if when < self.expires_at:
            raise InvalidFieldError("at", at, f"not be before expires_at ({self.expires_at})")
        return self._close("expire", when, actor, "payment window closed")

    def cancel(
        self, *, at: dt.datetime | str, actor: str = "merchant", note: str = ""
    ) -> TransitionRecord:
        """Cancel a payment the customer has not (fully) paid: the merchant withdraws it.

        Goes to CANCELLED, or NEEDS_REVIEW when money was partially received.

        Raises:
            IllegalTransitionError: the customer no longer owes an action.
            InvalidFieldError: `at` is naive or in the past.
        """
        when = _pendulum.instant(at, field="at")
        return self._close("cancel", when, actor, note or "cancelled by the merchant")

    def _close(self, event: str, when: dt.datetime, actor: str, note: str) -> TransitionRecord:
        if self.state not in OWING:
            raise IllegalTransitionError(
                PAYMENT_WORKFLOW._label(self),
                self.state.value,
                event,
            )
        self._when(when, when)
        saved = _fields(self)
        try:
            if event == "expire":
                self.expired_at = _min_instant(self.expired_at, when)
                if self.failure_reason is None:
                    self.failure_reason = FailureReason.EXPIRED
            else:
                self.cancelled_at = _min_instant(self.cancelled_at, when)
                self.cancelled_by = "merchant"
                self._retime()
            self._move(self._target(), at=when, actor=actor, note=note, data={})
        except BaseException:
            _restore(self, saved)
            raise
        return self.history[-1]

    def resolve_exception(
        self, resolution: Resolution | str, *, at: dt.datetime | str, actor: str, note: str = ""
    ) -> TransitionRecord:
        """A human resolves an exception: `accept` (-> CONFIRMED) or `refund` (-> REFUNDED).

        The only way out of NEEDS_REVIEW, EXPIRED, FAILED and CANCELLED.

        Raises:
            IllegalTransitionError: the payment is not in one of those states.
            InvalidFieldError: unknown resolution, naive `at` or `at` in the past.
        """
        try:
            chosen = Resolution(resolution)
        except ValueError as exc:
            raise InvalidFieldError("resolution", resolution, "be 'accept' or 'refund'") from exc
        when = _pendulum.instant(at, field="at")

        def apply(obj: PaymentConfirmation) -> None:
            obj.resolution = chosen

        return PAYMENT_WORKFLOW.fire(
            self,
            f"resolve_{chosen.value}",
            at=when,
            actor=actor,
            note=note,
            data={"resolution": chosen.value},
            apply=apply,
        )

    # -- reminders ----------------------------------------------------------------------

    def due_reminders(
        self, policy: ReminderPolicy, at: dt.datetime | str
    ) -> tuple[ReminderSlot, ...]:
        """The reminders to send now: due and not yet sent.

        Only while the customer owes an action inside the window, and not once the payment
        was escalated to a human.
        """
        _check_policy(policy)
        when = _pendulum.instant(at, field="at")
        if self.state not in OWING or self.escalation is not None or when >= self.expires_at:
            return ()
        sent = {r.key for r in self.reminders}
        return tuple(
            slot
            for slot in policy.slots(self.created_at, self.expires_at)
            if slot.due_at <= when and slot.key not in sent
        )

    def record_reminder(
        self, policy: ReminderPolicy, key: str, *, at: dt.datetime | str, actor: str = "system"
    ) -> bool:
        """Record that the reminder `key` was sent; return `False` if it already was.

        After `policy.escalate_after` reminders with no progress from the customer since
        (no state change), the payment is escalated to a human with the reason recorded.

        Raises:
            InvalidFieldError: `key` is not one of the policy's slots, or bad `at`.
            IllegalTransitionError: the customer no longer owes an action.
        """
        _check_policy(policy)
        _validators.text("key", key, max_length=200)
        _validators.text("actor", actor, max_length=200)
        when = _pendulum.instant(at, field="at")
        keys = {s.key for s in policy.slots(self.created_at, self.expires_at)}
        if key not in keys:
            raise InvalidFieldError("key", key, f"be one of the policy's reminders {sorted(keys)}")
        if any(r.key == key for r in self.reminders):
            return False
        saved = _fields(self)
        try:

            def apply(obj: PaymentConfirmation) -> None:
                obj.reminders = (*obj.reminders, SentReminder(key, when))

            PAYMENT_WORKFLOW.fire(
                self, "remind", at=when, actor=actor, note=key, data={"key": key}, apply=apply
            )
            unanswered = self.unanswered_reminders()
            if self.escalation is None and unanswered >= policy.escalate_after:
                reason = (
                    f"{unanswered} reminders unanswered while {self.state.value}"
                    f" (since {self._last_progress().isoformat()})"
                )
                escalation = Escalation(when, reason, unanswered)

                def escalate(obj: PaymentConfirmation) -> None:
                    obj.escalation = escalation

                PAYMENT_WORKFLOW.fire(
                    self,
                    "escalate",
                    at=when,
                    actor=actor,
                    note=reason,
                    data={"reminders": unanswered},
                    apply=escalate,
                )
        except BaseException:
            _restore(self, saved)
            raise
        return True

    def _last_progress(self) -> dt.datetime:
        for record in reversed(self.history):
            if record.from_state != record.to_state:
                return record.at
        return self.created_at

    def unanswered_reminders(self) -> int:
        """Reminders sent since the state last changed (the customer's last progress)."""
        since = self._last_progress()
        return sum(1 for r in self.reminders if r.sent_at >= since)

    # -- serialization ------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key."""
        return {
            "schema": 1,
            "id": self.id,
            "amount_due": dump_decimal(self.amount_due),
            "currency": self.currency,
            "created_at": dump_instant(self.created_at),
            "expires_at": dump_instant(self.expires_at),
            "tolerance": dump_decimal(self.tolerance),
            "required_confirmations": self.required_confirmations,
            "customer_id": self.customer_id,
            "method": self.method,
            "state": self.state.value,
            "received": dump_decimal(self.received),
            "refunded": dump_decimal(self.refunded),
            "reported": self.reported.value,
            "action_requested": self.action_requested,
            "confirmations": self.confirmations,
            "timing": self.timing.value,
            "attempts": self.attempts,
            "failure_reason": None if self.failure_reason is None else self.failure_reason.value,
            "provider_code": self.provider_code,
            "expired_at": dump_optional_instant(self.expired_at),
            "failed_at": dump_optional_instant(self.failed_at),
            "cancelled_at": dump_optional_instant(self.cancelled_at),
            "cancelled_by": self.cancelled_by,
            "resolution": None if self.resolution is None else self.resolution.value,
            "notifications": [n.to_dict() for n in self.notifications],
            "reminders": [dump_sent(r) for r in self.reminders],
            "escalation": dump_escalation(self.escalation),
            "history": [h.to_dict() for h in self.history],
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> PaymentConfirmation:
        """Rebuild a payment confirmation from `to_dict()` output.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        r = Reader.root(data, schema=1, keys=_KEYS, path=path)
        notifications = tuple(
            NotificationRecord.from_dict(e.value, path=e.path) for e in r.items("notifications")
        )
        reminders = tuple(load_sent(e) for e in r.items("reminders"))
        history = tuple(
            TransitionRecord.from_dict(e.value, path=e.path) for e in r.items("history")
        )
        escalation = load_escalation(r.child("escalation")) if r.has("escalation") else None
        with r.building():
            return cls(
                id=r.text("id"),
                amount_due=r.decimal("amount_due"),
                currency=r.text("currency"),
                created_at=r.instant("created_at"),
                expires_at=r.instant("expires_at"),
                tolerance=r.decimal("tolerance"),
                required_confirmations=r.integer("required_confirmations"),
                customer_id=r.text("customer_id"),
                method=r.text("method"),
                state=r.enum("state", PaymentState),
                received=r.decimal("received"),
                refunded=r.decimal("refunded"),
                reported=r.enum("reported", PaymentState),
                action_requested=r.flag("action_requested"),
                confirmations=r.integer("confirmations"),
                timing=r.enum("timing", Timing),
                attempts=r.integer("attempts"),
                failure_reason=(
                    r.enum("failure_reason", FailureReason) if r.has("failure_reason") else None
                ),
                provider_code=r.text("provider_code"),
                expired_at=load_optional_instant(r, "expired_at"),
                failed_at=load_optional_instant(r, "failed_at"),
                cancelled_at=load_optional_instant(r, "cancelled_at"),
                cancelled_by=r.text("cancelled_by"),
                resolution=r.enum("resolution", Resolution) if r.has("resolution") else None,
                notifications=notifications,
                reminders=reminders,
                escalation=escalation,
                history=history,
            )


_KEYS: Final = frozenset(a.name for a in attrs.fields(PaymentConfirmation))
_NAMES: Final = tuple(a.name for a in attrs.fields(PaymentConfirmation))


_GET_FIELDS: Final = operator.attrgetter(*_NAMES)


def _fields(obj: object) -> tuple[object, ...]:
    values: tuple[object, ...] = _GET_FIELDS(obj)
    return values


def _restore(obj: object, saved: tuple[object, ...]) -> None:
    for name, value in zip(_NAMES, saved, strict=True):
        object.__setattr__(obj, name, value)


def _check_policy(policy: object) -> None:
    if not isinstance(policy, ReminderPolicy):
        raise InvalidFieldError("policy", policy, "be a ReminderPolicy")

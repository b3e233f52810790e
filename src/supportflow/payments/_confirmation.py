"""`PaymentConfirmation`: the payment-confirmation lifecycle driven by idempotent notifications.

The flow state is one enum; the facts beside it (money received, refunded and reversed,
refunds by id, a dispute, the provider's reported progress, confirmations, timing,
attempts, failure reason) are separate fields, as processors model it (BitPay pairs a base
status with an exception status).

The facts are the fold of the payment's log (notifications and host commands) in one
documented total order, and the state is a pure function of the facts (`_fold`): the state
and every fact depend on the *set* of entries, not on the order they were delivered in.

The entity is its fields (which declare its row, `_codec`), its construction and its
reminders; the rest of its behaviour lives in the mixins it is built from, each a module of
its own importing only downwards: `_commands` (the host's commands) on `_notifying`
(provider notifications) on `_moves` (stamps, moves on the machine, guards) and `_queries`
(derived facts, refunds owed, reminders due).
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from supportflow import _declarative, _events, _pendulum, _skew, _validators
from supportflow._declarative import declared, spec
from supportflow._events import EventSpec
from supportflow._sealed import Sealed, check_version, opening, seal
from supportflow.audit import TransitionRecord
from supportflow.errors import InvalidFieldError
from supportflow.payments import _codec, _fold, _reminding
from supportflow.payments._commands import _HostCommands
from supportflow.payments._moves import restore, save
from supportflow.payments._payload import _currency, _text_field
from supportflow.payments._queries import check_policy
from supportflow.payments._reminders import Escalation, ReminderPolicy, SentReminder
from supportflow.payments._types import (
    CommandRecord,
    Dispute,
    ExpiryPreset,
    FailureReason,
    NotificationOutcome,
    NotificationRecord,
    NotificationResult,
    PaymentState,
    RefundRecord,
    Resolution,
    Timing,
    _money,
)
from supportflow.payments._workflow import _ZERO, OWING, PAYMENT_WORKFLOW, RANK, P

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = ["OWING", "PAYMENT_WORKFLOW", "RANK", "PaymentConfirmation"]

#: How long after the window closes a payment that occurred on time may still be
#: delivered and count as on time: Alipay retries for about 25 hours.
DELIVERY_GRACE: Final = dt.timedelta(hours=25)
_HUNDRED: Final = decimal.Decimal(100)
#: A field of the compact row: left out while it holds its default.
_COMPACT: Final = spec(omit_default=True)


@declared(
    schema=3,
    upgrades={1: _codec.upgrade_1, 2: _codec.upgrade_2},
    description="A payment confirmation's row: keys at their defaults are left out.",
)
@attrs.define(slots=True, eq=False, on_setattr=attrs.setters.NO_OP)
class PaymentConfirmation(_HostCommands, Sealed):
    """A merchant's request that a customer pay or confirm a payment, and what came of it.

    Create with `PaymentConfirmation.create(...)`. The state changes only through its
    methods: provider notifications (`apply_notification`, `apply_snapshot`) and commands
    (`expire`, `cancel`, `request_refund`, `resolve_exception`, `record_reminder`), or
    by name with `fire`. Every state change is a `TransitionRecord` in `history`; every
    distinct notification is in `notifications`, every command in `commands`.

    The fields are read-only (`ReadOnlyFieldError`): only the events change them. `version`
    counts the accepted calls that changed the payment (1 when created), so a host saves
    with compare-and-swap on it; a replayed notification that changes nothing leaves it
    as it was, which makes webhook retries safe across processes.

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
        tolerance_percent: Shortfall or excess still counted as exact, as a percentage of
            `amount_due`; the larger of the two tolerances applies.
        processor_refunds: The processor returns partial, late and over payments itself
            (BitPay does): `refund_due` then never asks the host to refund them.
        delivery_grace: How long after `expires_at` a payment that occurred on time may be
            delivered and still count as on time.
        state: The flow state.
        received: Money received so far (sum of distinct money notifications).
        refunded: Money refunded so far (succeeded refunds).
        reversed: Money the processor took back (returned debit, double spend, reversal).
        reported: The highest progress the provider reported (AUTHORIZED, CONFIRMED, SETTLED).
        action_requested: Whether the provider asked the customer to act (3-D Secure, app).
        confirmations: The most confirmations reported.
        timing: `late` once any payment occurred after the window closed (or a cancellation).
        attempts: Payment attempts the provider reported (successful or failed).
        failure_reason: Why the last failure in the total order failed (or `expired`).
        provider_code: The provider's own code for that failure.
        expired_at: When the window was closed (by the provider or `expire`).
        failed_at: When the provider reported a final failure (or a reversal).
        cancelled_at: When the payment was cancelled.
        cancelled_by: Who cancelled (`"merchant"` or `"provider"`), or `""`.
        resolution: How a human resolved an exception, if one did.
        closed: The closure that took effect (the first in the total order), if any.
        unexpected: Why the facts contradict each other (review), or `""`.
        snapshot_state: The provider's snapshot, while no later notification superseded it.
        refunds: Every refund by id, with its own status.
        dispute: The dispute (chargeback) on the payment, if any.
        notifications: The log of distinct notifications, in the total order.
        commands: The log of host commands, in the order given.
        reminders: Reminders sent.
        escalation: The escalation to a human, if reminders went unanswered.
        history: The audit trail of state changes and recorded events.
        skew_tolerance: How far before the last event a command or explicit `at` may be
            stamped and still be accepted (recorded at the last event's time, its own stamp
            kept as `stamped_at`); zero (the default) refuses any.
        version: 1 when created, +1 per accepted call that changed the payment.

    Raises:
        InvalidFieldError: a field is out of range, naive, or of the wrong type.
    """

    # The row (schema 3) is these fields in this order: keys at their defaults left out.
    id: str
    amount_due: decimal.Decimal
    currency: str
    created_at: dt.datetime
    expires_at: dt.datetime
    tolerance: decimal.Decimal = attrs.field(default=_ZERO, metadata=_COMPACT)
    tolerance_percent: decimal.Decimal = attrs.field(default=_ZERO, metadata=_COMPACT)
    processor_refunds: bool = attrs.field(default=False, metadata=_COMPACT)
    delivery_grace: dt.timedelta = attrs.field(default=DELIVERY_GRACE, metadata=_COMPACT)
    required_confirmations: int = attrs.field(default=1, metadata=_COMPACT)
    customer_id: str = attrs.field(default="", metadata=_COMPACT)
    method: str = attrs.field(default="", metadata=_COMPACT)
    state: PaymentState = P.AWAITING_PAYMENT
    received: decimal.Decimal = attrs.field(default=_ZERO, metadata=_COMPACT)
    refunded: decimal.Decimal = attrs.field(default=_ZERO, metadata=_COMPACT)
    reversed: decimal.Decimal = attrs.field(default=_ZERO, metadata=_COMPACT)
    reported: PaymentState = attrs.field(default=P.AWAITING_PAYMENT, metadata=_COMPACT)
    action_requested: bool = attrs.field(default=False, metadata=_COMPACT)
    confirmations: int = attrs.field(default=0, metadata=_COMPACT)
    timing: Timing = attrs.field(default=Timing.ON_TIME, metadata=_COMPACT)
    attempts: int = attrs.field(default=0, metadata=_COMPACT)
    failure_reason: FailureReason | None = attrs.field(default=None, metadata=_COMPACT)
    provider_code: str = attrs.field(default="", metadata=_COMPACT)
    expired_at: dt.datetime | None = attrs.field(default=None, metadata=_COMPACT)
    failed_at: dt.datetime | None = attrs.field(default=None, metadata=_COMPACT)
    cancelled_at: dt.datetime | None = attrs.field(default=None, metadata=_COMPACT)
    cancelled_by: str = attrs.field(default="", metadata=_COMPACT)
    resolution: Resolution | None = attrs.field(default=None, metadata=_COMPACT)
    closed: PaymentState | None = attrs.field(default=None, metadata=_COMPACT)
    unexpected: str = attrs.field(default="", metadata=_COMPACT)
    snapshot_state: PaymentState | None = attrs.field(default=None, metadata=_COMPACT)
    refunds: tuple[RefundRecord, ...] = attrs.field(default=(), metadata=_COMPACT)
    dispute: Dispute | None = attrs.field(default=None, metadata=_COMPACT)
    notifications: tuple[NotificationRecord, ...] = attrs.field(
        default=(), metadata=spec(_codec.NOTIFICATIONS, omit_default=True)
    )
    commands: tuple[CommandRecord, ...] = attrs.field(default=(), metadata=_COMPACT)
    reminders: tuple[SentReminder, ...] = attrs.field(default=(), metadata=_COMPACT)
    escalation: Escalation | None = attrs.field(default=None, metadata=_COMPACT)
    history: tuple[TransitionRecord, ...] = attrs.field(
        default=(), metadata=spec(_codec.HISTORY, omit_default=True)
    )
    skew_tolerance: dt.timedelta = attrs.field(
        default=dt.timedelta(0), kw_only=True, metadata=_COMPACT
    )
    version: int = attrs.field(default=1, kw_only=True)
    effective_tolerance: decimal.Decimal = attrs.field(init=False, default=_ZERO)
    #: The greatest order key in the log, or `None` when not known (derived, not compared).
    _tail: _fold.Key | None = attrs.field(init=False, default=None, repr=False)
    #: Whether it is built (its public fields read-only outside its events).
    _sealed: bool = attrs.field(init=False, default=False, repr=False)

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
        self.tolerance_percent = _money(self.tolerance_percent, "tolerance_percent")
        if self.tolerance_percent >= _HUNDRED:
            raise InvalidFieldError("tolerance_percent", self.tolerance_percent, "be below 100")
        tol = max(self.tolerance, self.amount_due * self.tolerance_percent / _HUNDRED)
        if tol >= self.amount_due:
            raise InvalidFieldError("tolerance", self.tolerance, "be less than amount_due")
        self.effective_tolerance = tol
        if type(self.required_confirmations) is not int or self.required_confirmations < 1:
            raise InvalidFieldError(
                "required_confirmations", self.required_confirmations, "be an integer >= 1"
            )
        if type(self.processor_refunds) is not bool:
            raise InvalidFieldError("processor_refunds", self.processor_refunds, "be a bool")
        grace: object = self.delivery_grace
        if not isinstance(grace, dt.timedelta) or grace < dt.timedelta(0):
            raise InvalidFieldError("delivery_grace", grace, "be a duration >= 0")
        _text_field(self.customer_id, "customer_id", empty=True)
        _text_field(self.method, "method", empty=True)
        self.received = _money(self.received, "received")
        self.refunded = _money(self.refunded, "refunded")
        self.reversed = _money(self.reversed, "reversed")
        for name, kind in (
            ("state", PaymentState),
            ("reported", PaymentState),
            ("timing", Timing),
        ):
            if not isinstance(getattr(self, name), kind):
                raise InvalidFieldError(name, getattr(self, name), f"be a {kind.__name__}")
        _skew.check_tolerance(self.skew_tolerance)
        check_version(self.version)
        seal(self)

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
        tolerance_percent: decimal.Decimal | int | str = _ZERO,
        required_confirmations: int = 1,
        customer_id: str = "",
        method: str = "",
        processor_refunds: bool = False,
        delivery_grace: dt.timedelta = DELIVERY_GRACE,
        skew_tolerance: dt.timedelta = dt.timedelta(0),
    ) -> PaymentConfirmation:
        """Open a payment window of `expiry` (a preset such as `BITPAY`, or a duration).

        Args:
            id: The payment's id.
            amount_due: What the customer must pay.
            currency: ISO 4217 code.
            created_at: When the window opens (aware).
            expiry: A preset or a positive duration.
            tolerance: Absolute under/over-payment still counted as exact.
            tolerance_percent: The same as a percentage of `amount_due` (the larger applies).
            required_confirmations: Confirmations needed (crypto).
            customer_id: The paying customer.
            method: How they pay.
            processor_refunds: The processor refunds partial and over payments itself.
            delivery_grace: How late an on-time payment may be delivered (see the docs).
            skew_tolerance: How far before the last event a stamp may be (see the docs).

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
            tolerance_percent=_money(tolerance_percent, "tolerance_percent"),
            required_confirmations=required_confirmations,
            customer_id=customer_id,
            method=method,
            processor_refunds=processor_refunds,
            delivery_grace=delivery_grace,
            skew_tolerance=skew_tolerance,
        )

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (a restored copy equals the original)."""
        if not isinstance(other, PaymentConfirmation):
            return NotImplemented
        return bool(_GET_COMPARED(self) == _GET_COMPARED(other))

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

    def _fingerprint(self) -> object:
        return None  # `_changed` reads the call's own result

    def _changed(self, event: str, before: object, result: object) -> bool:
        # Every accepted call logs something, except a replay that changed nothing
        # (`duplicate`) and a reminder already sent (`False`).
        if isinstance(result, NotificationResult):
            return result.outcome is not NotificationOutcome.DUPLICATE
        return result is not False

    # -- events by name -----------------------------------------------------------------

    @classmethod
    def events(cls) -> tuple[EventSpec, ...]:
        """Every event `fire` takes by name, with its arguments (for an API's schema).

        `record_reminder` is not among them: it takes a `ReminderPolicy` object, which a
        request body cannot carry; call it directly.
        """
        return _events.describe(cls, _EVENTS)

    def fire(self, event: str, arguments: Mapping[str, object]) -> Any:  # noqa: ANN401 - the event's own result
        """Fire the event called `event` with `arguments` (keyword arguments by name).

        Returns what the event method returns (`NotificationResult`, `TransitionRecord`,
        `PaymentState`).

        Raises:
            InvalidFieldError: an unknown event, an unknown or missing argument (naming
                `arguments.<name>`), or whatever the event itself refuses.
        """
        return _events.fire(self, _EVENTS, event, arguments)

    # -- reminders ----------------------------------------------------------------------

    @opening
    def record_reminder(
        self, policy: ReminderPolicy, key: str, *, at: dt.datetime | str, actor: str = "system"
    ) -> bool:
        """Record that the reminder `key` was sent; return `False` if it already was.

        After `policy.escalate_after` reminders with no progress from the customer since
        (no state change), the payment is escalated to a human with the reason recorded.
        Within `skew_tolerance` before the last event, it is recorded at the last event's
        time with `stamped_at` in the audit record.

        Raises:
            InvalidFieldError: `key` is not one of the policy's slots, or bad `at`.
            IllegalTransitionError: the customer no longer owes an action.
        """
        check_policy(policy)
        _validators.text("key", key, max_length=200)
        _validators.text("actor", actor, max_length=200)
        when = _pendulum.instant(at, field="at")
        last = self.history[-1].at if self.history else None
        if last is not None and when < last and self.skew_tolerance:
            when, stamped = _skew.admit(when, last, self.skew_tolerance)
        else:
            stamped = None
        saved = save(self)
        try:
            return _reminding.record(self, policy, key, when, actor, stamped=stamped)
        except BaseException:
            restore(self, saved)
            raise

    # -- serialization ------------------------------------------------------------------

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key (3; schemas 1 and 2 still load).

        Args:
            embed: Accepted like every entity's `to_dict(embed=...)`; a payment's row
                refers to no registered value (its terms are its own fields, the reminder
                policy is passed to each call), so both forms are the same.
        """
        del embed  # nothing is referenced: see the docstring
        return _declarative.dump(self)

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> PaymentConfirmation:
        """Rebuild a payment confirmation from `to_dict()` output (schema 1, 2 or 3).

        Schema 1 documents (written before refunds, reversals and disputes had their own
        facts) are upgraded to 2: their commands are read back from the audit history.
        Schema 2 documents are upgraded to 3: `skew_tolerance` zero and `version` one plus
        the calls their logs record (notifications, commands, reminders).

        Args:
            data: The dict (JSON parsed by the host).
            path: Where it sits in a larger document, for error messages.
            registry: Accepted like every entity's `from_dict`; a payment row has no
                references to resolve.

        Raises:
            NewerSchemaError: the row was written by a newer supportflow (schema above 3).
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        del registry  # nothing to resolve: see the docstring
        return _declarative.load(cls, data, path=path)


_NAMES: Final = tuple(a.name for a in attrs.fields(PaymentConfirmation))
_GET_COMPARED: Final = operator.attrgetter(*(n for n in _NAMES if n not in {"_tail", "_sealed"}))
PaymentConfirmation._read_only = frozenset(n for n in _NAMES if not n.startswith("_"))
_EVENTS: Final = (
    "apply_notification",
    "apply_snapshot",
    "expire",
    "cancel",
    "request_refund",
    "resolve_exception",
)

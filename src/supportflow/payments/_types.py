"""The values of the payment-confirmation lifecycle: states, facts, presets and results."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Callable
from typing import Final, Literal, TypeAlias

import attrs

from supportflow import _json_schema as _js
from supportflow import _pendulum, _validators
from supportflow._declarative import NONEMPTY, REFERENCE, Document, custom, declared, optional, spec
from supportflow._serialization import _load_decimal, dump_decimal
from supportflow.errors import InvalidFieldError
from supportflow.registry import parse_ref

__all__ = [
    "BITPAY",
    "COINPAYMENTS",
    "CRYPTOPAY",
    "AmountStatus",
    "CommandRecord",
    "Dispute",
    "DisputeStatus",
    "EvidenceAlarm",
    "ExpiryPreset",
    "FailureReason",
    "NotificationKind",
    "NotificationKindName",
    "NotificationOutcome",
    "NotificationRecord",
    "NotificationResult",
    "PaymentResolution",
    "PaymentState",
    "RefundInstruction",
    "RefundRecord",
    "RefundStatus",
    "Resolution",
    "Timing",
]


class PaymentState(enum.Enum):
    """The flow state of a payment confirmation (the facts beside it are separate fields)."""

    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_CUSTOMER_ACTION = "awaiting_customer_action"
    PARTIALLY_PAID = "partially_paid"
    PROCESSING = "processing"
    AUTHORIZED = "authorized"
    CONFIRMED = "confirmed"
    SETTLED = "settled"
    NEEDS_REVIEW = "needs_review"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    FAILED = "failed"
    REFUNDED = "refunded"

    # Members are singletons compared by identity; the C-level identity hash makes the
    # table lookups on the notification hot path cheap (Enum's own hash is Python code).
    # Annotated for type checkers; typeshed spells Enum.__hash__ as a bound method.
    __hash__: Callable[[object], int] = object.__hash__  # type: ignore[assignment]


class AmountStatus(enum.Enum):
    """How the money received compares with the amount due (within the tolerance)."""

    NONE = "none"
    PARTIAL = "partial"
    EXACT = "exact"
    OVER = "over"


class Timing(enum.Enum):
    """Whether every payment arrived before the window closed (`late` once any did not)."""

    ON_TIME = "on_time"
    LATE = "late"


class FailureReason(enum.Enum):
    """Why a customer did not (or could not) confirm: the taxonomy reported in metrics."""

    TECHNICAL_FAILURE = "technical_failure"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    ACCOUNT_FROZEN = "account_frozen"
    AMOUNT_MISMATCH = "amount_mismatch"
    INFO_MISMATCH = "info_mismatch"
    SECURITY_CONCERN = "security_concern"
    ABANDONED = "abandoned"
    EXPIRED = "expired"
    OTHER = "other"


class NotificationKind(enum.Enum):
    """What a provider notification (webhook) says.

    Money-carrying kinds (`payment_detected`, `authorized`, the refund kinds, `reversed`
    and the dispute kinds but `dispute_lost`) need `amount` and `currency` in the payload;
    `confirmed` may carry `confirmations`; `attempt_failed` and `failed` may carry `reason`
    (a `FailureReason` value) and `provider_code`. Refund kinds may carry `refund_id`
    (default: the event id); `dispute_opened` may carry `evidence_due_by` (an ISO instant).

    The order of the members is the *kind precedence* of the total order of notifications
    (`occurred_at`, precedence, event id): at the same instant an earlier member is taken
    to have happened first.
    """

    ACTION_REQUIRED = "action_required"
    ATTEMPT_FAILED = "attempt_failed"
    PAYMENT_DETECTED = "payment_detected"
    AUTHORIZED = "authorized"
    CONFIRMED = "confirmed"
    SETTLED = "settled"
    REFUND_REQUESTED = "refund_requested"
    REFUND_PENDING = "refund_pending"
    REFUNDED = "refunded"
    REFUND_FAILED = "refund_failed"
    REFUND_CANCELLED = "refund_cancelled"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_FUNDS_WITHDRAWN = "dispute_funds_withdrawn"
    DISPUTE_WON = "dispute_won"
    DISPUTE_LOST = "dispute_lost"
    REVERSED = "reversed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    # Identity hash: see PaymentState.
    __hash__: Callable[[object], int] = object.__hash__  # type: ignore[assignment]


#: The value of a `NotificationKind`, as a web layer receives it: type checkers then catch a
#: misspelt kind. A test keeps it equal to the enum's values.
NotificationKindName: TypeAlias = Literal[
    "action_required",
    "attempt_failed",
    "payment_detected",
    "authorized",
    "confirmed",
    "settled",
    "refund_requested",
    "refund_pending",
    "refunded",
    "refund_failed",
    "refund_cancelled",
    "dispute_opened",
    "dispute_funds_withdrawn",
    "dispute_won",
    "dispute_lost",
    "reversed",
    "failed",
    "cancelled",
    "expired",
]


class NotificationOutcome(enum.Enum):
    """What `apply_notification` did with a notification."""

    APPLIED = "applied"  # the state moved
    RECORDED = "recorded"  # facts were recorded; the state already reflected them
    MERGED = "merged"  # a replay raised a growing field (confirmations): the maximum is kept
    IGNORED_BACKWARD = "ignored_backward"  # it would have moved the state backwards
    DUPLICATE = "duplicate"  # the event id was seen before: nothing changed


class PaymentResolution(enum.Enum):
    """How a human resolves a payment exception (`PaymentConfirmation.resolve_exception`).

    Not to be confused with `supportflow.complaints.Resolution`, what a firm proposes to
    put a complaint right: the two never share a name in the public API.
    """

    ACCEPT = "accept"  # keep the money and fulfil: -> CONFIRMED
    REFUND = "refund"  # give the money back: -> REFUNDED


# The payments package's own modules keep the short name; outside it the enum is only
# ever `PaymentResolution` (exported from `supportflow.payments` and `supportflow`).
Resolution = PaymentResolution


def _money(
    value: object, field: str, *, positive: bool = False, currency: str | None = None
) -> decimal.Decimal:
    """A non-negative amount in the documented range (`_validators.amount`); float never."""
    return _validators.amount(field, value, currency=currency, positive=positive)


def _instant(value: object, field: str) -> dt.datetime:
    return _pendulum.instant(value, field=field)


def _positive_window(_instance: object, _attribute: object, window: dt.timedelta) -> None:
    if not isinstance(window, dt.timedelta) or window <= dt.timedelta(0):  # type: ignore[redundant-expr]  # untyped callers
        raise InvalidFieldError("window", window, "be a positive duration")


@declared(schema=1)
@attrs.frozen
class ExpiryPreset(Document):
    """How long a processor keeps a payment window open, with where that number comes from.

    Attributes:
        name: The processor or method, e.g. `"bitpay"`.
        window: How long after creation the payment window closes.
        source: Where the number comes from.
        ref: The reference (`"checkout@1"`) it is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add`.
    """

    name: str
    window: dt.timedelta = attrs.field(validator=_positive_window)
    source: str
    ref: str | None = attrs.field(
        default=None, kw_only=True, metadata=spec(optional(REFERENCE), omit_default=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.ref is not None:
            parse_ref(self.ref)

    @classmethod
    def custom(cls, name: str, window: object, source: str = "configured") -> ExpiryPreset:
        """A configurable window (Alipay `timeout_express`, WeChat Pay `time_expire`).

        Raises:
            InvalidFieldError: `window` is not a positive duration.
        """
        return cls(name, window, source)  # type: ignore[arg-type]  # checked by the validator

    def expires_at(self, created_at: dt.datetime | str) -> dt.datetime:
        """The instant the window closes for a payment created at `created_at`."""
        return _instant(created_at, "created_at") + self.window


#: BitPay invoices expire 15 minutes after creation (BitPay invoice docs, `expirationTime`).
BITPAY = ExpiryPreset("bitpay", dt.timedelta(minutes=15), "BitPay invoice states: 15 minutes")
#: Cryptopay invoices expire after 10 minutes (Cryptopay API docs, invoice expiry).
CRYPTOPAY = ExpiryPreset("cryptopay", dt.timedelta(minutes=10), "Cryptopay invoices: 10 minutes")
#: CoinPayments checkout timeout of 60 minutes (CoinPayments API `timeout`).
COINPAYMENTS = ExpiryPreset(
    "coinpayments", dt.timedelta(minutes=60), "CoinPayments checkout: 60 minutes"
)


@declared(schema=1)
@attrs.frozen
class NotificationRecord(Document):
    """One distinct provider notification as it was applied: the notification log entry.

    Attributes:
        event_id: The provider's event id (the idempotency key).
        kind: What it said.
        occurred_at: When the provider says it happened.
        applied_at: When it was applied here.
        amount: The amount it carried (money kinds), else `None`.
        outcome: What applying it did (never `duplicate`: duplicates are not logged).
        detail: JSON-safe extra payload kept for audit (confirmations, reason, code).
    """

    event_id: str
    kind: NotificationKind
    occurred_at: dt.datetime
    applied_at: dt.datetime
    amount: decimal.Decimal | None
    outcome: NotificationOutcome
    detail: tuple[tuple[str, str], ...] = ()


#: Why a `RefundInstruction` is owed (its `reason`).
REFUND_REASONS: Final = ("excess", "exception", "resolution", "after_refund")


def _refund_reason(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    if value not in REFUND_REASONS:
        raise InvalidFieldError("", value, f"be one of {', '.join(REFUND_REASONS)}")
    return value


def _positive_amount(value: object) -> decimal.Decimal:
    amount = _load_decimal(value)
    if amount <= 0:
        raise InvalidFieldError("", value, "be above 0")
    return amount


#: An amount above 0, as its exact string.
_POSITIVE_AMOUNT: Final = custom(dump_decimal, _positive_amount, _js.DECIMAL)


@declared(schema=None)
@attrs.frozen
class RefundInstruction(Document):
    """Money the merchant owes back to the customer, for the host to pay out.

    Attributes:
        payment_id: The payment confirmation.
        amount: How much to refund (positive).
        currency: In which currency.
        reason: Why: `"excess"` (over-payment), `"exception"` (money on a failed, expired,
            cancelled or reviewed payment), `"after_refund"` (money kept after refunds
            that cover the amount due) or `"resolution"` (a human chose to refund).
    """

    payment_id: str = attrs.field(metadata=spec(NONEMPTY))
    amount: decimal.Decimal = attrs.field(metadata=spec(_POSITIVE_AMOUNT))
    currency: str = attrs.field(metadata=spec(NONEMPTY))
    reason: str = attrs.field(
        metadata=spec(custom(str, _refund_reason, lambda: _js.enum_of(REFUND_REASONS)))
    )


@declared(schema=1)
@attrs.frozen
class NotificationResult(Document):
    """What `apply_notification` did.

    Its document (e.g. a webhook endpoint's response body) has `refund` as `null` or a
    `RefundInstruction` with the amount as an exact decimal string.

    Attributes:
        event_id: The notification's event id.
        outcome: Applied, recorded, ignored as backwards, or a duplicate.
        state: The payment's state afterwards.
        refund: The refund now owed, if any (e.g. the excess of an over-payment).
    """

    event_id: str = attrs.field(metadata=spec(NONEMPTY))
    outcome: NotificationOutcome
    state: PaymentState
    refund: RefundInstruction | None = None

    @property
    def duplicate(self) -> bool:
        """Whether the notification was a replay of one already applied."""
        return self.outcome is NotificationOutcome.DUPLICATE


class RefundStatus(enum.Enum):
    """Where one refund is in its own lifecycle.

    A refund moves up the rank `requested` < `pending` < `succeeded` = `cancelled` <
    `failed` (a processor may report a succeeded refund as failed later: Stripe does);
    between equal ranks the later notification in the total order wins.
    """

    REQUESTED = "requested"
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    CANCELLED = "cancelled"
    FAILED = "failed"

    # Identity hash: see PaymentState.
    __hash__: Callable[[object], int] = object.__hash__  # type: ignore[assignment]


@declared(schema=None)
@attrs.frozen
class RefundRecord(Document):
    """One refund of (part of) a payment, by the refund's own id.

    Attributes:
        refund_id: The processor's (or the host's) refund id.
        amount: How much it returns.
        status: Where it is: only `succeeded` refunds count in `refunded`; `requested`,
            `pending` and `succeeded` ones count against what may still be refunded.
    """

    refund_id: str
    amount: decimal.Decimal
    status: RefundStatus

    @property
    def outstanding(self) -> bool:
        """Whether the refund still returns (or returned) its money."""
        return self.status in _OUTSTANDING


_OUTSTANDING: Final = frozenset(
    (RefundStatus.REQUESTED, RefundStatus.PENDING, RefundStatus.SUCCEEDED)
)


class DisputeStatus(enum.Enum):
    """Where a dispute (chargeback) stands."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"

    # Identity hash: see PaymentState.
    __hash__: Callable[[object], int] = object.__hash__  # type: ignore[assignment]


@declared(schema=None)
@attrs.frozen
class Dispute(Document):
    """A dispute (chargeback) on a payment, beside its flow state (as Stripe models it).

    Attributes:
        status: Open, won or lost (a decision is final: `won`/`lost` never reopen).
        amount: The amount disputed.
        withdrawn: Money the processor took from the merchant for it.
        reinstated: Money given back to the merchant when the dispute was won.
        evidence_due_by: When the merchant's evidence is due, if the processor said.
        opened_at: When it was opened.
    """

    status: DisputeStatus
    amount: decimal.Decimal
    withdrawn: decimal.Decimal
    reinstated: decimal.Decimal
    evidence_due_by: dt.datetime | None
    opened_at: dt.datetime | None


@attrs.frozen
class EvidenceAlarm:
    """An open dispute whose evidence deadline is near or past (SLA-style alarm).

    Attributes:
        payment_id: The disputed payment.
        due_by: When the evidence is due.
        remaining: Time left (negative once breached).
        breached: Whether the deadline has passed.
    """

    payment_id: str
    due_by: dt.datetime
    remaining: dt.timedelta
    breached: bool


#: The host commands a payment logs.
COMMAND_NAMES: Final = ("expire", "cancel", "resolve", "snapshot")


def _command_name(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    if value not in COMMAND_NAMES:
        raise InvalidFieldError("", value, "be expire, cancel, resolve or snapshot")
    return value


@declared(schema=None)
@attrs.frozen
class CommandRecord(Document):
    """A host command kept in the log, so the facts can be re-derived in total order.

    Attributes:
        name: `"expire"`, `"cancel"`, `"resolve"` or `"snapshot"`.
        at: When it was given.
        actor: Who gave it.
        detail: JSON-safe arguments (resolution, snapshot state and totals).
    """

    name: str = attrs.field(metadata=spec(custom(str, _command_name, NONEMPTY.schema)))
    at: dt.datetime
    actor: str
    detail: tuple[tuple[str, str], ...] = ()

"""The facts of a payment as a fold of its log in one total order, and the state they call for.

Every notification and host command is an entry of the payment's log. Entries are taken in
the *total order* `(occurred_at in UTC, kind precedence, event id)`; host commands sort
after every notification of the same instant (an on-time payment wins a tie with the
host's `expire`). The facts are the fold of `step` over the log in that order, and the
state is `target(facts)`, a pure function: so the state and every fact depend only on the
*set* of entries, never on the order they were delivered in.

A payment applies an entry that sorts after everything it has seen with one `step` (the
fast path); an entry delivered out of order makes it fold the whole log again.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol

import attrs

from supportflow.payments._payload import _from_detail, _Payload
from supportflow.payments._types import (
    CommandRecord,
    Dispute,
    DisputeStatus,
    FailureReason,
    NotificationKind,
    NotificationRecord,
    PaymentState,
    RefundRecord,
    RefundStatus,
    Resolution,
    Timing,
)
from supportflow.payments._workflow import (
    _ATTEMPT_KINDS,
    _FAILURE_KINDS,
    _MONEY_IN,
    _ZERO,
    NEGATIVE,
    OWING,
    RANK,
    TERMINAL,
    P,
    _max_state,
)

__all__: list[str] = []

K = NotificationKind
_UTC: Final = dt.UTC

#: Kind precedence: the member order of `NotificationKind`.
PRECEDENCE: Final[Mapping[NotificationKind, int]] = {k: i for i, k in enumerate(NotificationKind)}
#: Host commands sort after every notification of the same instant, in this order.
COMMAND_PRECEDENCE: Final[Mapping[str, int]] = {
    "snapshot": 100,
    "expire": 101,
    "cancel": 102,
    "resolve": 103,
}
REFUND_KINDS: Final[Mapping[NotificationKind, RefundStatus]] = {
    K.REFUND_REQUESTED: RefundStatus.REQUESTED,
    K.REFUND_PENDING: RefundStatus.PENDING,
    K.REFUNDED: RefundStatus.SUCCEEDED,
    K.REFUND_FAILED: RefundStatus.FAILED,
    K.REFUND_CANCELLED: RefundStatus.CANCELLED,
}
_REFUND_RANK: Final[Mapping[RefundStatus, int]] = {
    RefundStatus.REQUESTED: 0,
    RefundStatus.PENDING: 1,
    RefundStatus.SUCCEEDED: 2,
    RefundStatus.CANCELLED: 2,
    RefundStatus.FAILED: 3,
}
DISPUTE_KINDS: Final = frozenset(
    (K.DISPUTE_OPENED, K.DISPUTE_FUNDS_WITHDRAWN, K.DISPUTE_WON, K.DISPUTE_LOST)
)
#: Kinds whose payload must carry an amount and the payment's currency.
AMOUNT_KINDS: Final = frozenset(
    (
        *_MONEY_IN,
        *REFUND_KINDS,
        K.REVERSED,
        K.DISPUTE_OPENED,
        K.DISPUTE_FUNDS_WITHDRAWN,
        K.DISPUTE_WON,
    )
)

#: A place in the total order: (time since the epoch, precedence, event id or command no.).
Key = tuple[dt.timedelta, int, str]
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=_UTC)


def utc(value: dt.datetime) -> dt.datetime:
    """`value` as a UTC reading (a no-op on stdlib UTC instants)."""
    return value if value.tzinfo is _UTC else value.astimezone(_UTC)


def since_epoch(value: dt.datetime) -> dt.timedelta:
    """An instant as its distance from the Unix epoch: ordered in UTC whatever its zone.

    (Aware subtraction across zones goes through UTC, so two local readings in a DST fold
    are never compared by wall clock.)
    """
    return dt.datetime.__sub__(value, _EPOCH)


_LATE: Final = ("late_delivery", "1")


def notification_key(record: NotificationRecord) -> Key:
    """The place of a logged notification in the total order.

    A payment delivered more than the payment's `delivery_grace` after the window closed
    takes its place at its delivery (`applied_at`): it can no longer undo a closure.
    """
    when = record.applied_at if _LATE in record.detail else record.occurred_at
    return (since_epoch(when), PRECEDENCE[record.kind], record.event_id)


def command_key(command: CommandRecord, index: int) -> Key:
    """The place of the `index`-th host command in the total order."""
    return (since_epoch(command.at), COMMAND_PRECEDENCE[command.name], f"{index:012d}")


class Config(Protocol):
    """What the fold reads of the payment's terms."""

    @property
    def amount_due(self) -> decimal.Decimal: ...
    @property
    def expires_at(self) -> dt.datetime: ...
    @property
    def required_confirmations(self) -> int: ...
    @property
    def effective_tolerance(self) -> decimal.Decimal: ...


@attrs.define(slots=True)
class Facts:
    """The fact fields of a payment (the same names as on `PaymentConfirmation`)."""

    received: decimal.Decimal = _ZERO
    refunded: decimal.Decimal = _ZERO
    reversed: decimal.Decimal = _ZERO
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
    closed: PaymentState | None = None
    unexpected: str = ""
    snapshot_state: PaymentState | None = None
    refunds: tuple[RefundRecord, ...] = ()
    dispute: Dispute | None = None


FACT_NAMES: Final = tuple(a.name for a in attrs.fields(Facts))


def fold(
    cfg: Config,
    notifications: Sequence[NotificationRecord],
    commands: Sequence[CommandRecord],
) -> Facts:
    """The facts of a log: `step` over every entry in the total order.

    `notifications` must be in the total order (a payment keeps its log so).
    """
    facts = Facts()
    if not commands:  # the common case: no host command to merge in
        for n in notifications:
            step(facts, cfg, n.kind, n.occurred_at, _from_detail(n.amount, n.detail))
        return facts
    entries: list[tuple[Key, NotificationRecord | CommandRecord]] = [
        (notification_key(n), n) for n in notifications
    ]
    entries.extend((command_key(c, i), c) for i, c in enumerate(commands))
    entries.sort(key=lambda e: e[0])
    for _, entry in entries:
        if isinstance(entry, NotificationRecord):
            step(
                facts, cfg, entry.kind, entry.occurred_at, _from_detail(entry.amount, entry.detail)
            )
        else:
            command_step(facts, cfg, entry)
    return facts


def _paid_in_full(
    f: Any,  # noqa: ANN401 - see `step`
    cfg: Config,
) -> bool:
    paid: bool = f.received - f.reversed >= cfg.amount_due - cfg.effective_tolerance
    return paid


def step(  # noqa: PLR0912 - one branch per notification kind
    f: Any,  # noqa: ANN401 - `Facts` or the payment itself: the same attribute names
    cfg: Config,
    kind: NotificationKind,
    occurred: dt.datetime,
    p: _Payload,
) -> None:
    """Fold one notification into the facts `f` (which may be the payment itself)."""
    f.snapshot_state = None
    if kind in _ATTEMPT_KINDS:
        f.attempts += 1
    if p.confirmations is not None and p.confirmations > f.confirmations:
        f.confirmations = p.confirmations
    if kind in _MONEY_IN:
        amount = p.amount
        assert amount is not None  # noqa: S101 - parsing requires it
        f.received += amount
        if occurred > cfg.expires_at or p.late or f.closed is not None:
            f.timing = Timing.LATE
        if kind is K.AUTHORIZED:
            f.reported = _max_state(f.reported, P.AUTHORIZED)
        if p.mismatch:
            f.unexpected = f.unexpected or "amount_mismatch"
            f.failure_reason = FailureReason.AMOUNT_MISMATCH
    elif kind is K.ACTION_REQUIRED:
        f.action_requested = True
    elif kind is K.CONFIRMED:
        if p.confirmations is None and f.confirmations < cfg.required_confirmations:
            # The provider decided the payment is final: the threshold is reached.
            f.confirmations = cfg.required_confirmations
    elif kind is K.SETTLED:
        f.reported = _max_state(f.reported, P.SETTLED)
    elif kind in REFUND_KINDS:
        _refund_step(f, REFUND_KINDS[kind], p)
    elif kind in DISPUTE_KINDS:
        _dispute_step(f, kind, occurred, p)
    elif kind is K.REVERSED:
        assert p.amount is not None  # noqa: S101 - parsing requires it
        f.reversed += p.amount
        if f.closed is None and f.received - f.reversed - f.refunded <= 0:
            _close(f, cfg, P.FAILED, occurred, "provider")
    elif kind is K.FAILED:
        kept = f.received - f.reversed - f.refunded
        if f.closed is None and kept > 0:
            # A reversal: the processor took the money back (returned debit, double spend).
            f.reversed += kept
        _close(f, cfg, P.FAILED, occurred, "provider")
    elif kind is K.EXPIRED:
        _close(f, cfg, P.EXPIRED, occurred, "provider")
    elif kind is K.CANCELLED:
        _close(f, cfg, P.CANCELLED, occurred, "provider")
    if kind in _FAILURE_KINDS:
        f.failure_reason = p.reason
        f.provider_code = p.provider_code


def _close(
    f: Any,  # noqa: ANN401 - see `step`
    cfg: Config,
    state: PaymentState,
    when: dt.datetime,
    by: str,
) -> None:
    """A closure takes effect only on a payment still owed: the first in the order wins.

    A provider's `expired` records the reason `expired` whatever it closes (it is what the
    provider said); the host's `expire` only when it closes the payment, so an on-time
    payment delivered after it leaves no trace of it, exactly as if delivered first.
    """
    if state is P.EXPIRED and f.failure_reason is None and by == "provider":
        f.failure_reason = FailureReason.EXPIRED
    if f.closed is not None:
        return
    if state is not P.FAILED and _paid_in_full(f, cfg):
        if state is P.CANCELLED:
            f.unexpected = f.unexpected or "cancelled after payment"
        return  # the window closed after the money arrived: nothing to close
    f.closed = state
    if state is P.EXPIRED:
        f.expired_at = when
        if f.failure_reason is None:
            f.failure_reason = FailureReason.EXPIRED
    elif state is P.FAILED:
        f.failed_at = when
    else:
        f.cancelled_at = when
        f.cancelled_by = by


def _refund_step(
    f: Any,  # noqa: ANN401 - see `step`
    status: RefundStatus,
    p: _Payload,
) -> None:
    refund_id = p.refund_id
    amount = p.amount
    assert amount is not None  # noqa: S101 - parsing requires it
    refunds = list(f.refunds)
    for i, old in enumerate(refunds):
        if old.refund_id == refund_id:
            if _REFUND_RANK[status] < _REFUND_RANK[old.status]:
                return
            refunds[i] = RefundRecord(refund_id, amount, status)
            break
    else:
        old = None
        refunds.append(RefundRecord(refund_id, amount, status))
    was = old is not None and old.status is RefundStatus.SUCCEEDED
    now = status is RefundStatus.SUCCEEDED
    if now and not was:
        f.refunded += amount
    elif was and not now:
        f.refunded -= amount
    f.refunds = tuple(refunds)


def _dispute_step(
    f: Any,  # noqa: ANN401 - see `step`
    kind: NotificationKind,
    occurred: dt.datetime,
    p: _Payload,
) -> None:
    d = f.dispute or Dispute(DisputeStatus.OPEN, _ZERO, _ZERO, _ZERO, None, None)
    amount = p.amount or _ZERO
    if kind is K.DISPUTE_OPENED:
        d = attrs.evolve(
            d,
            amount=max(d.amount, amount),
            evidence_due_by=p.evidence_due_by or d.evidence_due_by,
            opened_at=occurred if d.opened_at is None else d.opened_at,
        )
    elif kind is K.DISPUTE_FUNDS_WITHDRAWN:
        d = attrs.evolve(d, withdrawn=d.withdrawn + amount, amount=max(d.amount, amount))
    elif d.status is DisputeStatus.OPEN:  # a decision is final: the first one counts
        if kind is K.DISPUTE_WON:
            d = attrs.evolve(d, status=DisputeStatus.WON, reinstated=d.reinstated + amount)
        else:
            d = attrs.evolve(d, status=DisputeStatus.LOST)
    f.dispute = d


def command_step(
    f: Any,  # noqa: ANN401 - see `step`
    cfg: Config,
    command: CommandRecord,
) -> None:
    """Fold one host command into the facts `f`."""
    detail = dict(command.detail)
    if command.name == "expire":
        _close(f, cfg, P.EXPIRED, command.at, "system")
    elif command.name == "cancel":
        _close(f, cfg, P.CANCELLED, command.at, "merchant")
    elif command.name == "resolve":
        f.resolution = Resolution(detail["resolution"])
    else:  # snapshot
        state = PaymentState(detail["state"])
        if "received" in detail:
            f.received = decimal.Decimal(detail["received"])
        if "refunded" in detail:
            f.refunded = decimal.Decimal(detail["refunded"])
        if state in (P.AUTHORIZED, P.SETTLED):
            f.reported = _max_state(f.reported, state)
        elif state is P.CONFIRMED:
            f.confirmations = max(f.confirmations, cfg.required_confirmations)
        f.snapshot_state = state


def target(  # noqa: PLR0911, PLR0912 - a decision table, one exit per row
    f: Any,  # noqa: ANN401 - see `step`
    cfg: Config,
) -> PaymentState:
    """The state the facts call for (a pure function of the facts)."""
    if f.resolution is Resolution.REFUND:
        return P.REFUNDED
    stuck = f.received - f.reversed  # money that reached the merchant and stayed
    if f.resolution is Resolution.ACCEPT:
        return P.REFUNDED if stuck > 0 and f.refunded >= stuck else P.CONFIRMED
    tol = cfg.effective_tolerance
    due = cfg.amount_due
    if f.closed is not None:
        base = P.NEEDS_REVIEW if stuck > 0 else f.closed
    elif f.unexpected:
        base = P.NEEDS_REVIEW
    elif stuck >= due - tol and f.refunded >= stuck:
        base = P.REFUNDED
    elif f.refunded >= due - tol and stuck > f.refunded:
        base = P.NEEDS_REVIEW  # money kept after a full refund: it is owed back
    elif stuck <= 0:
        base = P.AWAITING_CUSTOMER_ACTION if f.action_requested else P.AWAITING_PAYMENT
    elif stuck < due - tol:
        base = P.PARTIALLY_PAID
    elif RANK[f.reported] >= RANK[P.SETTLED]:
        base = P.SETTLED
    elif f.confirmations >= cfg.required_confirmations:
        base = P.CONFIRMED
    elif f.reported is P.AUTHORIZED:
        base = P.AUTHORIZED
    else:
        base = P.PROCESSING
    snap: PaymentState | None = f.snapshot_state
    if snap is None or snap is base:
        return base
    if base in TERMINAL:
        return P.NEEDS_REVIEW  # the provider disagrees with a closed payment
    if snap in OWING and stuck >= due - tol:
        return P.NEEDS_REVIEW  # the provider says unpaid, the money says paid
    if snap in NEGATIVE and stuck > 0:
        return P.NEEDS_REVIEW
    return snap

"""Provider notifications on a payment: applied idempotently, folded in the total order.

A mixin of `PaymentConfirmation` (the state lives on it). A notification that sorts after
everything the payment has seen is folded with one step (the fast path); one delivered out
of order makes the payment fold its whole log again (`_fold`). A replay of an event id
changes nothing, or raises the confirmations count, or is a conflict.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from supportflow import _pendulum
from supportflow._sealed import opening
from supportflow.errors import IdempotencyConflictError, RefundExceedsReceivedError
from supportflow.payments import _fold
from supportflow.payments._moves import _Moves, restore, save
from supportflow.payments._parse import parse_payload
from supportflow.payments._payload import _parse_kind, _Payload, _text_field
from supportflow.payments._queries import _Queries
from supportflow.payments._types import (
    CommandRecord,
    NotificationKind,
    NotificationKindName,
    NotificationOutcome,
    NotificationRecord,
    NotificationResult,
    RefundRecord,
)
from supportflow.payments._workflow import _ZERO, _outcome

__all__: list[str] = []

_K = NotificationKind


class _Notifications(_Moves, _Queries):
    """Applying provider notifications (a mixin of `PaymentConfirmation`)."""

    if TYPE_CHECKING:  # these live in the slots of the subclass, `PaymentConfirmation`
        currency: str
        required_confirmations: int
        expires_at: dt.datetime
        delivery_grace: dt.timedelta
        confirmations: int
        refunds: tuple[RefundRecord, ...]
        notifications: tuple[NotificationRecord, ...]
        commands: tuple[CommandRecord, ...]
        _tail: _fold.Key | None
    else:
        __slots__ = ()

    @opening
    def apply_notification(
        self,
        event_id: str,
        kind: NotificationKind | NotificationKindName,
        occurred_at: dt.datetime | str,
        payload: Mapping[str, object] | None = None,
        *,
        at: dt.datetime | str | None = None,
        actor: str = "provider",
    ) -> NotificationResult:
        """Apply one provider notification (webhook), idempotently by `event_id`.

        A replay of an event id already applied changes nothing and reports `duplicate`,
        but a replay reporting more `confirmations` raises the count (`merged`). The state
        and facts are those of the whole log in the total order (see the module docs).

        Args:
            event_id: The provider's event id.
            kind: What it says (a `NotificationKind` or its value).
            occurred_at: When the provider says it happened (aware).
            payload: `amount`, `currency`, `confirmations`, `reason`, `provider_code`,
                `refund_id`, `evidence_due_by`, `mismatch`.
            at: When it is applied (default: the later of `occurred_at` and the last
                event); within `skew_tolerance` before the last event it is recorded at the
                last event's time with `stamped_at` in the record's detail.
            actor: Who sent it, for the audit trail.

        Raises:
            IdempotencyConflictError: the event id was applied before with other identifying
                content (kind, occurred_at, amount, reason, provider code, refund id), or a
                refund id was seen with another amount.
            RefundExceedsReceivedError: the refunds would exceed the money received (a
                refund delivered before its payment: answer the provider with a retry).
            InvalidFieldError: a bad payload (negative, NaN or float amount, another
                currency, unknown reason), a naive instant, or `at` before the last event.
        """
        event_id = _text_field(event_id, "event_id")
        kind = _parse_kind(kind)
        occurred = _pendulum.instant(occurred_at, field="occurred_at")
        parsed = parse_payload(kind, payload, event_id, self.currency, self.refunds)
        for index, record in enumerate(self.notifications):
            if record.event_id == event_id:
                return self._replay(index, record, kind, occurred, parsed)
        when, stamped = self._admit(at, occurred)
        if stamped is not None:
            parsed = attrs.evolve(parsed, detail=(*parsed.detail, _stamp(stamped)))
        if (
            kind in _MONEY_KINDS_IN
            and when > self.expires_at
            and dt.datetime.__sub__(_fold.utc(when), _fold.utc(self.expires_at))
            > self.delivery_grace
        ):
            parsed = attrs.evolve(
                parsed, late=True, detail=(*parsed.detail, ("late_delivery", "1"))
            )
        key = (_fold.since_epoch(when if parsed.late else occurred), _PRECEDENCE[kind], event_id)
        saved = save(self)
        before = self.state
        try:
            fast = self._is_last(key)
            if fast:
                _fold.step(self, self, kind, occurred, parsed)
                self._tail = key
            else:
                logged = list(self.notifications)
                record = NotificationRecord(
                    event_id,
                    kind,
                    occurred,
                    when,
                    parsed.amount,
                    _RECORDED,
                    parsed.detail,
                )
                bisect.insort(logged, record, key=_fold.notification_key)
                self.notifications = tuple(logged)
                self._refold()
            if kind in _fold.REFUND_KINDS:
                self._check_refunds(event_id)
            target = _fold.target(self, self)
            moved = target is not before and self._move(
                target,
                at=when,
                actor=actor,
                note=f"{kind.value} {event_id}",
                data=_move_data(event_id, kind, stamped),
            )
            outcome = _outcome(moved, kind, before)
            if fast:
                self.notifications = (
                    *self.notifications,
                    NotificationRecord(
                        event_id,
                        kind,
                        occurred,
                        when,
                        parsed.amount,
                        outcome,
                        parsed.detail,
                    ),
                )
            elif outcome is not _RECORDED:
                self.notifications = tuple(
                    attrs.evolve(n, outcome=outcome) if n.event_id == event_id else n
                    for n in self.notifications
                )
        except BaseException:
            restore(self, saved)
            raise
        return NotificationResult(event_id, outcome, self.state, self.refund_due())

    def _is_last(self, key: _fold.Key) -> bool:
        """Whether `key` sorts after every logged entry (then one fold step is enough)."""
        tail = self._tail
        if tail is None:
            keys = [_fold.notification_key(n) for n in self.notifications]
            keys.extend(_fold.command_key(c, i) for i, c in enumerate(self.commands))
            tail = max(keys, default=None)
        return tail is None or key > tail

    def _refold(self) -> None:
        self._tail = None  # recomputed from the log when next needed
        facts = _fold.fold(self, self.notifications, self.commands)
        for name in _fold.FACT_NAMES:
            object.__setattr__(self, name, getattr(facts, name))

    def _check_refunds(self, key: str) -> None:
        outstanding = sum((r.amount for r in self.refunds if r.outstanding), _ZERO)
        available = self.received - self.reversed
        if outstanding > available:
            raise RefundExceedsReceivedError(key, str(outstanding), str(available))

    def _replay(
        self,
        index: int,
        record: NotificationRecord,
        kind: NotificationKind,
        occurred: dt.datetime,
        parsed: _Payload,
    ) -> NotificationResult:
        """A notification seen before: the same content, or a conflict, or more confirmations."""
        event_id = record.event_id
        if record.kind is not kind:
            raise IdempotencyConflictError(event_id, "kind", record.kind.value, kind.value)
        if _fold.utc(record.occurred_at) != _fold.utc(occurred):
            raise IdempotencyConflictError(
                event_id, "occurred_at", record.occurred_at.isoformat(), occurred.isoformat()
            )
        if record.amount != parsed.amount:
            raise IdempotencyConflictError(event_id, "amount", record.amount, parsed.amount)
        old = {k: v for k, v in record.detail if k not in _UNCOMPARED}
        new = {k: v for k, v in parsed.detail if k not in _UNCOMPARED}
        for field in sorted(old.keys() | new.keys()):
            if old.get(field) != new.get(field):
                raise IdempotencyConflictError(event_id, field, old.get(field), new.get(field))
        seen = dict(record.detail).get("confirmations")
        grown = parsed.confirmations
        if grown is None or (seen is not None and grown <= int(seen)):
            return NotificationResult(
                event_id, NotificationOutcome.DUPLICATE, self.state, self.refund_due()
            )
        # Confirmations only grow: the record keeps the maximum (the documented merge rule).
        detail = tuple((k, str(grown) if k == "confirmations" else v) for k, v in record.detail)
        if seen is None:
            detail = (*detail, ("confirmations", str(grown)))
        saved = save(self)
        try:
            logged = list(self.notifications)
            logged[index] = attrs.evolve(record, detail=detail)
            self.notifications = tuple(logged)
            self.confirmations = max(self.confirmations, grown)
            self._move(
                _fold.target(self, self),
                at=self._when(None, occurred),
                actor="provider",
                note=f"{kind.value} {event_id} (replay, {grown} confirmations)",
                data={"event_id": event_id, "kind": kind.value},
            )
        except BaseException:
            restore(self, saved)
            raise
        return NotificationResult(
            event_id, NotificationOutcome.MERGED, self.state, self.refund_due()
        )


_MONEY_KINDS_IN: Final = frozenset((_K.PAYMENT_DETECTED, _K.AUTHORIZED))
_GROWING: Final = frozenset(("confirmations", "late_delivery"))
#: Detail keys a replay is not compared on: growing counts and where skew recorded it.
_UNCOMPARED: Final = _GROWING | {"stamped_at"}


def _stamp(stamped: dt.datetime) -> tuple[str, str]:
    return ("stamped_at", _pendulum.format_instant(stamped))


def _move_data(
    event_id: str, kind: NotificationKind, stamped: dt.datetime | None
) -> dict[str, object]:
    data: dict[str, object] = {"event_id": event_id, "kind": kind.value}
    if stamped is not None:
        data["stamped_at"] = _pendulum.format_instant(stamped)
    return data


_RECORDED: Final = NotificationOutcome.RECORDED
_PRECEDENCE: Final = _fold.PRECEDENCE

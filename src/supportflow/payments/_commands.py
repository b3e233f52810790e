"""The host's commands on a payment: expire, cancel, refund requests, resolutions, snapshots.

A mixin of `PaymentConfirmation`: every command is an entry of the payment's log, folded
in the total order like the notifications (see `_fold`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING

from supportflow import _pendulum
from supportflow._sealed import opening
from supportflow.audit import TransitionRecord
from supportflow.errors import IllegalTransitionError, InvalidFieldError
from supportflow.payments import _fold
from supportflow.payments._moves import restore, save
from supportflow.payments._notifying import _Notifications
from supportflow.payments._payload import _text_field
from supportflow.payments._types import (
    CommandRecord,
    NotificationKind,
    NotificationResult,
    PaymentState,
    Resolution,
    _money,
)
from supportflow.payments._workflow import _SYNC_BACK, OWING, PAYMENT_WORKFLOW

__all__: list[str] = []

_K = NotificationKind


class _HostCommands(_Notifications):
    """The host's commands (a mixin: the state lives on `PaymentConfirmation`)."""

    if TYPE_CHECKING:  # these live in the slots of the subclass, `PaymentConfirmation`
        commands: tuple[CommandRecord, ...]
        _tail: _fold.Key | None
    else:
        __slots__ = ()

    def _command(self, command: CommandRecord, *, note: str, event: str | None = None) -> None:
        """Log a host command, fold it, and move (all-or-nothing)."""
        saved = save(self)
        try:
            key = _fold.command_key(command, len(self.commands))
            fast = self._is_last(key)
            self.commands = (*self.commands, command)
            if fast:
                _fold.command_step(self, self, command)
                self._tail = key
            else:
                self._refold()
            self._move(
                _fold.target(self, self),
                at=command.at,
                actor=command.actor,
                note=note,
                data=dict(command.detail),
                event=event,
            )
        except BaseException:
            restore(self, saved)
            raise

    @opening
    def apply_snapshot(
        self,
        provider_state: PaymentState | str,
        *,
        at: dt.datetime | str,
        received: decimal.Decimal | str | None = None,
        refunded: decimal.Decimal | str | None = None,
        actor: str = "provider",
    ) -> PaymentState:
        """Take the provider's authoritative state (e.g. after a reconciliation poll).

        The snapshot is an entry of the log at `at`: `received` and `refunded`, when given,
        replace the totals of the notifications before it; its state holds until a later
        notification. A live payment jumps there, backwards too; a snapshot that
        contradicts a closed payment, or says "unpaid" when the money was received, sends
        the payment to `NEEDS_REVIEW`.

        Returns:
            The state afterwards.

        Raises:
            InvalidFieldError: unknown state, bad amounts, naive `at` or `at` in the past.
        """
        try:
            state = PaymentState(provider_state)
        except ValueError as exc:
            choices = ", ".join(s.value for s in PaymentState)
            raise InvalidFieldError(
                "provider_state", provider_state, f"be one of {choices}"
            ) from exc
        detail = [("state", state.value)]
        if received is not None:
            detail.append(("received", str(_money(received, "received"))))
        if refunded is not None:
            detail.append(("refunded", str(_money(refunded, "refunded"))))
        when, stamped = self._admit(_pendulum.instant(at, field="at"), self.created_at)
        command = CommandRecord("snapshot", when, actor, _stamped(detail, stamped))
        event = "sync" if state in _SYNC_BACK else None
        self._command(command, note=f"provider snapshot: {state.value}", event=event)
        return self.state

    # -- commands -----------------------------------------------------------------------

    @opening
    def expire(self, *, at: dt.datetime | str, actor: str = "system") -> TransitionRecord:
        """Close the payment window (called by the host's timer at or after `expires_at`).

        Goes to EXPIRED, or to NEEDS_REVIEW when money was partially received (a refund is
        then due). The expiry is an entry of the log at `at`: a payment that *occurred*
        before it and is delivered later (within `delivery_grace` of `expires_at`) takes
        its place before the expiry, exactly as if it had been delivered on time.

        Raises:
            InvalidFieldError: `at` is before `expires_at` (or naive, or in the past).
            IllegalTransitionError: the customer no longer owes an action.
        """
        when = _pendulum.instant(at, field="at")
        if when < self.expires_at:
            raise InvalidFieldError("at", at, f"not be before expires_at ({self.expires_at})")
        return self._close("expire", when, actor, "payment window closed")

    @opening
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

    def _close(self, name: str, when: dt.datetime, actor: str, note: str) -> TransitionRecord:
        if self.state not in OWING:
            raise IllegalTransitionError(PAYMENT_WORKFLOW._label(self), self.state.value, name)
        when, stamped = self._admit(when, when)
        command = CommandRecord(name, when, actor, _stamped([], stamped))
        self._command(command, note=note, event=name)
        return self.history[-1]

    @opening
    def request_refund(
        self,
        refund_id: str,
        amount: decimal.Decimal | str,
        *,
        at: dt.datetime | str,
        actor: str = "merchant",
    ) -> NotificationResult:
        """Record that the host asked the processor for a refund (status `requested`).

        The processor's own notifications (`refund_pending`, `refunded`, `refund_failed`,
        `refund_cancelled` with the same `refund_id`) then move it on.

        Raises:
            RefundExceedsReceivedError: the refunds would exceed the money received.
            IdempotencyConflictError: `refund_id` was seen with another amount.
            InvalidFieldError: a bad amount, id or instant.
        """
        refund_id = _text_field(refund_id, "refund_id")
        when = _pendulum.instant(at, field="at")
        return self.apply_notification(
            f"refund-request:{refund_id}",
            _K.REFUND_REQUESTED,
            when,
            {"amount": amount, "currency": self.currency, "refund_id": refund_id},
            at=when,
            actor=actor,
        )

    @opening
    def resolve_exception(
        self, resolution: Resolution | str, *, at: dt.datetime | str, actor: str, note: str = ""
    ) -> TransitionRecord:
        """A human resolves an exception: `accept` (-> CONFIRMED) or `refund` (-> REFUNDED).

        The way out of NEEDS_REVIEW, EXPIRED, FAILED and CANCELLED.

        Raises:
            IllegalTransitionError: the payment is not in one of those states.
            InvalidFieldError: unknown resolution, naive `at` or `at` in the past.
        """
        try:
            chosen = Resolution(resolution)
        except ValueError as exc:
            raise InvalidFieldError("resolution", resolution, "be 'accept' or 'refund'") from exc
        when = _pendulum.instant(at, field="at")
        event = f"resolve_{chosen.value}"
        if event not in PAYMENT_WORKFLOW.allowed_events(self.state):
            raise IllegalTransitionError(PAYMENT_WORKFLOW._label(self), self.state.value, event)
        when, stamped = self._admit(when, when)
        detail = _stamped([("resolution", chosen.value)], stamped)
        command = CommandRecord("resolve", when, actor, detail)
        self._command(command, note=note, event=event)
        return self.history[-1]


def _stamped(
    detail: list[tuple[str, str]], stamped: dt.datetime | None
) -> tuple[tuple[str, str], ...]:
    """A command's detail, with its own stamp when skew moved it (`stamped_at`)."""
    if stamped is not None:
        detail.append(("stamped_at", _pendulum.format_instant(stamped)))
    return tuple(detail)

"""What a payment says about itself: derived facts, what it owes, which reminders are due.

A mixin of `PaymentConfirmation` (the state lives on it); the answers are worked out in
`_owing` (refunds owed, evidence alarms) and `_reminding` (reminders).
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, cast

from supportflow import _pendulum
from supportflow.errors import InvalidFieldError
from supportflow.payments import _owing, _reminding
from supportflow.payments._reminders import ReminderPolicy, ReminderSlot
from supportflow.payments._types import AmountStatus, EvidenceAlarm, PaymentState, RefundInstruction
from supportflow.payments._workflow import OWING, TERMINAL, _amount_status

if TYPE_CHECKING:
    from supportflow.payments._confirmation import PaymentConfirmation

__all__: list[str] = []


class _Queries:
    """The derived facts and queries (a mixin of `PaymentConfirmation`)."""

    if TYPE_CHECKING:  # these live in the slots of the subclass, `PaymentConfirmation`
        amount_due: decimal.Decimal
        effective_tolerance: decimal.Decimal
        received: decimal.Decimal
        reversed: decimal.Decimal
        state: PaymentState
    else:
        __slots__ = ()

    def _payment(self) -> PaymentConfirmation:
        return cast("PaymentConfirmation", self)

    @property
    def amount_status(self) -> AmountStatus:
        """How the money kept (received less reversed) compares with the amount due."""
        return _amount_status(
            self.received - self.reversed, self.amount_due, self.effective_tolerance
        )

    @property
    def paid_in_full(self) -> bool:
        """Whether the money kept covers the amount due (within the tolerance)."""
        return self.received - self.reversed >= self.amount_due - self.effective_tolerance

    @property
    def owes_action(self) -> bool:
        """Whether the customer still owes an action (pay, top up, or confirm)."""
        return self.state in OWING

    @property
    def is_terminal(self) -> bool:
        """Whether the payment is closed or waits for a human (NEEDS_REVIEW and closures)."""
        return self.state in TERMINAL

    def refund_due(self) -> RefundInstruction | None:
        """The refund the merchant owes now, if any (net of refunds already outstanding).

        - `"resolution"`: a human chose to refund: all money kept;
        - `"after_refund"`: money kept after refunds that cover the amount due;
        - `"exception"`: all money kept on an expired, failed, cancelled or reviewed payment;
        - `"excess"`: the excess of an over-payment on a live payment.

        Money the processor took back (`reversed`, a dispute's withdrawn funds) is never
        owed again, and with `processor_refunds` the processor returns exception and
        excess money itself, so neither is instructed.
        """
        return _owing.refund_due(self._payment())

    def evidence_alarm(
        self, at: dt.datetime | str, *, warn_before: dt.timedelta = dt.timedelta(days=2)
    ) -> EvidenceAlarm | None:
        """The alarm for an open dispute's evidence deadline, from `warn_before` it on.

        Raises:
            InvalidFieldError: `at` is naive.
        """
        return _owing.evidence_alarm(
            self._payment(), _pendulum.instant(at, field="at"), warn_before
        )

    # -- reminders ----------------------------------------------------------------------

    def due_reminders(
        self, policy: ReminderPolicy, at: dt.datetime | str
    ) -> tuple[ReminderSlot, ...]:
        """The reminders to send now: due and not yet sent.

        Only while the customer owes an action inside the window, never once the money was
        received in full (whatever a later snapshot says), and not once the payment was
        escalated to a human.
        """
        check_policy(policy)
        return _reminding.due(self._payment(), policy, _pendulum.instant(at, field="at"))

    def unanswered_reminders(self) -> int:
        """Reminders sent since the state last changed (the customer's last progress)."""
        return _reminding.unanswered(self._payment())


def check_policy(policy: object) -> None:
    """Refuse anything but a `ReminderPolicy`."""
    if not isinstance(policy, ReminderPolicy):
        raise InvalidFieldError("policy", policy, "be a ReminderPolicy")

"""`PaymentMachine`: a stateful Hypothesis test of one payment's webhook deliveries.

Needs the `supportflow[testing]` extra. A provider delivers a payment's notifications in
any order, with replays; a refund delivered before the money it returns is refused with
`RefundExceedsReceivedError` and retried later, as providers retry. After every step:

- `received` equals a plain ledger kept by the machine itself (the sum of the distinct
  payments delivered), and `refunded` the sum of the distinct succeeded refunds: money is
  never invented or lost;
- the refunds that still return money never exceed what was received;
- a copy restored from `to_dict()` equals the payment;

and once everything was delivered, the payment equals the one fed the stream in order.

Run it as a test with `TestPayments = PaymentMachine.TestCase`. Subclass it and override
`scenarios()` to drive your own payments and streams.

Example:
    ```python
    from hypothesis import settings
    from supportflow.testing import PaymentMachine


    class MyPayments(PaymentMachine):
        '''The payment lifecycle under my streams.'''


    TestMyPayments = MyPayments.TestCase
    TestMyPayments.settings = settings(max_examples=5, stateful_step_count=10, deadline=None)
    TestMyPayments().runTest()
    ```
"""

# A test helper: its assertions are its output (pytest rewrites them).
# ruff: noqa: S101

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from supportflow.errors import RefundExceedsReceivedError
from supportflow.payments import NotificationKind, PaymentConfirmation
from supportflow.testing._payments_strategies import Notification, payment_scenarios

__all__ = ["PaymentMachine"]

_IN = (NotificationKind.PAYMENT_DETECTED, NotificationKind.AUTHORIZED)


class PaymentMachine(RuleBasedStateMachine):
    """Random deliveries of one payment's notifications, against a plain ledger.

    Attributes:
        payment: The payment under test.
        stream: Its notifications, in the order they happened.
        delivered: The event ids applied so far.
    """

    def scenarios(self) -> st.SearchStrategy[tuple[PaymentConfirmation, tuple[Notification, ...]]]:
        """The payments and streams to test (override to use your own)."""
        return payment_scenarios()

    @initialize(data=st.data())
    def setup(self, data: st.DataObject) -> None:
        """Draw a payment and its stream."""
        payment, stream = data.draw(self.scenarios())
        self.stream: tuple[Notification, ...] = stream
        self.expected: PaymentConfirmation = PaymentConfirmation.from_dict(payment.to_dict())
        for event_id, kind, occurred, payload in self.stream:
            self.expected.apply_notification(event_id, kind, occurred, payload)
        self.payment = payment
        self.delivered: set[str] = set()
        self.clock: dt.datetime = payment.created_at

    def _deliver(self, event: Notification) -> bool:
        event_id, kind, occurred, payload = event
        self.clock = max(self.clock, occurred)
        before = self.payment.to_dict()
        try:
            result = self.payment.apply_notification(
                event_id, kind, occurred, payload, at=self.clock
            )
        except RefundExceedsReceivedError:
            assert self.payment.to_dict() == before  # refused: nothing changed
            return False
        assert result.duplicate == (event_id in self.delivered)
        self.delivered.add(event_id)
        return True

    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        """Deliver (or replay) any notification of the stream."""
        if self.stream:
            self._deliver(data.draw(st.sampled_from(self.stream)))

    @invariant()
    def money_matches_a_plain_ledger(self) -> None:
        """Received and refunded are the sums of the distinct deliveries; refunds <= received."""
        if not hasattr(self, "payment"):
            return
        received = decimal.Decimal(0)
        refunds: dict[str, Any] = {}
        for event_id, kind, _, payload in self.stream:
            if event_id not in self.delivered:
                continue
            if kind in _IN:
                received += decimal.Decimal(str(payload["amount"]))
            elif kind is NotificationKind.REFUNDED:
                refunds[str(payload.get("refund_id", event_id))] = decimal.Decimal(
                    str(payload["amount"])
                )
        assert self.payment.received == received
        assert self.payment.refunded == sum(refunds.values(), decimal.Decimal(0))
        outstanding = sum((r.amount for r in self.payment.refunds if r.outstanding), 0)
        assert outstanding <= self.payment.received - self.payment.reversed

    @invariant()
    def round_trips(self) -> None:
        """A copy restored from `to_dict()` equals the payment."""
        if hasattr(self, "payment"):
            assert PaymentConfirmation.from_dict(self.payment.to_dict()) == self.payment

    def teardown(self) -> None:
        """Deliver the rest (retrying refused refunds): the in-order result, every fact."""
        if not hasattr(self, "payment"):
            return
        pending = [e for e in self.stream if e[0] not in self.delivered]
        for _ in range(len(pending) + 1):
            pending = [e for e in pending if not self._deliver(e)]
        assert not pending
        assert self.payment.state is self.expected.state
        assert _facts(self.payment) == _facts(self.expected)


def _facts(p: PaymentConfirmation) -> tuple[object, ...]:
    from supportflow.payments._fold import FACT_NAMES  # noqa: PLC0415 - private, test only

    return tuple(getattr(p, name) for name in FACT_NAMES)

"""The adapter from a `Complaint` to the `PriorityInputs` its priority is computed from.

Kept apart from `PriorityInputs` so that the priority package imports no lifecycle
package until a complaint is actually adapted.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Final

from supportflow import _pendulum
from supportflow.complaints import Complaint
from supportflow.errors import InvalidFieldError
from supportflow.priority._inputs import PriorityInputs, Vulnerability
from supportflow.sla import SlaState
from supportflow.vocabulary import Channel

__all__ = ["COMPLAINT_PRIORITY_LEVELS", "from_complaint", "nearest_due"]

#: The ITIL (impact, urgency) each complaint priority stands for (1 is the highest).
#: Chosen so that the default 3 x 3 matrix gives the priority back: P1 (1, 1),
#: P2 (1, 2), P3 (2, 2), P4 (2, 3), P5 (3, 3).
COMPLAINT_PRIORITY_LEVELS: Final[Mapping[str, tuple[int, int]]] = {
    "P1": (1, 1),
    "P2": (1, 2),
    "P3": (2, 2),
    "P4": (2, 3),
    "P5": (3, 3),
}


def nearest_due(complaint: Complaint, at: dt.datetime) -> dt.datetime | None:
    """The earliest breach instant of the complaint's running clocks at `at` (referrals too).

    A paused clock cannot breach while paused, and a stopped one is done: neither counts.
    """
    dues = [
        status.current.due_at
        for status in complaint.sla_status(at).values()
        if status.current is not None and status.current.state is SlaState.RUNNING
    ]
    return min(dues) if dues else None


def _amount(
    complaint: Complaint, amount: decimal.Decimal | int | str | None, currency: str | None
) -> tuple[decimal.Decimal | int | str, str | None]:
    if amount is not None:
        return amount, currency
    if currency is not None:
        raise InvalidFieldError("currency", currency, "be given only with amount")
    totals: dict[str, decimal.Decimal] = {}
    for t in complaint.transactions:
        # Money at stake whatever the sign: a reversal of -50 puts 50 at stake too.
        totals[t.currency] = totals.get(t.currency, decimal.Decimal(0)) + abs(t.amount)
    if not totals:
        return decimal.Decimal(0), None
    if len(totals) > 1:
        raise InvalidFieldError(
            "complaint.transactions",
            sorted(totals),
            "be in one currency to give one amount at stake; pass amount= and currency=",
        )
    ((code, total),) = totals.items()
    return total, code


def from_complaint(
    complaint: object,
    *,
    at: dt.datetime | str,
    vulnerabilities: Iterable[Vulnerability | str] = (),
    media: bool = False,
    funds_held: bool = False,
    hold_ends_at: dt.datetime | str | None = None,
    fraud_signal: bool = False,
    amount: decimal.Decimal | int | str | None = None,
    currency: str | None = None,
) -> PriorityInputs:
    """See `PriorityInputs.from_complaint`."""
    if not isinstance(complaint, Complaint):
        raise InvalidFieldError("complaint", complaint, "be a Complaint")
    when = _pendulum.instant(at, field="at")
    impact, urgency = COMPLAINT_PRIORITY_LEVELS[complaint.priority]
    stake, code = _amount(complaint, amount, currency)
    return PriorityInputs(
        id=complaint.id,
        received_at=complaint.received_at,
        impact=impact,
        urgency=urgency,
        due_at=nearest_due(complaint, when),
        amount=stake,
        currency=code,
        vulnerabilities=vulnerabilities,
        regulator=complaint.channel is Channel.REGULATOR_REFERRAL or bool(complaint.referrals),
        media=media,
        repeat_count=len(complaint.repeats),
        funds_held=funds_held,
        hold_ends_at=hold_ends_at,
        fraud_signal=fraud_signal,
        channel=complaint.channel.value,
    )

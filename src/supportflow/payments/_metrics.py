"""Metrics over a collection of payment confirmations."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections import Counter
from collections.abc import Iterable
from typing import Final

import attrs

from supportflow import _json_schema as _js
from supportflow import _validators
from supportflow._declarative import Codec, Document, custom, declared, enum_codec, optional, spec
from supportflow._serialization import Reader, _load_decimal, dump_decimal
from supportflow.errors import InvalidFieldError
from supportflow.payments._confirmation import PaymentConfirmation
from supportflow.payments._types import FailureReason

__all__ = ["PaymentMetrics", "payment_metrics"]

_CONFIRMED = frozenset({"confirmed", "settled"})


def _count(value: object) -> int:
    if type(value) is not int:
        raise InvalidFieldError("", value, "be an integer")
    if value < 0:
        raise InvalidFieldError("", value, "be 0 or more")
    return value


def _rate(value: object) -> decimal.Decimal:
    rate = _load_decimal(value)
    if not 0 <= rate <= 1:
        raise InvalidFieldError("", value, "be a rate between 0 and 1 (or null)")
    return rate


#: A count: an integer, 0 or more.
_COUNT: Final = custom(int, _count, {**_js.INTEGER, "minimum": 0})
#: A rate between 0 and 1 as an exact decimal string, or `null`.
_RATE: Final = optional(custom(dump_decimal, _rate, _js.DECIMAL))
_REASON: Final = enum_codec(FailureReason)


def _dump_reasons(value: tuple[tuple[FailureReason, int], ...]) -> object:
    return [{"reason": reason.value, "count": count} for reason, count in value]


def _load_reasons(value: object, path: str) -> tuple[tuple[FailureReason, int], ...]:
    out = []
    for item in Reader(value, path).elements():
        item.require_keys({"reason", "count"})
        counts = item.mapping_value()
        reason = _REASON.load(counts["reason"], f"{item.path}.reason")
        out.append((reason, _COUNT.load(counts["count"], f"{item.path}.count")))
    return tuple(out)


def _reasons_schema() -> _js.Schema:
    return _js.array(_js.record({"reason": _REASON.schema(), "count": _COUNT.schema()}))


@declared(schema=1)
@attrs.frozen
class PaymentMetrics(Document):
    """What happened to a collection of payment confirmations.

    Its document (e.g. for a dashboard endpoint) always has every key (`null` when a figure
    has nothing to count); rates are exact decimal strings, times ISO 8601 durations, and
    `failure_reasons` a list of `{"reason", "count"}` objects in the same order.

    Attributes:
        created: How many payments.
        merchant_cancelled: How many the merchant cancelled (left out of the rate).
        confirmed: How many reached CONFIRMED (or SETTLED) at some point.
        confirmation_rate: `confirmed / (created - merchant_cancelled)`, or `None` if
            nothing is left to divide by.
        time_to_confirm_p50: Median time from creation to confirmation (nearest rank).
        time_to_confirm_p90: 90th percentile of it (nearest rank).
        reminded: Payments that got at least one reminder.
        confirmed_after_reminder: Of those, how many were confirmed after the first one.
        reminder_conversion: `confirmed_after_reminder / reminded`, or `None`.
        failure_reasons: `(reason, count)` pairs, most frequent first (ties by name).
    """

    created: int = attrs.field(metadata=spec(_COUNT))
    merchant_cancelled: int = attrs.field(metadata=spec(_COUNT))
    confirmed: int = attrs.field(metadata=spec(_COUNT))
    confirmation_rate: decimal.Decimal | None = attrs.field(metadata=spec(_RATE))
    time_to_confirm_p50: dt.timedelta | None
    time_to_confirm_p90: dt.timedelta | None
    reminded: int = attrs.field(metadata=spec(_COUNT))
    confirmed_after_reminder: int = attrs.field(metadata=spec(_COUNT))
    reminder_conversion: decimal.Decimal | None = attrs.field(metadata=spec(_RATE))
    failure_reasons: tuple[tuple[FailureReason, int], ...] = attrs.field(
        metadata=spec(Codec(_dump_reasons, _load_reasons, _reasons_schema))
    )


def _confirmed_at(payment: PaymentConfirmation) -> dt.datetime | None:
    for record in payment.history:
        if record.to_state in _CONFIRMED and record.from_state not in _CONFIRMED:
            return record.at
    return None


def _nearest_rank(sorted_values: list[dt.timedelta], q: int) -> dt.timedelta | None:
    """The `q`-th percentile by the nearest-rank method (the smallest value with q % below)."""
    if not sorted_values:
        return None
    rank = math.ceil(q * len(sorted_values) / 100)
    return sorted_values[max(rank, 1) - 1]


def _ratio(a: int, b: int) -> decimal.Decimal | None:
    if b == 0:
        return None
    return (decimal.Decimal(a) / decimal.Decimal(b)).quantize(decimal.Decimal("0.0001"))


def payment_metrics(payments: Iterable[PaymentConfirmation]) -> PaymentMetrics:
    """Confirmation rate, time-to-confirm p50/p90, reminder conversion and failure reasons.

    Rates are `Decimal`s rounded to 4 places (half-even).

    Raises:
        InvalidFieldError: `payments` holds something else than payment confirmations.
    """
    payments = _validators.items_of("payments", payments, PaymentConfirmation)
    created = cancelled = confirmed = reminded = converted = 0
    durations: list[dt.timedelta] = []
    reasons: Counter[FailureReason] = Counter()
    for payment in payments:
        created += 1
        if payment.cancelled_by == "merchant":
            cancelled += 1
        at = _confirmed_at(payment)
        if at is not None:
            confirmed += 1
            durations.append(at - payment.created_at)
        if payment.reminders:
            reminded += 1
            if at is not None and at >= payment.reminders[0].sent_at:
                converted += 1
        if payment.failure_reason is not None:
            reasons[payment.failure_reason] += 1
    durations.sort()
    return PaymentMetrics(
        created=created,
        merchant_cancelled=cancelled,
        confirmed=confirmed,
        confirmation_rate=_ratio(confirmed, created - cancelled),
        time_to_confirm_p50=_nearest_rank(durations, 50),
        time_to_confirm_p90=_nearest_rank(durations, 90),
        reminded=reminded,
        confirmed_after_reminder=converted,
        reminder_conversion=_ratio(converted, reminded),
        failure_reasons=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0].value))),
    )

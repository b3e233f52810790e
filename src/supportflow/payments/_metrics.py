"""Metrics over a collection of payment confirmations."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from supportflow import _validators
from supportflow._serialization import Reader, dump_decimal, dump_duration
from supportflow.payments._confirmation import PaymentConfirmation
from supportflow.payments._types import FailureReason

__all__ = ["PaymentMetrics", "payment_metrics"]

_CONFIRMED = frozenset({"confirmed", "settled"})


@attrs.frozen
class PaymentMetrics:
    """What happened to a collection of payment confirmations.

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

    created: int
    merchant_cancelled: int
    confirmed: int
    confirmation_rate: decimal.Decimal | None
    time_to_confirm_p50: dt.timedelta | None
    time_to_confirm_p90: dt.timedelta | None
    reminded: int
    confirmed_after_reminder: int
    reminder_conversion: decimal.Decimal | None
    failure_reasons: tuple[tuple[FailureReason, int], ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key, e.g. for a dashboard endpoint.

        Every key is always present (`null` when a figure has nothing to count); rates are
        exact decimal strings, times ISO 8601 durations, and `failure_reasons` a list of
        `{"reason", "count"}` objects in the same order.
        """
        return {
            "schema": 1,
            "created": self.created,
            "merchant_cancelled": self.merchant_cancelled,
            "confirmed": self.confirmed,
            "confirmation_rate": _optional(dump_decimal, self.confirmation_rate),
            "time_to_confirm_p50": _optional(dump_duration, self.time_to_confirm_p50),
            "time_to_confirm_p90": _optional(dump_duration, self.time_to_confirm_p90),
            "reminded": self.reminded,
            "confirmed_after_reminder": self.confirmed_after_reminder,
            "reminder_conversion": _optional(dump_decimal, self.reminder_conversion),
            "failure_reasons": [
                {"reason": reason.value, "count": count} for reason, count in self.failure_reasons
            ],
        }

    @classmethod
    def from_dict(cls, data: object) -> PaymentMetrics:
        """Rebuild metrics from `to_dict()` output (e.g. a cached dashboard).

        Raises:
            SerializationError: unknown schema, a missing or extra key, a count below 0, a
                rate outside `[0, 1]`, an unknown failure reason; the error names the path.
        """
        r = Reader.root(data, schema=1, keys=_KEYS)
        reasons = []
        for item in r.items("failure_reasons"):
            item.require_keys({"reason", "count"})
            reasons.append((item.enum("reason", FailureReason), _count(item, "count")))
        return cls(
            created=_count(r, "created"),
            merchant_cancelled=_count(r, "merchant_cancelled"),
            confirmed=_count(r, "confirmed"),
            confirmation_rate=_rate(r, "confirmation_rate"),
            time_to_confirm_p50=r.duration("time_to_confirm_p50")
            if r.has("time_to_confirm_p50")
            else None,
            time_to_confirm_p90=r.duration("time_to_confirm_p90")
            if r.has("time_to_confirm_p90")
            else None,
            reminded=_count(r, "reminded"),
            confirmed_after_reminder=_count(r, "confirmed_after_reminder"),
            reminder_conversion=_rate(r, "reminder_conversion"),
            failure_reasons=tuple(reasons),
        )


_KEYS = frozenset(
    {
        "created",
        "merchant_cancelled",
        "confirmed",
        "confirmation_rate",
        "time_to_confirm_p50",
        "time_to_confirm_p90",
        "reminded",
        "confirmed_after_reminder",
        "reminder_conversion",
        "failure_reasons",
    }
)


def _optional(dump: Callable[[Any], str], value: object) -> str | None:
    return None if value is None else dump(value)


def _count(r: Reader, key: str) -> int:
    value: int = r.integer(key)
    if value < 0:
        raise r.fail("be 0 or more", key)
    return value


def _rate(r: Reader, key: str) -> decimal.Decimal | None:
    if not r.has(key):
        return None
    value: decimal.Decimal = r.decimal(key)
    if not 0 <= value <= 1:
        raise r.fail("be a rate between 0 and 1 (or null)", key)
    return value


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

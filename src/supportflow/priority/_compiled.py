"""The scoring tables of a `PriorityModel`, derived once from its weights.

`PriorityModel.score` and `rank` read these tables on their hot paths: lookups by matrix
cell and channel, Decimal amount thresholds, and the contributions every score shares.
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
from typing import TYPE_CHECKING, Final

from supportflow import _pendulum
from supportflow._serialization import dump_instant
from supportflow.errors import InvalidFieldError
from supportflow.priority._inputs import PriorityInputs, Vulnerability, epoch_us
from supportflow.priority._score import (
    LABELS,
    PriorityContribution,
    PriorityFactor,
    new_contribution,
)
from supportflow.priority._weights import MAX_SCORE

if TYPE_CHECKING:
    from supportflow.priority._model import PriorityModel

__all__ = [
    "CENT",
    "NO_AMOUNT",
    "NO_CHANNEL",
    "NO_FUNDS",
    "NO_SLA",
    "NO_VULNERABILITY",
    "Compiled",
]

#: A cent: amounts in other currencies are shown rounded to it.
CENT: Final = decimal.Decimal("0.01")


class Compiled:
    """Lookup tables derived once from a model; shared contributions are cached here."""

    __slots__ = (
        "aging_cap",
        "aging_us",
        "base",
        "channels",
        "fraud",
        "funds_held",
        "funds_past_end",
        "horizon_us",
        "labels",
        "last_at",
        "levels",
        "media",
        "rates",
        "regulator",
        "repeat_cap",
        "repeat_points",
        "sla_points",
        "static_cache",
        "thresholds",
        "vulnerability",
    )

    def __init__(self, m: PriorityModel) -> None:
        f = PriorityFactor
        self.levels = (len(m.matrix), len(m.matrix[0]))
        self.base = {
            (i + 1, j + 1): (
                m.base_points[cell - 1],
                PriorityContribution(
                    f.BASE, m.base_points[cell - 1], (i + 1, j + 1, LABELS[cell - 1].value)
                ),
            )
            for i, row in enumerate(m.matrix)
            for j, cell in enumerate(row)
        }
        # labels[v] for every value 0..100: the most urgent label whose base points <= v.
        self.labels = tuple(
            next((LABELS[k] for k, p in enumerate(m.base_points) if v >= p), LABELS[-1])
            for v in range(MAX_SCORE + 1)
        )
        self.rates = {m.base_currency: decimal.Decimal(1), **dict(m.rates)}
        # The amount earning k points (k = 1..cap): floor x 10^((k-1)/points_per_decade),
        # rounded up to the cent. Comparing Decimals against fixed thresholds keeps the
        # points exact and monotonic (no float logarithm at scoring time).
        self.thresholds = [_threshold(m, k) for k in range(m.amount_cap)]
        self.vulnerability = dict(m.vulnerability_points)
        self.channels = {
            name: (p, PriorityContribution(f.CHANNEL, p, (name,))) for name, p in m.channel_points
        }
        self.regulator = _yes_no(f.REGULATOR, m.regulator_points)
        self.media = _yes_no(f.MEDIA, m.media_points)
        self.fraud = _yes_no(f.FRAUD, m.fraud_points)
        self.repeat_points, self.repeat_cap = m.repeat_points, m.repeat_cap
        self.funds_held, self.funds_past_end = m.funds_held_points, m.funds_past_end_points
        self.sla_points = m.sla_points
        self.horizon_us = m.sla_horizon // dt.timedelta(microseconds=1)
        self.aging_us = m.aging_interval // dt.timedelta(microseconds=1)
        self.aging_cap = m.aging_cap
        self.static_cache: dict[object, PriorityContribution] = {}
        self.last_at: tuple[object, int] = (None, 0)

    def at_us(self, at: object) -> tuple[dt.datetime, int]:
        """`at` as an aware instant and epoch microseconds, remembering the last one.

        A queue is usually scored item after item at the same instant.
        """
        last, last_us = self.last_at
        if at is last:
            return at, last_us  # type: ignore[return-value]
        instant = _pendulum.instant(at, field="at")
        at_us = epoch_us(instant)
        self.last_at = (instant, at_us) if instant is at else self.last_at
        return instant, at_us

    def vulnerability_part(self, flags: frozenset[Vulnerability]) -> PriorityContribution:
        found = self.static_cache.get(flags)
        if found is None:
            found = PriorityContribution(
                PriorityFactor.VULNERABILITY,
                max(self.vulnerability[v] for v in flags),
                tuple(sorted(v.value for v in flags)),
            )
            self.static_cache[flags] = found  # at most 2^len(Vulnerability) entries
        return found

    def funds(self, item: PriorityInputs, at_us: int) -> PriorityContribution:
        end_us = item._hold_end_us
        if end_us is None:
            return new_contribution(PriorityFactor.FUNDS, self.funds_held, ("held",))
        end = dump_instant(item.hold_ends_at)  # type: ignore[arg-type]
        if at_us >= end_us:
            return new_contribution(PriorityFactor.FUNDS, self.funds_past_end, ("past_end", end))
        return new_contribution(PriorityFactor.FUNDS, self.funds_held, ("held", end))

    def repeat(self, count: int) -> PriorityContribution:
        found = self.static_cache.get(count)
        if found is None:
            found = PriorityContribution(
                PriorityFactor.REPEAT, min(self.repeat_cap, self.repeat_points * count), (count,)
            )
            if count <= 100:  # bounded: counts beyond this are rare and not remembered
                self.static_cache[count] = found
        return found

    def amount_points(self, item: PriorityInputs) -> tuple[int, decimal.Decimal]:
        currency = item.currency
        if currency is None:
            base = item.amount
        else:
            rate = self.rates.get(currency)
            if rate is None:
                raise InvalidFieldError(
                    "currency",
                    currency,
                    f"have a rate in the model (known: {', '.join(sorted(self.rates))})",
                )
            base = item.amount * rate
        return bisect.bisect_right(self.thresholds, base), base

    def static(self, item: PriorityInputs) -> int:
        """The time-independent points of `item` (validating it against the model)."""
        cell = self.base.get((item.impact, item.urgency))
        if cell is None:
            self.check_levels(item)
        assert cell is not None  # noqa: S101 - check_levels raised otherwise
        points = cell[0] + self.amount_points(item)[0]
        if item.vulnerabilities:
            points += max(self.vulnerability[v] for v in item.vulnerabilities)
        if item.regulator:
            points += self.regulator[1].points
        if item.media:
            points += self.media[1].points
        if item.repeat_count:
            points += self.repeat(item.repeat_count).points
        if item.funds_held:
            points += self.funds_held
        if item.fraud_signal:
            points += self.fraud[1].points
        if item.channel is not None:
            points += self.channel(item.channel)[0]
        return points

    def check_levels(self, item: PriorityInputs) -> None:
        impacts, urgencies = self.levels
        if item.impact > impacts:
            raise InvalidFieldError(
                "impact", item.impact, f"be from 1 to {impacts} (the model's impact levels)"
            )
        raise InvalidFieldError(
            "urgency", item.urgency, f"be from 1 to {urgencies} (the model's urgency levels)"
        )

    def channel(self, name: str) -> tuple[int, PriorityContribution]:
        found = self.channels.get(name)
        if found is None:
            raise InvalidFieldError(
                "channel", name, f"be one of the model's channels: {', '.join(self.channels)}"
            )
        return found

    def sla(self, due_us: int | None, at_us: int) -> int:
        if due_us is None:
            return 0
        left = due_us - at_us
        if left <= 0:
            return self.sla_points
        if left >= self.horizon_us:
            return 0
        return self.sla_points * (self.horizon_us - left) // self.horizon_us

    def aging(self, received_us: int, at_us: int) -> int:
        waited = at_us - received_us
        if waited <= 0:
            return 0
        return min(self.aging_cap, waited // self.aging_us)


def _threshold(m: PriorityModel, k: int) -> decimal.Decimal:
    ctx = decimal.Context(prec=28)
    exponent = ctx.divide(decimal.Decimal(k), decimal.Decimal(m.amount_points_per_decade))
    value = ctx.multiply(m.amount_floor, ctx.power(decimal.Decimal(10), exponent))
    # Enough digits for every cent of a large threshold.
    wide = decimal.Context(prec=max(28, value.adjusted() + 3), rounding=decimal.ROUND_CEILING)
    return value.quantize(CENT, context=wide)


def _yes_no(factor: PriorityFactor, points: int) -> tuple[PriorityContribution, ...]:
    return (PriorityContribution(factor, 0, (0,)), PriorityContribution(factor, points, (1,)))


NO_AMOUNT: Final = PriorityContribution(PriorityFactor.AMOUNT, 0, ())
NO_VULNERABILITY: Final = PriorityContribution(PriorityFactor.VULNERABILITY, 0, ())
NO_FUNDS: Final = PriorityContribution(PriorityFactor.FUNDS, 0, ("none",))
NO_CHANNEL: Final = PriorityContribution(PriorityFactor.CHANNEL, 0, ())
NO_SLA: Final = PriorityContribution(PriorityFactor.SLA, 0, ("none",))

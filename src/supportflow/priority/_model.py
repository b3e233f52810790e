"""`PriorityModel`: the weights, and the scoring and ranking that use them."""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from supportflow import _pendulum, _validators
from supportflow._serialization import Reader, dump_decimal, dump_duration, dump_instant
from supportflow.errors import InvalidFieldError
from supportflow.priority._inputs import MAX_LEVEL, PriorityInputs, Vulnerability, epoch_us
from supportflow.priority._score import (
    LABELS,
    Priority,
    PriorityContribution,
    PriorityFactor,
    PriorityScore,
    new_contribution,
    new_score,
)
from supportflow.registry import parse_ref
from supportflow.vocabulary import Channel

Detail = tuple[str | int, ...]

__all__ = ["PriorityModel"]

#: The top of the scale.
MAX_SCORE: Final = 100

_ITIL_3X3: Final = ((1, 2, 3), (2, 3, 4), (3, 4, 5))

#: Points per intake channel: every shared `Channel` (so a complaint's own channel ranks),
#: more for the channels elderly or less digital customers use and for public complaints.
#: A regulator referral earns nothing here: `regulator_points` already counts it.
_DEFAULT_CHANNEL_POINTS: Final[dict[Channel, int]] = {
    Channel.PHONE: 3,
    Channel.HOTLINE: 3,
    Channel.IN_APP_CHAT: 0,
    Channel.IN_APP: 0,
    Channel.EMAIL: 0,
    Channel.SMS: 0,
    Channel.WECHAT: 0,
    Channel.WEB_FORM: 0,
    Channel.SOCIAL_MEDIA: 2,
    Channel.LETTER: 2,
    Channel.IN_PERSON: 3,
    Channel.REGULATOR_REFERRAL: 0,
}
_DEFAULT_CHANNELS: Final = tuple(sorted((c.value, p) for c, p in _DEFAULT_CHANNEL_POINTS.items()))

_DEFAULT_VULNERABILITY: Final = (
    (Vulnerability.DISABILITY, 10),
    (Vulnerability.ELDERLY, 10),
    (Vulnerability.FINANCIAL_HARDSHIP, 8),
)

_US_PER_SECOND: Final = 1_000_000
_CENT: Final = decimal.Decimal("0.01")


# -- converters and validators ----------------------------------------------------------


def _points(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 0 <= value <= MAX_SCORE:
        raise InvalidFieldError(
            attribute.name, value, f"be an int from 0 to {MAX_SCORE} (weights are never negative)"
        )


def _positive_int(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 1:
        raise InvalidFieldError(attribute.name, value, "be an int >= 1")


def _matrix(value: object) -> tuple[tuple[int, ...], ...]:
    rows = _sequence(value, "matrix", "be a list of rows (one per impact level)")
    if not 3 <= len(rows) <= MAX_LEVEL:
        raise InvalidFieldError("matrix", value, "have 3 or 4 rows (impact levels)")
    out: list[tuple[int, ...]] = []
    for i, row in enumerate(rows):
        cells = _sequence(row, f"matrix[{i}]", "be a list of priorities (one per urgency level)")
        if not 3 <= len(cells) <= MAX_LEVEL or (out and len(cells) != len(out[0])):
            raise InvalidFieldError(
                f"matrix[{i}]", row, "have 3 or 4 cells, as many as every other row"
            )
        for j, cell in enumerate(cells):
            if type(cell) is not int or not 1 <= cell <= len(LABELS):
                raise InvalidFieldError(f"matrix[{i}][{j}]", cell, "be a priority level 1 to 5")
            # Monotonic: a higher impact (smaller i) or urgency (smaller j) is never a
            # less urgent priority (a larger number).
            if j and cells[j - 1] > cell:
                raise InvalidFieldError(
                    f"matrix[{i}][{j}]", cell, f"be >= matrix[{i}][{j - 1}] (monotonic)"
                )
            if i and out[i - 1][j] > cell:
                raise InvalidFieldError(
                    f"matrix[{i}][{j}]", cell, f"be >= matrix[{i - 1}][{j}] (monotonic)"
                )
        out.append(tuple(cells))
    return tuple(out)


def _sequence(value: object, field: str, reason: str) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InvalidFieldError(field, value, reason)
    return value


def _base_points(value: object) -> tuple[int, ...]:
    points = tuple(_sequence(value, "base_points", "be five ints, for P1 to P5"))
    if len(points) != len(LABELS):
        raise InvalidFieldError("base_points", value, "be five ints, for P1 to P5")
    for k, p in enumerate(points):
        if type(p) is not int or not 0 <= p <= MAX_SCORE:
            raise InvalidFieldError(f"base_points[{k}]", p, f"be an int from 0 to {MAX_SCORE}")
        if k and points[k - 1] <= p:
            raise InvalidFieldError(
                f"base_points[{k}]", p, f"be less than base_points[{k - 1}] (P1 > P2 > ... > P5)"
            )
    return points


def _pairs(value: object, field: str) -> list[tuple[object, object]]:
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidFieldError(field, value, "be a mapping")
    pairs = []
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidFieldError(field, value, "be a mapping or (key, value) pairs")
        pairs.append((pair[0], pair[1]))
    return pairs


def _rates(value: object) -> tuple[tuple[str, decimal.Decimal], ...]:
    out = {}
    for code, rate in _pairs(value, "rates"):
        if not isinstance(code, str) or not _CURRENCY.fullmatch(code):
            raise InvalidFieldError("rates", code, "have ISO 4217 codes such as 'USD' as keys")
        if isinstance(rate, bool) or not isinstance(rate, decimal.Decimal | int):
            raise InvalidFieldError(f"rates[{code!r}]", rate, "be a Decimal (never a float)")
        exact = decimal.Decimal(rate)
        if not exact.is_finite() or exact <= 0:
            raise InvalidFieldError(f"rates[{code!r}]", rate, "be a finite Decimal > 0")
        out[code] = exact
    return tuple(sorted(out.items()))


def _channel_points(value: object) -> tuple[tuple[str, int], ...]:
    out = {}
    for key, points in _pairs(value, "channel_points"):
        name = key.value if isinstance(key, Channel) else key
        if not isinstance(name, str) or not name.strip():
            raise InvalidFieldError("channel_points", name, "have non-empty names as keys")
        if type(points) is not int or not 0 <= points <= MAX_SCORE:
            raise InvalidFieldError(
                f"channel_points[{name!r}]", points, f"be an int from 0 to {MAX_SCORE}"
            )
        out[name] = points
    return tuple(sorted(out.items()))


def _vulnerability_points(value: object) -> tuple[tuple[Vulnerability, int], ...]:
    out = {}
    for flag, points in _pairs(value, "vulnerability_points"):
        try:
            key = Vulnerability(flag)
        except ValueError as exc:
            raise InvalidFieldError(
                "vulnerability_points", flag, "have Vulnerability flags as keys"
            ) from exc
        if type(points) is not int or not 0 <= points <= MAX_SCORE:
            raise InvalidFieldError(
                f"vulnerability_points[{key.value!r}]", points, f"be an int from 0 to {MAX_SCORE}"
            )
        out[key] = points
    missing = [v.value for v in Vulnerability if v not in out]
    if missing:
        raise InvalidFieldError("vulnerability_points", missing, "have points for every flag")
    return tuple(sorted(out.items(), key=lambda kv: kv[0].value))


def _amount_floor(value: object) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, decimal.Decimal | int):
        raise InvalidFieldError("amount_floor", value, "be a Decimal (never a float)")
    floor = decimal.Decimal(value)
    if not floor.is_finite() or floor <= 0:
        raise InvalidFieldError("amount_floor", value, "be a finite Decimal > 0")
    return floor


_CURRENCY: Final = re.compile(r"[A-Z]{3}")


# -- the compiled form ------------------------------------------------------------------


class _Compiled:
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
    return value.quantize(_CENT, context=wide)


def _yes_no(factor: PriorityFactor, points: int) -> tuple[PriorityContribution, ...]:
    return (PriorityContribution(factor, 0, (0,)), PriorityContribution(factor, points, (1,)))


_NO_AMOUNT: Final = PriorityContribution(PriorityFactor.AMOUNT, 0, ())
_NO_VULNERABILITY: Final = PriorityContribution(PriorityFactor.VULNERABILITY, 0, ())
_NO_FUNDS: Final = PriorityContribution(PriorityFactor.FUNDS, 0, ("none",))
_NO_CHANNEL: Final = PriorityContribution(PriorityFactor.CHANNEL, 0, ())
_NO_SLA: Final = PriorityContribution(PriorityFactor.SLA, 0, ("none",))


# -- the model --------------------------------------------------------------------------


def _ref(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        parse_ref(value, field=attribute.name)


@attrs.frozen(kw_only=True)
class PriorityModel:
    """The weights of the priority score; `PriorityModel()` is the documented default.

    A score is the sum of integer points, capped at 100:

    - **base**: the ITIL impact x urgency `matrix` gives P1..P5, worth `base_points`;
    - **factors**, each >= 0: amount at stake (converted to `base_currency` with `rates`,
      log-scaled: `amount_points_per_decade` points per tenfold from `amount_floor`,
      at most `amount_cap`), the largest of the customer's `vulnerability_points`,
      `regulator_points`, `media_points`, `repeat_points` per earlier complaint (at most
      `repeat_cap`), `funds_held_points` (or `funds_past_end_points` once a hold's
      announced end has passed), `fraud_points`, `channel_points`;
    - **time**: the SLA factor rises linearly from 0 to `sla_points` over the last
      `sla_horizon` before the breach and stays at `sla_points` once breached; the aging
      boost adds 1 point per `aging_interval` waited, at most `aging_cap`.

    The label of a value is the most urgent `Pn` whose `base_points` it reaches. Since
    every factor is >= 0, **a score is never labelled below its matrix priority** (a P1
    from the matrix stays P1; this is stronger than "never below P2").

    Aging bound: `aging_cap` must be at least `base_points[0] - base_points[4]`, so after
    waiting `max_wait` (= `aging_interval` x (`base_points[0] - base_points[4]`)) every
    item is labelled P1, and ranks ahead of every item that is not.

    `ref` is the reference (`"desk_priority@2"`) the model is registered under in a
    `supportflow.Registry` (set by `Registry.add`), or `None`.

    Raises:
        InvalidFieldError: a negative weight, a float or NaN, a non-monotonic matrix or
            base points, an aging cap too small for the bound; the message names the field.
    """

    matrix: tuple[tuple[int, ...], ...] = attrs.field(default=_ITIL_3X3, converter=_matrix)
    base_points: tuple[int, ...] = attrs.field(default=(60, 45, 30, 15, 0), converter=_base_points)
    base_currency: str = attrs.field(default="CNY", validator=_validators.currency_code)
    rates: tuple[tuple[str, decimal.Decimal], ...] = attrs.field(default=(), converter=_rates)
    amount_floor: decimal.Decimal = attrs.field(
        default=decimal.Decimal(100), converter=_amount_floor
    )
    amount_points_per_decade: int = attrs.field(default=4, validator=_positive_int)
    amount_cap: int = attrs.field(default=16, validator=_points)
    vulnerability_points: tuple[tuple[Vulnerability, int], ...] = attrs.field(
        default=_DEFAULT_VULNERABILITY, converter=_vulnerability_points
    )
    regulator_points: int = attrs.field(default=12, validator=_points)
    media_points: int = attrs.field(default=8, validator=_points)
    repeat_points: int = attrs.field(default=4, validator=_points)
    repeat_cap: int = attrs.field(default=12, validator=_points)
    funds_held_points: int = attrs.field(default=10, validator=_points)
    funds_past_end_points: int = attrs.field(default=20, validator=_points)
    fraud_points: int = attrs.field(default=12, validator=_points)
    channel_points: tuple[tuple[str, int], ...] = attrs.field(
        default=_DEFAULT_CHANNELS, converter=_channel_points
    )
    sla_horizon: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=72), validator=_validators.positive_duration
    )
    sla_points: int = attrs.field(default=20, validator=_points)
    aging_interval: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=2), validator=_validators.positive_duration
    )
    aging_cap: int = attrs.field(default=60, validator=_points)
    ref: str | None = attrs.field(default=None, validator=_ref, kw_only=True)
    _c: _Compiled = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.funds_past_end_points < self.funds_held_points:
            raise InvalidFieldError(
                "funds_past_end_points",
                self.funds_past_end_points,
                f"be >= funds_held_points ({self.funds_held_points}): a hold past its "
                "announced end is the stronger signal",
            )
        base_rate = dict(self.rates).get(self.base_currency)
        if base_rate is not None and base_rate != 1:
            raise InvalidFieldError(
                f"rates[{self.base_currency!r}]", base_rate, "be 1 (it is the base currency)"
            )
        spread = self.base_points[0] - self.base_points[-1]
        if self.aging_cap < spread:
            raise InvalidFieldError(
                "aging_cap",
                self.aging_cap,
                f"be >= base_points[0] - base_points[4] = {spread}, so that every item "
                "reaches P1 after max_wait",
            )
        object.__setattr__(self, "_c", _Compiled(self))

    def __getstate__(self) -> dict[str, object]:
        return {a.name: getattr(self, a.name) for a in attrs.fields(PriorityModel) if a.init}

    def __setstate__(self, state: dict[str, object]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__attrs_post_init__()

    # -- derived facts ----------------------------------------------------------------

    @property
    def max_wait(self) -> dt.timedelta:
        """The longest any item waits before it is labelled P1 (and ranks above non-P1 items).

        `aging_interval x (base_points[0] - base_points[4])`.
        """
        return self.aging_interval * (self.base_points[0] - self.base_points[-1])

    def label(self, value: int) -> Priority:
        """The label of a score value: the most urgent `Pn` whose base points `value` reaches.

        Raises:
            InvalidFieldError: `value` is not an int from 0 to 100.
        """
        if type(value) is not int or not 0 <= value <= MAX_SCORE:
            raise InvalidFieldError("value", value, f"be an int from 0 to {MAX_SCORE}")
        return self._c.labels[value]

    def amount_thresholds(self) -> tuple[decimal.Decimal, ...]:
        """The amounts (in `base_currency`) at which the amount factor earns 1, 2, ... points."""
        return tuple(self._c.thresholds)

    def with_rates(self, rates: Mapping[str, decimal.Decimal]) -> PriorityModel:
        """A copy of this model with today's exchange rates (base-currency units per unit)."""
        return attrs.evolve(self, rates=rates)

    def with_channels(self, points: Mapping[Channel | str, int]) -> PriorityModel:
        """A copy of this model whose channel table has `points` added (or changed).

        The host's way to extend the shared `Channel` vocabulary: a channel of its own
        (`{"tiktok": 2}`) is scored like the built-in ones, and an unknown channel is
        still refused when scoring.

        Example:
            ```python
            from supportflow.priority import PriorityModel

            model = PriorityModel().with_channels({"tiktok": 2})
            assert dict(model.channel_points)["tiktok"] == 2
            assert dict(model.channel_points)["web_form"] == 0
            ```

        Raises:
            InvalidFieldError: `points` is not a mapping, a name is blank, or points are
                not an int from 0 to 100.
        """
        if not isinstance(points, Mapping):
            raise InvalidFieldError("points", points, "be a mapping of channel to points")
        added = dict(_channel_points(points))
        return attrs.evolve(self, channel_points={**dict(self.channel_points), **added})

    # -- scoring ----------------------------------------------------------------------

    def score(self, inputs: PriorityInputs, at: dt.datetime | str) -> PriorityScore:
        """Score one item at instant `at`, with the full breakdown.

        Deterministic: the same inputs and `at` always give the same score; the clock is
        never read. An item received after `at` has waited 0 (no aging points).

        Raises:
            InvalidFieldError: `inputs` is not a `PriorityInputs`, `at` is not an aware
                instant, or the inputs do not fit this model (impact or urgency beyond the
                matrix, a currency without a rate, an unknown channel).
        """
        if not isinstance(inputs, PriorityInputs):
            raise InvalidFieldError("inputs", inputs, "be a PriorityInputs")
        c = self._c
        at, at_us = c.at_us(at)
        f = PriorityFactor
        item = inputs
        cell = c.base.get((item.impact, item.urgency))
        if cell is None:
            c.check_levels(item)
        assert cell is not None  # noqa: S101 - check_levels raised otherwise
        base = cell[1]

        points, base_amount = c.amount_points(item)
        if item.amount:
            text = str(item.amount)
            shown = text if base_amount is item.amount else str(base_amount.quantize(_CENT))
            amount = new_contribution(
                f.AMOUNT,
                points,
                (text, item.currency or self.base_currency, shown, self.base_currency),
            )
        else:
            amount = _NO_AMOUNT

        vulnerability = (
            c.vulnerability_part(item.vulnerabilities)
            if item.vulnerabilities
            else _NO_VULNERABILITY
        )
        repeat = c.repeat(item.repeat_count)

        funds = c.funds(item, at_us) if item.funds_held else _NO_FUNDS

        channel = _NO_CHANNEL if item.channel is None else c.channel(item.channel)[1]
        regulator, media, fraud = (
            c.regulator[item.regulator],
            c.media[item.media],
            c.fraud[item.fraud_signal],
        )

        due_us = item._due_us
        if due_us is None:
            sla = _NO_SLA
        else:
            left = due_us - at_us
            detail: Detail = (
                ("breached", -left // _US_PER_SECOND)
                if left <= 0
                else ("due_in", left // _US_PER_SECOND)
            )
            sla = new_contribution(f.SLA, c.sla(due_us, at_us), detail)

        received_us = item._received_us
        waited = at_us - received_us if at_us > received_us else 0
        aging = new_contribution(f.AGING, c.aging(received_us, at_us), (waited // _US_PER_SECOND,))

        total = (
            base.points
            + amount.points
            + vulnerability.points
            + regulator.points
            + media.points
            + repeat.points
            + funds.points
            + fraud.points
            + channel.points
            + sla.points
            + aging.points
        )
        breakdown: tuple[PriorityContribution, ...] = (
            base,
            amount,
            vulnerability,
            regulator,
            media,
            repeat,
            funds,
            fraud,
            channel,
            sla,
            aging,
        )
        if total > MAX_SCORE:
            breakdown += (new_contribution(f.CAP, MAX_SCORE - total, (MAX_SCORE,)),)
            total = MAX_SCORE
        return new_score(item.id, at, total, c.labels[total], breakdown)

    def value(self, inputs: PriorityInputs, at: dt.datetime | str) -> int:
        """The score's value alone (what `rank` orders by), without building a breakdown.

        Raises:
            InvalidFieldError: as `score`.
        """
        if not isinstance(inputs, PriorityInputs):
            raise InvalidFieldError("inputs", inputs, "be a PriorityInputs")
        _, at_us = self._c.at_us(at)
        static, due_us, received_us, end_us, _ = self._prepare(inputs)
        return self._value(static, due_us, received_us, end_us, at_us)

    def _value(
        self, static: int, due_us: int | None, received_us: int, end_us: int | None, at_us: int
    ) -> int:
        c = self._c
        total = static + c.sla(due_us, at_us) + c.aging(received_us, at_us)
        if end_us is not None and at_us >= end_us:
            total += c.funds_past_end - c.funds_held
        return min(MAX_SCORE, total)

    def _prepare(self, item: PriorityInputs) -> tuple[int, int | None, int, int | None, str]:
        """The item's time-independent part, computed once per (item, model) and remembered."""
        cached = item._prepared
        if cached is not None and cached[0] is self._c:
            return cached[1]  # type: ignore[no-any-return]
        prepared = (
            self._c.static(item),
            item._due_us,
            item._received_us,
            item._hold_end_us,
            item.id,
        )
        object.__setattr__(item, "_prepared", (self._c, prepared))
        return prepared

    def rank(self, items: Iterable[PriorityInputs], at: dt.datetime | str) -> list[PriorityInputs]:
        """Order a work queue, most at risk first.

        By score value (highest first); ties broken by the earliest SLA breach (`due_at`;
        items without one come after those with one), then the earliest `received_at`,
        then `id`; items equal on all of these keep their input order (the sort is stable).

        Each item's time-independent part is computed on its first ranking under this
        model and remembered on the (immutable) item, so re-ranking the same items later
        computes only the SLA, aging and hold-end parts at `at`. A changed item is a new
        object (`attrs.evolve`) and is prepared afresh.

        Raises:
            InvalidFieldError: `at` is not an aware instant, or an item does not fit the
                model; `field` is then `items[<index>].<field>`. Nothing is ranked.
        """
        _, at_us = self._c.at_us(at)
        if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
            raise InvalidFieldError("items", items, "be a collection of PriorityInputs")
        queue = items if isinstance(items, list | tuple) else list(items)
        c = self._c
        prepare = self._prepare
        sla_points, horizon = c.sla_points, c.horizon_us
        aging_us, aging_cap = c.aging_us, c.aging_cap
        past_end_extra = c.funds_past_end - c.funds_held
        no_due = 1 << 63  # after any real instant (year 9999 is ~2.5e17 microseconds)
        keys: list[tuple[int, int, int, str]] = []
        append = keys.append
        for index, item in enumerate(queue):
            cached = getattr(item, "_prepared", None)
            if cached is not None and cached[0] is c:
                static, due_us, received_us, end_us, ident = cached[1]
            else:
                try:
                    if not isinstance(item, PriorityInputs):
                        raise InvalidFieldError("", item, "be a PriorityInputs")  # noqa: TRY301
                    static, due_us, received_us, end_us, ident = prepare(item)
                except InvalidFieldError as exc:
                    field = f"items[{index}].{exc.field}" if exc.field else f"items[{index}]"
                    raise InvalidFieldError(field, exc.value, exc.reason) from exc
            # The same arithmetic as `_value`, inlined: this loop runs 100,000 times.
            total = static
            waited = at_us - received_us
            if waited > 0:
                boost = waited // aging_us
                total += boost if boost < aging_cap else aging_cap  # noqa: FURB136 - hot loop
            if end_us is not None and at_us >= end_us:
                total += past_end_extra
            if due_us is None:
                append((-total if total < MAX_SCORE else -MAX_SCORE, no_due, received_us, ident))
                continue
            left = due_us - at_us
            if left <= 0:
                total += sla_points
            elif left < horizon:
                total += sla_points * (horizon - left) // horizon
            append((-total if total < MAX_SCORE else -MAX_SCORE, due_us, received_us, ident))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return [queue[i] for i in order]

    # -- serialisation ----------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key: the whole configuration."""
        return {
            "schema": 1,
            "matrix": [list(row) for row in self.matrix],
            "base_points": list(self.base_points),
            "base_currency": self.base_currency,
            "rates": {code: dump_decimal(rate) for code, rate in self.rates},
            "amount_floor": dump_decimal(self.amount_floor),
            "amount_points_per_decade": self.amount_points_per_decade,
            "amount_cap": self.amount_cap,
            "vulnerability_points": {v.value: p for v, p in self.vulnerability_points},
            "regulator_points": self.regulator_points,
            "media_points": self.media_points,
            "repeat_points": self.repeat_points,
            "repeat_cap": self.repeat_cap,
            "funds_held_points": self.funds_held_points,
            "funds_past_end_points": self.funds_past_end_points,
            "fraud_points": self.fraud_points,
            "channel_points": dict(self.channel_points),
            "sla_horizon": dump_duration(self.sla_horizon),
            "sla_points": self.sla_points,
            "aging_interval": dump_duration(self.aging_interval),
            "aging_cap": self.aging_cap,
            **({} if self.ref is None else {"ref": self.ref}),
        }

    @classmethod
    def from_dict(cls, data: object) -> PriorityModel:
        """Build a model from a JSON configuration (the shape `to_dict()` writes).

        Every key is optional except `"schema"`: a missing key keeps its default, so a
        configuration can say only what it changes. Unknown keys are refused.

        Raises:
            SerializationError: unknown schema or key, or a bad value; the JSON path says
                where (e.g. `channel_points.phone`).
        """
        ints = {
            "amount_points_per_decade",
            "amount_cap",
            "regulator_points",
            "media_points",
            "repeat_points",
            "repeat_cap",
            "funds_held_points",
            "funds_past_end_points",
            "fraud_points",
            "sla_points",
            "aging_cap",
        }
        tables = {"rates", "vulnerability_points", "channel_points"}
        optional = {
            *ints,
            *tables,
            "matrix",
            "base_points",
            "base_currency",
            "amount_floor",
            "sla_horizon",
            "aging_interval",
            "ref",
        }
        r = Reader.root(data, schema=1, keys=set(), optional=optional)
        if r.has("ref"):
            kwargs_ref: dict[str, Any] = {"ref": r.text("ref")}
        else:
            kwargs_ref = {}
        kwargs: dict[str, Any] = {key: r.integer(key) for key in ints if r.has(key)}
        for key in ("matrix", "base_points"):
            if r.has(key):
                kwargs[key] = _json_ints(r.child(key))
        if r.has("base_currency"):
            kwargs["base_currency"] = r.text("base_currency")
        if r.has("amount_floor"):
            kwargs["amount_floor"] = r.decimal("amount_floor")
        for key in ("sla_horizon", "aging_interval"):
            if r.has(key):
                kwargs[key] = r.duration(key)
        if r.has("rates"):
            kwargs["rates"] = {name: item.as_(_load_rate) for name, item in r.entries("rates")}
        for key in ("vulnerability_points", "channel_points"):
            if r.has(key):
                kwargs[key] = {name: item.as_(_load_int) for name, item in r.entries(key)}
        with r.building():
            return cls(**kwargs, **kwargs_ref)


def _json_ints(reader: Reader, depth: int = 0) -> object:
    value = reader.value
    if isinstance(value, list):
        if depth >= 2:  # the deepest field is the matrix: a list of lists of ints
            raise reader.fail("be an integer")
        return tuple(_json_ints(item, depth + 1) for item in reader.elements())
    return reader.as_(_load_int)


def _load_int(value: object) -> int:
    if type(value) is not int:
        raise InvalidFieldError("", value, "be an integer")
    return value


def _load_rate(value: object) -> decimal.Decimal:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a decimal number written as a string")
    rate = decimal.Decimal(value)
    if not rate.is_finite() or rate <= 0:
        raise InvalidFieldError("", value, "be a finite decimal number > 0")
    return rate

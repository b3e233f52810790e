"""`PriorityModel`: the weights as a value, and the scoring and ranking that use them.

The weights' converters live in `_weights` and `_channels`, the tables derived from them
in `_compiled`; this module holds the model and its two hot paths, `score` and `rank`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, Final, Self

import attrs

from supportflow import _declarative, _validators
from supportflow._declarative import (
    DECIMAL,
    INTEGER,
    REFERENCE,
    Codec,
    Document,
    custom,
    declared,
    mapping,
    optional,
    pairs,
    sequence,
    spec,
)
from supportflow._json_schema import enum_of
from supportflow._json_schema import mapping as mapping_schema
from supportflow.errors import InvalidFieldError
from supportflow.priority._channels import DEFAULT_CHANNELS, channel_points
from supportflow.priority._compiled import (
    CENT,
    NO_AMOUNT,
    NO_CHANNEL,
    NO_FUNDS,
    NO_SLA,
    NO_VULNERABILITY,
    Compiled,
)
from supportflow.priority._inputs import PriorityInputs, Vulnerability
from supportflow.priority._score import (
    Priority,
    PriorityContribution,
    PriorityFactor,
    PriorityScore,
    new_contribution,
    new_score,
)
from supportflow.priority._weights import (
    ITIL_3X3,
    MAX_SCORE,
    VULNERABILITY_POINTS,
    amount_floor,
    base_points,
    matrix,
    points,
    positive_int,
    rates,
    vulnerability_points,
)
from supportflow.registry import parse_ref
from supportflow.vocabulary import Channel

Detail = tuple[str | int, ...]

__all__ = ["PriorityModel"]

_US_PER_SECOND: Final = 1_000_000


def _load_rate(value: object) -> decimal.Decimal:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a decimal number written as a string")
    rate = decimal.Decimal(value)
    if not rate.is_finite() or rate <= 0:
        raise InvalidFieldError("", value, "be a finite decimal number > 0")
    return rate


def _dump_vulnerability_points(value: tuple[tuple[Vulnerability, int], ...]) -> object:
    return {flag.value: p for flag, p in value}


#: Exchange rates: an object of currency codes to positive decimal strings.
_RATES = pairs(custom(DECIMAL.dump, _load_rate, DECIMAL.schema))
#: Points per vulnerability flag: an object keyed by the flags' values (the class checks them).
_VULNERABILITY_POINTS = Codec(
    _dump_vulnerability_points,
    mapping(INTEGER).load,
    lambda: mapping_schema(INTEGER.schema(), keys=enum_of(Vulnerability)),
)
#: The matrix and the base points: nested lists of integers (the class checks their shape).
_MATRIX = sequence(sequence(INTEGER))
_INTEGERS = sequence(INTEGER)


def _ref(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        parse_ref(value, field=attribute.name)


@declared(schema=1)
@attrs.frozen(kw_only=True)
class PriorityModel(Document):
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

    matrix: tuple[tuple[int, ...], ...] = attrs.field(
        default=ITIL_3X3, converter=matrix, metadata=spec(_MATRIX)
    )
    base_points: tuple[int, ...] = attrs.field(
        default=(60, 45, 30, 15, 0), converter=base_points, metadata=spec(_INTEGERS)
    )
    base_currency: str = attrs.field(default="CNY", validator=_validators.currency_code)
    rates: tuple[tuple[str, decimal.Decimal], ...] = attrs.field(
        default=(), converter=rates, metadata=spec(_RATES)
    )
    amount_floor: decimal.Decimal = attrs.field(
        default=decimal.Decimal(100), converter=amount_floor
    )
    amount_points_per_decade: int = attrs.field(default=4, validator=positive_int)
    amount_cap: int = attrs.field(default=16, validator=points)
    vulnerability_points: tuple[tuple[Vulnerability, int], ...] = attrs.field(
        default=VULNERABILITY_POINTS,
        converter=vulnerability_points,
        metadata=spec(_VULNERABILITY_POINTS),
    )
    regulator_points: int = attrs.field(default=12, validator=points)
    media_points: int = attrs.field(default=8, validator=points)
    repeat_points: int = attrs.field(default=4, validator=points)
    repeat_cap: int = attrs.field(default=12, validator=points)
    funds_held_points: int = attrs.field(default=10, validator=points)
    funds_past_end_points: int = attrs.field(default=20, validator=points)
    fraud_points: int = attrs.field(default=12, validator=points)
    channel_points: tuple[tuple[str, int], ...] = attrs.field(
        default=DEFAULT_CHANNELS, converter=channel_points
    )
    sla_horizon: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=72), validator=_validators.positive_duration
    )
    sla_points: int = attrs.field(default=20, validator=points)
    aging_interval: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=2), validator=_validators.positive_duration
    )
    aging_cap: int = attrs.field(default=60, validator=points)
    ref: str | None = attrs.field(
        default=None,
        validator=_ref,
        kw_only=True,
        metadata=spec(optional(REFERENCE), omit_default=True),
    )
    _c: Compiled = attrs.field(init=False, eq=False, repr=False)

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
        object.__setattr__(self, "_c", Compiled(self))

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
        added = dict(channel_points(points))
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
            shown = text if base_amount is item.amount else str(base_amount.quantize(CENT))
            amount = new_contribution(
                f.AMOUNT,
                points,
                (text, item.currency or self.base_currency, shown, self.base_currency),
            )
        else:
            amount = NO_AMOUNT

        vulnerability = (
            c.vulnerability_part(item.vulnerabilities) if item.vulnerabilities else NO_VULNERABILITY
        )
        repeat = c.repeat(item.repeat_count)

        funds = c.funds(item, at_us) if item.funds_held else NO_FUNDS

        channel = NO_CHANNEL if item.channel is None else c.channel(item.channel)[1]
        regulator, media, fraud = (
            c.regulator[item.regulator],
            c.media[item.media],
            c.fraud[item.fraud_signal],
        )

        due_us = item._due_us
        if due_us is None:
            sla = NO_SLA
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

    # -- its document -----------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Self:
        """Build a model from a JSON configuration (the shape `to_dict()` writes).

        Every key is optional except `"schema"`: a missing key keeps its default, so a
        configuration can say only what it changes. Unknown keys are refused.

        Raises:
            NewerSchemaError: written by a newer supportflow.
            SerializationError: unknown schema or key, or a bad value; the JSON path says
                where (e.g. `channel_points.phone`).
        """
        if isinstance(data, dict):
            data = {**_DEFAULTS, **data}
        return _declarative.load(cls, data, path=path)


#: The default model's document without its "schema" key: what a partial configuration
#: falls back on, key by key.
_DEFAULTS: Final = {k: v for k, v in PriorityModel().to_dict().items() if k != "schema"}

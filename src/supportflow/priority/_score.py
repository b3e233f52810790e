"""The result of scoring: `Priority` labels, `PriorityContribution`s and `PriorityScore`."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final

import attrs

from supportflow import _declarative, _pendulum, _validators
from supportflow._declarative import INTEGER, NONEMPTY, Codec, Document, declared, sequence, spec
from supportflow._json_schema import Schema
from supportflow._serialization import _join
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.priority import _text

__all__ = ["Priority", "PriorityContribution", "PriorityFactor", "PriorityScore"]


class Priority(enum.Enum):
    """An ITIL priority label: `P1` (most urgent) to `P5` (least).

    Compare with `level` (1 for `P1` ... 5 for `P5`): a *lower* level is *more* urgent.
    """

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"
    P5 = "P5"

    @property
    def level(self) -> int:
        """1 for `P1` ... 5 for `P5`."""
        return int(self.value[1])


#: The labels by level - 1 (`LABELS[0] is Priority.P1`).
LABELS: tuple[Priority, ...] = tuple(Priority)


class PriorityFactor(enum.Enum):
    """One line of a priority breakdown, in the order the breakdown lists them.

    `detail` of the matching `PriorityContribution` (a tuple of `str`/`int`, JSON-safe):

    | factor | `detail` |
    |---|---|
    | `BASE` | `(impact, urgency, "P2")`: the ITIL matrix cell and its priority |
    | `AMOUNT` | `()` without an amount, else `(amount, currency, base_amount, base_currency)` |
    | `VULNERABILITY` | the flags' values, sorted, e.g. `("elderly",)` |
    | `REGULATOR`, `MEDIA`, `FRAUD` | `(1,)` when present, `(0,)` when not |
    | `REPEAT` | `(repeat_count,)` |
    | `FUNDS` | `("none",)`, `("held",)`, `("held", end_iso)` or `("past_end", end_iso)` |
    | `CHANNEL` | `()` when not recorded, else `(channel,)` |
    | `SLA` | `("none",)`, `("due_in", seconds)` or `("breached", seconds)` |
    | `AGING` | `(seconds_waited,)` |
    | `CAP` | `(100,)`: present only when the sum went over 100; its points are negative |
    """

    BASE = "base"
    AMOUNT = "amount"
    VULNERABILITY = "vulnerability"
    REGULATOR = "regulator"
    MEDIA = "media"
    REPEAT = "repeat"
    FUNDS = "funds"
    FRAUD = "fraud"
    CHANNEL = "channel"
    SLA = "sla"
    AGING = "aging"
    CAP = "cap"


Detail = tuple[str | int, ...]


def _int(field: str, value: object, low: int = -1000, high: int = 1000) -> None:
    if type(value) is not int or not low <= value <= high:
        raise InvalidFieldError(field, value, f"be an int from {low} to {high}")


def _member(field: str, value: object) -> None:
    kind = PriorityFactor if field == "factor" else Priority
    if not isinstance(value, kind):
        raise InvalidFieldError(field, value, f"be a {kind.__name__}")


def _at(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="at")


def _detail_element(value: object) -> str | int:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidFieldError("detail", value, "be a string or an integer")
    return value


def _same(value: str | int) -> str | int:
    return value


def _load_element(value: object, path: str) -> str | int:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SerializationError(path, value, "be a string or an integer")
    return value


#: `detail`: a JSON list of strings and integers (its shape per factor is the class's check).
_DETAIL = sequence(Codec(_same, _load_element, lambda: {"type": ["string", "integer"]}))


@declared(schema=1)
@attrs.frozen
class PriorityContribution(Document):
    """What one factor added to a score, and why.

    `reason("en")` reads e.g. `"amount at stake ¥58,000 -> +12"`, `reason("zh-Hans")`
    `"涉及金额 ¥58,000 → +12"`. The sentences are rendered when asked for, from `detail`
    (see `PriorityFactor` for what `detail` holds for each factor).

    Attributes:
        factor: Which factor.
        points: Its points (only the `CAP` line is ever negative).
        detail: The facts the reason is rendered from (JSON-safe).
    """

    factor: PriorityFactor = attrs.field(validator=lambda _s, _a, v: _member("factor", v))
    points: int = attrs.field(validator=lambda _s, _a, v: _int("points", v))
    detail: Detail = attrs.field(default=(), metadata=spec(_DETAIL))

    @detail.validator
    def _check_detail(self, _attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidFieldError("detail", value, "be a tuple of strings and integers")
        for element in value:
            _detail_element(element)
        if not _text.renders(self.factor.value, value):
            raise InvalidFieldError(
                "detail", value, f"have the shape documented for factor {self.factor.value!r}"
            )

    def reason(self, locale: str = "en") -> str:
        """The human-readable reason in `locale` (`"en"` or `"zh-Hans"`).

        Raises:
            InvalidFieldError: an unknown locale.
        """
        return _text.render(self.factor.value, self.points, self.detail, locale)


def _dump_line(part: PriorityContribution) -> dict[str, object]:
    line = _declarative.dump(part)
    del line["schema"]
    return line


def _load_line(value: object, path: str) -> PriorityContribution:
    # A breakdown line is a contribution's document without its "schema" key.
    if isinstance(value, dict):
        if "schema" in value:
            raise SerializationError(_join(path, "schema"), value["schema"], "not be present")
        value = {"schema": 1, **value}
    return _declarative.load(PriorityContribution, value, path=path)


def _line_schema() -> Schema:
    schema = _declarative.schema_of(PriorityContribution)
    del schema["properties"]["schema"]
    schema["required"].remove("schema")
    return schema


#: One line of a score's breakdown: a contribution without the `"schema"` key.
_LINES = sequence(Codec(_dump_line, _load_line, _line_schema), min_items=1)
#: A score's value, 0 to 100.
_VALUE = Codec(
    INTEGER.dump, INTEGER.load, lambda: {**INTEGER.schema(), "minimum": 0, "maximum": 100}
)


@declared(schema=1)
@attrs.frozen
class PriorityScore(Document):
    """A priority score: a value 0-100, its label, and the breakdown that sums to it.

    Made by `PriorityModel.score`. `sum(c.points for c in breakdown) == value` always
    holds, and `breakdown[0]` is the ITIL matrix line (`matrix_priority`).

    Attributes:
        id: The scored item's id.
        at: The instant the score was computed for (time-dependent factors use it).
        value: 0 to 100; higher is more urgent.
        label: `P1` to `P5`, a non-increasing function of `value` (see `PriorityModel`).
        breakdown: Every factor's contribution, in `PriorityFactor` order.
    """

    id: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(NONEMPTY))
    at: dt.datetime = attrs.field(converter=_at)
    value: int = attrs.field(
        validator=lambda _s, _a, v: _int("value", v, 0, 100), metadata=spec(_VALUE)
    )
    label: Priority = attrs.field(validator=lambda _s, _a, v: _member("label", v))
    breakdown: tuple[PriorityContribution, ...] = attrs.field(metadata=spec(_LINES))

    @breakdown.validator
    def _check_breakdown(self, _attribute: attrs.Attribute[Any], value: object) -> None:
        if (
            not isinstance(value, tuple)
            or not value
            or not all(isinstance(c, PriorityContribution) for c in value)
            or value[0].factor is not PriorityFactor.BASE
        ):
            raise InvalidFieldError(
                "breakdown", value, "be a tuple of contributions starting with the 'base' line"
            )
        base = value[0].detail
        if len(base) != 3 or base[2] not in _LABELS:
            raise InvalidFieldError(
                "breakdown[0].detail",
                base,
                "be (impact, urgency, label) with a label from P1 to P5",
            )
        if sum(c.points for c in value) != self.value:
            raise InvalidFieldError("breakdown", value, f"sum to value {self.value}")
        if self.label.level > self.matrix_priority.level:
            raise InvalidFieldError(
                "label",
                self.label,
                f"not be below the matrix priority {self.matrix_priority.value}",
            )

    @property
    def matrix_priority(self) -> Priority:
        """The priority the ITIL impact x urgency matrix alone gave."""
        return Priority(self.breakdown[0].detail[2])

    def reasons(self, locale: str = "en") -> tuple[str, ...]:
        """Every contribution's reason in `locale` (`"en"` or `"zh-Hans"`), in order."""
        return tuple(c.reason(locale) for c in self.breakdown)

    def explain(self, locale: str = "en") -> str:
        """A multi-line explanation: a heading with label and value, then one reason per line."""
        if locale == "zh-Hans":
            head = f"{self.id}：{self.label.value}（{self.value}/100）"  # noqa: RUF001 - Chinese
        else:
            head = f"{self.id}: {self.label.value} ({self.value}/100)"
        return "\n".join([head, *(f"  {line}" for line in self.reasons(locale))])


_LABELS: Final = frozenset(p.value for p in Priority)
_new = object.__new__
_set = object.__setattr__


def new_contribution(factor: PriorityFactor, points: int, detail: Detail) -> PriorityContribution:
    """A contribution built by the model (already valid): skips the validators (hot path)."""
    part: PriorityContribution = _new(PriorityContribution)
    _set(part, "factor", factor)
    _set(part, "points", points)
    _set(part, "detail", detail)
    return part


def new_score(
    ident: str,
    at: dt.datetime,
    value: int,
    label: Priority,
    breakdown: tuple[PriorityContribution, ...],
) -> PriorityScore:
    """A score built by the model (valid by construction): skips the validators (hot path)."""
    result: PriorityScore = _new(PriorityScore)
    _set(result, "id", ident)
    _set(result, "at", at)
    _set(result, "value", value)
    _set(result, "label", label)
    _set(result, "breakdown", breakdown)
    return result

"""The weights of a `PriorityModel`: their defaults, and the converters that check them.

Every converter accepts what a caller or a JSON configuration gives and raises
`InvalidFieldError` naming the offending entry (`matrix[1][2]`, `rates['USD']`).
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from supportflow.errors import InvalidFieldError
from supportflow.priority._inputs import MAX_LEVEL, Vulnerability
from supportflow.priority._score import LABELS

__all__ = [
    "ITIL_3X3",
    "MAX_SCORE",
    "VULNERABILITY_POINTS",
    "amount_floor",
    "base_points",
    "matrix",
    "pairs",
    "points",
    "positive_int",
    "rates",
    "vulnerability_points",
]

#: The top of the scale.
MAX_SCORE: Final = 100

#: The ITIL 3 x 3 impact x urgency matrix.
ITIL_3X3: Final = ((1, 2, 3), (2, 3, 4), (3, 4, 5))

#: The default points per vulnerability flag.
VULNERABILITY_POINTS: Final = (
    (Vulnerability.DISABILITY, 10),
    (Vulnerability.ELDERLY, 10),
    (Vulnerability.FINANCIAL_HARDSHIP, 8),
)


def points(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 0 <= value <= MAX_SCORE:
        raise InvalidFieldError(
            attribute.name, value, f"be an int from 0 to {MAX_SCORE} (weights are never negative)"
        )


def positive_int(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 1:
        raise InvalidFieldError(attribute.name, value, "be an int >= 1")


def matrix(value: object) -> tuple[tuple[int, ...], ...]:
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


def base_points(value: object) -> tuple[int, ...]:
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


def pairs(value: object, field: str) -> list[tuple[object, object]]:
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


def rates(value: object) -> tuple[tuple[str, decimal.Decimal], ...]:
    out = {}
    for code, rate in pairs(value, "rates"):
        if not isinstance(code, str) or not _CURRENCY.fullmatch(code):
            raise InvalidFieldError("rates", code, "have ISO 4217 codes such as 'USD' as keys")
        if isinstance(rate, bool) or not isinstance(rate, decimal.Decimal | int):
            raise InvalidFieldError(f"rates[{code!r}]", rate, "be a Decimal (never a float)")
        exact = decimal.Decimal(rate)
        if not exact.is_finite() or exact <= 0:
            raise InvalidFieldError(f"rates[{code!r}]", rate, "be a finite Decimal > 0")
        out[code] = exact
    return tuple(sorted(out.items()))


def vulnerability_points(value: object) -> tuple[tuple[Vulnerability, int], ...]:
    out = {}
    for flag, points in pairs(value, "vulnerability_points"):
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


def amount_floor(value: object) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, decimal.Decimal | int):
        raise InvalidFieldError("amount_floor", value, "be a Decimal (never a float)")
    floor = decimal.Decimal(value)
    if not floor.is_finite() or floor <= 0:
        raise InvalidFieldError("amount_floor", value, "be a finite Decimal > 0")
    return floor


_CURRENCY: Final = re.compile(r"[A-Z]{3}")

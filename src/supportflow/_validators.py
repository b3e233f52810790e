"""attrs validators and converters shared by every module.

Each raises `InvalidFieldError` naming the attrs field, so a constructor that refuses a
value says which field and why, and builds nothing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from collections.abc import Callable
from typing import Any

import attrs

from supportflow import _pendulum
from supportflow.errors import InvalidFieldError

__all__ = [
    "aware",
    "currency_code",
    "finite_decimal",
    "finite_number",
    "iso_weekday",
    "non_empty_text",
    "non_negative_decimal",
    "non_negative_duration",
    "positive_duration",
    "to_instant",
    "to_instant_value",
    "wall_time",
]

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _name(attribute: attrs.Attribute[Any]) -> str:
    return attribute.alias or attribute.name.lstrip("_")


def aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The value is a timezone-aware datetime."""
    if value is None:
        return
    _pendulum.instant(value, field=_name(attribute))


def to_instant(field: str) -> Callable[[object], dt.datetime]:
    """An attrs converter for an instant field called `field`.

    Accepts aware stdlib datetimes or ISO strings with an offset, stores pendulum values,
    and names `field` when it refuses. (mypy's attrs plugin accepts only named functions
    and lambdas as converters, so use it as `converter=lambda v: to_instant_value(v, "at")`
    in code that mypy checks; this factory serves dynamic fields.)
    """

    def convert(value: object) -> dt.datetime:
        return _pendulum.instant(value, field=field)

    return convert


def to_instant_value(value: object, field: str) -> dt.datetime:
    """Convert `value` to an aware pendulum `DateTime`, naming `field` on refusal."""
    return _pendulum.instant(value, field=field)


def iso_weekday(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An ISO weekday number: 1 (Monday) to 7 (Sunday); `bool` is refused."""
    if type(value) is not int or not 1 <= value <= 7:
        raise InvalidFieldError(_name(attribute), value, "be an ISO weekday from 1 to 7")


def wall_time(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A naive wall-clock `datetime.time` (a zone belongs to the calendar, not the time)."""
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidFieldError(_name(attribute), value, "be a wall-clock time without a zone")


def non_empty_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A string that is not blank."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(_name(attribute), value, "be a non-empty string")


def finite_decimal(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A finite `Decimal` (not a float: money is never binary floating point)."""
    if not isinstance(value, decimal.Decimal) or not value.is_finite():
        raise InvalidFieldError(_name(attribute), value, "be a finite Decimal")


def non_negative_decimal(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A finite `Decimal` >= 0."""
    finite_decimal(_instance, attribute, value)
    assert isinstance(value, decimal.Decimal)  # noqa: S101 - narrowed by the check above
    if value < 0:
        raise InvalidFieldError(_name(attribute), value, "not be negative")


def non_negative_duration(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """A `timedelta` >= 0."""
    if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
        raise InvalidFieldError(_name(attribute), value, "be a non-negative duration")


def positive_duration(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A `timedelta` > 0."""
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise InvalidFieldError(_name(attribute), value, "be a positive duration")


_CURRENCY = re.compile(r"^[A-Z]{3}$")


def currency_code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An ISO 4217 alphabetic code: three upper-case letters."""
    if not isinstance(value, str) or not _CURRENCY.match(value):
        raise InvalidFieldError(_name(attribute), value, "be an ISO 4217 code such as 'CNY'")


def finite_number(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An int or float that is finite (NaN and infinities refused; `bool` refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        raise InvalidFieldError(_name(attribute), value, "be a finite number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidFieldError(_name(attribute), value, "be a finite number")
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        raise InvalidFieldError(_name(attribute), value, "be a finite number")

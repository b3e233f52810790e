"""attrs validators and the argument converters every public method uses.

Each raises `InvalidFieldError` naming the attrs field, so a constructor that refuses a
value says which field and why, and builds nothing.

The boundary converters (`instant`, `optional_instant`, `duration`, `amount`, `choice`,
`choices`, `text`, `integer`, `number`) take the argument's name first and return the
converted value: a public method runs its arguments through them before it decides
anything, so a hostile argument is refused with a typed error naming it and the object is
left unchanged.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar

import attrs

from supportflow import _pendulum
from supportflow.errors import InvalidFieldError

__all__ = [
    "MAX_AMOUNT",
    "MAX_DURATION",
    "amount",
    "amount_places",
    "aware",
    "bounded_amount",
    "bounded_non_negative_amount",
    "choice",
    "choices",
    "currency_code",
    "duration",
    "finite_decimal",
    "finite_number",
    "instant",
    "integer",
    "is_member",
    "is_text",
    "iso_weekday",
    "items_of",
    "non_empty_text",
    "non_negative_decimal",
    "non_negative_duration",
    "number",
    "optional_instant",
    "positive_duration",
    "text",
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


def is_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A string (may be empty)."""
    if not isinstance(value, str):
        raise InvalidFieldError(_name(attribute), value, "be a string")


def is_member(kind: type[enum.Enum]) -> _Validator:
    """An attrs validator: the value is a member of the enum `kind` (not its value)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidFieldError(_name(attribute), value, f"be a {kind.__name__} member")

    return check


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


def bounded_amount(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A `Decimal` amount (negative allowed) in the documented range of `amount`."""
    if not isinstance(value, decimal.Decimal):
        raise InvalidFieldError(_name(attribute), value, "be a Decimal")
    amount(_name(attribute), value, signed=True)


def bounded_non_negative_amount(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """A `Decimal` amount >= 0 in the documented range of `amount`."""
    if not isinstance(value, decimal.Decimal):
        raise InvalidFieldError(_name(attribute), value, "be a Decimal")
    amount(_name(attribute), value)


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


# -- boundary converters ----------------------------------------------------------------

E = TypeVar("E", bound=enum.Enum)

#: Amounts are below 10**15 in magnitude (a quadrillion units of any currency): with at
#: most 8 decimal places that is 23 significant digits, inside the 28 of the default
#: `decimal` context, so sums and comparisons of amounts are exact and never overflow.
MAX_AMOUNT: Final = decimal.Decimal(10) ** 15
#: The longest duration an argument may carry: 1,000 years of 365.25 days. Longer spans
#: cannot be added to any instant the library accepts (years 1 to 9999).
MAX_DURATION: Final = dt.timedelta(days=365_250)

# ISO 4217 minor units that are not 2 (a three-letter code not listed in
# `_ISO_2_PLACES` and not here, such as BTC or the precious metal XAU, may carry 8).
_MINOR_UNITS: Final[dict[str, int]] = {
    **dict.fromkeys(
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(),  # noqa: SIM905 - a readable block of codes
        0,
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),  # noqa: SIM905 - as above
}
_ISO_2_PLACES: Final = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN
    BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR
    LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD
    PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
    SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 - one readable block of codes
)
_OTHER_PLACES: Final = 8


def amount_places(currency: str | None) -> int:
    """The most decimal places an amount in `currency` may have.

    The ISO 4217 minor units for ISO currencies (0 for JPY and KRW, 3 for BHD and KWD, 2 for
    most), and 8 for any other code (crypto assets such as BTC, metals such as XAU) or when
    the currency is not known yet.
    """
    if currency is None:
        return _OTHER_PLACES
    if currency in _MINOR_UNITS:
        return _MINOR_UNITS[currency]
    return 2 if currency in _ISO_2_PLACES else _OTHER_PLACES


def instant(field: str, value: object) -> dt.datetime:
    """An instant argument: an aware `datetime` or an ISO 8601 string with an offset.

    Raises:
        NaiveDatetimeError: no time zone.
        InvalidFieldError: not an instant, or outside years 1 to 9999 in UTC.
    """
    return _pendulum.instant(value, field=field)


def optional_instant(field: str, value: object) -> dt.datetime | None:
    """Like `instant`, with `None` passed through."""
    return None if value is None else _pendulum.instant(value, field=field)


def duration(
    field: str,
    value: object,
    *,
    minimum: dt.timedelta | None = dt.timedelta(0),
    positive: bool = False,
) -> dt.timedelta:
    """A duration argument: a `timedelta` (a string is refused: signatures say `timedelta`).

    At most `MAX_DURATION` in magnitude; not below `minimum` (`None`: no lower bound);
    strictly positive when `positive`.

    Raises:
        InvalidFieldError: not a duration, or out of range.
    """
    if not isinstance(value, dt.timedelta):
        raise InvalidFieldError(field, value, "be a datetime.timedelta")
    if abs(value) > MAX_DURATION:
        raise InvalidFieldError(field, value, "be at most 1,000 years (365,250 days) long")
    if positive and value <= dt.timedelta(0):
        raise InvalidFieldError(field, value, "be a positive duration")
    if minimum is not None and value < minimum:
        reason = "not be negative" if minimum == dt.timedelta(0) else f"be at least {minimum}"
        raise InvalidFieldError(field, value, reason)
    return value


def amount(
    field: str,
    value: object,
    *,
    currency: str | None = None,
    positive: bool = False,
    signed: bool = False,
) -> decimal.Decimal:
    """A money amount: a `Decimal`, an `int` or a decimal string; never a float.

    The documented range and precision: finite, below `MAX_AMOUNT` (10**15) in magnitude,
    with at most `amount_places(currency)` decimal places (trailing zeros do not count).
    Not negative unless `signed`; not zero when `positive`.

    Raises:
        InvalidFieldError: anything else.
    """
    if isinstance(value, bool | float):
        raise InvalidFieldError(field, value, "be a Decimal or a decimal string, never a float")
    if isinstance(value, int | str):
        try:
            number = decimal.Decimal(value.strip() if isinstance(value, str) else value)
        except (decimal.InvalidOperation, ValueError) as exc:
            raise InvalidFieldError(field, value, "be a decimal number") from exc
    elif isinstance(value, decimal.Decimal):
        number = value
    else:
        raise InvalidFieldError(field, value, "be a Decimal, an int or a decimal string")
    if not number.is_finite():
        raise InvalidFieldError(field, value, "be a finite number")
    if number.copy_abs() >= MAX_AMOUNT:
        raise InvalidFieldError(field, value, "be less than 10**15 in magnitude")
    places = amount_places(currency)
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite, checked above
    if number and -exponent > places:
        where = f"in {currency}" if currency else "here"
        raise InvalidFieldError(field, value, f"have at most {places} decimal places {where}")
    if number < 0 and not signed:
        raise InvalidFieldError(field, value, "not be negative")
    if positive and number <= 0:
        raise InvalidFieldError(field, value, "be positive")
    return number


def choice(field: str, value: object, kind: type[E]) -> E:
    """A member of the enum `kind`, given as the member or as its value.

    Raises:
        InvalidFieldError: anything else; the reason lists the choices.
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, str | int) and not isinstance(value, bool):
        for member in kind:
            if member.value == value:
                return member
    options = ", ".join(repr(m.value) for m in kind)
    raise InvalidFieldError(field, value, f"be one of {options}")


def choices(field: str, value: object, kind: type[E]) -> tuple[E, ...]:
    """A collection (list, tuple, set) of members of `kind`, in order, without repeats.

    A single string is refused rather than read as a sequence of characters.

    Raises:
        InvalidFieldError: not such a collection, or an element is not a member (the
            error's `value` is that element).
    """
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise InvalidFieldError(field, value, "be a list of " + kind.__name__ + " values")
    out: list[E] = []
    for item in value:
        member = choice(field, item, kind)  # names the field, shows the element
        if member not in out:
            out.append(member)
    return tuple(out)


T = TypeVar("T")


def items_of(field: str, value: object, kind: type[T] | tuple[type[T], ...]) -> tuple[T, ...]:
    """A collection (any iterable but a string, bytes or mapping) of `kind` instances.

    Raises:
        InvalidFieldError: not such a collection, or an element of another type (the
            error names its position, `field[i]`).
    """
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise InvalidFieldError(field, value, "be a collection (a list or a tuple)")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind) or isinstance(item, bool):
            names = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            raise InvalidFieldError(f"{field}[{index}]", item, f"be a {names}")
    return items


def text(field: str, value: object, *, max_length: int = 10_000, empty: bool = False) -> str:
    """A string argument of at most `max_length` characters; blank only when `empty`.

    Raises:
        InvalidFieldError: not a string, blank, or too long.
    """
    if not isinstance(value, str):
        raise InvalidFieldError(field, value, "be a string")
    if not empty and not value.strip():
        raise InvalidFieldError(field, value, "be a non-empty string")
    if len(value) > max_length:
        raise InvalidFieldError(field, value, f"be at most {max_length} characters long")
    return value


def integer(field: str, value: object, *, minimum: int = 0, maximum: int = 10**9) -> int:
    """An `int` (not a `bool`) from `minimum` to `maximum`.

    Raises:
        InvalidFieldError: anything else.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidFieldError(field, value, "be an integer")
    if not minimum <= value <= maximum:
        raise InvalidFieldError(field, value, f"be from {minimum} to {maximum}")
    return int(value)


def number(field: str, value: object, *, minimum: float = 0, maximum: float = 1e12) -> float:
    """A finite real number (int or float, not bool) from `minimum` to `maximum`.

    Raises:
        InvalidFieldError: anything else (NaN and infinities included).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFieldError(field, value, "be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidFieldError(field, value, "be a finite number")
    if not minimum <= value <= maximum:
        raise InvalidFieldError(field, value, f"be from {minimum:g} to {maximum:g}")
    return float(value)

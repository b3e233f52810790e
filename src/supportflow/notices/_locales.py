"""Locales, the fallback chain, and the formatting functions of the built-in locale tables.

pendulum ships only a Simplified Chinese locale (asking it for zh-TW or zh-Hant raises),
and both the process locale and pendulum's locale are process-wide settings that a
library must never touch. So the words and patterns are data, `LocaleTable` files in
`supportflow/notices/locales/` (see `_locale_table`), and pendulum is used only to convert
an instant into the customer's zone.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Final

import attrs

from supportflow.errors import InvalidFieldError
from supportflow.notices._locale_registry import builtin_registry, registry
from supportflow.notices._locale_table import BUILTIN, LocaleTable

__all__ = [
    "LOCALES",
    "Money",
    "fallback_chain",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_money",
    "format_time",
]

#: The locales supportflow writes notices in, by their BCP 47 tags.
LOCALES: Final = BUILTIN


def fallback_chain(tag: object, *, locale_tables: Iterable[LocaleTable] = ()) -> tuple[str, ...]:
    """The locales to try, in order, for a customer whose language tag is `tag`.

    `zh-HK`, `zh-TW` and `zh-MO` -> `zh-Hant` -> `zh-Hans` -> `en`; `zh-CN`, `zh-SG` and
    plain `zh` -> `zh-Hans` -> `en`; `en` and any `en-*` -> `en`. Case and `_` versus `-`
    do not matter. Any other language is refused rather than silently sent in English,
    unless `locale_tables` adds a table that serves it (its tag, its aliases, then its
    declared fallbacks: `ja-JP` -> `ja` -> `en` with a Japanese table).

    Example:
        ```python
        from supportflow.notices import fallback_chain

        assert fallback_chain("zh_TW") == ("zh-Hant", "zh-Hans", "en")
        ```

    Raises:
        InvalidFieldError: `tag` is not a language tag supportflow can serve, or
            `locale_tables` is not a collection of consistent `LocaleTable` objects.
    """
    if locale_tables == ():
        return builtin_registry().chain(tag)
    return registry(locale_tables).chain(tag)


# -- money ------------------------------------------------------------------------------


def _currency(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or len(value) != 3 or not value.isascii() or not value.isupper():
        raise InvalidFieldError(attribute.name, value, "be an ISO 4217 code such as 'CNY'")


def _amount(_instance: object, attribute: attrs.Attribute[decimal.Decimal], value: object) -> None:
    if not isinstance(value, decimal.Decimal) or not value.is_finite():
        raise InvalidFieldError(attribute.name, value, "be a finite Decimal (never a float)")
    if abs(value) >= decimal.Decimal("1e15"):
        raise InvalidFieldError(attribute.name, value, "be less than 10^15 in size")


def _to_decimal(value: object) -> object:
    # Integers are exact; floats and strings are refused by the validator (a float is
    # already rounded, a string is ambiguous about its locale).
    if isinstance(value, int) and not isinstance(value, bool):
        return decimal.Decimal(value)
    return value


@attrs.frozen
class Money:
    """An amount of money in a currency, for notice variables of type `money`.

    Example:
        ```python
        from decimal import Decimal
        from supportflow.notices import Money

        assert str(Money(Decimal("1234.5"), "HKD")) == "1234.5 HKD"
        ```

    Raises:
        InvalidFieldError: the amount is not a finite `Decimal` (or int) below 10^15, or the
            currency is not three upper-case letters.
    """

    amount: decimal.Decimal = attrs.field(converter=_to_decimal, validator=_amount)
    currency: str = attrs.field(validator=_currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def format_money(money: Money, locale: str) -> str:
    """`money` with the built-in `locale`'s currency symbol, grouping and decimals."""
    return builtin_registry().formats(locale).money(money)


def format_date(value: dt.datetime, style: str, locale: str) -> str:
    """The date of the local `value` in `style` (short, medium or long)."""
    return builtin_registry().formats(locale).date(value, style)


def format_time(value: dt.datetime, style: str, locale: str) -> str:
    """The 24-hour wall-clock time of the local `value`; medium and long name the zone."""
    return builtin_registry().formats(locale).time(value, style)


def format_datetime(value: dt.datetime, style: str, locale: str) -> str:
    """Date and time of the local `value` in `style`."""
    return builtin_registry().formats(locale).datetime(value, style)


def format_duration(value: dt.timedelta, locale: str) -> str:
    """`value` (>= 0) in words: days, hours and minutes; seconds only under a minute.

    Seconds beyond whole minutes are dropped (a 2 h 30 min 20 s window reads "2 hours and
    30 minutes").
    """
    return builtin_registry().formats(locale).duration(value)

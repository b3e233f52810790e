# ruff: noqa: RUF001 - Chinese formats use full-width parentheses on purpose
"""Locales, the fallback chain, and our own formatting tables for en, zh-Hans and zh-Hant.

pendulum ships only a Simplified Chinese locale (asking it for zh-TW or zh-Hant raises),
and both the process locale and pendulum's locale are process-wide settings that a
library must never touch. So the words and patterns live here, in plain tables, and
pendulum is used only to convert an instant into the customer's zone.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Final

import attrs

from supportflow.errors import InvalidFieldError

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
LOCALES: Final = ("en", "zh-Hans", "zh-Hant")

_CHAINS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("en",),
    "zh-Hans": ("zh-Hans", "en"),
    "zh-Hant": ("zh-Hant", "zh-Hans", "en"),
}
# Lower-cased tags (with '_' read as '-') and the locale they start from.
_ALIASES: Final[dict[str, str]] = {
    "en": "en",
    "zh-hans": "zh-Hans",
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-my": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-hans-sg": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-hk": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hant-mo": "zh-Hant",
}
_CHAIN_CACHE: dict[str, tuple[str, ...]] = {}


def fallback_chain(tag: object) -> tuple[str, ...]:
    """The locales to try, in order, for a customer whose language tag is `tag`.

    `zh-HK`, `zh-TW` and `zh-MO` -> `zh-Hant` -> `zh-Hans` -> `en`; `zh-CN`, `zh-SG` and
    plain `zh` -> `zh-Hans` -> `en`; `en` and any `en-*` -> `en`. Case and `_` versus `-`
    do not matter. Any other language is refused rather than silently sent in English.

    Raises:
        InvalidFieldError: `tag` is not a language tag supportflow can serve.
    """
    if isinstance(tag, str):
        cached = _CHAIN_CACHE.get(tag)
        if cached is not None:
            return cached
        key = tag.replace("_", "-").lower()
        start = _ALIASES.get(key) or ("en" if key.startswith("en-") and key.isascii() else None)
        if start is not None:
            chain = _CHAINS[start]
            if len(_CHAIN_CACHE) < 256:
                _CHAIN_CACHE[tag] = chain
            return chain
    raise InvalidFieldError(
        "locale",
        tag,
        "be en, zh-Hans or zh-Hant, or a tag that falls back to them "
        "(en-*, zh-CN, zh-SG, zh-HK, zh-TW, zh-MO)",
    )


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


# Decimal places shown per currency (ISO 4217 minor units, except TWD, which consumers
# and banks in Taiwan show without cents). More places are shown when the amount has
# them: an amount is never rounded in a customer notice.
_DECIMALS: Final[dict[str, int]] = {"JPY": 0, "KRW": 0, "TWD": 0}
# Symbols shared by the three locales; only the yuan differs: "¥" alone reads as the yuan in
# zh-Hans, while English and Traditional Chinese readers need "CN¥" to tell it from the yen.
_COMMON_SYMBOLS: Final[dict[str, str]] = {
    "HKD": "HK$",
    "USD": "US$",
    "TWD": "NT$",
    "GBP": "£",
    "EUR": "€",
    "JPY": "JP¥",
    "MOP": "MOP$",
    "SGD": "S$",
}
_SYMBOLS: Final[dict[str, dict[str, str]]] = {
    "en": {"CNY": "CN¥", **_COMMON_SYMBOLS},
    "zh-Hans": {"CNY": "¥", **_COMMON_SYMBOLS},
    "zh-Hant": {"CNY": "CN¥", **_COMMON_SYMBOLS},
}


def format_money(money: Money, locale: str) -> str:
    """`money` with the locale's currency symbol, comma grouping and the currency's decimals.

    Unknown currencies are written with their code: `SGD 12.00` becomes `S$12.00`, but a
    currency missing from the table shows as `CHF 12.00`.
    """
    amount = money.amount
    places = _DECIMALS.get(money.currency, 2)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked by Money  # noqa: S101
    places = max(places, -exponent)
    digits = f"{abs(amount):,.{places}f}"
    sign = "-" if amount < 0 else ""
    symbol = _SYMBOLS[locale].get(money.currency)
    if symbol is None:
        return f"{sign}{money.currency} {digits}"
    return f"{sign}{symbol}{digits}"


# -- dates and times --------------------------------------------------------------------

_EN_MONTHS: Final = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_MONTHS_SHORT: Final = tuple(m[:3] for m in _EN_MONTHS)
_EN_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_WEEKDAYS_SHORT: Final = tuple(w[:3] for w in _EN_WEEKDAYS)
_WEEKDAYS: Final[dict[str, tuple[str, ...]]] = {
    "zh-Hans": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "zh-Hant": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}
_WEEKDAYS_SHORT: Final[dict[str, tuple[str, ...]]] = {
    "zh-Hans": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "zh-Hant": ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
}

# Zones customers know by a city name; any other zone is shown as its UTC offset.
_ZONE_NAMES: Final[dict[str, dict[str, str]]] = {
    "Asia/Shanghai": {"en": "Beijing time", "zh-Hans": "北京时间", "zh-Hant": "北京時間"},
    "Asia/Hong_Kong": {"en": "Hong Kong time", "zh-Hans": "香港时间", "zh-Hant": "香港時間"},
    "Asia/Taipei": {"en": "Taipei time", "zh-Hans": "台北时间", "zh-Hant": "台北時間"},
    "Asia/Macau": {"en": "Macau time", "zh-Hans": "澳门时间", "zh-Hant": "澳門時間"},
    "Asia/Singapore": {"en": "Singapore time", "zh-Hans": "新加坡时间", "zh-Hant": "新加坡時間"},
    "Europe/London": {"en": "UK time", "zh-Hans": "英国时间", "zh-Hant": "英國時間"},
}


def _zone_label(value: dt.datetime, locale: str) -> str:
    tz = value.tzinfo
    names = _ZONE_NAMES.get(str(getattr(tz, "key", None) or getattr(tz, "name", "")))
    if names is not None:
        return names[locale]
    offset = value.utcoffset()
    minutes = int(offset.total_seconds()) // 60 if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{rest:02d}" if rest else f"UTC{sign}{hours}"


def format_date(value: dt.datetime, style: str, locale: str) -> str:
    """The date of the local `value` in `style` (short, medium or long)."""
    if locale == "en":
        if style == "short":
            return f"{value.day} {_EN_MONTHS_SHORT[value.month]} {value.year}"
        if style == "medium":
            weekday = _EN_WEEKDAYS_SHORT[value.weekday()]
            return f"{weekday} {value.day} {_EN_MONTHS_SHORT[value.month]} {value.year}"
        weekday = _EN_WEEKDAYS[value.weekday()]
        return f"{weekday}, {value.day} {_EN_MONTHS[value.month]} {value.year}"
    if style == "short":
        return f"{value.year}/{value.month}/{value.day}"
    if style == "medium":
        weekday = _WEEKDAYS_SHORT[locale][value.weekday()]
        return f"{value.year}年{value.month}月{value.day}日（{weekday}）"
    return f"{value.year}年{value.month}月{value.day}日 {_WEEKDAYS[locale][value.weekday()]}"


def format_time(value: dt.datetime, style: str, locale: str) -> str:
    """The 24-hour wall-clock time of the local `value`; medium and long name the zone."""
    clock = f"{value.hour:02d}:{value.minute:02d}"
    if style == "short":
        return clock
    if style == "long":
        clock = f"{clock}:{value.second:02d}"
    label = _zone_label(value, locale)
    return f"{clock} ({label})" if locale == "en" else f"{clock}（{label}）"


def format_datetime(value: dt.datetime, style: str, locale: str) -> str:
    """Date and time of the local `value` in `style`."""
    if style == "short":
        return f"{format_date(value, 'short', locale)} {format_time(value, 'short', locale)}"
    time = format_time(value, "medium", locale)
    if locale == "en":
        if style == "medium":
            return f"{format_date(value, 'medium', locale)}, {time}"
        return f"{format_date(value, 'long', locale)} at {time}"
    if style == "medium":
        return f"{format_date(value, 'medium', locale)}{time}"
    return f"{format_date(value, 'long', locale)} {time}"


# -- durations --------------------------------------------------------------------------

_ZH_UNITS: Final[dict[str, tuple[str, str, str, str]]] = {
    "zh-Hans": ("天", "小时", "分钟", "秒"),
    "zh-Hant": ("天", "小時", "分鐘", "秒"),
}


def format_duration(value: dt.timedelta, locale: str) -> str:
    """`value` (>= 0) in words: days, hours and minutes; seconds only under a minute.

    Seconds beyond whole minutes are dropped (a 2 h 30 min 20 s window reads "2 hours and
    30 minutes").
    """
    total = int(value.total_seconds())
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    if locale == "en":
        if total < 60:
            return _en_unit(seconds, "second") if total else "0 minutes"
        words = [
            _en_unit(n, unit)
            for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
            if n
        ]
        if len(words) == 1:
            return words[0]
        return ", ".join(words[:-1]) + " and " + words[-1]
    day, hour, minute, second = _ZH_UNITS[locale]
    if total < 60:
        return f"{seconds}{second}" if total else f"0{minute}"
    return "".join(f"{n}{unit}" for n, unit in ((days, day), (hours, hour), (minutes, minute)) if n)


def _en_unit(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"

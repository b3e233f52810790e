"""Locale tables: how one locale writes dates, times, numbers, money, durations and lists.

A `LocaleTable` is data: month and weekday names, a handful of patterns with named fields
(`"{day} {month_abbr} {year}"`), zone display names, currency symbols and placement, and
the words of a duration. The three built-in locales are JSON files in
`supportflow/notices/locales/`, loaded through the same public `load_locales` users call
for a locale of their own; rendering never reads the process locale or pendulum's.

The registry (`Registry`, internal) turns a set of tables into fallback chains: a customer's tag
(`ja-JP`, `zh_TW`) is matched case-insensitively against each table's tag and aliases
(exact aliases first, then `xx-*` wildcards), and the chain is the table's tag followed by
its declared fallbacks.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from supportflow._serialization import Reader
from supportflow._template import unsafe_character
from supportflow.errors import InvalidFieldError, SerializationError

if TYPE_CHECKING:
    from supportflow.notices._locales import Money

__all__ = ["LocaleTable", "load_locales", "locale_tables"]

#: The built-in locales, in the order notices list their texts.
BUILTIN: Final = ("en", "zh-Hans", "zh-Hant")

# A locale's own tag: language, optional script, optional region, in canonical case
# (`ja`, `zh-Hant`, `pt-BR`, `es-419`), so that two spellings never name two locales.
_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?")
# An alias: a tag in any case, or a language followed by `-*` (any tag that starts so).
_ALIAS = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*(-\*)?")
_FIELD = re.compile(r"\{([^{}]*)\}")

_STYLES: Final = ("short", "medium", "long")
_DATE_FIELDS: Final = frozenset(
    {"year", "month", "day", "month_name", "month_abbr", "weekday", "weekday_abbr"}
)
_TIME_FIELDS: Final = frozenset({"hour", "minute", "second", "zone"})
_DATETIME_FIELDS: Final = frozenset(
    f"{kind}_{style}" for kind in ("date", "time") for style in _STYLES
)
_OFFSET_FIELDS: Final = {
    "zero": frozenset(),
    "hours": frozenset({"sign", "hours"}),
    "hours_minutes": frozenset({"sign", "hours", "minutes"}),
}
_UNITS: Final = ("day", "hour", "minute", "second")
_CURRENCY = re.compile(r"[A-Z]{3}")

Frozen = tuple[tuple[str, Any], ...]


def _tag(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _TAG.fullmatch(value):
        raise InvalidFieldError(
            attribute.name,
            value,
            "be a language tag in canonical case: language, optional script and region "
            "(ja, zh-Hant, pt-BR)",
        )


def _strings(field: str) -> Callable[[object], tuple[str, ...]]:
    def convert(value: object) -> tuple[str, ...]:
        if not isinstance(value, list | tuple):
            raise InvalidFieldError(field, value, "be a list of strings")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise InvalidFieldError(f"{field}[{index}]", item, "be a string")
        return tuple(value)

    return convert


def _freeze(field: str, depth: int = 1) -> Callable[[object], Frozen]:
    """A converter to a tuple of `(key, value)` pairs, in the given order, from a mapping.

    The pairs form is accepted too (so `attrs.evolve` works); with `depth` 2 the values are
    frozen mappings themselves.
    """

    def convert(value: object, path: str = field, level: int = depth) -> Frozen:
        if isinstance(value, tuple) and all(
            isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
            for pair in value
        ):
            items: Iterable[tuple[object, object]] = value
        elif isinstance(value, Mapping):
            items = value.items()
        else:
            raise InvalidFieldError(path, value, "be an object (a mapping)")
        out = []
        for key, item in items:
            if not isinstance(key, str):
                raise InvalidFieldError(path, key, "have string keys")
            out.append((key, item if level == 1 else convert(item, f"{path}.{key}", level - 1)))
        return tuple(out)

    return convert


# Named converters: mypy's attrs plugin reads only named functions.
def _to_fallbacks(value: object) -> tuple[str, ...]:
    return _strings("fallbacks")(value)


def _to_aliases(value: object) -> tuple[str, ...]:
    return _strings("aliases")(value)


def _to_months(value: object) -> tuple[str, ...]:
    return _strings("months")(value)


def _to_months_abbr(value: object) -> tuple[str, ...]:
    return _strings("months_abbr")(value)


def _to_weekdays(value: object) -> tuple[str, ...]:
    return _strings("weekdays")(value)


def _to_weekdays_abbr(value: object) -> tuple[str, ...]:
    return _strings("weekdays_abbr")(value)


def _to_dates(value: object) -> Frozen:
    return _freeze("dates")(value)


def _to_times(value: object) -> Frozen:
    return _freeze("times")(value)


def _to_datetimes(value: object) -> Frozen:
    return _freeze("datetimes")(value)


def _to_zones(value: object) -> Frozen:
    return _freeze("zones")(value)


def _to_utc_offsets(value: object) -> Frozen:
    return _freeze("utc_offsets")(value)


def _to_numbers(value: object) -> Frozen:
    return _freeze("numbers")(value)


def _to_money(value: object) -> Frozen:
    return _freeze("money")(value)


def _to_currency_symbols(value: object) -> Frozen:
    return _freeze("currency_symbols")(value)


def _to_currency_patterns(value: object) -> Frozen:
    return _freeze("currency_patterns")(value)


def _to_currency_decimals(value: object) -> Frozen:
    return _freeze("currency_decimals")(value)


def _to_durations(value: object) -> Frozen:
    return _freeze("durations", 2)(value)


def _to_lists(value: object) -> Frozen:
    return _freeze("lists")(value)


@attrs.frozen(cache_hash=True)
class LocaleTable:
    """How one locale writes dates, times, numbers, money, durations and lists.

    Patterns are text with named fields in braces; a field outside the pattern's list, or a
    stray brace, is refused when the table is built. The JSON form (`to_dict`) is the
    documented file format of `supportflow/notices/locales/*.json`; see "Adding a locale"
    in `docs/notices.md`.

    Example:
        ```python
        from supportflow.notices import LocaleTable, locale_tables

        en = locale_tables()["en"]
        assert LocaleTable.from_dict(en.to_dict()) == en
        assert en.fallbacks == () and "en-*" in en.aliases
        ```

    Attributes:
        tag: The locale's tag in canonical case (`ja`, `zh-Hant`, `pt-BR`).
        fallbacks: The locales tried after this one when a notice has no text in it, in
            order (each must be known wherever the table is used; built-ins end in `en`).
        aliases: Customer tags that resolve to this locale, in any case (`zh-TW`), or a
            language and `-*` for every tag that starts with it (`ja-*` takes `ja-JP`).
        months: The 12 month names, January first. `months_abbr`: their short forms.
        weekdays: The 7 weekday names, Monday first. `weekdays_abbr`: their short forms.
        dates: Patterns per style (`short`, `medium`, `long`) with the fields `year`,
            `month`, `day` (numbers), `month_name`, `month_abbr`, `weekday`, `weekday_abbr`.
        times: Patterns per style with `hour`, `minute`, `second` (two digits, 24-hour
            clock) and `zone` (the zone's display name or UTC offset).
        datetimes: Patterns per style with `date_short`, `date_medium`, `date_long`,
            `time_short`, `time_medium` and `time_long`.
        zones: Display names by IANA zone name; other zones show their offset.
        utc_offsets: `zero` (no offset), `hours` (`sign`, `hours`) and `hours_minutes`
            (`sign`, `hours`, `minutes`) patterns for zones without a display name.
        numbers: The `group` and `decimal` separators of integers, decimals and money.
        money: The `pattern` of an amount in a currency with a symbol (`sign`, `symbol`,
            `amount`) and the `unknown` pattern for one without (`sign`, `code`, `amount`).
            Every money pattern must place `sign` and `amount`.
        currency_symbols: Symbols by ISO 4217 code.
        currency_patterns: Patterns by code that replace `money.pattern` (a suffix such as
            `"{sign}{amount}円"`); fields `sign`, `symbol`, `amount`, `code`.
        currency_decimals: Decimal places shown by code (default 2); more are shown when an
            amount has them, an amount is never rounded.
        durations: For each of `day`, `hour`, `minute` and `second`, an `other` pattern
            and an optional `one` pattern (used for exactly 1), with the field `n`.
        lists: The `separator` between the words of a duration and the `last_separator`
            before its last word (empty strings join directly).

    Raises:
        InvalidFieldError: a field is malformed; `field` is its JSON path in the table
            (`dates.medium`, `months[12]`, `durations.day.other`).
    """

    tag: str = attrs.field(validator=_tag)
    fallbacks: tuple[str, ...] = attrs.field(default=(), converter=_to_fallbacks, kw_only=True)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_to_aliases, kw_only=True)
    months: tuple[str, ...] = attrs.field(converter=_to_months, kw_only=True)
    months_abbr: tuple[str, ...] = attrs.field(converter=_to_months_abbr, kw_only=True)
    weekdays: tuple[str, ...] = attrs.field(converter=_to_weekdays, kw_only=True)
    weekdays_abbr: tuple[str, ...] = attrs.field(converter=_to_weekdays_abbr, kw_only=True)
    dates: Frozen = attrs.field(converter=_to_dates, kw_only=True)
    times: Frozen = attrs.field(converter=_to_times, kw_only=True)
    datetimes: Frozen = attrs.field(converter=_to_datetimes, kw_only=True)
    zones: Frozen = attrs.field(default=(), converter=_to_zones, kw_only=True)
    utc_offsets: Frozen = attrs.field(converter=_to_utc_offsets, kw_only=True)
    numbers: Frozen = attrs.field(converter=_to_numbers, kw_only=True)
    money: Frozen = attrs.field(converter=_to_money, kw_only=True)
    currency_symbols: Frozen = attrs.field(default=(), converter=_to_currency_symbols, kw_only=True)
    currency_patterns: Frozen = attrs.field(
        default=(), converter=_to_currency_patterns, kw_only=True
    )
    currency_decimals: Frozen = attrs.field(
        default=(), converter=_to_currency_decimals, kw_only=True
    )
    durations: Frozen = attrs.field(converter=_to_durations, kw_only=True)
    lists: Frozen = attrs.field(converter=_to_lists, kw_only=True)
    _formats: Formats = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_formats", Formats(self))

    def __reduce__(self) -> tuple[Callable[[object], LocaleTable], tuple[object]]:
        # Pickle the data; loading checks and compiles it again.
        return (LocaleTable.from_dict, (self.to_dict(),))

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1): the file format, keys in a fixed order."""

        def thaw(pairs: Frozen) -> dict[str, object]:
            return {k: thaw(v) if isinstance(v, tuple) else v for k, v in pairs}

        return {
            "schema": 1,
            "tag": self.tag,
            "fallbacks": list(self.fallbacks),
            "aliases": list(self.aliases),
            "months": list(self.months),
            "months_abbr": list(self.months_abbr),
            "weekdays": list(self.weekdays),
            "weekdays_abbr": list(self.weekdays_abbr),
            "dates": thaw(self.dates),
            "times": thaw(self.times),
            "datetimes": thaw(self.datetimes),
            "zones": thaw(self.zones),
            "utc_offsets": thaw(self.utc_offsets),
            "numbers": thaw(self.numbers),
            "money": thaw(self.money),
            "currency_symbols": thaw(self.currency_symbols),
            "currency_patterns": thaw(self.currency_patterns),
            "currency_decimals": thaw(self.currency_decimals),
            "durations": thaw(self.durations),
            "lists": thaw(self.lists),
        }

    @classmethod
    def from_dict(cls, data: object) -> LocaleTable:
        """Build a table from `to_dict()` output (a locale file's contents).

        Raises:
            SerializationError: unknown schema, missing or extra keys, wrong types, or a
                malformed entry; `path` is its JSON path (`dates.medium`).
        """
        reader = Reader.root(data, schema=1, keys=_KEYS)
        values: dict[str, object] = {}
        for key in sorted(_LIST_KEYS):
            values[key] = [item.as_(_string) for item in reader.items(key)]
        for key in sorted(_KEYS - _LIST_KEYS - {"tag"}):
            child = reader.child(key)
            values[key] = dict(child.mapping_value())
        for _unit, forms in reader.entries("durations"):
            forms.mapping_value()
        with reader.building():
            return cls(reader.text("tag"), **values)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    return value


_LIST_KEYS: Final = frozenset(
    {"fallbacks", "aliases", "months", "months_abbr", "weekdays", "weekdays_abbr"}
)
_KEYS: Final = frozenset(
    {
        "tag",
        "fallbacks",
        "aliases",
        "months",
        "months_abbr",
        "weekdays",
        "weekdays_abbr",
        "dates",
        "times",
        "datetimes",
        "zones",
        "utc_offsets",
        "numbers",
        "money",
        "currency_symbols",
        "currency_patterns",
        "currency_decimals",
        "durations",
        "lists",
    }
)


# -- checks and compiled formats ---------------------------------------------------------


def _word(field: str, value: object, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise InvalidFieldError(field, value, "be a string" if empty else "be non-blank text")
    if unsafe_character(value) >= 0 or "\n" in value:
        raise InvalidFieldError(field, value, "be one line without control characters")
    return value


def _pattern(
    field: str, value: object, fields: frozenset[str], required: frozenset[str] = frozenset()
) -> str:
    """`value` checked as a pattern using only `fields` (and all of `required`)."""
    text = _word(field, value)
    used = set()
    for match in _FIELD.finditer(text):
        name = match.group(1)
        if name not in fields:
            allowed = ", ".join(sorted(fields)) or "none"
            raise InvalidFieldError(field, value, f"use only the fields {allowed} (not {{{name}}})")
        used.add(name)
    if "{" in _FIELD.sub("", text) or "}" in _FIELD.sub("", text):
        raise InvalidFieldError(field, value, "have a brace only around a field name")
    missing = required - used
    if missing:
        raise InvalidFieldError(field, value, f"use the field {{{min(missing)}}}")
    return text


def _keys(
    field: str,
    pairs: Frozen,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    *,
    open_keys: bool = False,
) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise InvalidFieldError(field, [k for k, _ in pairs], "not repeat a key")
    for key in required:
        if key not in mapping:
            raise InvalidFieldError(f"{field}.{key}", None, "be present")
    allowed = {*required, *optional}
    for key, value in mapping.items():
        if open_keys:
            _word(f"{field}.{key}", key)
        elif key not in allowed:
            raise InvalidFieldError(f"{field}.{key}", value, "not be present")
    return mapping


def _names(field: str, values: tuple[str, ...], count: int) -> tuple[str, ...]:
    if len(values) != count:
        raise InvalidFieldError(field, list(values), f"have {count} names")
    for index, value in enumerate(values):
        _word(f"{field}[{index}]", value)
    return values


def _currency_map(field: str, pairs: Frozen) -> dict[str, Any]:
    mapping = _keys(field, pairs, open_keys=True)
    for code in mapping:
        if not _CURRENCY.fullmatch(code):
            raise InvalidFieldError(f"{field}.{code}", mapping[code], "have ISO 4217 codes as keys")
    return mapping


# What each field of a date, time or date-time pattern becomes in a compiled pattern: an
# expression over the local datetime `v` and the table's names (`M`, `W`, ...).
_DATE_CODE: Final = {
    "year": "str(v.year)",
    "month": "str(v.month)",
    "day": "str(v.day)",
    "month_name": "M[v.month]",
    "month_abbr": "MA[v.month]",
    "weekday": "W[v.weekday()]",
    "weekday_abbr": "WA[v.weekday()]",
}
_TIME_CODE: Final = {
    "hour": "f'{v.hour:02d}'",
    "minute": "f'{v.minute:02d}'",
    "second": "f'{v.second:02d}'",
    "zone": "Z(v)",
}
_DATETIME_CODE: Final = {
    f"{kind}_{style}": f"{kind[0].upper()}[{style!r}](v)"
    for kind in ("date", "time")
    for style in _STYLES
}


def _compile(
    pattern: str, code: Mapping[str, str], names: Mapping[str, object]
) -> Callable[[dt.datetime], str]:
    """A checked pattern as one function of the local datetime (the rendering hot path).

    The source is built only from `code`'s fixed expressions and `repr` of the pattern's
    literal text, so nothing in a table can become code; it runs as fast as an f-string,
    about three times faster than `str.format` with every field.
    """
    pieces: list[str] = []
    position = 0
    for match in _FIELD.finditer(pattern):
        if match.start() > position:
            pieces.append(repr(pattern[position : match.start()]))
        pieces.append(code[match.group(1)])
        position = match.end()
    if position < len(pattern):
        pieces.append(repr(pattern[position:]))
    source = "lambda v: " + " + ".join(pieces)
    function: Callable[[dt.datetime], str] = eval(  # noqa: S307 - see the docstring
        source, {"__builtins__": {"str": str}, **names}
    )
    return function


class Formats:
    """A locale table checked and compiled into the functions rendering calls."""

    __slots__ = (
        "currency_patterns",
        "date_functions",
        "dates",
        "datetime_functions",
        "datetimes",
        "decimals",
        "last_separator",
        "money_pattern",
        "money_unknown",
        "months",
        "months_abbr",
        "offsets",
        "separator",
        "symbols",
        "time_functions",
        "times",
        "translate",
        "units",
        "weekdays",
        "weekdays_abbr",
        "zones",
    )

    def __init__(self, table: LocaleTable) -> None:
        self._check_tags(table)
        self.months = ("", *_names("months", table.months, 12))
        self.months_abbr = ("", *_names("months_abbr", table.months_abbr, 12))
        self.weekdays = _names("weekdays", table.weekdays, 7)
        self.weekdays_abbr = _names("weekdays_abbr", table.weekdays_abbr, 7)
        self.dates = self._styles("dates", table.dates, _DATE_FIELDS)
        self.times = self._styles("times", table.times, _TIME_FIELDS)
        self.datetimes = self._styles("datetimes", table.datetimes, _DATETIME_FIELDS)
        names = {
            "M": self.months,
            "MA": self.months_abbr,
            "W": self.weekdays,
            "WA": self.weekdays_abbr,
            "Z": self.zone,
        }
        self.date_functions = {
            style: _compile(pattern, _DATE_CODE, names) for style, pattern in self.dates.items()
        }
        self.time_functions = {
            style: _compile(pattern, _TIME_CODE, names) for style, pattern in self.times.items()
        }
        parts = {"D": self.date_functions, "T": self.time_functions}
        self.datetime_functions = {
            style: _compile(pattern, _DATETIME_CODE, parts)
            for style, pattern in self.datetimes.items()
        }
        zones = _keys("zones", table.zones, open_keys=True)
        self.zones = {key: _word(f"zones.{key}", name) for key, name in zones.items()}
        offsets = _keys("utc_offsets", table.utc_offsets, _OFFSET_FIELDS)
        self.offsets = {
            key: _pattern(f"utc_offsets.{key}", offsets[key], fields, fields - {"sign"})
            for key, fields in _OFFSET_FIELDS.items()
        }
        numbers = _keys("numbers", table.numbers, ("group", "decimal"))
        group = _word("numbers.group", numbers["group"], empty=True)
        point = _word("numbers.decimal", numbers["decimal"])
        if group == point:
            raise InvalidFieldError("numbers.group", group, "differ from the decimal separator")
        # Python writes "," and "."; other separators are swapped in, both at once.
        self.translate = (
            None if (group, point) == (",", ".") else str.maketrans({",": group, ".": point})
        )
        money = _keys("money", table.money, ("pattern", "unknown"))
        # The sign is required: a pattern without it would show a debt as a credit.
        amount = frozenset({"sign", "amount"})
        self.money_pattern = _pattern(
            "money.pattern", money["pattern"], frozenset({"sign", "symbol", "amount"}), amount
        )
        self.money_unknown = _pattern(
            "money.unknown", money["unknown"], frozenset({"sign", "code", "amount"}), amount
        )
        symbols = _currency_map("currency_symbols", table.currency_symbols)
        self.symbols = {
            code: _word(f"currency_symbols.{code}", symbol) for code, symbol in symbols.items()
        }
        patterns = _currency_map("currency_patterns", table.currency_patterns)
        self.currency_patterns = {}
        for code, pattern in patterns.items():
            fields = {"sign", "amount", "code"} | ({"symbol"} if code in self.symbols else set())
            self.currency_patterns[code] = _pattern(
                f"currency_patterns.{code}", pattern, frozenset(fields), amount
            )
        decimals = _currency_map("currency_decimals", table.currency_decimals)
        for code, places in decimals.items():
            if type(places) is not int or not 0 <= places <= 6:
                raise InvalidFieldError(f"currency_decimals.{code}", places, "be 0 to 6")
        self.decimals: dict[str, int] = decimals
        units = _keys("durations", table.durations, _UNITS)
        self.units = {}
        for unit in _UNITS:
            forms = _keys(f"durations.{unit}", units[unit], ("other",), ("one",))
            n = frozenset({"n"})
            other = _pattern(f"durations.{unit}.other", forms["other"], n, n)
            one = forms.get("one")
            self.units[unit] = (
                other if one is None else _pattern(f"durations.{unit}.one", one, n, n),
                other,
            )
        lists = _keys("lists", table.lists, ("separator", "last_separator"))
        self.separator = _word("lists.separator", lists["separator"], empty=True)
        self.last_separator = _word("lists.last_separator", lists["last_separator"], empty=True)

    @staticmethod
    def _check_tags(table: LocaleTable) -> None:
        for index, fallback in enumerate(table.fallbacks):
            if not _TAG.fullmatch(fallback):
                raise InvalidFieldError(f"fallbacks[{index}]", fallback, "be a locale's tag")
        if table.tag in table.fallbacks or len(set(table.fallbacks)) != len(table.fallbacks):
            raise InvalidFieldError(
                "fallbacks", list(table.fallbacks), "name other locales, each once"
            )
        for index, alias in enumerate(table.aliases):
            if not _ALIAS.fullmatch(alias):
                raise InvalidFieldError(
                    f"aliases[{index}]", alias, "be a language tag, or a language and '-*'"
                )
        lowered = [alias.lower() for alias in table.aliases]
        if len(set(lowered)) != len(lowered) or table.tag.lower() in lowered:
            raise InvalidFieldError(
                "aliases", list(table.aliases), "name each tag once, and not the table's own"
            )

    @staticmethod
    def _styles(field: str, pairs: Frozen, fields: frozenset[str]) -> dict[str, str]:
        styles = _keys(field, pairs, _STYLES)
        return {style: _pattern(f"{field}.{style}", styles[style], fields) for style in _STYLES}

    # -- formatting --------------------------------------------------------------------

    def date(self, value: dt.datetime, style: str) -> str:
        """The date of the local `value` in `style`."""
        return self.date_functions[style](value)

    def time(self, value: dt.datetime, style: str) -> str:
        """The wall-clock time of the local `value` in `style`."""
        return self.time_functions[style](value)

    def datetime(self, value: dt.datetime, style: str) -> str:
        """Date and time of the local `value` in `style`."""
        return self.datetime_functions[style](value)

    def zone(self, value: dt.datetime) -> str:
        """The display name of `value`'s zone, or its UTC offset."""
        tz = value.tzinfo
        name = self.zones.get(str(getattr(tz, "key", None) or getattr(tz, "name", "")))
        if name is not None:
            return name
        offset = value.utcoffset()
        minutes = int(offset.total_seconds()) // 60 if offset is not None else 0
        if minutes == 0:
            return self.offsets["zero"]
        sign = "+" if minutes > 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        if rest:
            return self.offsets["hours_minutes"].format(
                sign=sign, hours=hours, minutes=f"{rest:02d}"
            )
        return self.offsets["hours"].format(sign=sign, hours=hours)

    def number(self, text: str) -> str:
        """`text`, written by Python with "," and ".", in this locale's separators."""
        return text if self.translate is None else text.translate(self.translate)

    def money(self, money: Money) -> str:
        """`money` with this locale's symbol and placement, grouping and decimals."""
        amount = money.amount
        currency = money.currency
        exponent = amount.as_tuple().exponent
        assert isinstance(exponent, int)  # finite, checked by Money  # noqa: S101
        places = max(self.decimals.get(currency, 2), -exponent)
        digits = self.number(f"{abs(amount):,.{places}f}")
        sign = "-" if amount < 0 else ""
        symbol = self.symbols.get(currency)
        pattern = self.currency_patterns.get(currency)
        if pattern is None:
            pattern = self.money_unknown if symbol is None else self.money_pattern
        return pattern.format(sign=sign, symbol=symbol, amount=digits, code=currency)

    def duration(self, value: dt.timedelta) -> str:
        """`value` (>= 0) in words: days, hours and minutes; seconds only under a minute."""
        total = int(value.total_seconds())
        days, rest = divmod(total, 86_400)
        hours, rest = divmod(rest, 3_600)
        minutes, seconds = divmod(rest, 60)
        if total < 60:
            return self._unit("second", seconds) if total else self._unit("minute", 0)
        words = [
            self._unit(unit, n)
            for unit, n in (("day", days), ("hour", hours), ("minute", minutes))
            if n
        ]
        return self.join(words)

    def _unit(self, unit: str, n: int) -> str:
        one, other = self.units[unit]
        return (one if n == 1 else other).format(n=n)

    def join(self, words: list[str]) -> str:
        """`words` joined as a list: separators between, the last one before the end."""
        if len(words) == 1:
            return words[0]
        return self.separator.join(words[:-1]) + self.last_separator + words[-1]


# -- loading -----------------------------------------------------------------------------


def _read(path: Path | resources.abc.Traversable) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: bad JSON, bad UTF-8, a NUL in the name
        raise InvalidFieldError(path.name, str(path), f"be a readable JSON file ({exc})") from exc


def _files(source: object) -> list[Path]:
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            return sorted(path.glob("*.json")) if path.is_dir() else [path]
        except (OSError, ValueError) as exc:  # a name too long, a NUL character
            raise InvalidFieldError("source", source, f"be a usable path ({exc})") from exc
    if isinstance(source, bytes) or not isinstance(source, Iterable):
        raise InvalidFieldError("source", source, "be a directory, a file or a list of files")
    paths = list(source)
    if not all(isinstance(p, str | Path) for p in paths):
        raise InvalidFieldError("source", source, "be a directory, a file or a list of files")
    return [Path(p) for p in paths]


def load_locales(source: str | Path | Iterable[str | Path]) -> dict[str, LocaleTable]:
    """Load locale tables from JSON files, one `LocaleTable.to_dict()` per file.

    The built-in tables are loaded this way, so a table of your own goes through exactly
    the same checks.

    Example:
        ```python
        import json, pathlib, tempfile
        from supportflow.notices import load_locales, locale_tables

        data = locale_tables()["en"].to_dict()
        data.update(tag="en-US", aliases=["en-US"], fallbacks=["en"])
        data["dates"]["long"] = "{weekday}, {month_name} {day}, {year}"
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder, "en-US.json")
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            tables = load_locales(folder)
        assert list(tables) == ["en-US"]
        ```

    Args:
        source: A directory (every `*.json` file in it, in name order), one file, or a list
            of files (in that order).

    Returns:
        The tables by tag, in the order of the files.

    Raises:
        InvalidFieldError: a file is unreadable or not JSON, no file was given, or two files
            declare the same tag (`field` is the file name).
        SerializationError: a file is not a locale table; the path starts with the file's
            name (`ja.json:dates.medium`).
    """
    return _load(_files(source))


def _load(paths: Iterable[Path | resources.abc.Traversable]) -> dict[str, LocaleTable]:
    found: dict[str, LocaleTable] = {}
    where: dict[str, str] = {}
    for path in paths:
        data = _read(path)
        try:
            table = LocaleTable.from_dict(data)
        except SerializationError as exc:
            raise SerializationError(f"{path.name}:{exc.path}", exc.value, exc.reason) from exc
        if table.tag in found:
            raise InvalidFieldError(
                path.name, table.tag, f"have a tag no other file has ({where[table.tag]})"
            )
        found[table.tag] = table
        where[table.tag] = path.name
    if not found:
        raise InvalidFieldError("source", [], "hold at least one locale file")
    return found


@functools.cache
def _builtin() -> dict[str, LocaleTable]:
    folder = resources.files(__package__).joinpath("locales")
    return _load(folder.joinpath(f"{tag}.json") for tag in BUILTIN)


def locale_tables() -> dict[str, LocaleTable]:
    """The built-in locale tables (en, zh-Hans, zh-Hant) by tag, loaded from the package.

    Start a table of your own from a copy of one of them (`to_dict()`, edit, `from_dict`).

    Example:
        ```python
        from supportflow.notices import LOCALES, locale_tables

        assert tuple(locale_tables()) == LOCALES
        assert locale_tables()["zh-Hant"].fallbacks == ("zh-Hans", "en")
        ```
    """
    return dict(_builtin())


# -- the registry ------------------------------------------------------------------------


class Registry:
    """Tables by tag, and the chains customers' tags resolve to."""

    __slots__ = ("_cache", "chains", "exact", "prefixes", "refusal", "tables")

    def __init__(self, tables: Iterable[LocaleTable]) -> None:
        self.tables: dict[str, LocaleTable] = {}
        for table in tables:
            if table.tag in self.tables:
                raise InvalidFieldError(
                    "locale_tables", table.tag, "hold one table per locale, none for a built-in one"
                )
            self.tables[table.tag] = table
        self.exact: dict[str, str] = {}
        prefixes: list[tuple[str, str]] = []
        for tag, table in self.tables.items():
            for alias in (tag, *table.aliases):
                key = alias.lower()
                if key.endswith("-*"):
                    prefix = key[:-1]
                    if any(p == prefix for p, _ in prefixes):
                        raise InvalidFieldError(
                            "locale_tables", alias, "be an alias of one locale only"
                        )
                    prefixes.append((prefix, tag))
                elif self.exact.setdefault(key, tag) != tag:
                    raise InvalidFieldError(
                        "locale_tables", alias, "be an alias of one locale only"
                    )
        self.prefixes = tuple(sorted(prefixes, key=lambda p: -len(p[0])))
        self.chains: dict[str, tuple[str, ...]] = {}
        for tag, table in self.tables.items():
            for fallback in table.fallbacks:
                if fallback not in self.tables:
                    raise InvalidFieldError(
                        f"locale_tables.{tag}.fallbacks",
                        fallback,
                        f"name known locales ({', '.join(self.tables)})",
                    )
            self.chains[tag] = (tag, *table.fallbacks)
        names = list(self.tables)
        listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        aliases = ", ".join(a for t in self.tables.values() for a in t.aliases)
        self.refusal = f"be {listed}, or a tag that falls back to them ({aliases})"
        self._cache: dict[str, tuple[str, ...]] = {}

    def chain(self, tag: object) -> tuple[str, ...]:
        """The chain for a customer's `tag`.

        Raises:
            InvalidFieldError: no table serves `tag`.
        """
        if isinstance(tag, str):
            cached = self._cache.get(tag)
            if cached is not None:
                return cached
            key = tag.replace("_", "-").lower()
            start = self.exact.get(key)
            if start is None and key.isascii():
                start = next((t for prefix, t in self.prefixes if key.startswith(prefix)), None)
            if start is not None:
                chain = self.chains[start]
                if len(self._cache) < 256:
                    self._cache[tag] = chain
                return chain
        raise InvalidFieldError("locale", tag, self.refusal)

    def formats(self, locale: str) -> Formats:
        """The compiled formats of `locale` (a tag of this registry)."""
        return formats_of(self.tables[locale])


@functools.cache
def builtin_registry() -> Registry:
    """The registry of the built-in tables only."""
    return Registry(_builtin().values())


@functools.lru_cache(maxsize=32)
def _with(added: tuple[LocaleTable, ...]) -> Registry:
    return Registry((*_builtin().values(), *added))


def registry(added: Iterable[LocaleTable]) -> Registry:
    """The built-in tables plus `added` (checked: tables, unique tags, known fallbacks).

    Raises:
        InvalidFieldError: an element is not a `LocaleTable`, two tables share a tag or an
            alias, a table redefines a built-in locale, or a fallback is unknown.
    """
    if isinstance(added, str | bytes | Mapping) or not isinstance(added, Iterable):
        raise InvalidFieldError("locale_tables", added, "be a collection of LocaleTable objects")
    tables: list[LocaleTable] = []
    for item in added:
        if not isinstance(item, LocaleTable):
            raise InvalidFieldError("locale_tables", item, "be LocaleTable objects")
        if item not in tables:
            tables.append(item)
    if not tables:
        return builtin_registry()
    return _with(tuple(tables))


def formats_of(table: LocaleTable) -> Formats:
    """The compiled formatting functions of `table` (what rendering calls)."""
    return table._formats

"""Locale tables: how one locale writes dates, times, numbers, money, durations and lists.

A `LocaleTable` is data: month and weekday names, a handful of patterns with named fields
(`"{day} {month_abbr} {year}"`), zone display names, currency symbols and placement, and
the words of a duration. The three built-in locales are JSON files in
`supportflow/notices/locales/`, loaded through the same public `load_locales` users call
for a locale of their own; rendering never reads the process locale or pendulum's.

The checks and the compiled formatting functions are in `_locale_formats`, the fallback
chains in `_locale_registry`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Final

import attrs

from supportflow._declarative import Document, declared, pairs, spec
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.notices._codecs import ANY
from supportflow.notices._locale_formats import TAG, Formats, Frozen

__all__ = ["LocaleTable", "load_locales", "locale_tables"]

#: The built-in locales, in the order notices list their texts.
BUILTIN: Final = ("en", "zh-Hans", "zh-Hant")


def _tag(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not TAG.fullmatch(value):
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


#: A JSON object of patterns (or other entries), kept in the file's order; the table checks
#: each entry and names its path (`dates.medium`).
_ENTRIES = pairs(ANY)


@declared(schema=1)
@attrs.frozen(cache_hash=True)
class LocaleTable(Document):
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
    dates: Frozen = attrs.field(converter=_to_dates, kw_only=True, metadata=spec(_ENTRIES))
    times: Frozen = attrs.field(converter=_to_times, kw_only=True, metadata=spec(_ENTRIES))
    datetimes: Frozen = attrs.field(converter=_to_datetimes, kw_only=True, metadata=spec(_ENTRIES))
    zones: Frozen = attrs.field(
        default=(), converter=_to_zones, kw_only=True, metadata=spec(_ENTRIES)
    )
    utc_offsets: Frozen = attrs.field(
        converter=_to_utc_offsets, kw_only=True, metadata=spec(_ENTRIES)
    )
    numbers: Frozen = attrs.field(converter=_to_numbers, kw_only=True, metadata=spec(_ENTRIES))
    money: Frozen = attrs.field(converter=_to_money, kw_only=True, metadata=spec(_ENTRIES))
    currency_symbols: Frozen = attrs.field(
        default=(), converter=_to_currency_symbols, kw_only=True, metadata=spec(_ENTRIES)
    )
    currency_patterns: Frozen = attrs.field(
        default=(), converter=_to_currency_patterns, kw_only=True, metadata=spec(_ENTRIES)
    )
    currency_decimals: Frozen = attrs.field(
        default=(), converter=_to_currency_decimals, kw_only=True, metadata=spec(_ENTRIES)
    )
    # One object of forms (`one`, `other`) per unit.
    durations: Frozen = attrs.field(
        converter=_to_durations, kw_only=True, metadata=spec(pairs(_ENTRIES))
    )
    lists: Frozen = attrs.field(converter=_to_lists, kw_only=True, metadata=spec(_ENTRIES))
    _formats: Formats = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_formats", Formats(self))

    def __reduce__(self) -> tuple[Callable[[object], LocaleTable], tuple[object]]:
        # Pickle the data; loading checks and compiles it again.
        return (LocaleTable.from_dict, (self.to_dict(),))


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
        data.update(tag="en-US", aliases=[], fallbacks=["en"])
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
def builtin_tables() -> dict[str, LocaleTable]:
    """The packaged tables, loaded once (callers must not change the dict)."""
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
    return dict(builtin_tables())


def formats_of(table: LocaleTable) -> Formats:
    """The compiled formatting functions of `table` (what rendering calls)."""
    return table._formats

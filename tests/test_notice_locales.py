# mypy: disable-error-code="union-attr"
"""Locale tables as data: the file format, the built-in files, added locales, Japanese.

The built-in tables must format exactly as the hard-coded Python they replaced. That code
is kept below, unchanged except for its names (`ref_*`), as the oracle of a differential
property test: every date, time, money amount and duration drawn formats to the same
bytes through the data files.
"""
# ruff: noqa: RUF001 - Chinese and Japanese expectations use full-width punctuation

from __future__ import annotations

import datetime as dt
import json
import pickle
import zoneinfo
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import InvalidFieldError, SerializationError
from supportflow.notices import (
    LOCALES,
    LocaleTable,
    Money,
    NoticeTemplate,
    NoticeTexts,
    RenderedNotice,
    Variable,
    VariableType,
    catalog,
    example_values,
    fallback_chain,
    load_locales,
    load_notices,
    locale_tables,
    preview,
)
from supportflow.notices._locale_table import formats_of
from supportflow.notices._locales import (
    format_date,
    format_datetime,
    format_duration,
    format_money,
    format_time,
)

T = VariableType
FOLDER = Path(str(resources.files("supportflow.notices").joinpath("locales")))
DATA = Path(__file__).parent / "data" / "locales"
JA = load_locales(DATA / "ja.json")["ja"]


# -- the oracle: the hard-coded tables and functions the data files replaced -------------

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


def ref_money(money, locale: str) -> str:
    """`money` with the locale's currency symbol, comma grouping and the currency's decimals.

    Unknown currencies are written with their code: `SGD 12.00` becomes `S$12.00`, but a
    currency missing from the table shows as `CHF 12.00`.
    """
    amount = money.amount
    places = _DECIMALS.get(money.currency, 2)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked by Money
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


def ref_date(value: dt.datetime, style: str, locale: str) -> str:
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


def ref_time(value: dt.datetime, style: str, locale: str) -> str:
    """The 24-hour wall-clock time of the local `value`; medium and long name the zone."""
    clock = f"{value.hour:02d}:{value.minute:02d}"
    if style == "short":
        return clock
    if style == "long":
        clock = f"{clock}:{value.second:02d}"
    label = _zone_label(value, locale)
    return f"{clock} ({label})" if locale == "en" else f"{clock}（{label}）"


def ref_datetime(value: dt.datetime, style: str, locale: str) -> str:
    """Date and time of the local `value` in `style`."""
    if style == "short":
        return f"{ref_date(value, 'short', locale)} {ref_time(value, 'short', locale)}"
    time = ref_time(value, "medium", locale)
    if locale == "en":
        if style == "medium":
            return f"{ref_date(value, 'medium', locale)}, {time}"
        return f"{ref_date(value, 'long', locale)} at {time}"
    if style == "medium":
        return f"{ref_date(value, 'medium', locale)}{time}"
    return f"{ref_date(value, 'long', locale)} {time}"


# -- durations --------------------------------------------------------------------------

_ZH_UNITS: Final[dict[str, tuple[str, str, str, str]]] = {
    "zh-Hans": ("天", "小时", "分钟", "秒"),
    "zh-Hant": ("天", "小時", "分鐘", "秒"),
}


def ref_duration(value: dt.timedelta, locale: str) -> str:
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


# -- the built-in files ------------------------------------------------------------------


def test_the_packaged_folder_holds_one_file_per_built_in_locale():
    """en, zh-Hans and zh-Hant, each a file, loaded by the public loader."""
    assert sorted(p.name for p in FOLDER.iterdir()) == sorted(f"{tag}.json" for tag in LOCALES)
    assert load_locales(FOLDER) == {tag: locale_tables()[tag] for tag in sorted(LOCALES)}
    assert tuple(locale_tables()) == LOCALES


@pytest.mark.parametrize("tag", LOCALES)
def test_each_file_is_its_table_in_the_documented_diff_friendly_form(tag):
    """One entry per line, UTF-8 as written: reading and writing back gives the same bytes."""
    text = (FOLDER / f"{tag}.json").read_text(encoding="utf-8")
    table = load_locales(FOLDER / f"{tag}.json")[tag]
    assert text == json.dumps(table.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert "\\u" not in text


ZONES: Final = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Macau",
    "Asia/Singapore",
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "UTC",
]


@given(
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    st.sampled_from(ZONES),
    st.sampled_from(LOCALES),
    st.sampled_from(["short", "medium", "long"]),
)
def test_dates_and_times_format_exactly_as_the_hard_coded_tables(naive, zone, locale, style):
    """date, time and datetime, every style, named zones and bare offsets, all locales."""
    local = naive.replace(tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo(zone))
    assert format_date(local, style, locale) == ref_date(local, style, locale)
    assert format_time(local, style, locale) == ref_time(local, style, locale)
    assert format_datetime(local, style, locale) == ref_datetime(local, style, locale)
    fixed = naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30)))
    assert format_time(fixed, style, locale) == ref_time(fixed, style, locale)


@given(
    # Any decimal of at most 6 places, built rather than filtered (filtering starved the
    # health check), within +-999999999999.9999.
    st.integers(0, 6).flatmap(
        lambda places: st.integers(
            -int(Decimal("999999999999.9999").scaleb(places)),
            int(Decimal("999999999999.9999").scaleb(places)),
        ).map(lambda units: Decimal(units).scaleb(-places))
    ),
    st.sampled_from(["CNY", "HKD", "USD", "TWD", "GBP", "EUR", "JPY", "MOP", "SGD", "KRW", "CHF"]),
    st.sampled_from(LOCALES),
)
def test_money_formats_exactly_as_the_hard_coded_tables(amount, currency, locale):
    """Symbols, grouping, the currency's decimals and never rounding, all locales."""
    money = Money(amount, currency)
    assert format_money(money, locale) == ref_money(money, locale)


@given(st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=10_000)))
def test_durations_format_exactly_as_the_hard_coded_tables(value):
    """Durations in words, all locales, including zero and under a minute."""
    for locale in LOCALES:
        assert format_duration(value, locale) == ref_duration(value, locale)


# -- the table format --------------------------------------------------------------------


_WORDS = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "Zs", "P", "S"], exclude_characters="{}"),
    min_size=1,
    max_size=8,
).filter(str.strip)
_SEPARATORS = st.text(
    st.characters(categories=["Zs", "P"], exclude_characters="{}"), max_size=3
).filter(lambda s: "\n" not in s)


def _patterns(fields, *, required=()):
    """Patterns of literal words and fields (always the `required` ones)."""
    pieces = (
        st.one_of(_WORDS, st.sampled_from(sorted(fields)).map(lambda f: "{" + f + "}"))
        if fields
        else _WORDS
    )
    return st.lists(pieces, min_size=1, max_size=5).map(
        lambda parts: "".join(parts) + "".join("{" + f + "}" for f in required)
    )


@st.composite
def locale_table_dicts(draw):
    """A well-formed table dict: drawn names, patterns, symbols and words."""
    names = lambda n: st.lists(_WORDS, min_size=n, max_size=n)  # noqa: E731
    styles = lambda fields: st.fixed_dictionaries(  # noqa: E731
        {s: _patterns(fields) for s in ("short", "medium", "long")}
    )
    dates = {"year", "month", "day", "month_name", "month_abbr", "weekday", "weekday_abbr"}
    group, point = draw(st.sampled_from([(",", "."), (".", ","), ("\u202f", ","), ("", ".")]))
    one = draw(st.booleans())
    units = {
        u: {
            "one": draw(_patterns(set(), required=["n"])),
            "other": draw(_patterns(set(), required=["n"])),
        }
        if one
        else {"other": draw(_patterns(set(), required=["n"]))}
        for u in ("day", "hour", "minute", "second")
    }
    return {
        "schema": 1,
        "tag": draw(st.sampled_from(["ja", "ko", "fr-CA", "es-419", "sr-Latn-RS"])),
        "fallbacks": ["en"],
        "aliases": draw(st.sampled_from([[], ["xx-*"], ["xx-YY", "xx-ZZ"]])),
        "months": draw(names(12)),
        "months_abbr": draw(names(12)),
        "weekdays": draw(names(7)),
        "weekdays_abbr": draw(names(7)),
        "dates": draw(styles(dates)),
        "times": draw(styles({"hour", "minute", "second", "zone"})),
        "datetimes": draw(
            styles({f"{k}_{s}" for k in ("date", "time") for s in ("short", "medium", "long")})
        ),
        "zones": draw(st.dictionaries(st.sampled_from(ZONES), _WORDS, max_size=3)),
        "utc_offsets": {
            "zero": draw(_WORDS),
            "hours": draw(_patterns({"sign"}, required=["hours"])),
            "hours_minutes": draw(_patterns({"sign"}, required=["hours", "minutes"])),
        },
        "numbers": {"group": group, "decimal": point},
        "money": {
            "pattern": draw(_patterns({"symbol"}, required=["sign", "amount"])),
            "unknown": draw(_patterns({"code"}, required=["sign", "amount"])),
        },
        "currency_symbols": draw(st.dictionaries(st.sampled_from(["USD", "JPY", "EUR"]), _WORDS)),
        "currency_patterns": draw(
            st.dictionaries(
                st.sampled_from(["KRW", "CHF"]), _patterns({"code"}, required=["sign", "amount"])
            )
        ),
        "currency_decimals": draw(
            st.dictionaries(st.sampled_from(["JPY", "KRW", "BHD"]), st.integers(0, 6))
        ),
        "durations": units,
        "lists": {"separator": draw(_SEPARATORS), "last_separator": draw(_SEPARATORS)},
    }


# Each example draws a whole table (about 60 values): fewer examples keep this under 2 s.
@settings(max_examples=20)
@given(locale_table_dicts())
def test_locale_tables_round_trip_through_dict_json_and_pickle(data):
    """from_dict(to_dict(x)) == x, the dict is the input (order kept), and pickle works."""
    table = LocaleTable.from_dict(data)
    assert table.to_dict() == data
    assert list(table.to_dict()) == list(data)
    assert LocaleTable.from_dict(json.loads(json.dumps(table.to_dict()))) == table
    copy = pickle.loads(pickle.dumps(table))
    assert copy == table
    assert hash(copy) == hash(table)


@settings(max_examples=20)
@given(locale_table_dicts(), st.datetimes(), st.timedeltas(min_value=dt.timedelta(0)))
def test_any_well_formed_table_formats_without_error(data, naive, duration):
    """Whatever a valid table says, every formatting function returns text."""
    table = LocaleTable.from_dict(data)
    formats = formats_of(table)
    local = naive.replace(tzinfo=dt.UTC)
    for style in ("short", "medium", "long"):
        assert isinstance(formats.datetime(local, style), str)
    assert isinstance(formats.duration(duration), str)
    assert formats.money(Money(Decimal("-1234.5"), "JPY")).count("-") >= 1


def _en() -> Any:
    return locale_tables()["en"].to_dict()


def _set(data, path, value):
    *keys, last = path
    for key in keys:
        data = data[key]
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()

MALFORMED = [
    (("schema",), 2, "schema"),
    (("tag",), "JA", "tag"),
    (("tag",), "japanese", "tag"),
    (("extra",), 1, "extra"),
    (("months",), "January", "months"),
    (("months",), ["January"] * 11, "months"),
    (("months", 3), "", "months[3]"),
    (("months", 3), 4, "months[3]"),
    (("weekdays", 6), "Sun\nday", "weekdays[6]"),
    (("fallbacks",), ["en", "en"], "fallbacks"),
    (("fallbacks",), ["EN"], "fallbacks[0]"),
    (("aliases",), ["en us"], "aliases[0]"),
    (("aliases",), ["en-*", "EN-*"], "aliases"),
    (("dates",), "short", "dates"),
    (("dates", "medium"), "{weekday} {nope}", "dates.medium"),
    (("dates", "medium"), "{weekday", "dates.medium"),
    (("dates", "medium"), "}{day}", "dates.medium"),
    (("dates", "medium"), "{hour}", "dates.medium"),
    (("dates", "long"), _DELETE, "dates.long"),
    (("dates", "full"), "{day}", "dates.full"),
    (("times", "short"), "", "times.short"),
    (("datetimes", "long"), "{date_long} {zone}", "datetimes.long"),
    (("zones", "Asia/Shanghai"), "", "zones.Asia/Shanghai"),
    (("utc_offsets", "hours"), "UTC", "utc_offsets.hours"),
    (("utc_offsets", "zero"), "{sign}", "utc_offsets.zero"),
    (("numbers", "group"), ".", "numbers.group"),
    (("numbers", "decimal"), "", "numbers.decimal"),
    (("money", "pattern"), "{symbol}", "money.pattern"),
    (("money", "pattern"), "{symbol}{amount}", "money.pattern"),
    (("money", "unknown"), "{sign}{symbol}{amount}", "money.unknown"),
    (("currency_symbols", "usd"), "$", "currency_symbols.usd"),
    (("currency_patterns", "XXX"), "{sign}{symbol}{amount}", "currency_patterns.XXX"),
    (("currency_decimals", "JPY"), 9, "currency_decimals.JPY"),
    (("currency_decimals", "JPY"), True, "currency_decimals.JPY"),
    (("durations", "day", "other"), _DELETE, "durations.day.other"),
    (("durations", "day", "one"), "one day", "durations.day.one"),
    (("durations", "week"), {"other": "{n} weeks"}, "durations.week"),
    (("durations", "hour"), "hours", "durations.hour"),
    (("lists", "separator"), 3, "lists.separator"),
    (("lists", "last_separator"), _DELETE, "lists.last_separator"),
]


@pytest.mark.parametrize(("path", "value", "where"), MALFORMED)
def test_malformed_tables_are_refused_naming_the_json_path(path, value, where):
    """Each defect raises SerializationError whose path is where it is in the file."""
    data = _en()
    _set(data, path, value)
    with pytest.raises(SerializationError) as info:
        LocaleTable.from_dict(data)
    assert info.value.path == where
    assert isinstance(info.value, ValueError)


def test_not_a_dict_is_refused():
    """A list, a string or None is no table."""
    data: object
    for data in ([], "en", None):
        with pytest.raises(SerializationError):
            LocaleTable.from_dict(data)


def test_the_constructor_refuses_like_from_dict_with_the_field_named():
    """Built in Python, a bad field raises InvalidFieldError naming the same path."""
    table = locale_tables()["en"]
    with pytest.raises(InvalidFieldError) as info:
        LocaleTable("en", **{**_kwargs(table), "dates": {"short": "{x}", "medium": "", "long": ""}})
    assert info.value.field == "dates.short"
    with pytest.raises(InvalidFieldError) as info:
        LocaleTable("en", **{**_kwargs(table), "months": "January"})
    assert info.value.field == "months"
    with pytest.raises(InvalidFieldError) as info:
        LocaleTable("en", **{**_kwargs(table), "zones": [("a", "b", "c")]})
    assert info.value.field == "zones"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"months": ["January", 2]}, "months[1]"),
        ({"zones": {1: "x"}}, "zones"),
        ({"zones": (("Asia/Tokyo", "a"), ("Asia/Tokyo", "b"))}, "zones"),
        ({"durations": {"day": 3}}, "durations.day"),
    ]
    for changes, field in cases:
        with pytest.raises(InvalidFieldError) as info:
            LocaleTable("en", **{**_kwargs(table), **changes})
        assert info.value.field == field


def _kwargs(table: LocaleTable) -> dict:
    data = table.to_dict()
    del data["schema"], data["tag"]
    return data


def test_evolve_keeps_a_table_valid_and_equal_tables_hash_alike():
    """attrs.evolve re-runs the checks on the frozen fields; equal tables are one key."""

    table = locale_tables()["en"]
    same = attrs.evolve(table)
    assert same == table
    assert {table: 1}[same] == 1
    with pytest.raises(InvalidFieldError):
        attrs.evolve(table, months=("x",) * 12 + ("y",))


def test_load_locales_errors_name_the_file(tmp_path):
    """Bad JSON, a bad table, a duplicate tag, or no file: typed errors naming the file."""
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(InvalidFieldError) as info:
        load_locales(tmp_path / "bad.json")
    assert info.value.field == "bad.json"
    data = _en()
    data["dates"]["medium"] = "{nope}"
    (tmp_path / "x.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SerializationError) as bad:
        load_locales([tmp_path / "x.json"])
    assert bad.value.path == "x.json:dates.medium"
    (tmp_path / "a.json").write_text(json.dumps(_en()), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(_en()), encoding="utf-8")
    with pytest.raises(InvalidFieldError) as info:
        load_locales([tmp_path / "a.json", tmp_path / "b.json"])
    assert (info.value.field, info.value.value) == ("b.json", "en")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InvalidFieldError, match="at least one"):
        load_locales(empty)
    for source in (3, b"x", [1]):
        with pytest.raises(InvalidFieldError):
            load_locales(source)  # type: ignore[arg-type]


def test_separators_other_than_comma_and_point_are_swapped_in():
    """A table writing 1.234.567,5 (hand-worked) for numbers, decimals and money."""
    data = _en()
    data.update(tag="de", aliases=["de-*"], fallbacks=["en"])
    data["numbers"] = {"group": ".", "decimal": ","}
    data["money"]["pattern"] = "{sign}{amount} {symbol}"
    data["currency_symbols"]["EUR"] = "€"
    de = LocaleTable.from_dict(data)
    template = NoticeTemplate(
        "n",
        variables=[Variable("i", T.INTEGER), Variable("d", T.DECIMAL), Variable("m", T.MONEY)],
        texts=[NoticeTexts("de", table=de, sms="{i} | {d} | {m}")],
    )
    values = {"i": 1234567, "d": Decimal("1234.5"), "m": Money(Decimal("-1234567.5"), "EUR")}
    sms = template.render(values, locale="de-AT", timezone="UTC").sms
    assert sms.text == "1.234.567 | 1.234,5 | -1.234.567,50 €"


# -- added locales and the fallback chain ------------------------------------------------


def test_an_added_table_serves_its_tag_its_aliases_and_falls_back_as_declared():
    """ja, ja-JP, JA_jp -> (ja, en); the built-in chains are unchanged; nothing leaks."""
    for tag in ("ja", "ja-JP", "JA_jp", "ja-Jpan-JP"):
        assert fallback_chain(tag, locale_tables=[JA]) == ("ja", "en")
    assert fallback_chain("zh-TW", locale_tables=[JA]) == ("zh-Hant", "zh-Hans", "en")
    assert fallback_chain("en-GB", locale_tables=[JA]) == ("en",)
    for tag in ("ja", "ja-JP"):
        with pytest.raises(InvalidFieldError) as info:
            fallback_chain(tag)
        assert info.value.field == "locale"
    with pytest.raises(InvalidFieldError):
        fallback_chain("jap", locale_tables=[JA])
    with pytest.raises(InvalidFieldError):
        fallback_chain("ja-\u00e9", locale_tables=[JA])


def _table(**changes) -> LocaleTable:
    data = JA.to_dict()
    data.update(changes)
    return LocaleTable.from_dict(data)


@pytest.mark.parametrize(
    ("tables", "reason"),
    [
        (lambda: [JA, _table(aliases=["ja-JP"])], "one table per locale"),
        (lambda: [_table(tag="en", aliases=[], fallbacks=[])], "one table per locale"),
        (lambda: [JA, _table(tag="ko", aliases=["ja-*"])], "one locale only"),
        (lambda: [_table(tag="ko", aliases=["zh-TW"])], "one locale only"),
        (lambda: [_table(tag="ko", aliases=[], fallbacks=["ja", "en"])], "known locales"),
        (lambda: [JA, "ko"], "LocaleTable"),
        (lambda: JA, "collection"),
        (lambda: "ja", "collection"),
    ],
)
def test_inconsistent_tables_are_refused(tables, reason):
    """Two tables for a tag, a redefined built-in, a shared alias, an unknown fallback."""
    with pytest.raises(InvalidFieldError, match=reason):
        fallback_chain("ja", locale_tables=tables())


def test_the_same_table_twice_is_one_table_and_chains_may_go_through_added_locales():
    """Giving a table twice is harmless; ko may fall back to ja, then en."""
    ko = _table(tag="ko", aliases=["ko-KR"], fallbacks=["ja", "en"])
    assert fallback_chain("ko-KR", locale_tables=[JA, ko, JA]) == ("ko", "ja", "en")


# -- Japanese: the worked example ---------------------------------------------------------

# Hand-written: Sunday 29 November 2026, 14:05:09 in Tokyo (05:05:09Z).
SUNDAY = dt.datetime(2026, 11, 29, 5, 5, 9, tzinfo=dt.UTC)
JAPANESE = [
    ("date", "short", "Asia/Tokyo", "2026/11/29"),
    ("date", "medium", "Asia/Tokyo", "2026年11月29日(日)"),
    ("date", "long", "Asia/Tokyo", "2026年11月29日日曜日"),
    ("time", "short", "Asia/Tokyo", "14:05"),
    ("time", "medium", "Asia/Tokyo", "14:05（日本時間）"),
    ("time", "long", "Asia/Tokyo", "14:05:09（日本時間）"),
    ("datetime", "short", "Asia/Tokyo", "2026/11/29 14:05"),
    ("datetime", "medium", "Asia/Tokyo", "2026年11月29日(日) 14:05（日本時間）"),
    ("datetime", "long", "Asia/Tokyo", "2026年11月29日日曜日 14:05（日本時間）"),
    ("datetime", "medium", "Asia/Hong_Kong", "2026年11月29日(日) 13:05（香港時間）"),
    ("datetime", "medium", "America/New_York", "2026年11月29日(日) 00:05（UTC-5）"),
    ("datetime", "medium", "America/Los_Angeles", "2026年11月28日(土) 21:05（UTC-8）"),
    ("time", "medium", "Asia/Kolkata", "10:35（UTC+5:30）"),
]


@pytest.mark.parametrize(("kind", "style", "zone", "expected"), JAPANESE)
def test_japanese_dates_and_times(kind, style, zone, expected):
    """Japanese order (year, month, day), the weekday in brackets, 24-hour time, the zone."""
    template = NoticeTemplate(
        "t",
        variables=[Variable("at", T.INSTANT)],
        texts=[NoticeTexts("ja", table=JA, sms=f"{{at|{kind}:{style}}}")],
    )
    notice = template.render({"at": SUNDAY}, locale="ja-JP", timezone=zone)
    assert notice.sms.text == expected
    assert (notice.locale, notice.fallbacks) == ("ja", ())


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1000", "JPY", "1,000円"),
        ("-1000", "JPY", "-1,000円"),
        ("1234567", "JPY", "1,234,567円"),
        ("0.5", "JPY", "0.5円"),
        ("49999", "USD", "US$49,999.00"),
        ("1288", "HKD", "HK$1,288.00"),
        ("5000", "CNY", "CN¥5,000.00"),
        ("1200", "TWD", "NT$1,200"),
        ("12", "CHF", "CHF 12.00"),
        ("30000", "KRW", "₩30,000"),
    ],
)
def test_japanese_money(amount, currency, expected):
    """Yen as 1,000円 (no decimals); other currencies by symbol, the yuan as CN¥."""
    assert formats_of(JA).money(Money(Decimal(amount), currency)) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0分"),
        (45, "45秒"),
        (90 * 60, "1時間30分"),
        (4 * 3600, "4時間"),
        (86400 + 2 * 3600 + 5 * 60, "1日2時間5分"),
        (2 * 86400 + 60, "2日1分"),
    ],
)
def test_japanese_durations(seconds, expected):
    """Units written after the number, no spaces or separators."""
    assert formats_of(JA).duration(dt.timedelta(seconds=seconds)) == expected


def _japanese_reminder() -> NoticeTemplate:
    data: Any = catalog()["payment_reminder"].to_dict()
    data["texts"]["ja"] = json.loads((DATA / "payment_reminder.ja.json").read_text("utf-8"))
    return NoticeTemplate.from_dict(data, locale_tables=[JA])


def test_a_catalog_notice_with_japanese_texts_renders_in_japanese():
    """payment_reminder with the ja texts added, for a ja-JP customer in Tokyo."""
    template = _japanese_reminder()
    assert template.locales == ("en", "zh-Hans", "zh-Hant", "ja")
    notice = template.render(
        example_values("payment_reminder"), locale="ja-JP", timezone="Asia/Tokyo"
    )
    # The payment window closes at 18:15Z on 13 March 2026: 03:15 on Saturday 14 March in Tokyo.
    assert (notice.requested_locale, notice.locale, notice.fallbacks) == ("ja-JP", "ja", ())
    assert notice.sms.text == (
        "【AurumPay】Golden Bay Mallへのお支払いHK$1,288.00が承認待ちです。"
        "2026/3/14 03:15までにアプリで承認してください（期限後は自動取消）。"
        "お心当たりがなければ400-820-8820へ。"
    )
    assert notice.sms.cost.segments == 2
    assert notice.email.subject == "Golden Bay Mallへのお支払いの承認をお願いします"
    assert notice.email.preheader == "HK$1,288.00、03:15（日本時間）までに承認してください"
    assert "2026年3月14日土曜日 03:15（日本時間）までにアプリで承認してください。" in (
        notice.email.text
    )
    assert notice.in_app.link == "https://app.example.com/n/payment-reminder"


def test_japanese_sms_fits_two_segments_with_the_longest_values():
    """The longest accepted values, a long zone name, a large amount: still 2 segments."""
    template = _japanese_reminder()
    values = {
        "brand": "漢" * 12,
        "merchant": "漢" * 16,
        "amount": Money(Decimal("9999999.99"), "USD"),
        "reference": "W" * 20,
        "expires_at": dt.datetime(2026, 9, 30, 15, 59, tzinfo=dt.UTC),
        "hotline": "漢" * 14,
        "details_url": "https://app.example.com/n",
    }
    notice = template.render(values, locale="ja", timezone="Asia/Singapore")
    assert notice.sms.cost.segments == 2


def test_a_japanese_customer_gets_english_where_a_notice_has_no_japanese():
    """ja-JP -> ja -> en: the result names the skipped ja, as for every fallback."""
    template = catalog()["security_alert"]
    values = example_values("security_alert")
    notice = template.render(values, locale="ja-JP", timezone="Asia/Tokyo", locale_tables=[JA])
    assert (notice.requested_locale, notice.locale, notice.fallbacks) == ("ja-JP", "en", ("ja",))
    english = template.render(values, locale="en", timezone="Asia/Tokyo")
    assert notice.sms == english.sms
    with pytest.raises(InvalidFieldError) as info:
        template.render(values, locale="ja-JP", timezone="Asia/Tokyo")
    assert info.value.field == "locale"
    with pytest.raises(InvalidFieldError):
        template.render(values, locale="ja", timezone="UTC", locale_tables=[JA, 3])  # type: ignore[list-item]


def test_a_template_with_japanese_texts_carries_its_table():
    """No table to pass at render time; to_dict embeds it; every way back gives the same."""
    template = _japanese_reminder()
    values = example_values("payment_reminder")
    assert template.render(values, locale="ja", timezone="UTC").locale == "ja"
    data = template.to_dict()
    assert data["locale_tables"] == [JA.to_dict()]
    assert NoticeTemplate.from_dict(json.loads(json.dumps(data))) == template
    assert pickle.loads(pickle.dumps(template)) == template
    zh = template.render(values, locale="zh-TW", timezone="Asia/Taipei")
    assert zh == catalog()["payment_reminder"].render(
        values, locale="zh-TW", timezone="Asia/Taipei"
    )


def test_texts_in_an_added_locale_need_their_table():
    """NoticeTexts('ja') without a table, a table of another tag, or for a built-in: refused."""
    with pytest.raises(InvalidFieldError) as info:
        NoticeTexts("ja", sms="x")
    assert info.value.field == "locale"
    with pytest.raises(InvalidFieldError) as info:
        NoticeTexts("ko", table=JA, sms="x")
    assert info.value.field == "table"
    with pytest.raises(InvalidFieldError):
        NoticeTexts("en", table=JA, sms="x")
    with pytest.raises(InvalidFieldError):
        NoticeTexts("ja", table=JA.to_dict(), sms="x")


def test_template_dicts_with_added_locales_name_what_is_missing():
    """No table for ja texts, a table no text uses, a broken embedded table: path errors."""
    data = _japanese_reminder().to_dict()
    without = {k: v for k, v in data.items() if k != "locale_tables"}
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(without)
    assert info.value.path == "texts.ja.locale"
    assert NoticeTemplate.from_dict(without, locale_tables=[JA]) == _japanese_reminder()
    extra = {**data, "locale_tables": [JA.to_dict(), _table(tag="ko", aliases=[]).to_dict()]}
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(extra)
    assert info.value.path == "locale_tables"
    twice = {**data, "locale_tables": [JA.to_dict(), JA.to_dict()]}
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(twice)
    assert info.value.path == "locale_tables[1]"
    broken: Any = JA.to_dict()
    broken["dates"]["medium"] = "{nope}"
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict({**data, "locale_tables": [broken]})
    assert info.value.path == "locale_tables[0].dates.medium"


def test_load_notices_takes_the_tables_of_added_locales(tmp_path):
    """A user's catalog file with ja texts loads with the ja table given to the loader."""
    data = _japanese_reminder().to_dict()
    del data["locale_tables"]
    path = tmp_path / "payment_reminder.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_notices(tmp_path, locale_tables=[JA]) == {"payment_reminder": _japanese_reminder()}
    with pytest.raises(SerializationError) as info:
        load_notices(tmp_path)
    assert info.value.path == "payment_reminder.json:texts.ja.locale"


def test_rendered_notices_in_an_added_locale_read_back_with_its_table():
    """RenderedNotice.from_dict knows ja only when given its table."""
    notice = _japanese_reminder().render(
        example_values("payment_reminder"), locale="ja-JP", timezone="Asia/Tokyo"
    )
    data = json.loads(json.dumps(notice.to_dict()))
    assert RenderedNotice.from_dict(data, locale_tables=[JA]) == notice
    with pytest.raises(SerializationError) as info:
        RenderedNotice.from_dict(data)
    assert info.value.path == "locale"


def test_previews_cover_the_added_locales_of_a_template():
    """By default a preview renders the built-in locales and then the template's own."""
    template = _japanese_reminder()
    report = preview(template, example_values("payment_reminder"), timezone="Asia/Tokyo")
    assert [(e.requested_locale, e.locale) for e in report.entries] == [
        ("en", "en"),
        ("zh-Hans", "zh-Hans"),
        ("zh-Hant", "zh-Hant"),
        ("ja", "ja"),
    ]
    only = preview(
        catalog()["security_alert"],
        example_values("security_alert"),
        timezone="Asia/Tokyo",
        locales=["ja-JP"],
        locale_tables=[JA],
    )
    assert (only.entries[0].locale, only.entries[0].fallbacks) == ("en", ("ja",))


def test_the_japanese_example_file_is_in_the_documented_form():
    """The worked example is itself a diff-friendly table file."""
    text = (DATA / "ja.json").read_text(encoding="utf-8")
    assert text == json.dumps(JA.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert pendulum.datetime(2026, 11, 29).day_of_week == pendulum.SUNDAY


def test_a_path_the_file_system_refuses_is_a_typed_error():
    """A name longer than any file system allows, a NUL in a name (found by the fuzz suite)."""
    for name in ("x" * 5000, "\x00x"):
        with pytest.raises(InvalidFieldError):
            load_locales(name)
        with pytest.raises(InvalidFieldError):
            load_locales([name])
        with pytest.raises(InvalidFieldError):
            load_notices(name)


# -- enum labels in an added locale ------------------------------------------------------


def _japanese_finished() -> NoticeTemplate:
    data: Any = catalog()["maintenance_finished"].to_dict()
    path = DATA / "maintenance_finished.ja.json"
    data["texts"]["ja"] = json.loads(path.read_text("utf-8"))
    return NoticeTemplate.from_dict(data, locale_tables=[JA])


def test_a_notice_with_an_enum_gets_japanese_texts_and_labels_in_one_place():
    """maintenance_finished: the ja texts carry the Japanese names of the services."""
    template = _japanese_finished()
    values = example_values("maintenance_finished")
    notice = template.render(values, locale="ja-JP", timezone="Asia/Tokyo")
    # Ended 23:40Z on Friday 13 March 2026: 08:40 on Saturday 14 March in Tokyo.
    assert notice.sms.text == (
        "【AurumPay】メンテナンスは2026年3月14日(土) 08:40（日本時間）に終了し、"
        "出金を再びご利用いただけます。メンテナンス中の出金申請は順に処理しています。"
        "お問い合わせは400-820-8820へ。"
    )
    assert notice.email.subject == "メンテナンス終了：出金を再開しました"
    both = template.render(
        {**values, "services": "deposits_and_withdrawals"}, locale="ja", timezone="Asia/Tokyo"
    )
    assert both.in_app.body.startswith("入出金を再びご利用いただけます。")
    english = template.render(values, locale="en", timezone="Asia/Tokyo")
    assert "You can use withdrawals again." in english.sms.text
    assert NoticeTemplate.from_dict(json.loads(json.dumps(template.to_dict()))) == template
    written: Any = template.to_dict()
    assert written["texts"]["ja"]["labels"]["services"]["pos"] == "店頭決済"


def test_japanese_maintenance_sms_fits_two_segments_with_the_longest_values():
    """The longest service label and accepted values still fit the 2-segment budget."""
    template = _japanese_finished()
    longest = max(
        json.loads((DATA / "maintenance_finished.ja.json").read_text("utf-8"))["labels"][
            "services"
        ].items(),
        key=lambda pair: len(pair[1]),
    )[0]
    values = {
        "brand": "漢" * 12,
        "ended_at": dt.datetime(2026, 9, 30, 15, 59, tzinfo=dt.UTC),
        "services": longest,
        "hotline": "漢" * 14,
        "details_url": "https://app.example.com/n",
    }
    for var in ("brand", "hotline"):
        assert template.variable(var).limit == len(values[var])
    notice = template.render(values, locale="ja", timezone="Asia/Singapore")
    assert notice.sms.cost.segments <= 2


def test_labels_in_texts_are_checked():
    """Only with an added locale's texts, only for declared enum choices, every choice."""
    enum = Variable("s", T.ENUM, choices=("a", "b"), labels={"en": {"a": "A", "b": "B"}})
    with pytest.raises(InvalidFieldError) as info:
        NoticeTexts("en", sms="{s}", labels={"s": {"a": "A"}})
    assert info.value.field == "labels"
    for labels, field in [
        ({"t": {"a": "x"}}, "texts.ja.labels"),
        ({"s": {"c": "x"}}, "texts.ja.labels.s"),
    ]:
        with pytest.raises(InvalidFieldError) as info:
            NoticeTemplate(
                "n",
                variables=[enum],
                texts=[NoticeTexts("ja", table=JA, sms="{s}", labels=labels)],
            )
        assert info.value.field == field
    from supportflow import TemplateVariableError

    with pytest.raises(TemplateVariableError, match="every choice in ja"):
        NoticeTemplate(
            "n",
            variables=[enum],
            texts=[NoticeTexts("ja", table=JA, sms="{s}", labels={"s": {"a": "エー"}})],
        )
    for bad, field in [
        ("s", "labels"),
        ({"s": "x"}, "labels.s"),
        ({"s": {"a": ""}}, "labels.s.a"),
        ({"s": {"a": "x\u202e"}}, "labels.s.a"),
        ({"s": {1: "x"}}, "labels.s"),
        ((("s",),), "labels"),
    ]:
        with pytest.raises(InvalidFieldError) as info:
            NoticeTexts("ja", table=JA, sms="{s}", labels=bad)
        assert info.value.field == field
    ok = NoticeTemplate(
        "n",
        variables=[enum],
        texts=[NoticeTexts("ja", table=JA, sms="{s}", labels={"s": {"a": "エー", "b": "ビー"}})],
    )
    assert ok.render({"s": "b"}, locale="ja", timezone="UTC").sms.text == "ビー"
    assert attrs.evolve(ok.texts[0]) == ok.texts[0]
    data: Any = ok.to_dict()
    data["texts"]["ja"]["labels"]["s"]["a"] = 3
    with pytest.raises(SerializationError) as bad_path:
        NoticeTemplate.from_dict(data)
    assert bad_path.value.path == "texts.ja.labels.s.a"

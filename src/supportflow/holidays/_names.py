"""Names of public holidays in English, Simplified and Traditional Chinese.

The data files list dates, not names, because the official notices list dates. A name is
found from the jurisdiction's festivals: in mainland China a run of consecutive days off
(weekends inside it included) is named after the festivals whose dates fall in it (1-8
October 2025 is "National Day and Mid-Autumn Festival"); elsewhere a day off is named after
the festival it falls on or substitutes for (at most three days away). A day off no
festival explains is a "public holiday".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from supportflow.errors import InvalidFieldError
from supportflow.holidays._lunar import lunar_festivals, lunar_years
from supportflow.holidays._rules import easter_sunday

__all__ = ["HolidayName", "holiday_names"]

HolidayName = Mapping[str, str]
"""A holiday's name by locale: `{"en": ..., "zh-Hans": ..., "zh-Hant": ...}`."""

_DAY: Final = dt.timedelta(days=1)


def _n(en: str, hans: str, hant: str) -> dict[str, str]:
    return {"en": en, "zh-Hans": hans, "zh-Hant": hant}


_GENERIC: Final = _n("public holiday", "公众假期", "公眾假期")
_NEW_YEAR: Final = _n("New Year's Day", "元旦", "元旦")
_SPRING: Final = _n("Spring Festival", "春节", "春節")
_LUNAR_NEW_YEAR: Final = _n("Lunar New Year", "农历新年", "農曆新年")
_QINGMING: Final = _n("Qingming Festival", "清明节", "清明節")
_LABOUR: Final = _n("Labour Day", "劳动节", "勞動節")
_DRAGON: Final = _n("Dragon Boat Festival", "端午节", "端午節")
_MID_AUTUMN: Final = _n("Mid-Autumn Festival", "中秋节", "中秋節")
_NATIONAL: Final = _n("National Day", "国庆节", "國慶節")
_CHRISTMAS: Final = _n("Christmas Day", "圣诞节", "聖誕節")
_GOOD_FRIDAY: Final = _n("Good Friday", "耶稣受难节", "耶穌受難節")
_EASTER_MONDAY: Final = _n("Easter Monday", "复活节星期一", "復活節星期一")


def _nth(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (or last, n=-1) ISO `weekday` of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta((weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - _DAY
    return last - dt.timedelta((last.isoweekday() - weekday) % 7)


def _lunar(year: int) -> bool:
    first, last = lunar_years()
    return first <= year <= last


def _cn(year: int) -> list[tuple[dt.date, dict[str, str]]]:
    out = [(dt.date(year, 1, 1), _NEW_YEAR), (dt.date(year, 5, 1), _LABOUR)]
    out.append((dt.date(year, 10, 1), _NATIONAL))
    if _lunar(year):
        lunar = lunar_festivals(year)
        out += [(lunar.new_years_eve, _SPRING), (lunar.new_year, _SPRING)]
        out += [(lunar.qingming, _QINGMING), (lunar.dragon_boat, _DRAGON)]
        out.append((lunar.mid_autumn, _MID_AUTUMN))
    return out


def _hk(year: int) -> list[tuple[dt.date, dict[str, str]]]:
    easter = easter_sunday(year)
    out = [
        (dt.date(year, 1, 1), _n("The first day of January", "一月一日", "一月一日")),
        (easter - 2 * _DAY, _GOOD_FRIDAY),
        (easter - _DAY, _n("The day following Good Friday", "耶稣受难节翌日", "耶穌受難節翌日")),
        (easter + _DAY, _EASTER_MONDAY),
        (dt.date(year, 5, 1), _LABOUR),
        (
            dt.date(year, 7, 1),
            _n(
                "Hong Kong SAR Establishment Day",
                "香港特别行政区成立纪念日",
                "香港特別行政區成立紀念日",
            ),
        ),
        (dt.date(year, 10, 1), _NATIONAL),
        (dt.date(year, 12, 25), _CHRISTMAS),
        (
            dt.date(year, 12, 26),
            _n("The first weekday after Christmas Day", "圣诞节后第一个周日", "聖誕節後第一個周日"),
        ),
    ]
    if _lunar(year):
        lunar = lunar_festivals(year)
        out += [(lunar.new_year + k * _DAY, _LUNAR_NEW_YEAR) for k in range(3)]
        out += [(lunar.qingming, _n("Ching Ming Festival", "清明节", "清明節"))]
        out += [(lunar.buddha, _n("Birthday of the Buddha", "佛诞", "佛誕"))]
        out += [(lunar.dragon_boat, _n("Tuen Ng Festival", "端午节", "端午節"))]
        out += [
            (
                lunar.mid_autumn + _DAY,
                _n("The day following Mid-Autumn Festival", "中秋节翌日", "中秋節翌日"),
            )
        ]
        out += [(lunar.chung_yeung, _n("Chung Yeung Festival", "重阳节", "重陽節"))]
    return out


def _us(year: int) -> list[tuple[dt.date, dict[str, str]]]:
    return [
        (dt.date(year, 1, 1), _NEW_YEAR),
        (
            _nth(year, 1, 1, 3),
            _n("Martin Luther King Jr. Day", "马丁·路德·金纪念日", "馬丁·路德·金紀念日"),
        ),
        (_nth(year, 2, 1, 3), _n("Washington's Birthday", "华盛顿诞辰纪念日", "華盛頓誕辰紀念日")),
        (_nth(year, 5, 1, -1), _n("Memorial Day", "阵亡将士纪念日", "陣亡將士紀念日")),
        (dt.date(year, 6, 19), _n("Juneteenth", "六月节", "六月節")),
        (dt.date(year, 7, 4), _n("Independence Day", "独立日", "獨立日")),
        (_nth(year, 9, 1, 1), _n("Labor Day", "劳动节", "勞動節")),
        (_nth(year, 10, 1, 2), _n("Columbus Day", "哥伦布日", "哥倫布日")),
        (dt.date(year, 11, 11), _n("Veterans Day", "退伍军人节", "退伍軍人節")),
        (_nth(year, 11, 4, 4), _n("Thanksgiving Day", "感恩节", "感恩節")),
        (dt.date(year, 12, 25), _CHRISTMAS),
        (dt.date(year + 1, 1, 1), _NEW_YEAR),  # observed on 31 December when a Saturday
    ]


def _uk(year: int) -> list[tuple[dt.date, dict[str, str]]]:
    easter = easter_sunday(year)
    bank = "bank holiday"
    return [
        (dt.date(year, 1, 1), _NEW_YEAR),
        (easter - 2 * _DAY, _GOOD_FRIDAY),
        (easter + _DAY, _EASTER_MONDAY),
        (_nth(year, 5, 1, 1), _n(f"Early May {bank}", "五月初银行假日", "五月初銀行假日")),
        (_nth(year, 5, 1, -1), _n(f"Spring {bank}", "春季银行假日", "春季銀行假日")),
        (_nth(year, 8, 1, -1), _n(f"Summer {bank}", "夏季银行假日", "夏季銀行假日")),
        (dt.date(year, 12, 25), _CHRISTMAS),
        (dt.date(year, 12, 26), _n("Boxing Day", "节礼日", "節禮日")),
    ]


_ANCHORS: Final[dict[str, Callable[[int], list[tuple[dt.date, dict[str, str]]]]]] = {
    "cn": _cn,
    "hk": _hk,
    "us": _us,
    "uk": _uk,
}


def _joined(names: list[dict[str, str]]) -> dict[str, str]:
    unique: list[dict[str, str]] = []
    for name in names:
        if name not in unique:
            unique.append(name)
    if len(unique) == 1:
        return unique[0]
    return {
        "en": " and ".join(n["en"] for n in unique),
        "zh-Hans": "、".join(n["zh-Hans"] for n in unique),
        "zh-Hant": "、".join(n["zh-Hant"] for n in unique),
    }


def holiday_names(
    dataset: str, days_off: Iterable[dt.date], *, closed: Callable[[dt.date], bool]
) -> dict[dt.date, HolidayName]:
    """Name each date of `days_off` (the holidays of data set `dataset`).

    Args:
        dataset: `"cn"`, `"hk"`, `"us"` or `"uk"`; any other data set gets generic names.
        days_off: The holiday dates to name.
        closed: Whether a date is closed anyway (a weekend); mainland China names a run of
            days off through the weekend days inside it.

    Raises:
        InvalidFieldError: `dataset` is not a string.
    """
    if not isinstance(dataset, str):
        raise InvalidFieldError("dataset", dataset, "be a data set id such as 'cn'")
    days = sorted(set(days_off))
    anchors = _ANCHORS.get(dataset)
    if anchors is None or not days:
        return dict.fromkeys(days, _GENERIC)
    by_year: dict[int, list[tuple[dt.date, dict[str, str]]]] = {}
    for year in sorted({d.year for d in days} | {d.year - 1 for d in days}):
        by_year[year] = anchors(year)
    if dataset == "cn":
        return _cn_blocks(days, by_year, closed)
    out: dict[dt.date, HolidayName] = {}
    for day in days:
        near = [
            (abs((anchor - day).days), anchor, name)
            for year in (day.year - 1, day.year)
            for anchor, name in by_year[year]
            if abs((anchor - day).days) <= 3
        ]
        out[day] = min(near, key=lambda n: (n[0], n[1]))[2] if near else _GENERIC
    return out


def _cn_blocks(
    days: list[dt.date],
    by_year: dict[int, list[tuple[dt.date, dict[str, str]]]],
    closed: Callable[[dt.date], bool],
) -> dict[dt.date, HolidayName]:
    off = set(days)
    out: dict[dt.date, HolidayName] = {}
    for day in days:
        if day in out:
            continue
        # The run of days off around `day`, weekend days included.
        lo = hi = day
        for _ in range(10):  # a holiday run spans a few weekend days at most
            if lo - _DAY in off or closed(lo - _DAY):
                lo -= _DAY
            if hi + _DAY in off or closed(hi + _DAY):
                hi += _DAY
        names = [
            name
            for year in (lo.year, hi.year)
            for anchor, name in sorted(by_year.get(year, []), key=lambda a: a[0])
            if lo <= anchor <= hi
        ]
        name = _joined(names) if names else _GENERIC
        current = lo
        while current <= hi:
            if current in off:
                out[current] = name
            current += _DAY
    return out

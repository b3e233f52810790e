"""Provisional holiday years computed from each jurisdiction's statutory rules.

Used for years that have no official data yet. The rules give the days the law fixes and
the substitute days it prescribes; they cannot give what only the yearly publication
decides (mainland China's bridging days and make-up working days, one-off days).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Final

from supportflow.errors import InvalidFieldError
from supportflow.holidays._lunar import lunar_festivals, lunar_years
from supportflow.holidays._model import HolidayYear

_DAY = dt.timedelta(days=1)
_SAT, _SUN = 6, 7
_LAST_RULE_YEAR: Final = 2199

_CN_2024 = (
    "provisional rule cn-2025: statutory holidays of 全国年节及纪念日放假办法 as amended by "
    "State Council Decree No. 795 (2024-11-10, in force 2025-01-01): New Year's Day; Spring "
    "Festival eve and first three days; Qingming; 1-2 May; Dragon Boat; Mid-Autumn; 1-3 "
    "October; a holiday on a Saturday or Sunday (or on another holiday) is given back on the "
    "next working day (补假). Not the State Council's yearly notice: no bridging days and no "
    "make-up working days (调休) are assumed"
)
_CN_2013 = (
    "provisional rule cn-2014: statutory holidays of 全国年节及纪念日放假办法 as amended by "
    "State Council Decree No. 644 (2013-12-11, in force 2014-01-01): New Year's Day; first "
    "three days of the Spring Festival; Qingming; 1 May; Dragon Boat; Mid-Autumn; 1-3 "
    "October; a holiday on a Saturday or Sunday (or on another holiday) is given back on the "
    "next working day (补假). Not the State Council's yearly notice: no bridging days and no "
    "make-up working days (调休) are assumed"
)
_HK = (
    "provisional rule hk-2012: general holidays of the General Holidays Ordinance (Cap. 149, "
    "Schedule) with lunar and solar-term dates from supportflow's packaged table: a general "
    "holiday on a Sunday, or on another general holiday, moves to the next day that is "
    "neither (for the Lunar New Year, the fourth day). Not the gazetted list: one-off "
    "holidays are not known"
)
_US = (
    "provisional rule us-2021: the legal public holidays of 5 U.S.C. 6103(a) (with "
    "Juneteenth, from 2021) on their observed dates (Executive Order 11582: Saturday -> the "
    "Friday before, Sunday -> the Monday after). Not OPM's published schedule: one-off "
    "closings by executive order are not known"
)
_UK = (
    "provisional rule uk-1978: England and Wales bank holidays of the Banking and Financial "
    "Dealings Act 1971 (Schedule 1) and the usual royal proclamations: New Year's Day, Good "
    "Friday, Easter Monday, first and last Mondays of May, last Monday of August, Christmas "
    "and Boxing Day, a day on a Saturday or Sunday moving to the next free weekday. Not the "
    "published list: moved or one-off bank holidays (jubilees, coronations, funerals) are "
    "not known"
)
_VERIFIED = (
    "Computed by supportflow from rules, not published by the authority; tests check the "
    "rules against the packaged official years and the `holidays` package"
)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (Gauss's method with Lichtenberg's corrections).

    Raises:
        InvalidFieldError: `year` is not an integer from 1583 (the first Gregorian year).
    """
    if not _whole(year) or year < 1583:
        raise InvalidFieldError("year", year, "be an integer from 1583")
    century = year // 100
    moon_shift = 15 + (3 * century + 3) // 4 - (8 * century + 13) // 25
    sun_shift = 2 - (3 * century + 3) // 4
    golden = year % 19
    age = (19 * golden + moon_shift) % 30
    correction = (age + golden // 11) // 29
    full_moon = 21 + age - correction  # as a day of March (32 = 1 April)
    first_sunday = 7 - (year + year // 4 + sun_shift) % 7
    easter = full_moon + 7 - (full_moon - first_sunday) % 7
    return dt.date(year, 3, 1) + dt.timedelta(days=easter - 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ISO `weekday` of a month (n=-1: the last)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    last = nxt - _DAY
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def _substituted(
    days: Iterable[dt.date], *, closed: frozenset[int], keep_closed: bool
) -> frozenset[dt.date]:
    """Move each day on a `closed` weekday, or repeated, to the next free open day.

    With `keep_closed` the original weekend date stays listed (mainland China lists every
    day of a holiday); without it the substitute replaces it (an observed date).
    """
    ordered = sorted(days)
    taken = {d for d in ordered if d.isoweekday() not in closed}
    out = set(taken)
    seen: set[dt.date] = set()
    for day in ordered:
        if day.isoweekday() in closed or day in seen:
            if keep_closed:
                out.add(day)
            sub = day + _DAY
            while sub.isoweekday() in closed or sub in taken:
                sub += _DAY
            taken.add(sub)
            out.add(sub)
        seen.add(day)
    return frozenset(out)


def _cn(year: int) -> tuple[frozenset[dt.date], str]:
    lunar = lunar_festivals(year)
    ny = lunar.new_year
    days = [dt.date(year, 1, 1), ny, ny + _DAY, ny + 2 * _DAY, lunar.qingming]
    days += [dt.date(year, 5, 1), lunar.dragon_boat, lunar.mid_autumn]
    days += [dt.date(year, 10, 1), dt.date(year, 10, 2), dt.date(year, 10, 3)]
    if year >= 2025:
        days += [lunar.new_years_eve, dt.date(year, 5, 2)]
        rule = _CN_2024
    else:
        rule = _CN_2013
    return _substituted(days, closed=frozenset({_SAT, _SUN}), keep_closed=True), rule


def _hk(year: int) -> tuple[frozenset[dt.date], str]:
    lunar = lunar_festivals(year)
    easter = easter_sunday(year)
    ny = lunar.new_year
    christmas = dt.date(year, 12, 25)
    after_christmas = christmas + _DAY
    if after_christmas.isoweekday() == _SUN:
        after_christmas += _DAY
    days = [
        dt.date(year, 1, 1),
        ny,
        ny + _DAY,
        ny + 2 * _DAY,
        lunar.qingming,
        easter - 2 * _DAY,
        easter - _DAY,
        easter + _DAY,
        dt.date(year, 5, 1),
        lunar.buddha,
        lunar.dragon_boat,
        dt.date(year, 7, 1),
        lunar.mid_autumn + _DAY,
        dt.date(year, 10, 1),
        lunar.chung_yeung,
        christmas,
        after_christmas,
    ]
    return _substituted(days, closed=frozenset({_SUN}), keep_closed=False), _HK


def _us_observed(day: dt.date) -> dt.date:
    if day.isoweekday() == _SAT:
        return day - _DAY
    if day.isoweekday() == _SUN:
        return day + _DAY
    return day


def _us(year: int) -> tuple[frozenset[dt.date], str]:
    days = {
        _us_observed(d)
        for d in (
            dt.date(year, 1, 1),
            _nth_weekday(year, 1, 1, 3),  # Birthday of Martin Luther King, Jr.
            _nth_weekday(year, 2, 1, 3),  # Washington's Birthday
            _nth_weekday(year, 5, 1, -1),  # Memorial Day
            dt.date(year, 6, 19),  # Juneteenth National Independence Day
            dt.date(year, 7, 4),
            _nth_weekday(year, 9, 1, 1),  # Labor Day
            _nth_weekday(year, 10, 1, 2),  # Columbus Day
            dt.date(year, 11, 11),  # Veterans Day
            _nth_weekday(year, 11, 4, 4),  # Thanksgiving Day
            dt.date(year, 12, 25),
            dt.date(year + 1, 1, 1),  # observed on 31 December when it is a Saturday
        )
    }
    return frozenset(d for d in days if d.year == year), _US


def _uk(year: int) -> tuple[frozenset[dt.date], str]:
    easter = easter_sunday(year)
    fixed = _substituted(
        [dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)],
        closed=frozenset({_SAT, _SUN}),
        keep_closed=False,
    )
    mondays = {
        easter - 2 * _DAY,
        easter + _DAY,
        _nth_weekday(year, 5, 1, 1),
        _nth_weekday(year, 5, 1, -1),
        _nth_weekday(year, 8, 1, -1),
    }
    return fixed | mondays, _UK


_Rule = Callable[[int], tuple[frozenset[dt.date], str]]


def _rules() -> dict[str, tuple[int, int, _Rule]]:
    first, last = lunar_years()
    return {
        "cn": (max(first, 2014), last, _cn),
        "hk": (max(first, 2012), last, _hk),
        "uk": (1978, _LAST_RULE_YEAR, _uk),
        "us": (2021, _LAST_RULE_YEAR, _us),
    }


def provisional_years(dataset: str) -> tuple[int, int]:
    """The first and last year `provisional(dataset, year)` can compute.

    Raises:
        InvalidFieldError: `dataset` has no statutory rules here.
    """
    rules = _rules()
    given: object = dataset
    if not isinstance(given, str) or given not in rules:
        raise InvalidFieldError("dataset", dataset, f"be one of {', '.join(sorted(rules))}")
    first, last, _ = rules[dataset]
    return (first, last)


def provisional(dataset: str, year: int) -> HolidayYear:
    """The holidays of `year` computed from the statutory rules of `dataset`.

    The result has `provisional=True`, no make-up working days, and a `source` that
    names the rule (`"provisional rule cn-2025: ..."`). Use it only for years without
    official data: it never knows bridging days, make-up working days or one-off days.

    Args:
        dataset: `"cn"`, `"hk"`, `"uk"` or `"us"`.
        year: A year in `provisional_years(dataset)`.

    Raises:
        InvalidFieldError: `dataset` has no rules here, or `year` is outside their years.
    """
    first, last = provisional_years(dataset)
    if not _whole(year) or not first <= year <= last:
        raise InvalidFieldError("year", year, f"be a year from {first} to {last}")
    return _computed(dataset, year)


# A calendar asks for the same few years over and over; the result is a frozen value.
@functools.lru_cache(maxsize=256)
def _computed(dataset: str, year: int) -> HolidayYear:
    holidays, rule = _rules()[dataset][2](year)
    return HolidayYear(
        year=year,
        holidays=holidays,
        workdays=frozenset(),
        source=rule,
        verified=_VERIFIED,
        provisional=True,
    )


def _whole(value: object) -> bool:
    """An `int` that is not a `bool`."""
    return isinstance(value, int) and not isinstance(value, bool)

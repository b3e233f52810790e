"""The packaged holiday data, checked against rules recomputed here independently."""

from __future__ import annotations

import datetime as dt

import pytest

from supportflow import InvalidFieldError
from supportflow.holidays import DATASETS, load

D = dt.date


def days(first: str, last: str | None = None) -> set[dt.date]:
    """Every date from `first` to `last` inclusive."""
    start = D.fromisoformat(first)
    end = D.fromisoformat(last) if last else start
    return {start + dt.timedelta(i) for i in range((end - start).days + 1)}


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous 'Meeus/Jones/Butcher' algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return D(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) ISO weekday of a month."""
    if n > 0:
        first = D(year, month, 1)
        return first + dt.timedelta((weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = D(year + month // 12, month % 12 + 1, 1) - dt.timedelta(1)
    return last - dt.timedelta((last.isoweekday() - weekday) % 7)


def test_easter_helper_against_known_dates():
    """The test's own Easter computation agrees with dates everyone knows."""
    assert easter(2024) == D(2024, 3, 31)
    assert easter(2025) == D(2025, 4, 20)
    assert easter(2000) == D(2000, 4, 23)


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_year_cites_a_source_and_lists_its_own_dates(dataset):
    """Each year has a source and a verification note, and only dates of that year."""
    data = load(dataset)
    assert [y.year for y in data.years] == list(range(data.covered[0], data.covered[1] + 1))
    for year in data.years:
        assert year.source.strip()
        assert year.verified.strip()
        assert all(d.year == year.year for d in year.holidays | year.workdays)
        assert not year.holidays & year.workdays


def test_unknown_dataset_is_refused():
    """load() names the valid data sets."""
    with pytest.raises(InvalidFieldError) as info:
        load("xx")
    assert info.value.field == "preset"


# The State Council notices, re-typed here from the notices' text as quoted in issue 8 and
# the project brief: (days off, make-up working days).
CN = {
    2024: (
        days("2024-01-01")
        | days("2024-02-10", "2024-02-17")
        | days("2024-04-04", "2024-04-06")
        | days("2024-05-01", "2024-05-05")
        | days("2024-06-10")
        | days("2024-09-15", "2024-09-17")
        | days("2024-10-01", "2024-10-07"),
        {D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28)}
        | {D(2024, 5, 11), D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12)},
    ),
    2025: (
        days("2025-01-01")
        | days("2025-01-28", "2025-02-04")
        | days("2025-04-04", "2025-04-06")
        | days("2025-05-01", "2025-05-05")
        | days("2025-05-31", "2025-06-02")
        | days("2025-10-01", "2025-10-08"),
        {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)},
    ),
    2026: (
        days("2026-01-01", "2026-01-03")
        | days("2026-02-15", "2026-02-23")
        | days("2026-04-04", "2026-04-06")
        | days("2026-05-01", "2026-05-05")
        | days("2026-06-19", "2026-06-21")
        | days("2026-09-25", "2026-09-27")
        | days("2026-10-01", "2026-10-07"),
        {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20)}
        | {D(2026, 10, 10)},
    ),
}


@pytest.mark.parametrize("year", sorted(CN))
def test_cn_matches_the_state_council_notice(year):
    """Days off and make-up days equal the notice; every make-up day is a weekend day."""
    data = {y.year: y for y in load("cn").years}[year]
    holidays, workdays = CN[year]
    assert data.holidays == holidays
    assert data.workdays == workdays
    assert all(d.isoweekday() in (6, 7) for d in workdays)


def _us_observed(day: dt.date) -> dt.date:
    if day.isoweekday() == 6:
        return day - dt.timedelta(1)
    if day.isoweekday() == 7:
        return day + dt.timedelta(1)
    return day


def us_rules(year: int) -> set[dt.date]:
    """5 U.S.C. 6103 with weekend observance, recomputed."""
    fixed = [D(year, 1, 1), D(year, 6, 19), D(year, 7, 4), D(year, 11, 11), D(year, 12, 25)]
    out = {_us_observed(d) for d in fixed}
    out |= {
        nth_weekday(year, 1, 1, 3),  # Birthday of Martin Luther King, Jr.
        nth_weekday(year, 2, 1, 3),  # Washington's Birthday
        nth_weekday(year, 5, 1, -1),  # Memorial Day
        nth_weekday(year, 9, 1, 1),  # Labor Day
        nth_weekday(year, 10, 1, 2),  # Columbus Day
        nth_weekday(year, 11, 4, 4),  # Thanksgiving: the fourth Thursday of November
    }
    # New Year's Day of the next year observed on this year's 31 December.
    out.add(_us_observed(D(year + 1, 1, 1)))
    return {d for d in out if d.year == year}


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_us_federal_follows_the_statute(year):
    """The data equals the rules, e.g. Thanksgiving is the fourth Thursday of November."""
    data = {y.year: y for y in load("us").years}[year]
    assert data.holidays == us_rules(year)
    thanksgiving = [d for d in data.holidays if d.month == 11 and d.day > 11]
    assert len(thanksgiving) == 1
    assert thanksgiving[0].isoweekday() == 4
    assert 22 <= thanksgiving[0].day <= 28


def _uk_substitutes(fixed: list[dt.date]) -> set[dt.date]:
    """Weekend fixed-date holidays move to the next free weekday, in order."""
    out: set[dt.date] = set()
    for day in fixed:
        moved = day
        while moved.isoweekday() >= 6 or moved in out:
            moved += dt.timedelta(1)
        out.add(moved)
    return out


def uk_rules(year: int) -> set[dt.date]:
    """England and Wales bank holidays (no one-off proclamations in 2024-2027), recomputed."""
    sunday = easter(year)
    out = _uk_substitutes([D(year, 1, 1)]) | _uk_substitutes([D(year, 12, 25), D(year, 12, 26)])
    out |= {sunday - dt.timedelta(2), sunday + dt.timedelta(1)}
    out |= {nth_weekday(year, 5, 1, 1), nth_weekday(year, 5, 1, -1), nth_weekday(year, 8, 1, -1)}
    return out


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_uk_follows_the_rules_with_an_independent_easter(year):
    """Good Friday and Easter Monday from Easter; Monday holidays; Christmas substitutes."""
    data = {y.year: y for y in load("uk").years}[year]
    assert data.holidays == uk_rules(year)


LUNAR_NEW_YEAR = {2024: D(2024, 2, 10), 2025: D(2025, 1, 29), 2026: D(2026, 2, 17)}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_hong_kong_general_holidays_follow_the_ordinance(year):
    """17 days, none a Sunday; Easter, fixed dates and Lunar New Year follow the rules."""
    data = {y.year: y for y in load("hk").years}[year]
    got = data.holidays
    assert len(got) == 17
    assert all(d.isoweekday() != 7 for d in got)
    sunday = easter(year)
    assert {sunday - dt.timedelta(2), sunday - dt.timedelta(1), sunday + dt.timedelta(1)} <= got
    for month, day in ((1, 1), (5, 1), (7, 1), (10, 1), (12, 25)):
        fixed = D(year, month, day)
        assert (fixed if fixed.isoweekday() != 7 else fixed + dt.timedelta(1)) in got
    # Lunar New Year's Day and the next two days; a Sunday among them adds the fourth day.
    lny = [LUNAR_NEW_YEAR[year] + dt.timedelta(i) for i in range(3)]
    expected = {d for d in lny if d.isoweekday() != 7}
    if len(expected) < 3:
        expected.add(LUNAR_NEW_YEAR[year] + dt.timedelta(3))
    assert expected <= got

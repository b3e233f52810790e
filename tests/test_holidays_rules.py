"""Provisional holiday years from statutory rules, checked by hand, against the packaged
official years, and against the `holidays` package for the years beyond our data."""

from __future__ import annotations

import datetime as dt

import holidays as ref
import pytest
from dateutil.easter import easter as dateutil_easter
from holidays.constants import OPTIONAL, PUBLIC
from hypothesis import given
from hypothesis import strategies as st

from supportflow.errors import InvalidFieldError
from supportflow.holidays import easter_sunday, load, provisional, provisional_years

D = dt.date


def days(*isos: str) -> frozenset[dt.date]:
    return frozenset(D.fromisoformat(s) for s in isos)


def meeus_easter(year: int) -> dt.date:
    """Gregorian Easter by the anonymous (Meeus/Jones/Butcher) algorithm, written here."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    day = (h + l_ - 7 * m + 33 * month + 19) % 32
    return D(year, month, day)


def test_easter_matches_two_independent_computations_for_every_year():
    """Our computus equals Meeus's algorithm and dateutil's for 1583-2199."""
    for year in range(1583, 2200):
        assert easter_sunday(year) == meeus_easter(year) == dateutil_easter(year), year
    assert easter_sunday(2027) == D(2027, 3, 28)
    assert easter_sunday(2285) == D(2285, 3, 22)  # the earliest possible date
    assert easter_sunday(2038) == D(2038, 4, 25)  # the latest possible date


@pytest.mark.parametrize("year", [1582, True, "2027"])
def test_easter_refuses_non_gregorian_years(year):
    """Before 1583 (or not an int) is refused."""
    with pytest.raises(InvalidFieldError):
        easter_sunday(year)


# -- hand-worked years ---------------------------------------------------------------------


def test_cn_2027_hand_worked():
    """CN 2027 under the 2024 amendment; lunar New Year is Saturday 6 February.

    Statutory: 1 Jan (Fri); eve 5 Feb (Fri), 6-8 Feb (Sat-Mon); Qingming 5 Apr (Mon); 1-2 May
    (Sat-Sun); Dragon Boat 9 Jun (Wed); Mid-Autumn 15 Sep (Wed); 1-3 Oct (Fri-Sun).
    Weekend days are given back on the next free working day (补假): 6 and 7 Feb -> 9 and
    10 Feb; 1 and 2 May -> 3 and 4 May; 2 and 3 Oct -> 4 and 5 Oct. No make-up workdays.
    """
    year = provisional("cn", 2027)
    assert year.holidays == days(
        "2027-01-01",
        *(f"2027-02-{d:02d}" for d in range(5, 11)),
        "2027-04-05",
        "2027-05-01",
        "2027-05-02",
        "2027-05-03",
        "2027-05-04",
        "2027-06-09",
        "2027-09-15",
        *(f"2027-10-{d:02d}" for d in range(1, 6)),
    )
    assert year.workdays == frozenset()
    assert year.provisional
    assert year.source.startswith("provisional rule cn-2025:")
    assert "Decree No. 795" in year.source


def test_hk_2027_hand_worked():
    """HK 2027: Lunar New Year Sat 6 Feb, so Sunday 7 Feb passes to the fourth day (9 Feb);
    Easter 28 Mar; Christmas on a Saturday, the first weekday after it Monday 27 Dec."""
    assert provisional("hk", 2027).holidays == days(
        "2027-01-01",
        "2027-02-06",
        "2027-02-08",
        "2027-02-09",
        "2027-03-26",
        "2027-03-27",
        "2027-03-29",
        "2027-04-05",
        "2027-05-01",
        "2027-05-13",
        "2027-06-09",
        "2027-07-01",
        "2027-09-16",
        "2027-10-01",
        "2027-10-08",
        "2027-12-25",
        "2027-12-27",
    )


def test_us_2028_hand_worked():
    """US 2028: 1 Jan is a Saturday, observed on Friday 31 Dec 2027 (so not in 2028);
    Veterans Day on a Saturday is observed Friday 10 Nov."""
    assert provisional("us", 2028).holidays == days(
        "2028-01-17",
        "2028-02-21",
        "2028-05-29",
        "2028-06-19",
        "2028-07-04",
        "2028-09-04",
        "2028-10-09",
        "2028-11-10",
        "2028-11-23",
        "2028-12-25",
    )
    assert D(2027, 12, 31) in provisional("us", 2027).holidays


def test_uk_2028_hand_worked():
    """England and Wales 2028: New Year's Day on a Saturday -> Monday 3 Jan; Easter 16 Apr."""
    assert provisional("uk", 2028).holidays == days(
        "2028-01-03",
        "2028-04-14",
        "2028-04-17",
        "2028-05-01",
        "2028-05-29",
        "2028-08-28",
        "2028-12-25",
        "2028-12-26",
    )


# -- against the packaged official years ---------------------------------------------------


@pytest.mark.parametrize("dataset", ["hk", "uk", "us"])
def test_rules_reproduce_every_packaged_official_year(dataset):
    """HK, UK and US rules give exactly the published years we ship."""
    for official in load(dataset).years:
        assert provisional(dataset, official.year).holidays == official.holidays, official.year


def test_cn_rules_are_a_subset_of_every_official_year():
    """Every CN statutory day (and its 补假) is a day off in the State Council's schedule.

    2024 predates the amendment, so it is computed by the 2013 rules (3 Spring Festival
    days, 1 May only); 2025-2026 by the 2024 amendment.
    """
    for official in load("cn").years:
        guess = provisional("cn", official.year)
        days_off = official.holidays | {
            official_day
            for official_day in (D(official.year, 1, 1) + dt.timedelta(i) for i in range(366))
            if official_day.year == official.year
            and official_day.isoweekday() >= 6
            and official_day not in official.workdays
        }
        assert guess.holidays <= official.holidays, sorted(guess.holidays - official.holidays)
        assert guess.holidays <= days_off
    assert provisional("cn", 2024).source.startswith("provisional rule cn-2014:")


# -- invariants --------------------------------------------------------------------------


@st.composite
def dataset_years(draw):
    dataset = draw(st.sampled_from(["cn", "hk", "uk", "us"]))
    first, last = provisional_years(dataset)
    return dataset, draw(st.integers(first, last))


def _us_count(year: int) -> int:
    # 11 holidays, minus 1 Jan observed in the previous year, plus next 1 Jan observed now.
    return 11 - (D(year, 1, 1).isoweekday() == 6) + (D(year + 1, 1, 1).isoweekday() == 6)


@given(dataset_years())
def test_every_statutory_day_gets_exactly_one_working_day(case):
    """Substitution never loses or invents a day: the count of days off on working days is
    the statutory count (CN 13 from 2025, 11 before; HK 17 general holidays besides Sundays;
    UK 8; US 11 adjusted for 1 January observed across the year boundary)."""
    dataset, year = case
    guess = provisional(dataset, year)
    assert guess.provisional
    assert not guess.workdays
    assert all(d.year == year for d in guess.holidays)
    weekdays = {d for d in guess.holidays if d.isoweekday() < 6}
    if dataset == "cn":
        assert len(weekdays) == (13 if year >= 2025 else 11)
    elif dataset == "hk":
        assert all(d.isoweekday() != 7 for d in guess.holidays)
        assert len(guess.holidays) == 17
    elif dataset == "uk":
        assert guess.holidays == weekdays
        assert len(weekdays) == 8
    else:
        assert guess.holidays == weekdays
        assert len(weekdays) == _us_count(year)


def test_provisional_refuses_unknown_data_sets_and_years():
    """No rules for other data sets; years outside the rules' range are refused."""
    with pytest.raises(InvalidFieldError) as info:
        provisional("sg", 2027)
    assert info.value.field == "dataset"
    assert provisional_years("cn") == (2014, 2099)
    assert provisional_years("hk") == (2012, 2099)
    for dataset, year in [("cn", 2013), ("cn", 2100), ("us", 2020), ("hk", True)]:
        with pytest.raises(InvalidFieldError) as info:
            provisional(dataset, year)
        assert info.value.field == "year"


# -- against the `holidays` package beyond our data -----------------------------------------

# Where our rules and the `holidays` package (0.109) disagree after our data ends, and why.
# The test requires exactly these differences, so a change on either side is noticed.
#
# CN: two statutory holidays on the same date. The State Council gave such a day back in
# 2020 (Mid-Autumn on National Day: 8 days off, 1-8 October, against 7 in other years), so
# our rules add a substitute working day; the package lists the date once.
#   2028: Mid-Autumn 3 Oct = National Day -> extra 5 Oct; 2031: Mid-Autumn 1 Oct -> 6 Oct;
#   2058: Mid-Autumn 2 Oct -> 4 Oct; 2077: Mid-Autumn 1 Oct -> 6 Oct; 2085: 3 Oct -> 4 Oct.
# HK: (a) two general holidays on one date: the Holidays Ordinance reassigns a coinciding
# holiday (as in 2015 and 2021, when Ching Ming fell on Easter Sunday and "the day following
# Easter Monday" was given), so our rules add the next free day. The package does so when
# Ching Ming falls on Easter Monday (2078, 2089: no difference) but not when it falls on
# Good Friday (2042, 2053, 2064) or the day following it (2037, 2048), nor for Buddha's
# Birthday on Labour Day (2066, 2085).
# (b) National Day on a Sunday: the package's optional category adds "the day following
# National Day" (a general holiday only until 1998) beside the Monday substitute, e.g.
# 3 Oct 2028 and 2034; GovHK's 2023 list (National Day a Sunday) has only Monday 2 October.
# (c) 2057: the packaged lunar table puts Chung Yeung on 6 Oct, the package on 7 Oct (see
# tests/test_holidays_lunar.py: the new moon falls seconds before midnight).
KNOWN: dict[str, dict[int, tuple[set[dt.date], set[dt.date]]]] = {
    "cn": {
        2028: ({D(2028, 10, 5)}, set()),
        2031: ({D(2031, 10, 6)}, set()),
        2058: ({D(2058, 10, 4)}, set()),
        2077: ({D(2077, 10, 6)}, set()),
        2085: ({D(2085, 10, 4)}, set()),
    },
    "hk": {
        2028: (set(), {D(2028, 10, 3)}),
        2033: (set(), {D(2033, 10, 4)}),
        2034: (set(), {D(2034, 10, 3)}),
        2037: ({D(2037, 4, 7)}, set()),
        2042: ({D(2042, 4, 8)}, set()),
        2045: (set(), {D(2045, 10, 3)}),
        2048: ({D(2048, 4, 7)}, set()),
        2050: (set(), {D(2050, 10, 4)}),
        2051: (set(), {D(2051, 10, 3)}),
        2053: ({D(2053, 4, 8)}, set()),
        2056: (set(), {D(2056, 10, 3)}),
        2057: ({D(2057, 10, 6)}, {D(2057, 10, 8)}),
        2062: (set(), {D(2062, 10, 3)}),
        2064: ({D(2064, 4, 8)}, set()),
        2066: ({D(2066, 5, 3)}, set()),
        2073: (set(), {D(2073, 10, 3)}),
        2079: (set(), {D(2079, 10, 4)}),
        2084: (set(), {D(2084, 10, 3)}),
        2085: ({D(2085, 5, 2)}, set()),
        2090: (set(), {D(2090, 10, 3)}),
        2096: (set(), {D(2096, 10, 3)}),
    },
}


def _reference(dataset: str, year: int) -> set[dt.date]:
    """The package's days off in `year`, without the weekend dates it lists beside their
    substitutes (the day taken is the substitute; CN lists both, as the State Council does)."""
    if dataset == "cn":
        return {d for d in ref.country_holidays("CN", years=year) if d.year == year}
    if dataset == "hk":
        found = ref.country_holidays("HK", years=year, categories=(PUBLIC, OPTIONAL))
        return {d for d in found if d.year == year and d.isoweekday() != 7}
    found = (
        ref.country_holidays("US", years=[year, year + 1])
        if dataset == "us"
        else ref.country_holidays("GB", subdiv="ENG", years=year)
    )
    return {d for d in found if d.year == year and d.isoweekday() < 6}


@pytest.mark.parametrize("dataset", ["cn", "hk", "uk", "us"])
def test_rules_agree_with_the_holidays_package_beyond_our_data(dataset):
    """Day by day for every year after the packaged data up to the rules' end, the only
    differences are the KNOWN ones explained above."""
    _, last = provisional_years(dataset)
    first = load(dataset).covered[1] + 1
    found = {}
    for year in range(first, min(last, 2099) + 1):
        ours = set(provisional(dataset, year).holidays)
        theirs = _reference(dataset, year)
        if ours != theirs:
            found[year] = (ours - theirs, theirs - ours)
    assert found == {y: v for y, v in KNOWN.get(dataset, {}).items() if y >= first}

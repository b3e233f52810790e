"""The packaged data, day by day, against independent implementations.

- The official CN, HK, US and UK years against the `holidays` package, and CN against
  `chinese-calendar` (both dev dependencies, never imported by the library).
- The packaged lunar/solar-term table (`lunar.json`) against the `holidays` package's
  lunisolar tables and `chinese-calendar`'s solar terms.
Where they disagree, the difference is listed and explained; the test requires exactly
the listed differences, so a change on either side is noticed.
"""

from __future__ import annotations

import datetime as dt
import re

import chinese_calendar
import ephem
import holidays as ref
import pytest
from holidays.calendars.chinese import _ChineseLunisolar
from holidays.constants import OPTIONAL, PUBLIC

from supportflow.holidays import load as load_packaged
from supportflow.holidays import lunar_festivals, lunar_years

D = dt.date
CN_YEARS = [y.year for y in load_packaged("cn").years]


def year_days(year: int) -> list[dt.date]:
    first = D(year, 1, 1)
    return [first + dt.timedelta(i) for i in range((D(year + 1, 1, 1) - first).days)]


def official(dataset: str, year: int):
    found = load_packaged(dataset).year(year)
    assert found is not None
    return found


# -- official years ----------------------------------------------------------------------


def _off_days(holidays: set[dt.date], workdays: set[dt.date], year: int) -> set[dt.date]:
    """Every date without work: listed days off, and weekends that are not make-up days."""
    return {
        d for d in year_days(year) if d in holidays or (d.isoweekday() >= 6 and d not in workdays)
    }


@pytest.mark.parametrize("year", CN_YEARS)
def test_cn_against_the_holidays_package_day_by_day(year):
    """Every date of the year is off or working in both. The package names each bridging
    day "Day off (substituted from MM/DD/YYYY)": that date is the make-up working day,
    which gives its make-up days independently of ours."""
    ours = official("cn", year)
    found = ref.country_holidays("CN", years=year)
    theirs_workdays = {
        dt.datetime.strptime(m, "%m/%d/%Y").date()
        for name in found.values()
        for m in re.findall(r"substituted from (\d\d/\d\d/\d{4})", name)
    }
    assert theirs_workdays == ours.workdays
    theirs_off = _off_days({d for d in found if d.year == year}, theirs_workdays, year)
    assert _off_days(set(ours.holidays), set(ours.workdays), year) == theirs_off


@pytest.mark.parametrize("year", CN_YEARS)
def test_cn_against_chinese_calendar_day_by_day(year):
    """chinese-calendar's is_workday() agrees with ours on every date of the year."""
    ours = official("cn", year)
    ours_off = _off_days(set(ours.holidays), set(ours.workdays), year)
    for day in year_days(year):
        assert chinese_calendar.is_workday(day) == (day not in ours_off), day


@pytest.mark.parametrize("year", [y.year for y in load_packaged("hk").years])
def test_hk_against_the_holidays_package_day_by_day(year):
    """The general holidays other than Sundays: the package's public (statutory) and
    optional categories together are the General Holidays Ordinance's list."""
    found = ref.country_holidays("HK", years=year, categories=(PUBLIC, OPTIONAL))
    ours = official("hk", year).holidays
    for day in year_days(year):
        assert (day in ours) == (day in found and day.isoweekday() != 7), day


@pytest.mark.parametrize("year", [y.year for y in load_packaged("us").years])
def test_us_against_the_holidays_package_day_by_day(year):
    """Federal holidays on their observed dates. The package lists a Saturday or Sunday
    holiday beside its observed weekday; the observed day is the day off we list (and a
    Saturday 1 January is observed on 31 December of the year before, as for 2028)."""
    found = ref.country_holidays("US", years=[year, year + 1])
    ours = official("us", year).holidays
    for day in year_days(year):
        assert (day in ours) == (day in found and day.isoweekday() < 6), day


@pytest.mark.parametrize("year", [y.year for y in load_packaged("uk").years])
def test_uk_against_the_holidays_package_day_by_day(year):
    """England and Wales bank holidays; the package lists weekend dates beside their
    substitute days, which are the bank holidays we list."""
    found = ref.country_holidays("GB", subdiv="ENG", years=year)
    ours = official("uk", year).holidays
    for day in year_days(year):
        assert (day in ours) == (day in found and day.isoweekday() < 6), day


# -- the lunar / solar-term table ----------------------------------------------------------

# holidays' lunisolar tables are a private class of that package (no public accessor for a
# bare festival date); a rename there fails this import loudly rather than skipping.
_LUNISOLAR = _ChineseLunisolar()
_THEIRS = {
    "new_year": _LUNISOLAR.lunar_new_year_date,
    "qingming": _LUNISOLAR.qingming_date,
    "buddha": _LUNISOLAR.buddha_birthday_date,
    "dragon_boat": _LUNISOLAR.dragon_boat_date,
    "mid_autumn": _LUNISOLAR.mid_autumn_date,
    "chung_yeung": _LUNISOLAR.double_ninth_date,
}

# 2057: the 9th lunar month begins with the new moon of 28 September 2057 at 15:59:50 UTC
# (ephem), ten seconds before midnight China time. Our table (lunardate) starts the month on
# 28 September, so 9/9 is 6 October; the `holidays` package starts it on 29 September. The
# forecast of Delta T (Earth-rotation drift) for 2057 is uncertain by far more than ten
# seconds, so neither source can be shown wrong today; we keep the table and check below
# that the new moon really is this close to midnight.
KNOWN_LUNAR = {(2057, "chung_yeung"): (D(2057, 10, 6), D(2057, 10, 7))}


def test_lunar_table_against_the_holidays_package():
    """Every festival of every year 2000-2099 equals the package's date, but the one known
    and explained difference."""
    first, last = lunar_years()
    assert (first, last) == (2000, 2099)
    found = {}
    for year in range(first, last + 1):
        ours = lunar_festivals(year)
        assert ours.new_years_eve == ours.new_year - dt.timedelta(days=1)
        for name, theirs_of in _THEIRS.items():
            theirs = theirs_of(year)[0]
            if getattr(ours, name) != theirs:
                found[year, name] = (getattr(ours, name), theirs)
    assert found == KNOWN_LUNAR


def test_the_2057_difference_is_a_new_moon_at_midnight():
    """The new moon that starts the 9th month of 2057 is within a minute of midnight UTC+8."""
    new_moon = ephem.next_new_moon("2057/9/20").datetime() + dt.timedelta(hours=8)
    midnight = dt.datetime(2057, 9, 29)
    assert abs(new_moon - midnight) < dt.timedelta(minutes=1)


def test_qingming_against_chinese_calendar_solar_terms():
    """Qingming (清明) of every year 2000-2099 equals chinese-calendar's solar-term date."""
    first, last = lunar_years()
    terms = chinese_calendar.get_solar_terms(D(first, 1, 1), D(last, 12, 31))
    theirs = {day.year: day for day, name in terms if name == "清明"}
    assert len(theirs) == last - first + 1
    for year in range(first, last + 1):
        assert lunar_festivals(year).qingming == theirs[year], year


def test_known_festival_dates():
    """Dates everyone can look up: Spring Festival 2025-2027, Mid-Autumn 2024."""
    assert lunar_festivals(2025).new_year == D(2025, 1, 29)
    assert lunar_festivals(2026).new_year == D(2026, 2, 17)
    assert lunar_festivals(2027).new_year == D(2027, 2, 6)
    assert lunar_festivals(2024).mid_autumn == D(2024, 9, 17)


@pytest.mark.parametrize("year", [1999, 2100, True, "2027"])
def test_lunar_table_refuses_years_outside_it(year):
    """Outside 2000-2099 (or not an int) is a typed error, not a guess."""
    from supportflow.errors import InvalidFieldError

    with pytest.raises(InvalidFieldError) as info:
        lunar_festivals(year)
    assert info.value.field == "year"

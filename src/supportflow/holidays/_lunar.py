"""The packaged lunar/solar-term table (`lunar.json`, built by tools/build_lunar_table.py)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from importlib import resources

import attrs

from supportflow.errors import InvalidFieldError


@attrs.frozen
class LunarFestivals:
    """The Gregorian dates of one year's Chinese festivals, in China Standard Time.

    Attributes:
        year: The Gregorian year.
        new_years_eve: Lunar New Year's Eve (除夕), the last day of the previous lunar year.
        new_year: The first day of the lunar year (正月初一); the second and third days
            are the two days after it.
        qingming: The Qingming solar term (清明), the day the Sun reaches 15° longitude.
        buddha: Buddha's Birthday, lunar 4/8.
        dragon_boat: The Dragon Boat (Tuen Ng) festival, lunar 5/5.
        mid_autumn: The Mid-Autumn festival, lunar 8/15.
        chung_yeung: The Chung Yeung (Double Ninth) festival, lunar 9/9.
    """

    year: int
    new_years_eve: dt.date
    new_year: dt.date
    qingming: dt.date
    buddha: dt.date
    dragon_boat: dt.date
    mid_autumn: dt.date
    chung_yeung: dt.date


_FIELDS = (
    "new_years_eve",
    "new_year",
    "qingming",
    "buddha",
    "dragon_boat",
    "mid_autumn",
    "chung_yeung",
)


@functools.cache
def _table() -> tuple[int, int, dict[int, LunarFestivals]]:
    text = resources.files(__package__).joinpath("lunar.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    table = {
        int(key): LunarFestivals(
            int(key), *(dt.date.fromisoformat(entry[name]) for name in _FIELDS)
        )
        for key, entry in raw["years"].items()
    }
    return int(raw["first"]), int(raw["last"]), table


def lunar_years() -> tuple[int, int]:
    """The first and last Gregorian year of the packaged lunar table (2000, 2099)."""
    first, last, _ = _table()
    return (first, last)


def lunar_festivals(year: int) -> LunarFestivals:
    """Return the festival dates of Gregorian `year` from the packaged table.

    Raises:
        InvalidFieldError: `year` is not an integer in the table's years.
    """
    first, last, table = _table()
    if not _whole(year) or year not in table:
        raise InvalidFieldError("year", year, f"be a year from {first} to {last}")
    return table[year]


def _whole(value: object) -> bool:
    """An `int` that is not a `bool`."""
    return isinstance(value, int) and not isinstance(value, bool)

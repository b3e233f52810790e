"""Packaged public-holiday data, one JSON file per jurisdiction, and its loader.

The data lives in data files inside the package (`cn.json`, `hk.json`, `us.json`,
`uk.json`), never in code. Each file lists, per year, the dates that are closed
(`holidays`), the weekend dates that are official working days (`workdays`, mainland
China's make-up days), the official `source` of that year's figures, and how the figures
were `verified`. Only published years are listed; a calendar built on a data set knows
which years it covers and refuses to guess beyond them (see `supportflow.calendar`).

Example:
    ```python
    from supportflow.holidays import load

    cn = load("cn")
    assert cn.covered == (2024, 2026)
    assert "2025-01-26" in {d.isoformat() for d in cn.workdays}
    ```
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from importlib import resources
from typing import Final

import attrs

from supportflow.errors import InvalidFieldError

__all__ = ["DATASETS", "HolidayData", "HolidayYear", "load"]

#: The packaged data sets, by id.
DATASETS: Final[tuple[str, ...]] = ("cn", "hk", "uk", "us")


@attrs.frozen
class HolidayYear:
    """One year of a jurisdiction's holiday data, with its official source.

    Attributes:
        year: The calendar year.
        holidays: The dates that are closed.
        workdays: The weekend dates that are official working days (make-up days).
        source: The official publication the figures come from.
        verified: How the figures were checked.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str
    verified: str


@attrs.frozen
class HolidayData:
    """A jurisdiction's packaged holiday data: every published year it covers.

    Attributes:
        id: The data set's id (`"cn"`, `"hk"`, `"uk"`, `"us"`).
        name: The name its calendars carry, e.g. `"cn_mainland"`.
        title: A human-readable title.
        timezone: The IANA zone of the jurisdiction.
        years: The covered years, in order.
    """

    id: str
    name: str
    title: str
    timezone: str
    years: tuple[HolidayYear, ...]

    @property
    def covered(self) -> tuple[int, int]:
        """The first and last year covered (the years in between are all covered)."""
        return (self.years[0].year, self.years[-1].year)

    @property
    def holidays(self) -> frozenset[dt.date]:
        """Every closed date of every covered year."""
        return frozenset().union(*(y.holidays for y in self.years))

    @property
    def workdays(self) -> frozenset[dt.date]:
        """Every make-up working day of every covered year."""
        return frozenset().union(*(y.workdays for y in self.years))


def load(dataset: str) -> HolidayData:
    """Return the packaged holiday data set `dataset` (one of `DATASETS`).

    Raises:
        InvalidFieldError: `dataset` is not a packaged data set.
    """
    if dataset not in DATASETS:
        raise InvalidFieldError("preset", dataset, f"be one of {', '.join(DATASETS)}")
    return _load(dataset)


@functools.cache
def _load(dataset: str) -> HolidayData:
    text = resources.files(__name__).joinpath(f"{dataset}.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    years = []
    for key in sorted(raw["years"], key=int):
        entry = raw["years"][key]
        years.append(
            HolidayYear(
                year=int(key),
                holidays=frozenset(dt.date.fromisoformat(d) for d in entry["holidays"]),
                workdays=frozenset(dt.date.fromisoformat(d) for d in entry.get("workdays", [])),
                source=entry["source"],
                verified=entry["verified"],
            )
        )
    numbers = [y.year for y in years]
    # The covered span must have no hole: a calendar trusts every year in (first, last).
    if numbers != list(range(numbers[0], numbers[-1] + 1)):  # pragma: no cover - data check
        msg = f"holiday data {dataset!r} has a gap in its years: {numbers}"
        raise AssertionError(msg)
    return HolidayData(
        id=raw["id"],
        name=raw["name"],
        title=raw["title"],
        timezone=raw["timezone"],
        years=tuple(years),
    )

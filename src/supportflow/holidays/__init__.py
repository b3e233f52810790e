"""Holiday data: packaged official years, provisional rules, extra years, coverage.

The official data lives in data files inside the package (`cn.json`, `hk.json`,
`us.json`, `uk.json`), never in code. Each file lists, per year, the dates that are closed
(`holidays`), the weekend dates that are official working days (`workdays`, mainland
China's make-up days), the official `source` of that year's figures, and how the figures
were `verified`. Only published years are listed; a calendar built on a data set knows
which years it covers and refuses to guess beyond them (see `supportflow.calendar`).

What this package offers around that data (see docs/holidays.md):

- `registry`, the process-wide `HolidayRegistry` that `load()` and the calendar presets
  read; operators add newly published years with `registry.load_file(...)`,
  `registry.load_directory(...)` or `registry.load_entry_points()` (the
  `supportflow.holidays` entry-point group), without a release.
- `provisional(dataset, year)`: a year computed from the statutory rules, marked
  `provisional=True`, for years the official data does not cover yet.
- `coverage(at, longest=...)`: for a health check, how many days until intake needs
  provisional data.
- `from_holidays_package(...)`: data for any country the optional `holidays` package
  covers (extra `supportflow[holidays]`).
- `lunar_festivals(year)`: the packaged lunar and solar-term table behind the CN and HK
  rules.

Example:
    ```python
    from supportflow.holidays import load, provisional

    cn = load("cn")
    assert cn.covered == (2024, 2026)
    assert "2025-01-26" in {d.isoformat() for d in cn.workdays}
    assert provisional("cn", 2027).provisional
    ```
"""

from __future__ import annotations

from typing import Final

from supportflow.errors import InvalidFieldError
from supportflow.holidays._adapter import from_holidays_package
from supportflow.holidays._coverage import Coverage, coverage
from supportflow.holidays._lunar import LunarFestivals, lunar_festivals, lunar_years
from supportflow.holidays._model import HolidayData, HolidayYear
from supportflow.holidays._registry import (
    DATASETS,
    ENTRY_POINT_GROUP,
    HolidayRegistry,
    LoadedYear,
)
from supportflow.holidays._rules import easter_sunday, provisional, provisional_years

__all__ = [
    "DATASETS",
    "ENTRY_POINT_GROUP",
    "Coverage",
    "HolidayData",
    "HolidayRegistry",
    "HolidayYear",
    "LoadedYear",
    "LunarFestivals",
    "coverage",
    "easter_sunday",
    "from_holidays_package",
    "load",
    "lunar_festivals",
    "lunar_years",
    "provisional",
    "provisional_years",
    "registry",
]

#: The process-wide registry `load()` and the calendar presets read. Add years to it
#: with its `load_file`, `load_directory`, `load_entry_points` or `add`; inspect it with
#: `datasets()` and `origins(dataset)`.
registry: Final[HolidayRegistry] = HolidayRegistry()


def load(dataset: str) -> HolidayData:
    """Return the data set `dataset` from `registry`: packaged years plus loaded ones.

    Raises:
        InvalidFieldError: `dataset` is not registered (`registry.datasets()` lists them);
            the field is `"preset"`, the key calendars name a data set with.
    """
    known = registry.datasets()
    if dataset not in known:
        raise InvalidFieldError("preset", dataset, f"be one of {', '.join(known)}")
    return registry.load(dataset)

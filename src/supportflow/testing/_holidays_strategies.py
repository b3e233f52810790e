"""Hypothesis strategies for `supportflow.holidays` (re-exported by `strategies`).

Every value comes from the packaged data through the public loaders (`load`, `provisional`,
`lunar_festivals`, `coverage`, `HolidayRegistry.add`): a drawn year holds the dates a
calendar really uses, make-up workdays included.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
from hypothesis import strategies as st

from supportflow.errors import InvalidFieldError
from supportflow.holidays import (
    DATASETS,
    Coverage,
    HolidayData,
    HolidayRegistry,
    HolidayYear,
    LoadedYear,
    LunarFestivals,
    coverage,
    load,
    lunar_festivals,
    lunar_years,
    provisional,
)

__all__ = [
    "holiday_coverages",
    "holiday_data",
    "holiday_registries",
    "holiday_years",
    "loaded_years",
    "lunar_festival_years",
]


@functools.cache
def _packaged() -> tuple[HolidayData, ...]:
    return tuple(load(name) for name in DATASETS)


@st.composite
def _runs(draw: st.DrawFn) -> HolidayData:
    """A packaged data set, or a run of its consecutive years (what an update ships)."""
    data = draw(st.sampled_from(_packaged()))
    first = draw(st.integers(0, len(data.years) - 1))
    last = draw(st.integers(first, len(data.years) - 1))
    return attrs.evolve(data, years=data.years[first : last + 1])


def holiday_data() -> st.SearchStrategy[HolidayData]:
    """The packaged data sets (cn, hk, uk, us), whole or a run of their consecutive years."""
    return _runs()


def holiday_years(*, provisional_years: bool = True) -> st.SearchStrategy[HolidayYear]:
    """Packaged years, and provisional years beyond the data.

    Packaged years carry make-up workdays where the data set has them; unless
    `provisional_years=False`, provisional years computed by rule beyond the data.
    """
    packaged = st.sampled_from(tuple(y for data in _packaged() for y in data.years))
    if not provisional_years:
        return packaged
    ruled = st.builds(
        lambda data, ahead: provisional(data.id, data.covered[1] + ahead),
        st.sampled_from(_packaged()),
        st.integers(1, 5),
    )
    return packaged | ruled


def lunar_festival_years() -> st.SearchStrategy[LunarFestivals]:
    """`lunar_festivals(year)` over the whole supported range of years."""
    first, last = lunar_years()
    return st.integers(first, last).map(lunar_festivals)


@st.composite
def _registry(draw: st.DrawFn, min_adds: int = 0) -> tuple[HolidayRegistry, tuple[LoadedYear, ...]]:
    registry = HolidayRegistry(packaged=draw(st.booleans()))
    loaded: list[LoadedYear] = []
    for _ in range(draw(st.integers(min_adds, 2))):
        data = draw(_runs())
        origin = draw(st.sampled_from(("test", "entry point acme", "/etc/holidays/cn.json")))
        try:
            # The same dates twice are a no-op (added=False).
            loaded += registry.add(data, origin=origin)
        except InvalidFieldError:
            continue  # a run that would leave a gap in the years: refused, nothing changed
    return registry, tuple(loaded)


def holiday_registries() -> st.SearchStrategy[HolidayRegistry]:
    """Registries with or without the packaged data, with packaged years added again."""
    return _registry().map(lambda pair: pair[0])


def loaded_years() -> st.SearchStrategy[LoadedYear]:
    """What `HolidayRegistry.add` reports per year: new years and repeats (`added=False`)."""
    return _registry(min_adds=1).flatmap(lambda pair: st.sampled_from(pair[1]))


@st.composite
def _coverage(draw: st.DrawFn) -> Coverage:
    data = draw(st.sampled_from(_packaged()))
    # From a year before the data to after its end, so days_left runs out too.
    first = dt.date(data.covered[0] - 1, 1, 1).toordinal()
    last = dt.date(data.covered[1] + 1, 12, 31).toordinal()
    day = dt.date.fromordinal(draw(st.integers(first, last)))
    at = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23))), tzinfo=dt.UTC)
    longest = dt.timedelta(days=draw(st.integers(1, 400)))
    (found,) = coverage(at, longest=longest, datasets=[data.id])
    return found


def holiday_coverages() -> st.SearchStrategy[Coverage]:
    """What `coverage(at, longest=...)` says of one packaged data set.

    At instants before, inside and after its years.
    """
    return _coverage()

"""Business calendars' shared aliases and constants, and their precomputed business time.

Per business date the real-instant intervals are computed once (`_Year`), kept per
contiguous range of a few years with prefix sums (`_Range`), and cached per calendar
(`_Cache`); see `supportflow.calendar` for how the arithmetic uses them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import TYPE_CHECKING, Final, Literal

from supportflow.calendar._parse import (
    DayHours,
    Interval,
)
from supportflow.calendar._time import (
    DAY,
    EPOCH_ORDINAL,
    first_instant_at,
    wall_seconds,
    year_segments,
)

if TYPE_CHECKING:
    from supportflow.calendar._calendar import BusinessCalendar

__all__: list[str] = []


Instant = dt.datetime | str
"""An aware datetime (pendulum or stdlib) or an ISO 8601 string with an offset."""
BeyondData = Literal["raise", "weekly", "provisional"]

_timedelta: Final = dt.timedelta
_ZERO: Final = dt.timedelta(0)
_SECOND: Final = dt.timedelta(seconds=1)
_NINE_TO_SIX: Final[DayHours] = ((9 * 3600, 18 * 3600),)


# -- precomputed business time ----------------------------------------------------------


class _Year:
    """One year's business dates and merged real-instant intervals."""

    __slots__ = ("closes", "days", "pieces")

    def __init__(self, pieces: list[Interval], days: list[int], closes: list[int]) -> None:
        self.pieces = pieces  # merged, sorted real intervals of this year's business dates
        self.days = days  # ordinals of business dates, sorted
        self.closes = closes  # real end of each business date's last interval


# The fast-path state of the current range, as `timedelta`s since the Unix epoch (UTC):
# piece bounds (start, end, start, end, ...), the business time before an instant after
# `j` bounds (`consts[j]`, plus the instant itself when `j` is odd), prefix sums, piece
# starts, the range's real extent `[lo, hi)` and its total business time. Instants are UTC
# datetimes, so subtracting the epoch is real time, in C, with no zone lookup.
_Arrays = tuple[list[dt.timedelta], list[dt.timedelta], list[dt.timedelta], list[dt.timedelta]]
_Fast = tuple[
    list[dt.timedelta],
    list[dt.timedelta],
    list[dt.timedelta],
    list[dt.timedelta],
    dt.timedelta,
    dt.timedelta,
    dt.timedelta,
]
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_UTC: Final = dt.UTC
_datetime: Final = dt.datetime
_MIN_TS: Final = (dt.date(1, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY
_MAX_TS: Final = (dt.date(9999, 12, 31).toordinal() - EPOCH_ORDINAL + 1) * DAY - 1
# Years apart beyond which a span is measured year by year from cached yearly totals
# instead of one contiguous range of precomputed intervals.
_SPAN_YEARS: Final = 6


class _Range:
    """Business intervals of a contiguous range of years, with prefix sums."""

    __slots__ = ("arrays", "cum", "ends", "fast", "starts", "v0", "v1", "y0", "y1")

    def __init__(self, cal: BusinessCalendar, y0: int, y1: int) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for year in range(y0, y1 + 1):
            for start, end in cal._year(year).pieces:
                if ends and ends[-1] == start:
                    ends[-1] = end
                else:
                    starts.append(start)
                    ends.append(end)
        cum = [0]
        for start, end in zip(starts, ends, strict=True):
            cum.append(cum[-1] + end - start)
        self.y0, self.y1 = y0, y1
        self.starts, self.ends, self.cum = starts, ends, cum
        key = cal.timezone.key
        # Instants before v0 may belong to a date before y0 (an overnight shift of 31 Dec).
        first = dt.date(y0, 1, 2 if cal._spills else 1).toordinal()
        self.v0 = first_instant_at(wall_seconds(first), year_segments(key, y0))
        last = dt.date(y1 + 1, 1, 1).toordinal()
        self.v1 = first_instant_at(wall_seconds(last), year_segments(key, y1 + 1))
        self.arrays: dict[int, _Arrays] = {}
        self.fast: _Fast | None = None

    def wall_arrays(self, offset: int) -> _Arrays:
        """The range as `timedelta`s since the wall-clock epoch, for instants at `offset`."""
        found = self.arrays.get(offset)
        if found is None:
            bounds: list[dt.timedelta] = []
            consts = [_ZERO]
            for start, end, done, after in zip(
                self.starts, self.ends, self.cum, self.cum[1:], strict=False
            ):
                bounds += (_SECOND * (start + offset), _SECOND * (end + offset))
                consts += (_SECOND * (done - start - offset), _SECOND * after)
            cum = [_SECOND * c for c in self.cum]
            found = self.arrays[offset] = (bounds, consts, cum, bounds[::2])
        return found

    def fast_state(self) -> _Fast:
        """The range's fast-path state (see `_Fast`), built once."""
        if self.fast is None:
            bounds, consts, cum, firsts = self.wall_arrays(0)
            self.fast = (bounds, consts, cum, firsts, _SECOND * self.v0, _SECOND * self.v1, cum[-1])
        return self.fast

    def before(self, ts: int) -> int:
        """Business seconds in the range before `ts`."""
        i = bisect_right(self.starts, ts)
        if not i:
            return 0
        j = i - 1
        return self.cum[j] + min(ts, self.ends[j]) - self.starts[j]


class _Cache:
    """Per-calendar memo: never compared, hashed, printed or pickled."""

    __slots__ = (
        "corrections",
        "extra",
        "first_year",
        "last_year",
        "lengths",
        "range",
        "specials",
        "totals",
        "years",
    )

    def __init__(self) -> None:
        self.years: dict[int, _Year] = {}
        # Totals by year, and by kind of plain year under a zone's yearly rule.
        self.totals: dict[int | tuple[int, bool, bool, bool], int] = {}
        self.specials: list[int] = []  # ordinals of holidays, make-up days and overrides
        self.lengths: list[int] = []  # wall seconds of each weekday's hours, Monday first
        # (hours, wall time of a lone offset change after midnight, offset before, after)
        # -> the real time those hours gain or lose: the same every year for a rule zone.
        self.corrections: dict[tuple[DayHours, int, int, int], int] = {}
        self.range: _Range | None = None
        self.first_year: int | None = None
        self.last_year: int | None = None
        # Provisional years (`beyond_data="provisional"`): year -> (holidays, make-up days),
        # or `None` for a year the statutory rules do not cover.
        self.extra: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]] | None] = {}

"""Real-instant arithmetic behind `supportflow.calendar`: zone offsets, wall to real time.

Everything here works in integer epoch seconds. A zone's history is reduced, per year, to
*segments*: stretches of real time with one UTC offset. A wall-clock interval then maps to
the real instants whose local reading lies inside it, segment by segment, so a spring-forward
gap shortens it and an autumn fold lengthens it without any wall-clock subtraction.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import zoneinfo
from typing import Final

from supportflow import _tzif

__all__: list[str] = []

DAY: Final = 86_400
EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
# Years whose instants a calendar computes on; the margins keep datetime arithmetic
# (a few days either side, any offset) inside datetime's range.
MIN_YEAR: Final = 2
MAX_YEAR: Final = 9997
# Zone offsets are sampled this often and each change is then located to the second. No
# zone has two transitions that cancel out within six hours.
_STEP: Final = 6 * 3600

Segment = tuple[int, int, int]  # (real start, real end, UTC offset in seconds)


def wall_seconds(ordinal: int, seconds: int = 0) -> int:
    """The wall-clock reading `seconds` after local midnight of a date, as naive epoch seconds."""
    return (ordinal - EPOCH_ORDINAL) * DAY + seconds


def _offset(zone: dt.tzinfo, ts: int) -> int:
    offset = dt.datetime.fromtimestamp(ts, zone).utcoffset()
    assert offset is not None  # noqa: S101 - an IANA zone always has an offset
    return offset.days * DAY + offset.seconds


@functools.lru_cache(maxsize=4096)
def year_segments(key: str, year: int) -> tuple[Segment, ...]:
    """The offset segments of zone `key` covering local year `year` with three days' margin.

    Read from the zone's transitions and rule (a few microseconds a year); a zone whose data
    cannot be read that way is sampled through `zoneinfo` instead (about 1.5 ms a year).
    """
    lo = wall_seconds(dt.date(year, 1, 1).toordinal()) - 3 * DAY
    hi = wall_seconds(dt.date(year + 1, 1, 1).toordinal()) + 3 * DAY
    zone_rules = _tzif.rules(key)
    if zone_rules is None:
        return sampled_segments(key, lo, hi)
    current, changes = zone_rules.changes(lo, hi)
    segments: list[Segment] = []
    start = lo
    for ts, offset in changes:
        segments.append((start, ts, current))
        start, current = ts, offset
    segments.append((start, hi, current))
    return tuple(segments)


def sampled_segments(key: str, lo: int, hi: int) -> tuple[Segment, ...]:
    """The offset segments of zone `key` over `[lo, hi)`, found by sampling `zoneinfo`."""
    zone = zoneinfo.ZoneInfo(key)
    segments: list[Segment] = []
    start, current = lo, _offset(zone, lo)
    probe = lo
    while probe < hi:
        nxt = min(probe + _STEP, hi)
        offset = _offset(zone, nxt)
        if offset != current:
            a, b = probe, nxt  # offset(a) == current, offset(b) != current
            while b - a > 1:
                mid = (a + b) // 2
                if _offset(zone, mid) == current:
                    a = mid
                else:
                    b = mid
            segments.append((start, b, current))
            start, current = b, _offset(zone, b)
            probe = b
            continue
        probe = nxt
    segments.append((start, hi, current))
    return tuple(segments)


def wall_to_real(lo: int, hi: int, segments: tuple[Segment, ...]) -> list[tuple[int, int]]:
    """The real instants whose wall reading lies in `[lo, hi)`, as sorted disjoint intervals."""
    out: list[tuple[int, int]] = []
    for s0, s1, offset in segments:
        a = max(s0, lo - offset)
        b = min(s1, hi - offset)
        if a < b:
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


def first_instant_at(wall: int, segments: tuple[Segment, ...]) -> int:
    """The earliest real instant whose wall reading is `wall` or later (DST-correct)."""
    best: int | None = None
    for s0, s1, offset in segments:
        a = max(s0, wall - offset)
        if a < s1 and (best is None or a < best):
            best = a
    assert best is not None  # noqa: S101 - segments cover the margin around `wall`
    return best


class ZoneView:
    """Fast conversions between epoch seconds and wall-clock fields for one zone.

    Equivalent to `datetime.timestamp()` / `datetime.fromtimestamp()` (PEP 495 `fold`
    semantics included) but computed from the cached offset segments, which is several
    times cheaper for pendulum values.
    """

    __slots__ = ("_by_year", "_last", "fixed", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        self._by_year: dict[int, tuple[Segment, ...]] = {}
        #: Local years (seen so far) with a single UTC offset: real = wall - offset.
        self.fixed: dict[int, int] = {}
        self._last: tuple[Segment, ...] = year_segments(key, 2025)

    def segments(self, year: int) -> tuple[Segment, ...]:
        """The offset segments around local year `year`."""
        found = self._by_year.get(year)
        if found is None:
            found = self._by_year[year] = year_segments(self.key, year)
            if len(found) == 1:
                self.fixed[year] = found[0][2]
        return found

    def to_real(self, wall: int, fold: int, year: int) -> int:
        """The epoch seconds of a wall reading (naive epoch seconds) in local year `year`."""
        segments = self.segments(year)
        if len(segments) == 1:
            return wall - segments[0][2]
        hits = [wall - off for s0, s1, off in segments if s0 <= wall - off < s1]
        if hits:
            return hits[-1] if fold and len(hits) > 1 else hits[0]
        # In a gap: PEP 495 reads it with the offset before (fold=0) or after (fold=1).
        for (_, a1, before), (b0, _, after) in itertools.pairwise(segments):
            if wall - before >= a1 and wall - after < b0:
                return wall - (after if fold else before)
        raise AssertionError(wall)  # pragma: no cover - segments cover every year's walls

    def fields(self, ts: int) -> tuple[int, int, int, int, int, int, int]:
        """`(year, month, day, hour, minute, second, fold)` of the instant `ts`."""
        segments = self._last
        if not segments[0][0] <= ts < segments[-1][1]:
            year = dt.date.fromordinal(ts // DAY + EPOCH_ORDINAL).year
            segments = self._last = self.segments(year)
        fold = 0
        if len(segments) == 1:
            wall = ts + segments[0][2]
        else:
            previous: Segment | None = None
            for segment in segments:
                if ts < segment[1]:
                    break
                previous = segment
            s0, _, offset = segment
            wall = ts + offset
            if previous is not None and previous[0] <= wall - previous[2] < s0:
                fold = 1
        days, seconds = divmod(wall, DAY)
        date = dt.date.fromordinal(days + EPOCH_ORDINAL)
        hour, rest = divmod(seconds, 3600)
        minute, second = divmod(rest, 60)
        return (date.year, date.month, date.day, hour, minute, second, fold)

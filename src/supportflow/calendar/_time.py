"""Real-instant arithmetic behind `supportflow.calendar`: zone offsets, wall to real time.

Everything here works in integer epoch seconds. A zone's history is reduced, per year, to
*segments*: stretches of real time with one UTC offset. A wall-clock interval then maps to
the real instants whose local reading lies inside it, segment by segment, so a spring-forward
gap shortens it and an autumn fold lengthens it without any wall-clock subtraction.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Final

from supportflow.calendar import _tzif

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

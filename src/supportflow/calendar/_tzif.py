"""A zone's UTC-offset changes, read from the same TZif data `zoneinfo` reads.

`zoneinfo` answers "what is the offset at this instant" but not "when does the offset
change", and finding the changes by sampling costs about 1.5 ms a year, which made a
calendar span of centuries cost seconds. This module reads the compiled zone file (RFC
8536: explicit transitions, then the POSIX TZ rule in its footer for the instants after the
last one) so that the changes within any year cost a few microseconds, whatever the year.

The answers agree with `zoneinfo` to the second (tests compare them for every zone in the
database over many years); a zone whose file cannot be found or read here returns `None`
and the caller falls back to sampling `zoneinfo`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import struct
import zoneinfo
from bisect import bisect_left, bisect_right
from importlib import resources
from pathlib import Path
from typing import Final

__all__: list[str] = []

_DAY: Final = 86_400
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
# One rule date: ("J", n, 0, 0) Julian day 1-365 without Feb 29, ("N", n, 0, 0) zero-based
# day of the year counting Feb 29, ("M", month, week, weekday) the week-th weekday (0 =
# Sunday) of the month, week 5 meaning the last. Then the local time of day in seconds.
_RuleDate = tuple[str, int, int, int]
_Rule = tuple[_RuleDate, int]


class ZoneRules:
    """A zone's explicit transitions and the POSIX rule that follows them."""

    __slots__ = ("before", "dst", "end", "events", "offsets", "start", "std", "times")

    def __init__(
        self,
        times: list[int],
        offsets: list[int],
        before: int,
        rule: tuple[int, int | None, _Rule | None, _Rule | None] | None,
    ) -> None:
        self.times = times  # UTC instants at which the offset may change, ascending
        self.offsets = offsets  # the offset from each of them on
        self.before = before  # the offset before the first
        std, dst, start, end = rule if rule is not None else (offsets[-1], None, None, None)
        self.std, self.dst, self.start, self.end = std, dst, start, end
        # The rule's changes per year, memoised: each year's are asked for by the segments
        # of that year and of its two neighbours, and by `_rule_offset` (three years each).
        self.events: dict[int, list[tuple[int, int]]] = {}

    def _rule_events(self, year: int) -> list[tuple[int, int]]:
        """The rule's changes in `year`: `(utc instant, offset from then on)`, sorted.

        The returned list is shared: callers never modify it.
        """
        found = self.events.get(year)
        if found is not None:
            return found
        if self.dst is None or self.start is None or self.end is None:
            found = []
        else:
            on = _rule_day(year, self.start[0]) + self.start[1] - self.std
            off = _rule_day(year, self.end[0]) + self.end[1] - self.dst
            found = sorted([(on, self.dst), (off, self.std)])
        if len(self.events) >= 4096:  # a bounded memo: spans of millennia stay cheap
            self.events.clear()
        self.events[year] = found
        return found

    def _rule_offset(self, ts: int) -> int:
        if self.dst is None:
            return self.std
        year = dt.date.fromordinal(ts // _DAY + _EPOCH_ORDINAL).year
        events = [e for y in (year - 1, year, year + 1) for e in self._rule_events(y)]
        i = bisect_right(events, (ts, 1 << 40)) - 1
        return events[i][1] if i >= 0 else self.std

    def changes(self, lo: int, hi: int) -> tuple[int, list[tuple[int, int]]]:
        """The offset at `lo`, and every change `(instant, new offset)` with `lo < t < hi`."""
        times, last = self.times, self.times[-1] if self.times else None
        if last is None or lo >= last:
            current = self._rule_offset(lo)
        else:
            i = bisect_right(times, lo) - 1
            current = self.offsets[i] if i >= 0 else self.before
        events: list[tuple[int, int]] = []
        if last is not None and lo < last:
            j = bisect_right(times, lo)
            k = bisect_left(times, min(hi, last))
            events += zip(times[j:k], self.offsets[j:k], strict=True)
            if last < hi:
                events.append((last, self._rule_offset(last)))
        if self.dst is not None and (last is None or last < hi):
            first = max(lo, last) if last is not None else lo
            y0 = dt.date.fromordinal(first // _DAY + _EPOCH_ORDINAL).year
            y1 = dt.date.fromordinal(hi // _DAY + _EPOCH_ORDINAL).year
            for year in range(y0 - 1, y1 + 2):
                events += [e for e in self._rule_events(year) if first < e[0] < hi]
        out: list[tuple[int, int]] = []
        state = current
        for ts, offset in sorted(events):
            if offset != state:
                out.append((ts, offset))
                state = offset
        return current, out


def _rule_day(year: int, when: _RuleDate) -> int:
    """Epoch seconds of local midnight (as naive seconds) of a rule date in `year`."""
    kind, a, b, c = when
    if kind == "J":
        ordinal = dt.date(year, 1, 1).toordinal() + a - 1
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if leap and a >= 60:  # Feb 29 is never counted
            ordinal += 1
    elif kind == "N":
        ordinal = dt.date(year, 1, 1).toordinal() + a
    else:
        first = dt.date(year, a, 1)
        # isoweekday: Monday 1 .. Sunday 7; POSIX: Sunday 0 .. Saturday 6
        shift = (c - first.isoweekday() % 7) % 7
        ordinal = first.toordinal() + shift + (b - 1) * 7
        if b == 5:
            nxt = dt.date(year + (a == 12), a % 12 + 1, 1).toordinal()
            while ordinal >= nxt:
                ordinal -= 7
    return (ordinal - _EPOCH_ORDINAL) * _DAY


_NAME = r"(?:[A-Za-z]{3,}|<[+\-0-9A-Za-z]+>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?"
_DATE = r"(?:J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d)"
_FOOTER = re.compile(
    rf"^(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?"
    rf"(?:,(?P<start>{_DATE})(?:/(?P<stime>{_OFFSET}))?,(?P<end>{_DATE})(?:/(?P<etime>{_OFFSET}))?)?)?$"
)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _date(text: str) -> _RuleDate:
    if text.startswith("J"):
        return ("J", int(text[1:]), 0, 0)
    if text.startswith("M"):
        month, week, weekday = (int(p) for p in text[1:].split("."))
        return ("M", month, week, weekday)
    return ("N", int(text), 0, 0)


def _footer(text: str) -> tuple[int, int | None, _Rule | None, _Rule | None] | None:
    match = _FOOTER.match(text)
    if match is None:
        return None
    std = -_seconds(match["stdoff"])  # POSIX offsets count west of Greenwich
    if match["dst"] is None:
        return (std, None, None, None)
    dst = -_seconds(match["dstoff"]) if match["dstoff"] else std + 3600
    if match["start"] is None:
        return None  # a DST name without rules: POSIX leaves the rules to the system
    start = (_date(match["start"]), _seconds(match["stime"] or "2"))
    end = (_date(match["end"]), _seconds(match["etime"] or "2"))
    return (std, dst, start, end)


def _parse(data: bytes) -> ZoneRules | None:
    if data[:4] != b"TZif" or len(data) < 44:
        return None
    version = data[4:5]
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = struct.unpack(">6l", data[20:44])
    if version < b"2":
        return None  # 32-bit data only, without a footer: let zoneinfo answer
    pos = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    if data[pos : pos + 4] != b"TZif":
        return None
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = struct.unpack(
        ">6l", data[pos + 20 : pos + 44]
    )
    pos += 44
    times = list(struct.unpack(f">{timecnt}q", data[pos : pos + 8 * timecnt]))
    pos += 8 * timecnt
    indexes = data[pos : pos + timecnt]
    pos += timecnt
    types = [struct.unpack(">lBB", data[pos + 6 * i : pos + 6 * i + 6]) for i in range(typecnt)]
    pos += 6 * typecnt + charcnt + leapcnt * 12 + isstdcnt + isutcnt
    footer = data[pos:].strip(b"\n").decode("ascii", "replace")
    if leapcnt or not types:
        return None
    offsets = [types[i][0] for i in indexes]
    # Before the first transition: the first standard-time type, as zoneinfo reads it.
    before = next((t[0] for t in types if not t[1]), types[0][0])
    rule = _footer(footer) if footer else None
    if footer and rule is None:
        return None
    if rule is None and not offsets:
        rule = (types[0][0], None, None, None)
    return ZoneRules(times, offsets, before, rule)


def _read(key: str) -> bytes | None:
    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            return path.read_bytes()
    try:
        package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
        return resources.files(package).joinpath(name).read_bytes()
    except (ImportError, OSError, ValueError):
        return None


@functools.lru_cache(maxsize=128)
def rule_years(key: str) -> int:
    """The first year from which zone `key`'s offsets follow its yearly rule alone.

    From then on a year's offset changes depend only on the year's calendar (the weekday of
    1 January and leap years), never on history. Zones that cannot be read here: never.
    """
    found = rules(key)
    if found is None:
        return 1 << 30
    if not found.times:
        return 1
    last = dt.date.fromordinal(found.times[-1] // _DAY + _EPOCH_ORDINAL).year
    return last + 2  # a year's segments reach three days into the years around it


@functools.lru_cache(maxsize=128)
def rules(key: str) -> ZoneRules | None:
    """The parsed rules of zone `key`, or `None` when they cannot be read here."""
    data = _read(key)
    return _parse(data) if data is not None else None

"""The `BusinessCalendar` class: a frozen value with its dict form and its business-time arithmetic.

This module stays above 600 lines because it is one class: its arithmetic methods share
the calendar's private caches and helpers, and splitting them would split the class.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from supportflow import _pendulum
from supportflow import holidays as _holiday_data
from supportflow._serialization import Reader
from supportflow.calendar import _tzif
from supportflow.calendar._explain import Explanation
from supportflow.calendar._explain import explain as _explain
from supportflow.calendar._parse import (
    WEEKDAYS,
    DayHours,
    Interval,
    _beyond,
    _covered,
    _date,
    _format_wall,
    _holidays,
    _name,
    _overrides,
    _seconds,
    _span,
    _weekly,
    _workdays,
    _zone,
    _zone_key,
)
from supportflow.calendar._ranges import (
    _EPOCH,
    _MAX_TS,
    _MIN_TS,
    _NINE_TO_SIX,
    _SPAN_YEARS,
    _UTC,
    _ZERO,
    BeyondData,
    Instant,
    _Cache,
    _datetime,
    _Fast,
    _Range,
    _timedelta,
    _Year,
)
from supportflow.calendar._time import (
    DAY,
    EPOCH_ORDINAL,
    MAX_YEAR,
    MIN_YEAR,
    Segment,
    first_instant_at,
    wall_seconds,
    wall_to_real,
    year_segments,
)
from supportflow.errors import CalendarDataMissingError, CalendarError, InvalidFieldError
from supportflow.holidays import load as _load_holidays
from supportflow.holidays._rules import provisional as _provisional
from supportflow.holidays._rules import provisional_years as _provisional_years
from supportflow.registry import parse_ref

__all__ = ["BusinessCalendar"]


def _dataset(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - any input is checked here
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidFieldError("dataset", value, "be None or the id of a holiday data set")


def _ref(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - any input is checked here
    if value is not None:
        parse_ref(value, field="ref")


def _weekly_default() -> tuple[DayHours, ...]:
    return (*([_NINE_TO_SIX] * 5), (), ())


@attrs.frozen(getstate_setstate=False)
class BusinessCalendar:
    """A business calendar in one IANA zone: weekly hours, holidays, make-up days, overrides.

    Construct it directly, from a config dict (`from_dict`), as `always_open()`, or with a
    preset (`cn_mainland()`, `hong_kong()`, `us_federal()`, `uk_england_wales()`).

    Attributes:
        timezone: The IANA zone (given as a name or zone).
        weekly: Intervals per weekday: a mapping from `"mon"` ... `"sun"` (or 1 to 7) to a
            list of `(start, end)` wall times (`"09:00"`, `datetime.time`, or seconds after
            midnight; `"24:00"` as an end). Missing days are closed. Stored as a 7-tuple,
            Monday first, of `(start, end)` seconds after midnight.
        holidays: Dates closed all day.
        workdays: Make-up working days: date -> the weekday whose hours it uses.
        overrides: Exact intervals for single dates (an empty list closes the date).
        name: Used in errors, e.g. `"cn_mainland"`.
        covered: The `(first, last)` years the official holiday data covers, or `None`
            when the calendar's own dates are complete (no yearly data). Fixed when the
            calendar is built: a preset calendar built (or reloaded with `from_dict`) after
            a year was added to `supportflow.holidays.registry` covers that year.
        beyond_data: Outside `covered`: `"raise"` (`CalendarDataMissingError`, the
            default), `"weekly"` (weekly hours and the given dates only), or
            `"provisional"` (the statutory rules of `dataset`, see
            `supportflow.holidays.provisional`; `assumed()` says which years were used).
        dataset: The holiday data set the calendar was built on (`"cn"`, ...), or `None`.
            A calendar with a data set and the data set's official years serializes as a
            reference to it (`{"preset": "cn", ...}`), resolved again when loaded.
        ref: The reference (`"cn_mainland@1"`) this calendar is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add`. Deadline rules on a
            registered calendar write this reference instead of the calendar, and their
            `from_dict(..., registry=...)` resolve it.

    Raises:
        InvalidFieldError: a field is malformed; the field names the offending entry,
            e.g. `weekly.mon[1][0]`, `workdays.2025-01-01`.
        UnknownTimezoneError: `timezone` is not an IANA zone.
    """

    timezone: zoneinfo.ZoneInfo = attrs.field(converter=_zone, eq=_zone_key)
    weekly: tuple[DayHours, ...] = attrs.field(converter=_weekly, factory=_weekly_default)
    holidays: frozenset[dt.date] = attrs.field(converter=_holidays, factory=frozenset)
    workdays: Mapping[dt.date, int] = attrs.field(converter=_workdays, factory=dict)
    overrides: Mapping[dt.date, DayHours] = attrs.field(converter=_overrides, factory=dict)
    name: str = attrs.field(default="custom", validator=_name)
    covered: tuple[int, int] | None = attrs.field(default=None, converter=_covered)
    beyond_data: BeyondData = attrs.field(default="raise", validator=_beyond)
    dataset: str | None = attrs.field(default=None, validator=_dataset)
    ref: str | None = attrs.field(default=None, validator=_ref, kw_only=True)
    _cache: _Cache = attrs.field(
        init=False, eq=False, hash=False, repr=False, order=False, factory=_Cache
    )
    _spills: bool = attrs.field(init=False, eq=False, hash=False, repr=False, order=False)
    # Fast-path state of the current range (see `_Fast`), memo like `_cache` but one
    # attribute load away.
    _fast: _Fast | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, order=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        if self.beyond_data == "provisional":
            if self.dataset is None:
                raise InvalidFieldError(
                    "beyond_data", self.beyond_data, "come with a dataset (its statutory rules)"
                )
            try:
                _provisional_years(self.dataset)
            except InvalidFieldError as exc:
                raise InvalidFieldError(
                    "dataset", self.dataset, f"have statutory rules for 'provisional' ({exc})"
                ) from exc
        for day in sorted(self.workdays):
            if day in self.holidays:
                raise InvalidFieldError(f"workdays.{day.isoformat()}", day, "not also be a holiday")
        all_hours = [*self.weekly, *self.overrides.values()]
        spills = any(end <= start for hours in all_hours for start, end in hours)
        object.__setattr__(self, "_spills", spills)
        specials = [(d, f"overrides.{d.isoformat()}") for d in self.overrides]
        specials += [(d, f"workdays.{d.isoformat()}") for d in self.workdays]
        for day, field in sorted(specials):
            if not dt.date(MIN_YEAR, 1, 1) <= day <= dt.date(MAX_YEAR, 12, 31):
                raise InvalidFieldError(field, day, f"be in the years {MIN_YEAR}-{MAX_YEAR}")
            for first in (day - dt.timedelta(days=1), day):
                spill = max((e for s, e in self._wall_hours(first) if e <= s), default=0)
                nxt = self._wall_hours(first + dt.timedelta(days=1))
                if any(start < spill for start, _ in nxt):
                    raise InvalidFieldError(
                        field, day, "not overlap an overnight shift of the day before"
                    )
        if any(self.weekly):
            first_year = last_year = None
        else:
            open_days = [d for d, hours in self.overrides.items() if hours]
            open_days += [d for d, w in self.workdays.items() if self.weekly[w - 1]]
            open_days = [d for d in open_days if self._wall_hours(d)]
            first_year = min(open_days).year - 1 if open_days else MAX_YEAR + 1
            last_year = max(open_days).year + 1 if open_days else MIN_YEAR - 1
        self._cache.first_year = first_year
        self._cache.last_year = last_year
        self._cache.lengths = [sum(e - s for s, e in map(_span, h)) for h in self.weekly]
        special_days = {*self.holidays, *self.workdays, *self.overrides}
        self._cache.specials = sorted(d.toordinal() for d in special_days)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle the value, never the memo.
        return (_from_state, (self.to_dict(),))

    # -- construction ------------------------------------------------------------------

    @classmethod
    def always_open(cls, timezone: str = "UTC") -> BusinessCalendar:
        """A 24x7 calendar: business time equals real elapsed time."""
        return cls(timezone, [((0, DAY),)] * 7, name="always_open")

    @classmethod
    def from_dict(cls, spec: object) -> BusinessCalendar:
        """Build a calendar from a JSON-safe config dict (the schema of `to_dict`).

        Keys: `"schema": 1`, `"timezone"`, `"weekly"`, and optionally `"holidays"`,
        `"workdays"`, `"overrides"`, `"name"`, `"covered"`, `"beyond_data"`,
        `"dataset"`, `"ref"` (its `Registry` reference), and `"preset"` naming a data
        set of `supportflow.holidays.registry` to merge in (`"cn"`, `"hk"`, `"us"`, `"uk"`,
        or one an operator registered).
        With a preset, the data set's official years are read from the registry NOW
        (years loaded since the dict was written are included, and `covered` follows
        them unless the dict gives it), the given `"holidays"` and `"workdays"` are
        added to them, and `"timezone"` and `"weekly"` default to the preset's.

        Raises:
            SerializationError: anything is wrong; `path` is the JSON path of the
                offending value, e.g. `weekly.mon[1][0]` or `workdays.2025-01-01`.
        """
        optional = {"holidays", "workdays", "overrides", "name", "covered", "beyond_data"}
        optional |= {"preset", "timezone", "weekly", "dataset", "ref"}
        reader = Reader.root(spec, schema=1, keys=(), optional=optional)
        raw = reader.mapping_value()
        with reader.building():
            ref = raw.get("ref")
            if ref is not None:
                parse_ref(ref, field="ref")
                calendar = cls.from_dict({k: v for k, v in raw.items() if k != "ref"})
                return attrs.evolve(calendar, ref=str(ref))
            preset = raw.get("preset")
            if preset is None:
                for key in ("timezone", "weekly"):
                    if key not in raw:
                        raise InvalidFieldError(key, None, "be present (or give a 'preset')")
                return cls(
                    raw["timezone"],
                    raw["weekly"],
                    holidays=raw.get("holidays", ()),
                    workdays=raw.get("workdays", {}),
                    overrides=raw.get("overrides", {}),
                    name=raw.get("name", "custom"),  # type: ignore[arg-type]  # validated
                    covered=raw.get("covered"),
                    beyond_data=raw.get("beyond_data", "raise"),  # type: ignore[arg-type]
                    dataset=raw.get("dataset"),  # type: ignore[arg-type]  # validated
                )
            if not isinstance(preset, str):
                raise InvalidFieldError("preset", preset, "be the name of a holiday data set")
            if raw.get("dataset", preset) != preset:
                raise InvalidFieldError("dataset", raw["dataset"], f"be {preset!r}, the preset")
            base = _preset(
                preset,
                raw.get("weekly"),
                raw.get("beyond_data", "raise"),
                timezone=raw.get("timezone"),
            )
            if not any(raw.get(k) for k in ("holidays", "workdays", "overrides")) and not any(
                k in raw for k in ("name", "covered")
            ):
                return base  # the data set as it is (the usual reference): built once
            workdays: dict[Any, Any] = dict(base.workdays)
            given_workdays = _workdays(raw.get("workdays", {}))
            workdays.update(given_workdays)
            return cls(
                raw.get("timezone", base.timezone),
                base.weekly,
                holidays=base.holidays | _holidays(raw.get("holidays", ())),
                workdays=workdays,
                overrides=raw.get("overrides", {}),
                name=raw.get("name", base.name),  # type: ignore[arg-type]  # validated
                covered=raw.get("covered", base.covered),
                beyond_data=base.beyond_data,
                dataset=preset,
            )

    def to_dict(self) -> dict[str, object]:
        """The calendar as a JSON-safe dict that `from_dict` reads back to an equal calendar.

        A calendar built on a data set (`dataset`) that holds every official date of that
        data set for its `covered` years is written as a reference: `"preset"` plus only
        what is not in the data set (extra holidays and make-up days, overrides, hours).
        `from_dict` resolves the reference against the registry when it loads, so a case
        stored under provisional data gets the official dates once they are loaded. Any
        other calendar is written in full.
        """
        reference = self._reference()
        if reference is not None:
            if self.ref is not None:
                reference["ref"] = self.ref
            return reference
        out: dict[str, object] = {
            "schema": 1,
            "name": self.name,
            "timezone": self.timezone.key,
            **_days(self.weekly, self.holidays, self.workdays, self.overrides),
            "beyond_data": self.beyond_data,
        }
        if self.covered is not None:
            out["covered"] = list(self.covered)
        if self.dataset is not None:
            out["dataset"] = self.dataset
        if self.ref is not None:
            out["ref"] = self.ref
        return out

    def _reference(self) -> dict[str, object] | None:
        """The calendar as a reference to its data set, or `None` when it is not one.

        A reference needs the registry's official years to start where `covered` starts
        and to reach at least its end (a calendar built before a year was loaded is still
        one), and every official date of the `covered` years to be in the calendar.
        """
        dataset, covered = self.dataset, self.covered
        # The live registry, looked up at call time (as `holidays.load` does).
        registry = _holiday_data.registry
        if dataset is None or covered is None or dataset not in registry.datasets():
            return None
        data = registry.load(dataset)
        if covered[0] != data.covered[0] or covered[1] > data.covered[1]:
            return None
        official = [y for y in data.years if y.year <= covered[1]]
        holidays = frozenset().union(*(y.holidays for y in official))
        workdays = frozenset().union(*(y.workdays for y in official))
        makeup = self._makeup_weekday()
        if not holidays <= self.holidays or not all(d in self.workdays for d in workdays):
            return None
        out: dict[str, object] = {"schema": 1, "preset": dataset}
        if self.name != data.name:
            out["name"] = self.name
        if self.timezone.key != data.timezone:
            out["timezone"] = self.timezone.key
        extra_workdays = {
            d: w for d, w in self.workdays.items() if d not in workdays or w != makeup
        }
        out.update(_days(self.weekly, self.holidays - holidays, extra_workdays, self.overrides))
        out["beyond_data"] = self.beyond_data
        return out

    # -- the precomputed years -----------------------------------------------------------

    def _wall_hours(self, day: dt.date) -> DayHours:
        hours = self.overrides.get(day)
        if hours is not None:
            return hours
        if day in self.holidays:
            return ()
        weekday = self.workdays.get(day)
        if weekday is None and self.beyond_data == "provisional":
            covered = self.covered
            if covered is not None and not covered[0] <= day.year <= covered[1]:
                extra = self._extra(day.year)
                if extra is not None:
                    if day in extra[0]:
                        return ()
                    if day in extra[1]:
                        weekday = self._makeup_weekday()
        return self.weekly[(weekday or day.isoweekday()) - 1]

    def _makeup_weekday(self) -> int:
        """The weekday whose hours a make-up working day works, as the presets choose it."""
        return next((i + 1 for i in range(5) if self.weekly[i]), 1)

    def _extra(self, year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]] | None:
        """The provisional holidays and make-up days of `year` (`None`: no rules for it).

        From `supportflow.holidays.provisional`, a pure function of the data set and the
        year, so the calendar stays a value: official years loaded into the registry
        later reach a calendar built (or reloaded) after the load, never one in use.
        """
        extra = self._cache.extra
        if year in extra:
            return extra[year]
        assert self.dataset is not None  # noqa: S101 - checked when the calendar was built
        first, last = _provisional_years(self.dataset)
        found = None
        if first <= year <= last:
            guess = _provisional(self.dataset, year)
            found = (guess.holidays, guess.workdays)
        extra[year] = found
        return found

    def _assumed_year(self, year: int) -> bool:
        """Whether `year`'s holidays come from provisional data."""
        covered = self.covered
        return (
            self.beyond_data == "provisional"
            and covered is not None
            and not covered[0] <= year <= covered[1]
        )

    def assumed(self, start: Instant, end: Instant | None = None) -> tuple[str, ...]:
        """The provisional years a figure over `[start, end]` rests on, e.g. `("CN 2027",)`.

        Empty unless the calendar was built with `beyond_data="provisional"` and the span
        (dates in the calendar's zone) reaches past `covered`. Each entry is the data set
        in capitals and the year: a service can store it and show it next to the figure
        ("provisional: CN 2027 schedule not yet published").

        Raises:
            NaiveDatetimeError: an instant has no zone.
            InvalidFieldError: `start` is after `end`.
        """
        if self.beyond_data != "provisional":
            return ()
        s = self._epoch(start, "start")
        e = s if end is None else self._epoch(end, "end")
        if s > e:
            raise InvalidFieldError("end", end, "not be before start")
        first = self._needed(s)[0]
        last = self._needed(e)[1]
        label = (self.dataset or self.name).upper()
        return tuple(f"{label} {y}" for y in range(first, last + 1) if self._assumed_year(y))

    def _year(self, year: int) -> _Year:
        built = self._cache.years.get(year)
        if built is not None:
            return built
        self._check_year(year)
        segments = year_segments(self.timezone.key, year)
        pieces: list[Interval] = []
        days: list[int] = []
        closes: list[int] = []
        first = dt.date(year, 1, 1).toordinal()
        for ordinal in range(first, dt.date(year, 12, 31).toordinal() + 1):
            hours = self._wall_hours(dt.date.fromordinal(ordinal))
            if not hours:
                continue
            base = wall_seconds(ordinal)
            real: list[Interval] = []
            for start, end in hours:
                lo, hi = _span((start, end))
                real.extend(wall_to_real(base + lo, base + hi, segments))
            if real:
                days.append(ordinal)
                closes.append(max(e for _, e in real))
                pieces.extend(real)
        pieces.sort()
        merged: list[Interval] = []
        for start, end in pieces:
            if merged and merged[-1][1] == start:
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        built = _Year(merged, days, closes)
        self._cache.years[year] = built
        return built

    def _total(self, year: int) -> int:
        """Business seconds of the business dates of `year`, without building the year.

        The weekly hours counted per weekday, corrected for the year's holidays, make-up
        days and overrides, and for the dates whose hours a change of UTC offset crosses.
        A few microseconds a year, so spans of centuries cost milliseconds.
        """
        cache = self._cache
        found = cache.totals.get(year)
        if found is not None:
            return found
        built = cache.years.get(year)
        if built is not None:
            total = sum(end - start for start, end in built.pieces)
            cache.totals[year] = total
            return total
        self._check_year(year)
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        specials = cache.specials
        lo, hi = bisect_left(specials, first), bisect_right(specials, last)
        mine = specials[lo:hi]
        if self._assumed_year(year):
            # A provisional year: its holidays and make-up days are special dates too, so
            # the year is not "plain" and must not share a total by kind of year.
            extra = self._extra(year)
            if extra is not None:
                mine = sorted({*mine, *(d.toordinal() for d in (*extra[0], *extra[1]))})
        if not any(cache.lengths) and not mine:
            cache.totals[year] = 0
            return 0
        kind: tuple[int, bool, bool, bool] | None = None
        if not mine and year >= _tzif.rule_years(self.timezone.key):
            # A plain year under the zone's yearly rule: its total depends only on the
            # weekday of 1 January and on leap years around it, so there are few kinds.
            jan1 = dt.date.fromordinal(first).weekday()
            kind = (jan1, _leap(year - 1), _leap(year), _leap(year + 1))
            found = cache.totals.get(kind)
            if found is not None:
                cache.totals[year] = found
                return found
        total = self._count(year, first, last, mine)
        cache.totals[year] = total
        if kind is not None:
            cache.totals[kind] = total
        return total

    def _count(self, year: int, first: int, last: int, specials: list[int]) -> int:
        """`_total` computed: the weekly hours per weekday, then every correction."""
        cache = self._cache
        lengths = cache.lengths
        days = last - first + 1
        jan1 = dt.date.fromordinal(first).weekday()  # Monday 0
        total = 0
        for weekday, length in enumerate(lengths):
            if length:
                total += length * (52 + ((weekday - jan1) % 7 < days - 364))
        for ordinal in specials:
            weekday = dt.date.fromordinal(ordinal).weekday()
            hours = self._wall_hours(dt.date.fromordinal(ordinal))
            total += sum(e - s for s, e in map(_span, hours)) - lengths[weekday]
        segments = year_segments(self.timezone.key, year)
        # Dates whose hours (overnight ones included) may read a wall time that a change of
        # offset skips or repeats, and the changes that touch each.
        touched: dict[int, list[tuple[int, int, int]]] = {}
        for (_, change, before), (_, _, after) in itertools.pairwise(segments):
            wall_lo = (change + min(before, after)) // DAY + EPOCH_ORDINAL
            wall_hi = (change + max(before, after)) // DAY + EPOCH_ORDINAL
            for ordinal in range(max(wall_lo - 1, first), min(wall_hi, last) + 1):
                touched.setdefault(ordinal, []).append((change, before, after))
        corrections = cache.corrections
        for ordinal, changes in touched.items():
            if specials:
                hours = self._wall_hours(dt.date.fromordinal(ordinal))
            else:
                hours = self.weekly[(ordinal - 1) % 7]  # ordinal 1 (0001-01-01) is a Monday
            if not hours:
                continue
            base = wall_seconds(ordinal)
            if len(changes) == 1:
                change, before, after = changes[0]
                key = (hours, change + before - base, before, after)
                found = corrections.get(key)
                if found is None:
                    lone = ((-4 * DAY, key[1] - before, before), (key[1] - before, 4 * DAY, after))
                    found = corrections[key] = _gained(hours, 0, lone)
                total += found
            else:  # several changes around one date (rare): measured on the real segments
                total += _gained(hours, base, segments)
        return total

    def _check_year(self, year: int) -> None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CalendarError(
                f"calendar {self.name!r}: year {year} is outside {MIN_YEAR}-{MAX_YEAR}"
            )
        covered = self.covered
        outside = covered is not None and not covered[0] <= year <= covered[1]
        if outside and (
            self.beyond_data == "raise"
            or (self.beyond_data == "provisional" and self._extra(year) is None)
        ):
            raise CalendarDataMissingError(self.name, year, covered)

    def _local(self, ts: int) -> dt.datetime:
        try:
            return dt.datetime.fromtimestamp(ts, self.timezone)
        except (OverflowError, ValueError, OSError) as exc:
            msg = f"calendar {self.name!r}: instant {ts} is outside the supported years"
            raise CalendarError(msg) from exc

    def _needed(self, ts: int) -> tuple[int, int]:
        """The years whose business dates may have intervals around the instant `ts`."""
        local = self._local(ts)
        new_year = (local.month, local.day) == (1, 1)
        return (local.year - 1 if self._spills and new_year else local.year), local.year

    def _cover(self, *instants: int) -> _Range:
        """A range of precomputed years covering `instants` (at most `_SPAN_YEARS` apart).

        The range also becomes the one the fast paths use.
        """
        current = self._cache.range
        if current is not None and all(current.v0 <= t < current.v1 for t in instants):
            return current
        spans = [self._needed(t) for t in instants]
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        if current is not None and max(hi, current.y1) - min(lo, current.y0) <= _SPAN_YEARS:
            lo, hi = min(lo, current.y0), max(hi, current.y1)
        return self._use(_Range(self, lo, hi))

    def _use(self, built: _Range) -> _Range:
        self._cache.range = built
        object.__setattr__(self, "_fast", built.fast_state())
        return built

    def _out(self, ts: int) -> dt.datetime:
        if not _MIN_TS <= ts <= _MAX_TS:
            msg = f"calendar {self.name!r}: the result is outside the years 1-9999"
            raise CalendarError(msg)
        return _EPOCH + _timedelta(0, ts)

    def _epoch(self, value: object, field: str) -> int:
        """Whole epoch seconds (floored) of an aware instant."""
        delta = _pendulum.instant(value, field=field) - _EPOCH
        return delta.days * DAY + delta.seconds

    def _later_year(self, year: int) -> int:
        """The first year after `year` that may have business time."""
        if any(self.weekly):
            return year + 1
        specials = self._cache.specials
        i = bisect_right(specials, dt.date(year, 12, 31).toordinal())
        if i == len(specials):
            msg = f"calendar {self.name!r} has no business time after {year}"
            raise CalendarError(msg)
        return max(year + 1, dt.date.fromordinal(specials[i]).year)

    def _earlier_year(self, year: int) -> int:
        """The last year before `year` that may have business time."""
        if any(self.weekly):
            return year - 1
        specials = self._cache.specials
        i = bisect_left(specials, dt.date(year, 1, 1).toordinal())
        if not i:
            msg = f"calendar {self.name!r} has no business time before {year}"
            raise CalendarError(msg)
        return min(year - 1, dt.date.fromordinal(specials[i - 1]).year)

    def _in_year(self, year: int, target: int) -> int:
        """The instant at which `year`'s business dates have counted `target` seconds."""
        r = _Range(self, year, year)
        k = bisect_left(r.cum, target) - 1
        return r.starts[k] + target - r.cum[k]

    def _in_year_back(self, year: int, target: int) -> int:
        r = _Range(self, year, year)
        k = bisect_right(r.cum, target) - 1
        return r.starts[k] + target - r.cum[k]

    # -- instant operations --------------------------------------------------------------

    def add(self, start: Instant, duration: dt.timedelta, *, roll: bool = False) -> dt.datetime:
        """The earliest instant `t >= start` with `between(start, t) == duration`.

        Friday 17:00 + 1 business hour under 09:00-18:00 is Friday 18:00. With
        `roll=True` the result moves on to the next open instant (Monday 09:00). The
        result is a UTC `datetime`; its cost does not depend on the span.

        Raises:
            NaiveDatetimeError: `start` has no zone.
            InvalidFieldError: `duration` is negative or not a `timedelta`.
            CalendarError: the calendar has no business time after `start`.
            CalendarDataMissingError: the span runs past the holiday data.
        """
        # Fast path: a whole-second UTC datetime inside the current range, a positive
        # whole-second timedelta, no roll. All in C timedelta arithmetic on real time;
        # other inputs are converted to UTC first, anything else takes the general path.
        a: Any = start
        if type(a) is not _datetime or a.tzinfo is not _UTC:
            a = _pendulum.instant(start, field="start")
        fast = self._fast
        if fast is not None and type(duration) is _timedelta and not roll:
            bounds, consts, cum, firsts, lo, hi, total = fast
            s = a - _EPOCH
            if (
                lo <= s < hi
                and duration > _ZERO
                and not s.microseconds
                and not duration.microseconds
            ):
                j = bisect_right(bounds, s)
                target = (consts[j] + s if j & 1 else consts[j]) + duration
                if target <= total:
                    k = bisect_left(cum, target) - 1
                    return _EPOCH + (firsts[k] + (target - cum[k]))
        return self._add(a, duration, roll=roll)

    def _add(self, start: dt.datetime, duration: dt.timedelta, *, roll: bool) -> dt.datetime:
        s = self._epoch(start, "start")
        d = _seconds(duration, "duration")
        r = self._cache.range
        if r is None or not r.v0 <= s < r.v1:
            r = self._cover(s)
        t = s
        if d:
            target = d + r.before(s)
            if target <= r.cum[-1]:
                k = bisect_left(r.cum, target) - 1
                t = r.starts[k] + target - r.cum[k]
            else:
                left = target - r.cum[-1]
                year = self._later_year(r.y1)
                while True:
                    total = self._total(year)
                    if left <= total:
                        t = self._in_year(year, left)
                        break
                    left -= total
                    year = self._later_year(year)
                if year - r.y0 <= _SPAN_YEARS:
                    self._cover(s, t)  # near enough: repeated calls take the fast path
        if roll:
            t = self._next_open(t)
        return self._out(t)

    def subtract(self, end: Instant, duration: dt.timedelta) -> dt.datetime:
        """The latest instant `t <= end` with `between(t, end) == duration`, in UTC.

        Raises:
            NaiveDatetimeError: `end` has no zone.
            InvalidFieldError: `duration` is negative or not a `timedelta`.
            CalendarError: the calendar has not enough business time before `end`.
            CalendarDataMissingError: the span runs before the holiday data.
        """
        b: Any = end
        if type(b) is not _datetime or b.tzinfo is not _UTC:
            b = _pendulum.instant(end, field="end")
        fast = self._fast  # the fast path of `add`, run backwards
        if fast is not None and type(duration) is _timedelta:
            bounds, consts, cum, firsts, lo, hi, _ = fast
            e = b - _EPOCH
            if (
                lo <= e < hi
                and duration > _ZERO
                and not e.microseconds
                and not duration.microseconds
            ):
                j = bisect_right(bounds, e)
                target = (consts[j] + e if j & 1 else consts[j]) - duration
                if target >= _ZERO:
                    k = bisect_right(cum, target) - 1
                    t = firsts[k] + (target - cum[k])
                    if t >= lo:
                        return _EPOCH + t
        return self._subtract(b, duration)

    def _subtract(self, end: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        e = self._epoch(end, "end")
        d = _seconds(duration, "duration")
        r = self._cache.range
        if r is None or not r.v0 <= e < r.v1:
            r = self._cover(e)
        if not d:
            return self._out(e)
        target = r.before(e) - d
        if target >= 0:
            k = bisect_right(r.cum, target) - 1
            return self._out(r.starts[k] + target - r.cum[k])
        left = -target  # business time still to go back before the range
        year = self._earlier_year(r.y0)
        while True:
            total = self._total(year)
            if left <= total:
                t = self._in_year_back(year, total - left)
                if r.y1 - year <= _SPAN_YEARS:
                    self._cover(t, e)  # near enough: repeated calls take the fast path
                return self._out(t)
            left -= total
            year = self._earlier_year(year)

    def between(self, start: Instant, end: Instant) -> dt.timedelta:
        """The business time inside `[start, end)`; its cost does not depend on the span.

        Raises:
            NaiveDatetimeError: an instant has no zone.
            InvalidFieldError: `start` is after `end`.
            CalendarDataMissingError: the span needs a year the holiday data lacks.
        """
        # Fast path (the hottest call of SLA evaluation): two UTC datetimes inside the
        # current range, in C timedelta arithmetic. Sub-second parts are kept, so a result
        # with microseconds (which whole-second flooring would change) goes the general way.
        a: Any = start
        b: Any = end
        if type(a) is not _datetime or a.tzinfo is not _UTC:
            a = _pendulum.instant(start, field="start")
        if type(b) is not _datetime or b.tzinfo is not _UTC:
            b = _pendulum.instant(end, field="end")
        fast = self._fast
        if fast is not None:
            bounds, consts = fast[0], fast[1]
            s = a - _EPOCH
            e = b - _EPOCH
            if fast[4] <= s <= e < fast[5]:
                j = bisect_right(bounds, e)
                total = consts[j] + e if j & 1 else consts[j]
                j = bisect_right(bounds, s)
                total -= consts[j] + s if j & 1 else consts[j]
                if not total.microseconds:
                    return total
        return self._between(a, b)

    def _between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        s = self._epoch(start, "start")
        e = self._epoch(end, "end")
        if s > e:
            raise InvalidFieldError("end", end, "not be before start")
        r = self._cache.range
        if r is None or not (r.v0 <= s and e < r.v1):
            s0, s1 = self._needed(s)
            e0, e1 = self._needed(e)
            if e1 - s0 > _SPAN_YEARS:
                return dt.timedelta(0, self._between_years(s, e, (s0, s1), (e0, e1)))
            r = self._cover(s, e)
        # `_Range.before` twice, inlined: this is the hottest call of SLA evaluation.
        starts, ends, cum = r.starts, r.ends, r.cum
        total = 0
        i = bisect_right(starts, e) - 1
        if i >= 0:
            end_i = ends[i]
            total = cum[i] + (e if e < end_i else end_i) - starts[i]  # noqa: FURB136 - no call on the hot path
            i = bisect_right(starts, s, 0, i + 1) - 1
            if i >= 0:
                end_i = ends[i]
                total -= cum[i] + (s if s < end_i else end_i) - starts[i]  # noqa: FURB136
        return dt.timedelta(0, total)

    def _between_years(
        self, s: int, e: int, s_years: tuple[int, int], e_years: tuple[int, int]
    ) -> int:
        """Business seconds in `[s, e)` far apart: the end years built, the rest totalled."""
        total = 0
        for year in range(s_years[0], s_years[1] + 1):
            total += self._total(year) - _Range(self, year, year).before(s)
        middle = self._following(s_years[1])
        while middle is not None and middle < e_years[0]:
            total += self._total(middle)
            middle = self._following(middle)
        for year in range(e_years[0], e_years[1] + 1):
            total += _Range(self, year, year).before(e)
        return total

    def _following(self, year: int) -> int | None:
        try:
            return self._later_year(year)
        except CalendarError:
            return None

    def explain(self, start: Instant, end: Instant) -> Explanation:
        """Why `between(start, end)` is what it is: counted days and skipped stretches.

        Returns an `Explanation`: per local date, the business time counted, and every
        stretch not counted with its reason (weekend, named holiday, break, closed), plus
        the make-up working days that counted. `render(locale, short=...)` gives text in
        English, Simplified or Traditional Chinese; `to_dict()` a JSON-safe dict.

        Example:
            ```python
            from supportflow.calendar import cn_mainland

            x = cn_mainland().explain("2025-09-30T09:00:00+08:00", "2025-10-13T09:00:00+08:00")
            assert x.render("en", short=True).startswith("1-8 Oct 2025 is the National Day")
            ```

        Raises:
            NaiveDatetimeError: an instant has no zone.
            InvalidFieldError: `end` is before `start`, or more than ten years after it.
            CalendarDataMissingError: the span needs a year the holiday data lacks.
        """
        return _explain(self, start, end)

    def is_open(self, at: Instant) -> bool:
        """Whether `at` is business time."""
        t = self._epoch(at, "at")
        r = self._cover(t)
        i = bisect_right(r.starts, t) - 1
        return i >= 0 and t < r.ends[i]

    def _next_open(self, t: int) -> int:
        r = self._cover(t)
        i = bisect_right(r.starts, t)
        if i and t < r.ends[i - 1]:
            return t
        if i < len(r.starts):
            return r.starts[i]
        year = self._later_year(r.y1)
        while not self._total(year):
            year = self._later_year(year)
        return _Range(self, year, year).starts[0]

    def next_open(self, at: Instant) -> dt.datetime:
        """The first open instant at or after `at` (`at` itself when open).

        Raises:
            CalendarError: the calendar never opens again.
        """
        return self._out(self._next_open(self._epoch(at, "at")))

    def next_close(self, at: Instant) -> dt.datetime:
        """The end of the open stretch containing `at`, or of the next one when closed.

        Raises:
            CalendarError: the calendar never opens again, or never closes within five years.
        """
        t = self._next_open(self._epoch(at, "at"))
        r = self._cover(t)
        horizon = r.y1 + 5
        while True:
            i = bisect_right(r.starts, t) - 1
            if i + 1 < len(r.starts) or r.ends[i] < r.v1:
                return self._out(r.ends[i])
            if r.y1 >= horizon:
                msg = f"calendar {self.name!r} does not close within five years of {at}"
                raise CalendarError(msg)
            r = self._use(_Range(self, r.y0, r.y1 + 1))

    def open_intervals(
        self, start: Instant, end: Instant
    ) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """The stretches of business time inside `[start, end)`, as real-instant pairs.

        Raises:
            NaiveDatetimeError: an instant has no zone.
            InvalidFieldError: `start` is after `end`.
        """
        s = self._epoch(start, "start")
        e = self._epoch(end, "end")
        if s > e:
            raise InvalidFieldError("end", end, "not be before start")
        r = self._cover(s, e)
        i = max(bisect_right(r.starts, s) - 1, 0)
        out: list[tuple[dt.datetime, dt.datetime]] = []
        while i < len(r.starts) and r.starts[i] < e:
            lo, hi = max(r.starts[i], s), min(r.ends[i], e)
            if lo < hi:
                out.append((self._out(lo), self._out(hi)))
            i += 1
        return iter(out)

    # -- date operations -----------------------------------------------------------------

    def is_business_day(self, day: dt.date) -> bool:
        """Whether `day` has any business time (after holidays, make-up days and overrides).

        Raises:
            CalendarDataMissingError: `day` is outside the holiday data.
        """
        day = _date(day, "day")
        year = self._year(day.year)
        i = bisect_left(year.days, day.toordinal())
        return i < len(year.days) and year.days[i] == day.toordinal()

    def next_business_day(self, day: dt.date) -> dt.date:
        """The first business day strictly after `day`."""
        return self.add_business_days(day, 1)

    def add_business_days(self, day: dt.date, n: int) -> dt.date:
        """The `n`-th business day after `day` (before it when `n` is negative); `day` if 0.

        Raises:
            InvalidFieldError: `n` is not an integer.
            CalendarError: the calendar runs out of business days.
            CalendarDataMissingError: the count runs past the holiday data.
        """
        day = _date(day, "day")
        if type(n) is not int:
            raise InvalidFieldError("n", n, "be an integer")
        ordinal, year_number = day.toordinal(), day.year
        first, last = self._cache.first_year, self._cache.last_year
        while n > 0:
            year = self._year(year_number)
            i = bisect_right(year.days, ordinal)
            available = len(year.days) - i
            if n <= available:
                return dt.date.fromordinal(year.days[i + n - 1])
            n -= available
            if last is not None and year_number >= last:
                raise CalendarError(f"calendar {self.name!r} has no business days after {day}")
            year_number += 1
        while n < 0:
            year = self._year(year_number)
            i = bisect_left(year.days, ordinal)
            if -n <= i:
                return dt.date.fromordinal(year.days[i + n])
            n += i
            if first is not None and year_number <= first:
                raise CalendarError(f"calendar {self.name!r} has no business days before {day}")
            year_number -= 1
        return day

    def close_of_business(self, day: dt.date) -> dt.datetime:
        """The real instant at which the last interval of business date `day` ends.

        Raises:
            InvalidFieldError: `day` is not a business day.
        """
        day = _date(day, "day")
        year = self._year(day.year)
        i = bisect_left(year.days, day.toordinal())
        if i == len(year.days) or year.days[i] != day.toordinal():
            raise InvalidFieldError("day", day, f"be a business day of {self.name!r}")
        return self._out(year.closes[i])

    def local_date(self, at: Instant) -> dt.date:
        """The date of `at` in the calendar's zone."""
        local = self._local(self._epoch(at, "at"))
        return dt.date(local.year, local.month, local.day)

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """The real instant of 24:00 at the end of `day` (the next day's 00:00), DST-correct."""
        day = _date(day, "day")
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise InvalidFieldError("day", day, f"be in the years {MIN_YEAR}-{MAX_YEAR}")
        following = day.toordinal() + 1
        year = dt.date.fromordinal(following).year
        segments = year_segments(self.timezone.key, year)
        return self._out(first_instant_at(wall_seconds(following), segments))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _gained(hours: DayHours, base: int, segments: tuple[Segment, ...]) -> int:
    """Real minus wall seconds of one date's `hours` (wall seconds after `base`)."""
    gained = 0
    for start, end in hours:
        lo, hi = _span((start, end))
        real = wall_to_real(base + lo, base + hi, segments)
        gained += sum(e - s for s, e in real) - (hi - lo)
    return gained


def _hours(hours: DayHours) -> list[list[str]]:
    return [[_format_wall(start), _format_wall(end)] for start, end in hours]


def _days(
    weekly: tuple[DayHours, ...],
    holidays: frozenset[dt.date],
    workdays: Mapping[dt.date, int],
    overrides: Mapping[dt.date, DayHours],
) -> dict[str, object]:
    """The hours and dates of a calendar document, in both its forms (full or a preset's)."""
    return {
        "weekly": {WEEKDAYS[i]: _hours(hours) for i, hours in enumerate(weekly)},
        "holidays": sorted(d.isoformat() for d in holidays),
        "workdays": {d.isoformat(): WEEKDAYS[w - 1] for d, w in sorted(workdays.items())},
        "overrides": {d.isoformat(): _hours(hours) for d, hours in sorted(overrides.items())},
    }


def _from_state(state: dict[str, object]) -> BusinessCalendar:
    return BusinessCalendar.from_dict(state)


def _preset(
    dataset: str, weekly: object, beyond_data: object, *, timezone: object = None
) -> BusinessCalendar:
    data = _load_holidays(dataset)
    hours = _weekly(weekly) if weekly is not None else _weekly_default()
    # A make-up working day works the hours of the first weekday that has any.
    makeup = next((i + 1 for i in range(5) if hours[i]), 1)
    return BusinessCalendar(
        data.timezone if timezone is None else timezone,
        hours,
        holidays=data.holidays,
        workdays=dict.fromkeys(data.workdays, makeup),
        name=data.name,
        covered=data.covered,
        beyond_data=beyond_data,  # type: ignore[arg-type]  # validated by the class
        dataset=data.id,
    )

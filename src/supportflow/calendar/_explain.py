# ruff: noqa: RUF001 - the Chinese texts use full-width punctuation on purpose
"""Why business time is what it is: explanations of a calendar span, as data and as text.

`BusinessCalendar.explain(start, end)` walks the local dates of the span and returns, in
order, the business time counted on each working day and every stretch that was skipped
with its reason: a weekend, a named public holiday, a break between two intervals of a day
(lunch), or a make-up working day (调休) that counted although it is a weekend. The renderer
turns that into a few lines of text in English, Simplified or Traditional Chinese, in full
for an agent's screen or shortened for a customer notice ("1-8 Oct: National Day holiday").
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from supportflow import _pendulum
from supportflow._declarative import NONEMPTY, TEXT, Codec, Document, declared, sequence, spec
from supportflow.calendar._parse import _span
from supportflow.calendar._time import DAY, wall_seconds, wall_to_real, year_segments
from supportflow.errors import InvalidFieldError
from supportflow.holidays._names import holiday_names

if TYPE_CHECKING:
    from supportflow.calendar import BusinessCalendar

__all__ = ["Explanation", "ExplanationSpan", "SpanKind", "explain"]

LOCALES: Final = ("en", "zh-Hans", "zh-Hant")
_MAX_DAYS: Final = 3660  # ten years of dates: an explanation is read by a person
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class SpanKind(enum.Enum):
    """What happened to one stretch of an explained span."""

    COUNTED = "counted"
    """Business time counted on a working day."""
    MAKEUP_WORKDAY = "makeup_workday"
    """Business time counted on a weekend date that is an official working day (调休)."""
    WEEKEND = "weekend"
    """Not counted: dates the weekly hours close (usually Saturday and Sunday)."""
    HOLIDAY = "holiday"
    """Not counted: a public holiday (named in `name`)."""
    CLOSED = "closed"
    """Not counted: a date an override closes."""
    BREAK = "break"
    """Not counted: a gap between two intervals of one working day (a lunch break)."""


#: A zone or a provisional year's label: read as any string, described as a non-empty one.
_NAME = Codec(TEXT.dump, TEXT.load, NONEMPTY.schema)


@declared(schema=None)
@attrs.frozen
class ExplanationSpan(Document):
    """One stretch of an explained span.

    Attributes:
        kind: Counted, or why not.
        first: The first local date of the stretch.
        last: The last local date (equal to `first` for one day, and for a break).
        counted: The business time counted in it (zero for skipped stretches).
        name: For a holiday, its name by locale (`"en"`, `"zh-Hans"`, `"zh-Hant"`).
        start: For a break, when it starts (UTC); else the stretch's first instant in the
            span.
        end: For a break, when it ends (UTC); else the stretch's last instant in the span.
    """

    kind: SpanKind
    first: dt.date
    last: dt.date
    counted: dt.timedelta
    start: dt.datetime
    end: dt.datetime
    name: Mapping[str, str] = attrs.field(factory=dict, eq=False)


@declared(schema=1)
@attrs.frozen
class Explanation(Document):
    """The business time of a span and why: counted days and skipped stretches, in order.

    Attributes:
        calendar: The calendar's name.
        timezone: The calendar's zone (dates are local to it).
        start: The span's start (UTC).
        end: The span's end (UTC).
        total: The business time counted (equal to `calendar.between(start, end)`).
        spans: The stretches, in date order.
        assumed: The provisional years the figure rests on (`("CN 2027",)`): holidays of
            those years come from the statutory rules, not from a published schedule.
    """

    calendar: str
    timezone: str = attrs.field(metadata=spec(_NAME))
    start: dt.datetime
    end: dt.datetime
    total: dt.timedelta
    spans: tuple[ExplanationSpan, ...]
    assumed: tuple[str, ...] = attrs.field(default=(), metadata=spec(sequence(_NAME)))

    def skipped(self) -> tuple[ExplanationSpan, ...]:
        """The stretches that were not counted."""
        counted = (SpanKind.COUNTED, SpanKind.MAKEUP_WORKDAY)
        return tuple(s for s in self.spans if s.kind not in counted)

    def render(self, locale: str = "en", *, short: bool = False) -> str:
        """The explanation as text in `locale` (`"en"`, `"zh-Hans"` or `"zh-Hant"`).

        The full form is a heading and one line per stretch (consecutive counted days are
        summed), for an agent's screen. `short=True` gives one sentence naming only the
        holidays and make-up days, for a customer notice; it is empty when there are none.

        Raises:
            InvalidFieldError: `locale` is not one of the three.
        """
        if locale not in LOCALES:
            raise InvalidFieldError("locale", locale, f"be one of {', '.join(LOCALES)}")
        text = _short(self, locale) if short else _full(self, locale)
        if self.assumed:
            note = _TEXT[locale]["assumed"].format(years=_TEXT[locale]["and"].join(self.assumed))
            text = (
                f"{text}{_TEXT[locale]['joiner']}{note}"
                if short and text
                else (note if short else f"{text}\n- {note}")
            )
        return text


# -- building ---------------------------------------------------------------------------


def explain(cal: BusinessCalendar, start: object, end: object) -> Explanation:
    """Explain `cal.between(start, end)`; see `BusinessCalendar.explain`."""
    a = _pendulum.instant(start, field="start")
    b = _pendulum.instant(end, field="end")
    if b < a:
        raise InvalidFieldError("end", end, "not be before start")
    first, last = cal.local_date(a), cal.local_date(b)
    if (last - first).days > _MAX_DAYS:
        raise InvalidFieldError("end", end, f"be within {_MAX_DAYS} days of start")
    s, e = _ts(a), _ts(b)
    key = cal.timezone.key
    days = [first + dt.timedelta(n) for n in range(-1, (last - first).days + 1)]
    all_holidays, workdays = _days_off(cal, first, last)
    holidays = {d for d in days if d in all_holidays and d not in cal.overrides}
    dataset = {"cn_mainland": "cn", "hong_kong": "hk", "us_federal": "us"}.get(cal.name)
    dataset = dataset or {"uk_england_wales": "uk"}.get(cal.name, cal.name)
    names = holiday_names(
        dataset,
        all_holidays & {d + dt.timedelta(k) for d in holidays for k in range(-10, 11)},
        closed=lambda d: not cal.weekly[d.weekday()] and d not in workdays,
    )
    spans: list[ExplanationSpan] = []
    for day in days:
        counted, breaks = _day(cal, key, day, s, e)
        if day < first and not counted:
            continue  # the day before only matters for an overnight shift reaching in
        lo = max(a, _local_midnight(key, day))
        hi = min(b, _local_midnight(key, day + dt.timedelta(1)))
        lo = min(lo, hi)
        if day in cal.overrides:
            kind = SpanKind.COUNTED if counted else SpanKind.CLOSED
        elif day in holidays:
            kind = SpanKind.HOLIDAY
        elif day in workdays:
            kind = SpanKind.MAKEUP_WORKDAY
        elif not cal.weekly[day.weekday()]:
            kind = SpanKind.WEEKEND
        else:
            kind = SpanKind.COUNTED
        if kind in (SpanKind.COUNTED, SpanKind.MAKEUP_WORKDAY) and not counted and day < first:
            continue
        name = names.get(day, {}) if kind is SpanKind.HOLIDAY else {}
        spans.append(ExplanationSpan(kind, day, day, _seconds(counted), lo, hi, name))
        for b0, b1 in breaks:
            spans.append(ExplanationSpan(SpanKind.BREAK, day, day, _ZERO, _at(b0), _at(b1), {}))
    total = sum((x.counted for x in spans), _ZERO)
    return Explanation(cal.name, key, a, b, total, tuple(_merge(spans)), cal.assumed(a, b))


_ZERO: Final = dt.timedelta(0)


def _days_off(
    cal: BusinessCalendar, first: dt.date, last: dt.date
) -> tuple[set[dt.date], set[dt.date]]:
    """The calendar's holidays and make-up days, with its provisional years' around the span."""
    holidays, workdays = set(cal.holidays), set(cal.workdays)
    for year in range(first.year - 1, last.year + 2):
        extra = cal._extra(year) if cal._assumed_year(year) else None
        if extra is not None:
            holidays |= extra[0]
            workdays |= extra[1]
    return holidays, workdays


def _ts(value: dt.datetime) -> int:
    delta = value - _EPOCH
    return delta.days * DAY + delta.seconds


def _at(ts: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(seconds=ts)


def _seconds(n: int) -> dt.timedelta:
    return dt.timedelta(seconds=n)


def _local_midnight(key: str, day: dt.date) -> dt.datetime:
    return _pendulum.wall_instant(day, dt.time(0), _pendulum.zone(key))


def _day(
    cal: BusinessCalendar, key: str, day: dt.date, s: int, e: int
) -> tuple[int, list[tuple[int, int]]]:
    """Business seconds of `day`'s hours inside `[s, e)`, and its breaks inside the span."""
    base = wall_seconds(day.toordinal())
    segments = year_segments(key, day.year)
    counted = 0
    pieces: list[tuple[int, int]] = []
    for start, end in cal._wall_hours(day):
        lo, hi = _span((start, end))
        for r0, r1 in wall_to_real(base + lo, base + hi, segments):
            pieces.append((r0, r1))
            a, b = max(r0, s), min(r1, e)
            if a < b:
                counted += b - a
    pieces.sort()
    breaks = []
    for (_, prev_end), (next_start, _) in itertools.pairwise(pieces):
        a, b = max(prev_end, s), min(next_start, e)
        if prev_end < next_start and a < b:
            breaks.append((a, b))
    return counted, breaks


def _merge(spans: list[ExplanationSpan]) -> list[ExplanationSpan]:
    """Join consecutive weekend days, and consecutive days of the same holiday."""
    out: list[ExplanationSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and span.kind is prev.kind
            and span.kind in (SpanKind.WEEKEND, SpanKind.HOLIDAY, SpanKind.CLOSED)
            and prev.name == span.name
            and span.first == prev.last + dt.timedelta(1)
        ):
            out[-1] = attrs.evolve(prev, last=span.last, end=span.end)
        else:
            out.append(span)
    return out


# -- rendering ---------------------------------------------------------------------------

_MONTHS_EN: Final = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905


def _date(day: dt.date, locale: str) -> str:
    if locale == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def _range(first: dt.date, last: dt.date, locale: str) -> str:
    if first == last:
        return _date(first, locale)
    if locale == "en":
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}-{_date(last, locale)}"
        return f"{_date(first, locale)} - {_date(last, locale)}"
    if first.year == last.year:
        return f"{_date(first, locale)}至{last.month}月{last.day}日"
    return f"{_date(first, locale)}至{_date(last, locale)}"


def _hours(value: dt.timedelta, locale: str) -> str:
    minutes = int(value.total_seconds()) // 60
    hours, rest = divmod(minutes, 60)
    if locale == "en":
        if hours and rest:
            return f"{hours} h {rest} min"
        return f"{hours} h" if hours else f"{rest} min"
    unit_h, unit_m = ("小时", "分钟") if locale == "zh-Hans" else ("小時", "分鐘")
    if hours and rest:
        return f"{hours}{unit_h}{rest}{unit_m}"
    return f"{hours}{unit_h}" if hours else f"{rest}{unit_m}"


def _clock(value: dt.datetime, key: str) -> str:
    local = value.astimezone(_pendulum.zone(key))
    return f"{local.hour:02d}:{local.minute:02d}"


_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "heading": "{total} of business time ({calendar}, {zone})",
        "counted": "{dates}: {hours} counted",
        "makeup": "{dates}: make-up working day, {hours} counted",
        "weekend": "{dates}: weekend, not counted",
        "holiday": "{dates}: {name} holiday, not counted",
        "closed": "{dates}: closed, not counted",
        "break": "{dates} {start}-{end}: break, not counted",
        "short_holiday": "{dates} is the {name} holiday",
        "short_makeup": "{dates} is a working day",
        "joiner": "; ",
        "assumed": (
            "provisional: the {years} schedule is not yet published; statutory holidays assumed"
        ),
        "and": ", ",
    },
    "zh-Hans": {
        "heading": "共计工作时间{total}（{calendar}，{zone}）",
        "counted": "{dates}：计入{hours}",
        "makeup": "{dates}：调休上班，计入{hours}",
        "weekend": "{dates}：周末，不计入",
        "holiday": "{dates}：{name}假期，不计入",
        "closed": "{dates}：停业，不计入",
        "break": "{dates} {start}-{end}：休息时间，不计入",
        "short_holiday": "{dates}为{name}假期",
        "short_makeup": "{dates}调休上班",
        "joiner": "；",
        "assumed": "暂定：{years}年度放假安排尚未公布，按法定节假日推算",
        "and": "、",
    },
    "zh-Hant": {
        "heading": "共計工作時間{total}（{calendar}，{zone}）",
        "counted": "{dates}：計入{hours}",
        "makeup": "{dates}：調休上班，計入{hours}",
        "weekend": "{dates}：週末，不計入",
        "holiday": "{dates}：{name}假期，不計入",
        "closed": "{dates}：停業，不計入",
        "break": "{dates} {start}-{end}：休息時間，不計入",
        "short_holiday": "{dates}為{name}假期",
        "short_makeup": "{dates}調休上班",
        "joiner": "；",
        "assumed": "暫定：{years}年度放假安排尚未公佈，按法定假日推算",
        "and": "、",
    },
}


def _full(x: Explanation, locale: str) -> str:
    text = _TEXT[locale]
    lines = [
        text["heading"].format(total=_hours(x.total, locale), calendar=x.calendar, zone=x.timezone)
    ]
    run: list[ExplanationSpan] = []

    def flush() -> None:
        if run:
            hours = sum((s.counted for s in run), _ZERO)
            dates = _range(run[0].first, run[-1].last, locale)
            lines.append("- " + text["counted"].format(dates=dates, hours=_hours(hours, locale)))
            run.clear()

    for span in x.spans:
        if span.kind is SpanKind.COUNTED:
            run.append(span)
            continue
        if span.kind is SpanKind.BREAK:
            continue  # breaks are listed once below, not between the counted days
        flush()
        dates = _range(span.first, span.last, locale)
        if span.kind is SpanKind.MAKEUP_WORKDAY:
            line = text["makeup"].format(dates=dates, hours=_hours(span.counted, locale))
        elif span.kind is SpanKind.HOLIDAY:
            line = text["holiday"].format(dates=dates, name=span.name.get(locale, "?"))
        else:
            line = text[span.kind.value].format(dates=dates)
        lines.append("- " + line)
    flush()
    breaks = sorted(
        {
            (_clock(s.start, x.timezone), _clock(s.end, x.timezone))
            for s in x.spans
            if s.kind is SpanKind.BREAK
        }
    )
    for start, end in breaks:
        count = sum(
            1
            for s in x.spans
            if s.kind is SpanKind.BREAK
            and (_clock(s.start, x.timezone), _clock(s.end, x.timezone)) == (start, end)
        )
        days = f"{count} days" if locale == "en" else f"{count}天"
        lines.append("- " + text["break"].format(dates=days, start=start, end=end))
    return "\n".join(lines)


def _short(x: Explanation, locale: str) -> str:
    text = _TEXT[locale]
    parts = []
    for span in x.spans:
        dates = _range(span.first, span.last, locale)
        if span.kind is SpanKind.HOLIDAY:
            parts.append(text["short_holiday"].format(dates=dates, name=span.name.get(locale, "?")))
        elif span.kind is SpanKind.MAKEUP_WORKDAY:
            parts.append(text["short_makeup"].format(dates=dates))
    return text["joiner"].join(parts)

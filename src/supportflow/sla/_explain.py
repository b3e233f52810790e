# ruff: noqa: RUF001 - the Chinese texts use full-width punctuation on purpose
"""Why a deadline is where it is: the rule, the calendar, the pauses and the extensions.

`explain_deadline(rule, start)` explains a rule's due instant: the business time a calendar
counted (with the weekends, holidays and make-up days of `BusinessCalendar.explain`), or,
for a day-counted period, the last day and the holiday or rest days it rolled past (PRC Civil
Code art. 203). `SlaClock.explain(at)` adds what the clock's events did to the cycle: each
pause with its reason and each extension with who approved it.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from supportflow import _declarative, _pendulum
from supportflow._declarative import (
    NONEMPTY,
    Document,
    declared,
    nested,
    optional,
    sequence,
    spec,
)
from supportflow.calendar._explain import LOCALES, Explanation, ExplanationSpan, SpanKind
from supportflow.errors import InvalidFieldError
from supportflow.sla._rule_fields import NAME
from supportflow.sla._rules import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    DeadlineRule,
    ElapsedDuration,
)

__all__ = ["DeadlineExplanation", "ExtensionNote", "PauseNote", "explain_cycle", "explain_deadline"]


@declared(schema=None)
@attrs.frozen
class PauseNote(Document):
    """A pause of a cycle: when, until when (`None` while paused), and why."""

    start: dt.datetime
    end: dt.datetime | None
    reason: str


@declared(schema=None)
@attrs.frozen
class ExtensionNote(Document):
    """An extension a cycle took: its name, who approved it, and when."""

    name: str = attrs.field(metadata=spec(NAME))
    approved_by: str
    at: dt.datetime


# No `from_dict`: an explanation is derived for display, and the calendar's `Explanation`
# inside it is not read back either.
@declared(schema=1)
@attrs.frozen
class DeadlineExplanation:
    """A deadline with its reasons.

    Attributes:
        rule: The rule in plain words (`describe()`).
        start: When counting began (UTC).
        due: The due instant (UTC).
        timezone: The zone its dates are read in.
        business: For a rule on business time, what the calendar counted from `start` to
            `due` (weekends, holidays, make-up days); else `None`.
        nominal_last_day: For a day-counted period, its last day before any roll.
        last_day: For a day-counted period, the day it ends on.
        rolled_past: The stretches the last day rolled past (holidays, weekends).
        pauses: The cycle's pauses, oldest first (from `SlaClock.explain`).
        extensions: The extensions the cycle took (from `SlaClock.explain`).
        unpaused_due: What the rule alone gives, before pauses and extensions moved it
            (equal to `due` for a rule explained on its own).
        assumed: The provisional years the deadline rests on (`("CN 2027",)`).
    """

    rule: str
    start: dt.datetime
    due: dt.datetime
    timezone: str = attrs.field(metadata=spec(NAME))
    business: Explanation | None = attrs.field(
        default=None, metadata=spec(optional(nested(Explanation)))
    )
    nominal_last_day: dt.date | None = None
    last_day: dt.date | None = None
    rolled_past: tuple[ExplanationSpan, ...] = attrs.field(
        default=(), metadata=spec(sequence(nested(ExplanationSpan)))
    )
    pauses: tuple[PauseNote, ...] = ()
    extensions: tuple[ExtensionNote, ...] = ()
    unpaused_due: dt.datetime | None = None
    assumed: tuple[str, ...] = attrs.field(default=(), metadata=spec(sequence(NONEMPTY)))

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a stable shape (every key always written)."""
        return _declarative.dump(self)

    def render(self, locale: str = "en", *, short: bool = False) -> str:
        """The explanation as text in `locale` (`"en"`, `"zh-Hans"`, `"zh-Hant"`).

        Raises:
            InvalidFieldError: `locale` is not one of the three.
        """
        if locale not in LOCALES:
            raise InvalidFieldError("locale", locale, f"be one of {', '.join(LOCALES)}")
        text = _TEXT[locale]
        zone = _pendulum.zone(self.timezone)
        parts: list[str] = [text["due"].format(due=_when(self.due, locale, zone))]
        if self.last_day is not None and self.nominal_last_day is not None and self.rolled_past:
            reasons = text["joiner"].join(_stretch(s, locale) for s in self.rolled_past)
            parts.append(
                text["rolled"].format(
                    nominal=_day(self.nominal_last_day, locale),
                    reasons=reasons,
                    last=_day(self.last_day, locale),
                )
            )
        if self.business is not None:
            parts.append(
                self.business.render(locale, short=True) if short else self.business.render(locale)
            )
        for pause in self.pauses:
            until = _when(pause.end, locale, zone) if pause.end is not None else text["open"]
            start = _when(pause.start, locale, zone)
            parts.append(text["pause"].format(start=start, end=until, reason=pause.reason))
        for ext in self.extensions:
            who = ext.approved_by or text["nobody"]
            parts.append(text["extension"].format(name=ext.name, who=who))
        if self.unpaused_due is not None and self.unpaused_due != self.due:
            parts.append(text["moved"].format(due=_when(self.due, locale, zone)))
        if self.assumed and self.business is None:  # a business part says it itself
            parts.append(_ASSUMED[locale].format(years=_AND[locale].join(self.assumed)))
        parts = [p for p in parts if p]
        if short:
            return text["joiner"].join(parts)
        return "\n".join([parts[0], *(f"- {p}" for p in parts[1:])])


_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "due": "Due {due}",
        "rolled": "the period's last day, {nominal}, fell on {reasons}: it ends on {last}",
        "pause": "paused {start} to {end} ({reason}): not counted",
        "open": "now",
        "extension": "extended ({name}), approved by {who}",
        "nobody": "no approver recorded",
        "moved": "so the deadline moves to {due}",
        "joiner": "; ",
        "holiday": "the {name} holiday ({dates})",
        "weekend": "a weekend ({dates})",
        "closed": "a closed day ({dates})",
    },
    "zh-Hans": {
        "due": "期限：{due}",
        "rolled": "期间最后一日{nominal}为{reasons}，顺延至{last}",
        "pause": "{start}至{end}暂停（{reason}），不计入",
        "open": "现在",
        "extension": "已延长（{name}），批准人：{who}",
        "nobody": "未记录",
        "moved": "因此期限顺延至{due}",
        "joiner": "；",
        "holiday": "{name}假期（{dates}）",
        "weekend": "周末（{dates}）",
        "closed": "停业日（{dates}）",
    },
    "zh-Hant": {
        "due": "期限：{due}",
        "rolled": "期間最後一日{nominal}為{reasons}，順延至{last}",
        "pause": "{start}至{end}暫停（{reason}），不計入",
        "open": "現在",
        "extension": "已延長（{name}），批准人：{who}",
        "nobody": "未記錄",
        "moved": "因此期限順延至{due}",
        "joiner": "；",
        "holiday": "{name}假期（{dates}）",
        "weekend": "週末（{dates}）",
        "closed": "停業日（{dates}）",
    },
}

_ASSUMED: Final = {
    "en": "provisional: the {years} schedule is not yet published; statutory holidays assumed",
    "zh-Hans": "暂定：{years}年度放假安排尚未公布，按法定节假日推算",
    "zh-Hant": "暫定：{years}年度放假安排尚未公佈，按法定假日推算",
}
_AND: Final = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}

_MONTHS: Final = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905


def _day(day: dt.date, locale: str) -> str:
    if locale == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def _when(instant: dt.datetime, locale: str, zone: dt.tzinfo) -> str:
    value = instant.astimezone(zone)
    clock = f"{value.hour:02d}:{value.minute:02d}"
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        # 00:00 ends the previous day: say "24:00" of it, as the rules count.
        previous = value.date() - dt.timedelta(days=1)
        return f"{_day(previous, locale)} 24:00"
    return f"{_day(value.date(), locale)} {clock}"


def _stretch(span: ExplanationSpan, locale: str) -> str:
    text = _TEXT[locale]
    first, last = _day(span.first, locale), _day(span.last, locale)
    dates = first if span.first == span.last else f"{first} - {last}"
    if span.kind is SpanKind.HOLIDAY:
        return text["holiday"].format(name=span.name.get(locale, "?"), dates=dates)
    if span.kind is SpanKind.WEEKEND:
        return text["weekend"].format(dates=dates)
    return text["closed"].format(dates=dates)


def explain_deadline(rule: DeadlineRule, start: dt.datetime | str) -> DeadlineExplanation:
    """Explain `rule.due(start)`: see `DeadlineExplanation`.

    Raises:
        NaiveDatetimeError: `start` has no zone.
        InvalidFieldError: `rule` is not a deadline rule.
        CalendarDataMissingError: the period needs holiday data the calendar lacks.
    """
    begin = _pendulum.instant(start, field="start")
    if isinstance(rule, BusinessDuration | BusinessDays):
        due = rule.due(begin)
        business = rule.calendar.explain(begin, due)
        return DeadlineExplanation(
            rule.describe(),
            begin,
            due,
            rule.calendar.timezone.key,
            business=business,
            assumed=business.assumed,
        )
    if isinstance(rule, CalendarDays):
        cal = rule.calendar
        due = rule.due(begin)
        nominal = cal.local_date(begin) + dt.timedelta(days=rule.days)
        last = rule.last_day(begin)
        rolled: tuple[ExplanationSpan, ...] = ()
        if last != nominal:
            day = dt.timedelta(days=1)
            why = cal.explain(cal.end_of_day(nominal - day), cal.end_of_day(last - day))
            rolled = why.skipped()
        return DeadlineExplanation(
            rule.describe(),
            begin,
            due,
            cal.timezone.key,
            nominal_last_day=nominal,
            last_day=last,
            rolled_past=rolled,
            assumed=cal.assumed(begin, due) if rule.roll else (),
        )
    if isinstance(rule, ElapsedDuration):
        return DeadlineExplanation(rule.describe(), begin, rule.due(begin), rule.timezone.key)
    raise InvalidFieldError("rule", rule, "be a deadline rule")


def explain_cycle(
    rule: DeadlineRule,
    started_at: dt.datetime,
    due_at: dt.datetime,
    events: tuple[tuple[str, dt.datetime, str, str], ...],
) -> DeadlineExplanation:
    """Explain a cycle: its rule from `started_at`, then its pauses and extensions.

    `events` are the cycle's `(kind, at, reason, detail)` in order: `"pause"` with its
    reason, `"resume"`, and `"extend"` with the extension's name and its approver as
    detail. The explanation's `due` is the cycle's `due_at` (pushed out by the pauses).
    """
    base = explain_deadline(rule, started_at)
    pauses: list[PauseNote] = []
    extensions: list[ExtensionNote] = []
    for kind, at, reason, detail in events:
        if kind == "pause":
            pauses.append(PauseNote(at, None, reason))
        elif kind == "resume" and pauses and pauses[-1].end is None:
            pauses[-1] = attrs.evolve(pauses[-1], end=at)
        elif kind == "extend":
            extensions.append(ExtensionNote(reason, detail, at))
    return attrs.evolve(
        base,
        due=due_at,
        pauses=tuple(pauses),
        extensions=tuple(extensions),
        unpaused_due=base.due,
    )

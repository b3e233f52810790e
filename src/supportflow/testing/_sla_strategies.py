"""Hypothesis strategies for `supportflow.sla` (re-exported by `supportflow.testing.strategies`).

Instants are drawn in 2025 and goals are bounded, so every deadline stays inside the years
the packaged holiday data covers (a calendar never guesses beyond its data).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pendulum
from hypothesis import strategies as st

from supportflow import _pendulum
from supportflow.calendar import BusinessCalendar, cn_mainland, uk_england_wales, us_federal
from supportflow.sla import (
    PRIORITIES,
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    Cutoff,
    Deadline,
    DeadlineExplanation,
    DeadlineRule,
    ElapsedDuration,
    Extension,
    ExtensionNote,
    PauseNote,
    PausePeriod,
    SlaClock,
    SlaCycle,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
    SlaState,
    SlaStatus,
    SlaTarget,
    deadline,
    explain_deadline,
)
from supportflow.testing._instant_strategies import aware_datetimes

__all__ = [
    "PAUSE_REASONS",
    "deadline_explanations",
    "deadline_rules",
    "deadlines",
    "extension_notes",
    "pause_notes",
    "pause_periods",
    "sla_calendars",
    "sla_clocks",
    "sla_cycles",
    "sla_event_logs",
    "sla_events",
    "sla_extensions",
    "sla_policies",
    "sla_statuses",
    "sla_targets",
]

#: The pause reasons (lifecycle states) the strategies use.
PAUSE_REASONS: tuple[str, ...] = ("awaiting_customer", "external_appraisal", "on_hold")

_TARGET_NAMES = ("first_response", "next_update", "resolution", "escalation", "decision")
_START_MIN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
_START_MAX = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


@functools.cache
def _calendar_pool() -> tuple[BusinessCalendar, ...]:
    lunch = {
        "mon": [["09:00", "12:00"], ["13:00", "18:00"]],
        "tue": [["09:00", "12:00"], ["13:00", "18:00"]],
        "wed": [["09:00", "12:00"], ["13:00", "18:00"]],
        "thu": [["09:00", "12:00"], ["13:00", "18:00"]],
        "fri": [["09:00", "12:00"], ["13:00", "18:00"]],
        "sat": [],
        "sun": [],
    }
    night = {day: [["22:00", "06:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    night |= {"sat": [["10:00", "24:00"]], "sun": []}
    return (
        BusinessCalendar.always_open("UTC"),
        BusinessCalendar.always_open("Europe/London"),
        cn_mainland(),
        uk_england_wales(),
        us_federal(),
        BusinessCalendar.from_dict(
            {"schema": 1, "timezone": "Asia/Shanghai", "weekly": lunch, "preset": "cn"}
        ),
        BusinessCalendar.from_dict(
            {"schema": 1, "timezone": "America/New_York", "weekly": night, "preset": "us"}
        ),
    )


def sla_calendars() -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars for SLA tests: 24x7, jurisdiction presets, lunch breaks, night shifts."""
    return st.sampled_from(_calendar_pool())


def deadline_rules(
    calendars: st.SearchStrategy[BusinessCalendar] | None = None,
    *,
    kinds: tuple[type, ...] | None = None,
) -> st.SearchStrategy[DeadlineRule]:
    """Deadline rules (of the given `kinds`, default all), with due dates inside the data."""
    cals = calendars if calendars is not None else sla_calendars()
    sources = st.sampled_from(("", "contract 4.2", "DISP 1.6.2R"))
    minutes = st.integers(1, 80 * 60).map(lambda m: dt.timedelta(minutes=m))
    zones = st.sampled_from(("UTC", "Asia/Shanghai", "Europe/London", "America/New_York"))
    calendar_days = st.builds(
        lambda days, cal, roll, cob, source: CalendarDays(
            days,
            cal,
            roll=roll,
            cutoff=Cutoff.CLOSE_OF_BUSINESS if roll and cob else Cutoff.END_OF_DAY,
            source=source,
        ),
        st.integers(1, 60),
        cals,
        st.booleans(),
        st.booleans(),
        sources,
    )
    options: dict[type, st.SearchStrategy[Any]] = {
        BusinessDuration: st.builds(BusinessDuration, minutes, cals, sources),
        ElapsedDuration: st.builds(ElapsedDuration, minutes, zones, sources),
        BusinessDays: st.builds(BusinessDays, st.integers(1, 20), cals, sources),
        CalendarDays: calendar_days,
    }
    chosen = [options[k] for k in (kinds if kinds is not None else tuple(options))]
    return st.one_of(*chosen)


def sla_extensions(
    rules: st.SearchStrategy[DeadlineRule] | None = None,
) -> st.SearchStrategy[Extension]:
    """Extensions with a drawn rule, sometimes requiring approval."""
    return st.builds(
        lambda name, rule, approval, condition: Extension(
            name, rule, requires_approval=approval, condition=condition
        ),
        st.sampled_from(("complex", "particularly_complex", "exceptional", "in_progress")),
        rules if rules is not None else deadline_rules(),
        st.booleans(),
        st.sampled_from(("", "the case is complex")),
    )


@st.composite
def _thresholds(draw: st.DrawFn) -> tuple[float, ...]:
    values = draw(
        st.lists(
            st.one_of(st.integers(1, 99), st.sampled_from((12.5, 33.3, 66.6, 99.5))),
            max_size=4,
            unique=True,
        )
    )
    return tuple(sorted(values))


@st.composite
def _target(draw: st.DrawFn, name: str | None) -> SlaTarget:
    calendar = draw(sla_calendars())
    rules = deadline_rules(st.just(calendar))
    # Goals under priorities and under labels of the target's own (issue 18).
    labels = (*PRIORITIES, "simple", "complex", "vip")
    priorities = draw(st.lists(st.sampled_from(labels), unique=True, max_size=3))
    extensions = draw(st.lists(sla_extensions(rules), max_size=2, unique_by=lambda e: e.name))
    return SlaTarget(
        name if name is not None else draw(st.sampled_from(_TARGET_NAMES)),
        draw(rules),
        goals={p: draw(rules) for p in priorities},
        thresholds=draw(st.one_of(st.just((50, 75, 90)), _thresholds())),
        pause_in=draw(st.frozensets(st.sampled_from(PAUSE_REASONS))),
        extensions=tuple(extensions),
    )


def sla_targets(name: str | None = None) -> st.SearchStrategy[SlaTarget]:
    """SLA targets: a rule, goals for some priorities, thresholds, pause states, extensions."""
    return _target(name)


@st.composite
def _policy(draw: st.DrawFn) -> SlaPolicy:
    names = draw(st.lists(st.sampled_from(_TARGET_NAMES), min_size=1, max_size=3, unique=True))
    return SlaPolicy(
        draw(st.sampled_from(("internal", "fca_like", "vip"))),
        tuple(draw(sla_targets(n)) for n in names),
        source=draw(st.sampled_from(("", "service agreement 2025"))),
        verified=draw(st.booleans()),
    )


def sla_policies() -> st.SearchStrategy[SlaPolicy]:
    """SLA policies of one to three targets with unique names."""
    return _policy()


_STEP = st.one_of(
    st.integers(0, 3 * 3600),  # minutes to hours: most gaps
    st.integers(0, 3 * 86400),  # up to three days
    st.just(0),  # two events at the same instant
).map(lambda s: dt.timedelta(seconds=s))


def _instant(draw: st.DrawFn) -> dt.datetime:
    lo, hi = int(_START_MIN.timestamp()), int(_START_MAX.timestamp())
    zone = draw(st.sampled_from(("UTC", "Asia/Shanghai", "Europe/London", "America/New_York")))
    return pendulum.from_timestamp(draw(st.integers(lo, hi)), tz=zone)


def _retroactive(draw: st.DrawFn, target: SlaTarget, at: dt.datetime) -> dict[str, Any]:
    back = draw(st.integers(1, 3 * 86400))
    counts_from = at - dt.timedelta(seconds=back)
    pauses: list[PausePeriod] = []
    replay = draw(st.booleans())
    if target.pause_in and replay:
        cuts = sorted(draw(st.lists(st.integers(0, back), min_size=1, max_size=4)))
        if len(cuts) % 2 == 1 and draw(st.booleans()):
            cuts.append(back + 1)  # leave the last pause open
        for i in range(0, len(cuts) - 1, 2):
            start = counts_from + dt.timedelta(seconds=cuts[i])
            end = None if cuts[i + 1] > back else counts_from + dt.timedelta(seconds=cuts[i + 1])
            reason = draw(st.sampled_from(sorted(target.pause_in)))
            pauses.append(PausePeriod(start, end, reason))
    return {"counts_from": counts_from, "pauses": tuple(pauses)}


@st.composite
def _event_log(draw: st.DrawFn, target: SlaTarget, max_events: int) -> tuple[SlaEvent, ...]:
    clock = SlaClock(target)
    at = _instant(draw)
    size = draw(st.integers(0, max_events))
    for _ in range(size):
        at = at + draw(_STEP)
        state = clock.state
        choices: list[SlaEventKind] = []
        if state is SlaState.NOT_STARTED:
            choices = [SlaEventKind.START, SlaEventKind.START, SlaEventKind.CHANGE_GOAL]
        elif state is SlaState.RUNNING:
            choices = [SlaEventKind.STOP, SlaEventKind.RESET, SlaEventKind.CHANGE_GOAL]
            if target.pause_in:
                choices += [SlaEventKind.PAUSE, SlaEventKind.PAUSE]
        elif state is SlaState.PAUSED:
            choices = [SlaEventKind.RESUME, SlaEventKind.RESUME, SlaEventKind.STOP]
        elif state is SlaState.STOPPED:
            choices = [SlaEventKind.RESET]
        if state in {SlaState.RUNNING, SlaState.PAUSED}:
            current = clock._fold.cycle
            if current is not None and current.ext_pos < len(target.extensions):
                choices.append(SlaEventKind.EXTEND)
            if current is not None and current.extension is not None:
                choices = [c for c in choices if c is not SlaEventKind.CHANGE_GOAL]
        if not choices:  # cancelled: nothing more can happen
            break
        if state is not SlaState.STOPPED and draw(st.integers(0, 30)) == 0:
            choices = [SlaEventKind.CANCEL]
        kind = draw(st.sampled_from(choices))
        clock = clock.apply(_event(draw, target, clock, kind, at))
    return clock.events


def _event(
    draw: st.DrawFn, target: SlaTarget, clock: SlaClock, kind: SlaEventKind, at: dt.datetime
) -> SlaEvent:
    if kind is SlaEventKind.START:
        extra: dict[str, Any] = {}
        if draw(st.integers(0, 3)) == 0:
            extra = _retroactive(draw, target, at)
        priority = draw(st.one_of(st.none(), st.sampled_from(PRIORITIES)))
        return SlaEvent(kind, at, priority=priority, **extra)
    if kind is SlaEventKind.PAUSE:
        return SlaEvent(kind, at, reason=draw(st.sampled_from(sorted(target.pause_in))))
    if kind is SlaEventKind.CHANGE_GOAL:
        if draw(st.booleans()):
            return SlaEvent(kind, at, priority=draw(st.sampled_from(PRIORITIES)))
        return SlaEvent(kind, at, rule=draw(deadline_rules()))
    if kind is SlaEventKind.EXTEND:
        cycle = clock._fold.cycle
        assert cycle is not None  # noqa: S101 - EXTEND is only chosen with an open cycle
        ext = target.extensions[cycle.ext_pos]
        approver = "head office" if ext.requires_approval or draw(st.booleans()) else ""
        return SlaEvent(kind, at, reason="complex case", extension=ext.name, approved_by=approver)
    return SlaEvent(kind, at)


def sla_event_logs(
    target: SlaTarget, *, max_events: int = 12
) -> st.SearchStrategy[tuple[SlaEvent, ...]]:
    """Valid event logs for `target`: every prefix is accepted by `SlaClock(target, events)`.

    Logs start in 2025 and mix pauses, resumes, stops, resets, goal changes, extensions
    (in order, with approval where required), retroactive starts with replayed pauses,
    the occasional cancel, and events at the same instant.
    """
    return _event_log(target, max_events)


def sla_events() -> st.SearchStrategy[SlaEvent]:
    """Single events of every kind, as found in valid logs."""
    return sla_targets().flatmap(
        lambda t: sla_event_logs(t, max_events=6).filter(bool).flatmap(st.sampled_from)
    )


def sla_clocks(targets: st.SearchStrategy[SlaTarget] | None = None) -> st.SearchStrategy[SlaClock]:
    """Clocks built from a drawn target and a valid event log for it."""
    chosen = targets if targets is not None else sla_targets()
    return chosen.flatmap(lambda t: sla_event_logs(t).map(lambda events: SlaClock(t, events)))


@st.composite
def _statuses(draw: st.DrawFn) -> SlaStatus:
    clock = draw(sla_clocks())
    base = clock.events[-1].at if clock.events else _START_MIN
    # From a day before the last event (a replayed past status) to 40 days after it
    # (breached cycles, reached warnings).
    offset = dt.timedelta(seconds=draw(st.integers(-86_400, 40 * 86_400)))
    return clock.status(base + offset)


def sla_statuses() -> st.SearchStrategy[SlaStatus]:
    """`SlaStatus`es of drawn clocks, taken before, at and well after their last event."""
    return _statuses()


def sla_cycles() -> st.SearchStrategy[SlaCycle]:
    """`SlaCycle`s (open and finished) of the statuses `sla_statuses` draws."""
    return (
        sla_statuses().filter(lambda s: bool(s.cycles)).flatmap(lambda s: st.sampled_from(s.cycles))
    )


def _rule_starts(draw: st.DrawFn) -> tuple[DeadlineRule, dt.datetime]:
    """A drawn rule and a start in 2025.

    Half of the starts are within hours of a DST change of New York, London or Sydney.
    """
    rule = draw(deadline_rules())
    zones = st.sampled_from(("America/New_York", "Europe/London", "Australia/Sydney"))
    start = draw(aware_datetimes(_START_MIN, _START_MAX, zones=zones.map(_pendulum.zone)))
    return rule, start


@st.composite
def _deadlines(draw: st.DrawFn) -> Deadline:
    rule, start = _rule_starts(draw)
    return deadline(rule, start)


def deadlines() -> st.SearchStrategy[Deadline]:
    """What `deadline(rule, start)` returns for drawn rules and starts.

    Starts are in 2025, many of them near DST changes.
    """
    return _deadlines()


@st.composite
def _explanations(draw: st.DrawFn) -> DeadlineExplanation:
    if draw(st.booleans()):
        rule, start = _rule_starts(draw)
        return explain_deadline(rule, start)
    clock = draw(_paused_or_extended())
    return clock.explain(clock.events[-1].at + dt.timedelta(seconds=draw(st.integers(0, 86_400))))


def deadline_explanations() -> st.SearchStrategy[DeadlineExplanation]:
    """What `explain_deadline(rule, start)` and `SlaClock.explain(at)` return.

    Business-time spans, rolled-past days, pauses and extensions.
    """
    return _explanations()


@st.composite
def _paused_or_extended(draw: st.DrawFn, *, extended: bool | None = None) -> SlaClock:
    """A started clock with one or two pauses and maybe an extension.

    The last pause is sometimes left open, some are of zero length; when `extended` (or
    when drawn so), its extension is granted.
    """
    calendar = draw(sla_calendars())
    rules = deadline_rules(st.just(calendar))
    extension = Extension("complex", draw(rules), requires_approval=draw(st.booleans()))
    reason = draw(st.sampled_from(PAUSE_REASONS))
    target = SlaTarget(
        "resolution", draw(rules), pause_in=frozenset({reason}), extensions=(extension,)
    )
    at = _instant(draw)
    clock = target.clock().start(at)
    for _ in range(draw(st.integers(1, 2))):
        at = at + draw(_STEP)
        clock = clock.pause(at, reason)
        at = at + draw(_STEP)
        if draw(st.integers(0, 3)) == 0:
            break  # left paused: an open pause
        clock = clock.resume(at)
    if extended if extended is not None else draw(st.booleans()):
        approver = "head office" if extension.requires_approval or draw(st.booleans()) else ""
        clock = clock.extend(at + draw(_STEP), "complex", "complex case", approved_by=approver)
    return clock


def pause_notes() -> st.SearchStrategy[PauseNote]:
    """The pauses a clock's explanation lists, closed and still open."""
    return _paused_or_extended().flatmap(
        lambda clock: st.sampled_from(clock.explain(clock.events[-1].at).pauses)
    )


def extension_notes() -> st.SearchStrategy[ExtensionNote]:
    """The granted extensions a clock's explanation lists."""
    return _paused_or_extended(extended=True).flatmap(
        lambda clock: st.sampled_from(clock.explain(clock.events[-1].at).extensions)
    )


@st.composite
def _pause_periods(draw: st.DrawFn) -> PausePeriod:
    start = _instant(draw)
    length = draw(st.none() | _STEP)  # zero-length pauses (end == start) included
    return PausePeriod(
        start, None if length is None else start + length, draw(st.sampled_from(PAUSE_REASONS))
    )


def pause_periods() -> st.SearchStrategy[PausePeriod]:
    """Pauses replayed into a retroactive start.

    Closed ones (some of zero length) and open ones (`end=None`).
    """
    return _pause_periods()

"""How a `Complaint`'s SLA clocks follow its events: complexity extensions, replay of a record."""

from __future__ import annotations

import datetime as dt
import decimal

from supportflow.audit import TransitionRecord
from supportflow.complaints import _sla
from supportflow.complaints._values import (
    ComplaintState,
    Complexity,
    Transaction,
)
from supportflow.sla import (
    SlaClock,
    SlaState,
)

__all__: list[str] = []

_COMPLEXITIES = {c.value: c for c in Complexity}


def _amounts(transactions: tuple[Transaction, ...]) -> tuple[tuple[str, decimal.Decimal], ...]:
    """Per currency (sorted), the sum of the absolute amounts."""
    totals: dict[str, decimal.Decimal] = {}
    for t in transactions:
        totals[t.currency] = totals.get(t.currency, decimal.Decimal(0)) + abs(t.amount)
    return tuple(sorted(totals.items()))


def _rank(level: Complexity | None) -> int:
    return -1 if level is None else level.rank


def _complexity_clocks(
    clocks: tuple[SlaClock, ...],
    level: Complexity,
    at: dt.datetime,
    reason: str,
    approved_by: str,
) -> tuple[SlaClock, ...]:
    """Every live clock with the extensions named by the levels up to `level` not yet taken.

    Each clock's current extension says what it has already taken (`extend_deadline` may
    have taken `complex` on one target and not another). A target that declares a goal
    under the level's label (`goals={"complex": ...}`) moves to that goal instead, unless
    its cycle already runs under an extension.
    """
    out = []
    for clock in clocks:
        moved = clock
        if clock.state in {SlaState.RUNNING, SlaState.PAUSED}:
            current = clock.status(at).current
            if _sla.goal_label(clock.target, "", level.value) == level.value:
                if current is not None and current.extension is None:
                    moved = moved.change_goal(at, priority=level.value)
                out.append(moved)
                continue
            taken = _COMPLEXITIES.get(current.extension or "") if current is not None else None
            names = {e.name for e in clock.target.extensions}
            for step in Complexity:
                if _rank(taken) < step.rank <= level.rank and step.value in names:
                    moved = moved.extend(at, step.value, reason, approved_by)
        out.append(moved)
    return tuple(out)


_PRIORITY_EVENTS = frozenset({"triage", "reopen", "external_referral"})


def _replay(
    clocks: tuple[SlaClock, ...], record: TransitionRecord, priority: str
) -> tuple[tuple[SlaClock, ...], str]:
    """The clocks after one recorded lifecycle event, as the event method changed them.

    Mirrors the events' own changes: complexity assessed (at triage or later) takes the
    extensions, `suspend_clocks` / `resume_clocks` pause and resume by reason,
    `extend_deadline` extends its target, then `_sla.advance` (stops, resets, pauses by
    state, priority changes). Returns the clocks and the priority after the event.
    """
    data = record.data
    at = record.at
    event = record.event
    changed = None
    if event in _PRIORITY_EVENTS:
        new = data.get("priority")
        if isinstance(new, str) and new != priority:
            changed = priority = new
    level = _COMPLEXITIES.get(str(data.get("complexity", "")))
    if event == "triage" and level is not None:
        clocks = _complexity_clocks(
            clocks, level, at, "assessed at triage", str(data.get("approved_by", ""))
        )
    elif event == "assess_complexity" and level is not None:
        clocks = _complexity_clocks(
            clocks, level, at, str(data.get("reason", "")), str(data.get("approved_by", ""))
        )
    elif event == "suspend_clocks":
        reason = str(data.get("reason", ""))
        clocks = tuple(
            c.pause(at, reason) if c.state is SlaState.RUNNING and c.target.pauses_in(reason) else c
            for c in clocks
        )
    elif event == "resume_clocks":
        reason = str(data.get("reason", ""))
        clocks = tuple(
            c.resume(at)
            if c.state is SlaState.PAUSED and _sla._pause_reason(c, at) == reason
            else c
            for c in clocks
        )
    elif event == "extend_deadline":
        clocks = tuple(
            c.extend(
                at, str(data["extension"]), str(data["reason"]), str(data.get("approved_by", ""))
            )
            if c.target.name == data.get("target")
            else c
            for c in clocks
        )
    clocks = _sla.advance(
        clocks,
        event,
        at,
        ComplaintState(record.from_state),
        ComplaintState(record.to_state),
        priority=changed,
        new_facts=event == "merge" and data.get("new_facts") is True,
    )
    return clocks, priority

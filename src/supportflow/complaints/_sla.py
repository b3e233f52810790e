"""The seam between the complaint lifecycle and its SLA clocks.

A complaint keeps one `SlaClock` per target of its `SlaPolicy`, in the policy's order.
Lifecycle events drive them here, and only here:

- intake starts every clock (under the complaint's priority);
- `acknowledge` stops `first_response`;
- `post_update` starts a new cycle of `next_update`;
- `resolve` stops every other clock (`resolution`, `next_update`, and regulatory targets
  such as `final_response`, which count like `resolution`);
- `reopen` starts a new cycle of every stopped clock except `first_response`;
- `merge` with new facts starts a new cycle of the resolution-like clocks (the Chinese rules:
  new material restarts the clock);
- `withdraw` stops every running clock that day; an out-of-scope `triage` cancels them
  (the complaint is redirected, nothing more is owed); so nothing is left running at `close`;
- a priority change moves every open clock to that priority's goal, except a clock under a
  goal label of its own (`goal_label`: a target that declares a goal named like the assessed
  complexity, `"simple"` / `"complex"` / `"particularly_complex"`, counts under that goal,
  and a priority change leaves it there);
- entering a state listed in a target's `pause_in` pauses it; leaving it resumes it.
  Pauses for other reasons (external appraisal) are started and ended explicitly.
"""

from __future__ import annotations

import datetime as dt

from supportflow.complaints._values import ComplaintState
from supportflow.errors import InvalidFieldError
from supportflow.sla import PRIORITIES, SlaClock, SlaPolicy, SlaState, SlaStatus, SlaTarget

__all__ = [
    "Clocks",
    "advance",
    "current_label",
    "extend",
    "follow_label",
    "goal_label",
    "next_alarm",
    "opened",
    "resume",
    "status",
    "suspend",
]

Clocks = tuple[SlaClock, ...]

_FIRST = "first_response"
_UPDATE = "next_update"
_LIVE = frozenset({SlaState.RUNNING, SlaState.PAUSED})
# Events that stop or restart clocks (the others only pause, resume or change goals).
_CLOCK_EVENTS = frozenset({"acknowledge", "post_update", "resolve", "reopen", "withdraw"})


def goal_label(target: SlaTarget, priority: str, complexity: str | None) -> str:
    """The goal label a complaint's clock counts under for `target`.

    The complexity (its value, e.g. `"complex"`) when the target declares a goal under it,
    otherwise the priority.
    """
    if complexity is not None and any(label == complexity for label, _ in target.goals):
        return complexity
    return priority


def current_label(clock: SlaClock) -> str | None:
    """The goal label of the clock's latest `start` / `change_goal` (`None`: none given)."""
    for event in reversed(clock.events):
        if event.rule is not None:
            return None
        if event.priority is not None:
            return event.priority
    return None


def opened(
    policy: SlaPolicy | None, at: dt.datetime, priority: str, complexity: str | None = None
) -> Clocks:
    """Every clock of `policy`, started at `at` under its `goal_label`."""
    if policy is None:
        return ()
    return tuple(
        t.clock().start(at, priority=goal_label(t, priority, complexity)) for t in policy.targets
    )


def advance(
    clocks: Clocks,
    event: str,
    at: dt.datetime,
    source: ComplaintState,
    dest: ComplaintState,
    *,
    priority: str | None = None,
    new_facts: bool = False,
) -> Clocks:
    """The clocks after a lifecycle event (`priority`: the new one when it changed)."""
    if not clocks or (
        priority is None
        and not new_facts
        and event not in _CLOCK_EVENTS
        and dest is not ComplaintState.REDIRECTED
        and not _pauses_around(clocks, source, dest)
    ):
        # Nothing that moves a clock: no stop, reset, cancel, goal change, pause or resume.
        return clocks
    return tuple(
        _one(clock, event, at, source, dest, priority=priority, new_facts=new_facts)
        for clock in clocks
    )


def _pauses_around(clocks: Clocks, source: ComplaintState, dest: ComplaintState) -> bool:
    """Whether some clock pauses in the state left or entered (so it may pause or resume)."""
    if source is dest:
        return False
    for clock in clocks:
        pause_in = clock.target.pause_in
        if pause_in and (source.value in pause_in or dest.value in pause_in):
            return True
    return False


def _one(
    clock: SlaClock,
    event: str,
    at: dt.datetime,
    source: ComplaintState,
    dest: ComplaintState,
    *,
    priority: str | None,
    new_facts: bool,
) -> SlaClock:
    name = clock.target.name
    state = clock.state
    if state not in _LIVE:
        if event == "reopen" and state is SlaState.STOPPED and name != _FIRST:
            clock = clock.reset(at, "reopened")
            if priority is not None and _follows_priority(clock):
                clock = clock.change_goal(at, priority=priority)
        return clock
    if event == "withdraw":
        return clock.stop(at, "withdrawn")
    if dest is ComplaintState.REDIRECTED:
        return clock.cancel(at, "redirected")
    if event == "acknowledge" and name == _FIRST:
        return clock.stop(at, "acknowledged")
    if event == "resolve" and name != _FIRST:
        return clock.stop(at, "resolved")
    if event == "post_update" and name == _UPDATE:
        clock = clock.reset(at, "update sent")
    elif event == "merge" and new_facts and name not in {_FIRST, _UPDATE}:
        clock = clock.reset(at, "re-submitted with new facts")
    if priority is not None and _follows_priority(clock) and _goal_may_change(clock, at):
        clock = clock.change_goal(at, priority=priority)
    pauses_now = clock.target.pauses_in(dest.value)
    if clock.state is SlaState.RUNNING and pauses_now:
        clock = clock.pause(at, dest.value)
    elif (
        clock.state is SlaState.PAUSED
        and source is not dest
        and clock.target.pauses_in(source.value)
        and not pauses_now
    ):
        clock = clock.resume(at)
    return clock


def suspend(clocks: Clocks, at: dt.datetime, reason: str) -> Clocks:
    """Pause every running clock whose target pauses for `reason` (e.g. external appraisal).

    Raises:
        InvalidFieldError: no clock pauses for `reason` now.
    """
    out = tuple(
        c.pause(at, reason) if c.state is SlaState.RUNNING and c.target.pauses_in(reason) else c
        for c in clocks
    )
    if out == clocks:
        raise InvalidFieldError("reason", reason, "be a pause reason of a running SLA clock")
    return out


def resume(clocks: Clocks, at: dt.datetime, reason: str) -> Clocks:
    """Resume every clock paused for `reason`.

    Raises:
        InvalidFieldError: no clock is paused for `reason`.
    """
    out = tuple(
        c.resume(at) if c.state is SlaState.PAUSED and _pause_reason(c, at) == reason else c
        for c in clocks
    )
    if out == clocks:
        raise InvalidFieldError("reason", reason, "be the reason an SLA clock is paused for")
    return out


def _pause_reason(clock: SlaClock, at: dt.datetime) -> str | None:
    current = clock.status(at).current
    return None if current is None else current.pause_reason


def extend(
    clocks: Clocks,
    at: dt.datetime,
    *,
    target: str,
    extension: str,
    reason: str,
    approved_by: str,
) -> Clocks:
    """Move `target`'s current cycle to its next `extension`, as the policy permits.

    Raises:
        InvalidFieldError: no clock measures `target`, or the extension is not the target's
            or lacks a required approval.
        IllegalTransitionError: the extension is not the next one, or the clock is not open.
    """
    names = [c.target.name for c in clocks]
    if target not in names:
        raise InvalidFieldError("target", target, f"be an SLA target ({', '.join(names)})")
    return tuple(
        c.extend(at, extension, reason, approved_by) if c.target.name == target else c
        for c in clocks
    )


def follow_label(clock: SlaClock, label: str, at: dt.datetime) -> SlaClock:
    """The clock moved to goal `label` at `at` when it is a label of the target's own.

    Only a live clock whose cycle runs under no extension moves, and only to a label that
    is not a priority (priority changes are the lifecycle's, in `advance`).
    """
    if (
        label in PRIORITIES
        or clock.state not in _LIVE
        or current_label(clock) == label
        or not _goal_may_change(clock, at)
    ):
        return clock
    return clock.change_goal(at, priority=label)


def _follows_priority(clock: SlaClock) -> bool:
    # A clock under a label of its own (a complexity's goal) keeps it when priority changes.
    label = current_label(clock)
    return label is None or label in PRIORITIES


def _goal_may_change(clock: SlaClock, at: dt.datetime) -> bool:
    # A cycle under an approved extension keeps the extension's rule.
    current = clock.status(at).current
    return current is not None and current.extension is None


def status(clocks: Clocks, at: dt.datetime) -> dict[str, SlaStatus]:
    """Each clock's status at `at`, by target name."""
    return {clock.target.name: clock.status(at) for clock in clocks}


def next_alarm(clocks: Clocks, at: dt.datetime) -> dt.datetime | None:
    """The earliest next warning or breach over all clocks, or `None`."""
    alarms = [t for t in (clock.next_alarm(at) for clock in clocks) if t is not None]
    return min(alarms) if alarms else None

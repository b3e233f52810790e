"""SLA goals keyed by any declared label, not only P1-P5 (issue 18, case 3)."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from supportflow import InvalidFieldError
from supportflow.complaints import Complaint, PolicyBook, PolicyCondition, PolicyRule
from supportflow.sla import ElapsedDuration, SlaClock, SlaEvent, SlaPolicy, SlaTarget

H = dt.timedelta(hours=1)
UTC = dt.UTC
T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def target() -> SlaTarget:
    """Default 24 h; P1 4 h; a simple case 48 h, a complex one 120 h."""
    return SlaTarget(
        "resolution",
        ElapsedDuration(24 * H),
        goals={
            "simple": ElapsedDuration(48 * H),
            "complex": ElapsedDuration(120 * H),
            "P1": ElapsedDuration(4 * H),
        },
    )


def due(clock: SlaClock, at: dt.datetime) -> dt.datetime:
    current = clock.status(at).current
    assert current is not None
    return current.due_at


def test_goals_accept_any_label_and_keep_priorities():
    """Labels and priorities sit side by side; a priority without a goal uses the default."""
    t = target()
    assert [label for label, _ in t.goals] == ["P1", "complex", "simple"]  # sorted by label
    assert t.rule_for("complex") == ElapsedDuration(120 * H)
    assert t.rule_for("simple") == ElapsedDuration(48 * H)
    assert t.rule_for("P1") == ElapsedDuration(4 * H)
    assert t.rule_for("P4") == ElapsedDuration(24 * H)
    assert t.labels() == ("P1", "P2", "P3", "P4", "P5", "complex", "simple")
    with pytest.raises(InvalidFieldError) as info:
        t.rule_for("vip")
    assert (info.value.field, info.value.value) == ("priority", "vip")
    assert "complex, simple" in str(info.value)


def test_start_and_change_goal_under_a_label():
    """Monday 09:00 + 120 h = Saturday 09:00; switching to `simple` gives Wednesday 09:00."""
    clock = target().clock().start(T0, priority="complex")
    assert due(clock, T0) == dt.datetime(2025, 3, 8, 9, 0, tzinfo=UTC)
    clock = clock.change_goal(T0 + H, priority="simple")
    assert due(clock, T0 + H) == dt.datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
    clock = clock.change_goal(T0 + 2 * H, priority="P1")
    assert due(clock, T0 + 2 * H) == dt.datetime(2025, 3, 3, 13, 0, tzinfo=UTC)


def test_an_undeclared_label_is_refused_leaving_the_clock_unchanged():
    """The target's own labels decide, at apply time; the error names field and value."""
    fresh = target().clock()
    running = fresh.start(T0, priority="P3")
    attempts = (
        lambda: fresh.start(T0, priority="vip"),
        lambda: running.change_goal(T0 + H, priority="vip"),
        lambda: fresh.change_goal(T0, priority="vip"),
    )
    for attempt in attempts:
        with pytest.raises(InvalidFieldError) as info:
            attempt()
        assert (info.value.field, info.value.value) == ("priority", "vip")
    assert fresh.events == ()
    assert len(running.events) == 1
    assert due(running, T0) == T0 + 24 * H


def test_an_event_with_a_label_is_built_then_checked_by_the_target():
    """The event alone cannot know the target; a malformed label is still refused early."""
    event = SlaEvent.from_dict(
        {"schema": 1, "kind": "start", "at": "2025-03-03T09:00:00Z", "priority": "vip"}
    )
    assert event.priority == "vip"
    with pytest.raises(InvalidFieldError):
        target().clock().apply(event)
    vip = SlaTarget("resolution", ElapsedDuration(24 * H), goals={"vip": ElapsedDuration(2 * H)})
    assert due(vip.clock().apply(event), T0) == T0 + 2 * H


@pytest.mark.parametrize(
    ("goals", "field"),
    [
        ({"P9": ElapsedDuration(H)}, "goals['P9']"),
        ({" vip": ElapsedDuration(H)}, "goals[' vip']"),
        ({"": ElapsedDuration(H)}, "goals['']"),
        ({"vip": "1h"}, "goals['vip']"),
        ((("vip", ElapsedDuration(H)), ("vip", ElapsedDuration(2 * H))), "goals['vip']"),
        ((("simple", ElapsedDuration(H)), ("complex", ElapsedDuration(H))), "goals"),
    ],
)
def test_bad_labels_are_refused(goals, field):
    """A label is non-empty, unpadded, declared once; `P<n>` must be a real priority."""
    with pytest.raises(InvalidFieldError) as info:
        SlaTarget("resolution", ElapsedDuration(H), goals=goals)
    assert info.value.field == field


def test_labelled_targets_and_clocks_round_trip():
    """Same schema as before: a label is just another key of `goals` / an event's priority."""
    t = target()
    data = t.to_dict()
    assert data["schema"] == 1
    goals = data["goals"]
    assert isinstance(goals, dict)
    assert set(goals) == {"P1", "complex", "simple"}
    assert SlaTarget.from_dict(data) == t
    clock = t.clock().start(T0, priority="complex").change_goal(T0 + H, priority="simple")
    back = SlaClock.from_dict(clock.to_dict(), target=t)
    assert back == clock
    assert due(back, T0 + H) == due(clock, T0 + H)
    assert pickle.loads(pickle.dumps(clock)) == clock
    policy = SlaPolicy("labels", (t,))
    assert SlaPolicy.from_dict(policy.to_dict()) == policy


def test_a_stored_priority_clock_still_loads():
    """A clock written before labels existed (P2 goal, default otherwise) loads unchanged."""
    t = SlaTarget("resolution", ElapsedDuration(24 * H), goals={"P2": ElapsedDuration(8 * H)})
    stored = {
        "schema": 1,
        "events": [
            {"schema": 1, "kind": "start", "at": "2025-03-03T09:00:00+00:00", "priority": "P2"}
        ],
    }
    clock = SlaClock.from_dict(stored, target=t)
    assert due(clock, T0) == T0 + 8 * H


# -- the complaint's wiring -------------------------------------------------------------------


def complaint() -> Complaint:
    policy = SlaPolicy("by-complexity", (target(),))
    return Complaint.receive(
        id="CMP-L",
        customer="C-9",
        channel="email",
        description="disputed trade reconstruction",
        received_at=T0,
        actor="bot",
        priority="P3",
        sla_policy=policy,
    )


def resolution_due(c: Complaint) -> dt.datetime:
    current = c.sla_status(c.history[-1].at)["resolution"].current
    assert current is not None
    return current.due_at


def test_assessed_complexity_moves_the_clock_to_its_goal_over_a_priority_change():
    """Intake P3 (no goal: 24 h); triage to P1 as `complex`: the declared 120 h wins."""
    c = complaint()
    assert resolution_due(c) == T0 + 24 * H
    c.acknowledge(T0 + H, "agent")
    c.triage(
        T0 + 2 * H,
        "agent",
        in_scope=True,
        category="trading",
        priority="P1",
        owner="agent",
        complexity="complex",
    )
    assert c.priority == "P1"
    assert resolution_due(c) == dt.datetime(2025, 3, 8, 9, 0, tzinfo=UTC)


def test_a_complaint_without_a_complexity_follows_priority():
    """No complexity: a priority change moves the clock to P1's 4 h from intake."""
    c = complaint()
    c.acknowledge(T0 + H, "agent")
    c.triage(T0 + 2 * H, "agent", in_scope=True, category="trading", priority="P1", owner="agent")
    assert resolution_due(c) == T0 + 4 * H


def test_labelled_complaint_round_trips():
    """The complaint's clocks with a label event store and load as before."""
    c = complaint()
    c.acknowledge(T0 + H, "agent")
    c.triage(T0 + H, "agent", in_scope=True, category="trading", priority="P3", owner="agent")
    c.assess_complexity(T0 + 2 * H, "agent", complexity="simple", reason="clear facts")
    assert resolution_due(c) == T0 + 48 * H
    assert Complaint.from_dict(c.to_dict()) == c


def test_a_policy_book_chooses_by_complexity_and_the_clock_takes_the_label():
    """Intake under `standard` (24 h); assessed complex, re-triage picks `complex-cases`,
    whose resolution target declares `complex` (120 h): the kept clock moves to it."""
    standard = SlaPolicy("standard", (SlaTarget("resolution", ElapsedDuration(24 * H)),))
    complex_cases = SlaPolicy("complex-cases", (target(),))
    book = PolicyBook(
        (standard, complex_cases),
        (PolicyRule("complex-cases", PolicyCondition(complexities={"complex"})),),
        "standard",
    )
    c = Complaint.receive(
        id="CMP-B",
        customer="C-9",
        channel="email",
        description="disputed trade reconstruction",
        received_at=T0,
        actor="bot",
        priority="P3",
        sla_policy=book,
    )
    assert c.sla_policy == standard
    c.acknowledge(T0 + H, "agent")
    c.triage(
        T0 + 2 * H,
        "agent",
        in_scope=True,
        category="trading",
        priority="P3",
        owner="agent",
        complexity="complex",
    )
    assert resolution_due(c) == T0 + 24 * H  # `standard` declares no `complex` goal
    c.reselect_policy(T0 + 3 * H, "agent", book=book)
    assert c.sla_policy == complex_cases
    assert resolution_due(c) == dt.datetime(2025, 3, 8, 9, 0, tzinfo=UTC)


def test_reselecting_to_a_target_without_the_label_is_refused_unchanged():
    """A kept clock under `complex` cannot be replayed by a target that lacks the label."""
    c = complaint()
    c.acknowledge(T0 + H, "agent")
    c.triage(
        T0 + 2 * H,
        "agent",
        in_scope=True,
        category="trading",
        priority="P3",
        owner="agent",
        complexity="complex",
    )
    plain = SlaPolicy("plain", (SlaTarget("resolution", ElapsedDuration(24 * H)),))
    book = PolicyBook((plain,), (), "plain")
    before = c.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        c.reselect_policy(T0 + 3 * H, "agent", book=book)
    assert (info.value.field, info.value.value) == ("priority", "complex")
    assert c.to_dict() == before

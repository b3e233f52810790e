"""The engine's fast path (`Workflow.fire`) behaves exactly like transitions' own trigger."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow.complaints import Complaint, allowed_events, events
from supportflow.complaints._workflow import WORKFLOW
from supportflow.errors import IllegalTransitionError, InvalidFieldError
from supportflow.testing import strategies as sfst

EVENTS = sorted(events())


def _run(complaint: Complaint, steps) -> list:
    outcomes = []
    for event, gap, kwargs in steps:
        at = complaint.history[-1].at + dt.timedelta(seconds=gap)
        try:
            record = getattr(complaint, event)(at, **kwargs)
        except (IllegalTransitionError, InvalidFieldError) as exc:
            outcomes.append((type(exc).__name__, str(exc)))
        else:
            outcomes.append(record)
    return outcomes


@st.composite
def walks(draw):
    steps = []
    for _ in range(draw(st.integers(1, 25))):
        event = draw(st.sampled_from(EVENTS))
        gap = draw(st.integers(-60, 2 * 24 * 3600))
        steps.append((event, gap, draw(sfst.complaint_event_arguments(event))))
    return steps


@settings(max_examples=40)
@given(sfst.complaints(max_events=3), walks())
def test_fire_and_trigger_agree(start, steps):
    """Same records, same refusals (with reasons), same final complaint, on any walk."""
    fast = Complaint.from_dict(start.to_dict())
    reference = Complaint.from_dict(start.to_dict())
    fast_outcomes = _run(fast, steps)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(WORKFLOW, "fire", WORKFLOW.trigger)
        reference_outcomes = _run(reference, steps)
    assert fast_outcomes == reference_outcomes
    assert fast == reference


def test_trigger_path_refuses_like_fire():
    """The reference path maps refusals and time going backwards the same way."""
    c = Complaint.receive(
        id="C",
        customer="c",
        channel="email",
        description="d",
        received_at=pendulum.datetime(2025, 3, 3, 9, tz="UTC"),
        actor="a",
    )
    at = pendulum.datetime(2025, 3, 3, 10, tz="UTC")
    with pytest.raises(IllegalTransitionError):
        WORKFLOW.trigger(c, "resolve", at=at, actor="a")
    with pytest.raises(InvalidFieldError):
        WORKFLOW.trigger(c, "acknowledge", at=at.subtract(days=1), actor="a")

    def boom(obj):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        WORKFLOW.trigger(c, "acknowledge", at=at, actor="a", apply=boom)
    assert len(c.history) == 1
    WORKFLOW.trigger(c, "acknowledge", at=at, actor="a")
    with pytest.raises(IllegalTransitionError) as info:
        WORKFLOW.trigger(c, "triage", at=at, actor="a", in_scope=True, owner=None)
    assert info.value.reason == "nothing goes past triage without an owner"
    assert allowed_events(c.state) == WORKFLOW.allowed_events(c.state)
    assert WORKFLOW._machine.models == []

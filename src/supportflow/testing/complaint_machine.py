"""Stateful Hypothesis tests for lifecycle entities: `LifecycleMachine` and `ComplaintMachine`.

Needs the `supportflow[testing]` extra. `ComplaintMachine` drives one complaint through
random event sequences and checks after every step that:

- a refused event (`IllegalTransitionError`, `InvalidFieldError`) left the complaint
  exactly as it was, history included;
- history is append-only, and its last record ends in the complaint's state;
- a complaint restored from `to_dict()` (and from pickle) equals it, and keeps working: every
  event is fired on the restored copy too, with the same outcome;
- an open complaint past triage always has an owner.

Run it as a test with `TestComplaints = ComplaintMachine.TestCase`. Subclass it to test your
own configuration (override `new_entity`, e.g. to use your SLA policy), or subclass
`LifecycleMachine` to test your own workflow the same way.

Example:
    ```python
    from hypothesis import settings
    from supportflow.testing.complaint_machine import ComplaintMachine


    class MyComplaints(ComplaintMachine):
        '''The complaint lifecycle under my settings.'''


    TestMyComplaints = MyComplaints.TestCase
    TestMyComplaints.settings = settings(max_examples=5, stateful_step_count=10, deadline=None)
    TestMyComplaints().runTest()
    ```
"""

# A test helper: its assertions are its output (pytest rewrites them).
# ruff: noqa: S101

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any, ClassVar

import attrs
import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from supportflow.complaints import Complaint, ComplaintState, allowed_events, events
from supportflow.errors import IllegalTransitionError, InvalidFieldError
from supportflow.registry import Registry, parse_ref
from supportflow.sla import SlaPolicy
from supportflow.testing._complaints_strategies import (
    complaint_event_arguments,
    complaint_sla_policies,
)

__all__ = ["ComplaintMachine", "LifecycleMachine"]


class LifecycleMachine(RuleBasedStateMachine):
    """Random event sequences against one lifecycle entity, with the engine's invariants.

    The entity is an attrs class with `state`, `history` (a non-empty tuple of
    `TransitionRecord`s, the first made at creation),
    `to_dict()` / `from_dict()`, and one method per event taking `at` first. Subclasses
    provide:

    - `event_names`: the events to draw from;
    - `new_entity(data)`: a fresh entity (draw what you need from `data`);
    - `event_arguments(event)`: a strategy for the keyword arguments of `event`
      (besides `at`).

    Attributes:
        entity: The entity under test.
        shadow: A copy restored from `to_dict()` before each step; every event is fired on it
            too, and must have the same outcome.
        refused: How many events were refused so far (for your own statistics).
    """

    event_names: ClassVar[tuple[str, ...]] = ()
    #: The longest gap drawn between two events.
    max_gap: ClassVar[dt.timedelta] = dt.timedelta(days=3)

    def __init__(self) -> None:
        super().__init__()
        self.entity: Any = None
        self.shadow: Any = None
        self.refused = 0

    # -- what subclasses provide ---------------------------------------------------------

    def new_entity(self, data: st.DataObject) -> Any:  # noqa: ANN401 - any entity type
        """A fresh entity to drive."""
        raise NotImplementedError

    def event_arguments(self, event: str) -> st.SearchStrategy[dict[str, Any]]:
        """Keyword arguments (besides `at`) for `event`."""
        raise NotImplementedError

    def allowed(self, event: str) -> bool:
        """Whether to prefer `event` now (default: always; refused events are checked too)."""
        del event
        return True

    # -- rules ------------------------------------------------------------------------------

    @precondition(lambda self: self.entity is None)
    @rule(data=st.data())
    def create(self, data: st.DataObject) -> None:
        """Start with a fresh entity."""
        self.entity = self.new_entity(data)
        self.shadow = self._restored()

    @precondition(lambda self: self.entity is not None)
    @rule(data=st.data())
    def fire(self, data: st.DataObject) -> None:
        """Fire a drawn event (allowed or not) on the entity and on its restored copy."""
        # Mostly events `allowed` prefers, so walks get deep; 1 in 10 from every event.
        pool = [e for e in self.event_names if self.allowed(e)]
        if not pool or data.draw(st.integers(0, 9), label="any event") == 0:
            pool = list(self.event_names)
        event = data.draw(st.sampled_from(sorted(pool)), label="event")
        gap = data.draw(st.integers(0, int(self.max_gap.total_seconds())), label="gap")
        # Now and then an instant before the last event: time must not go backwards.
        back = data.draw(st.integers(0, 19), label="backwards") == 0
        last: dt.datetime = self.entity.history[-1].at
        at = last - dt.timedelta(seconds=1) if back else last + dt.timedelta(seconds=gap)
        kwargs = data.draw(self.event_arguments(event), label="arguments")
        before = _fields(self.entity)
        outcome = self._try(self.entity, event, at, kwargs)
        shadow_outcome = self._try(self.shadow, event, at, kwargs)
        assert outcome == shadow_outcome, (outcome, shadow_outcome)
        if outcome is not None:
            self.refused += 1
            assert _fields(self.entity) == before, f"refused {event} changed the entity"
        else:
            history = self.entity.history
            assert history[: len(before["history"])] == before["history"], "history rewritten"
            assert len(history) == len(before["history"]) + 1, "not exactly one record"
            assert history[-1].event == event
        assert self.entity == self.shadow
        self.shadow = self._restored()

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def last_record_matches_state(self) -> None:
        """History's last record ends in the entity's state."""
        if self.entity is not None and self.entity.history:
            assert self.entity.history[-1].to_state == self.entity.state.value

    @invariant()
    def round_trips(self) -> None:
        """to_dict/from_dict (through JSON) and pickle give an equal entity."""
        if self.entity is not None:
            assert self._restored() == self.entity
            assert pickle.loads(pickle.dumps(self.entity)) == self.entity  # noqa: S301 - ours

    # -- helpers ----------------------------------------------------------------------------

    def _restored(self) -> Any:  # noqa: ANN401 - any entity type
        data = json.loads(json.dumps(self.entity.to_dict()))
        return type(self.entity).from_dict(data)

    @staticmethod
    def _try(entity: Any, event: str, at: dt.datetime, kwargs: dict[str, Any]) -> Any:  # noqa: ANN401
        try:
            getattr(entity, event)(at, **kwargs)
        except (IllegalTransitionError, InvalidFieldError) as exc:
            return (type(exc), str(exc))
        return None


def _fields(entity: Any) -> dict[str, Any]:  # noqa: ANN401 - any attrs entity
    return {a.name: getattr(entity, a.name) for a in attrs.fields(type(entity))}


class ComplaintMachine(LifecycleMachine):
    """`LifecycleMachine` for `Complaint`, plus: an open complaint past triage has an owner.

    Override `sla_policies()` to draw your own policies, or `new_entity` for full control.
    """

    event_names: ClassVar[tuple[str, ...]] = tuple(sorted(events()))

    def sla_policies(self) -> st.SearchStrategy[SlaPolicy | None]:
        """The policies new complaints are drawn under."""
        return complaint_sla_policies()

    def new_entity(self, data: st.DataObject) -> Complaint:
        """A complaint received in 2025 under a drawn policy."""
        start = pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai")
        received = start.add(seconds=data.draw(st.integers(0, 300 * 24 * 3600), label="received"))
        return Complaint.receive(
            id="CMP-1",
            customer="customer-1",
            channel=data.draw(st.sampled_from(["wechat", "phone", "email"]), label="channel"),
            description="my withdrawal has not arrived",
            received_at=received,
            actor="intake",
            priority=data.draw(st.sampled_from(["P2", "P3", "P4"]), label="priority"),
            sla_policy=data.draw(self.sla_policies(), label="policy"),
            jurisdiction=data.draw(st.sampled_from([None, "CN", "GB"]), label="jurisdiction"),
            language=data.draw(st.sampled_from(["en", "zh-Hans", "zh-Hant"]), label="language"),
        )

    def event_arguments(self, event: str) -> st.SearchStrategy[dict[str, Any]]:
        """Arguments from `complaint_event_arguments` (sometimes invalid: a bad score)."""
        if event == "record_feedback":
            return st.fixed_dictionaries({"score": st.integers(0, 6)})
        return complaint_event_arguments(event, complaint=self.entity)

    def allowed(self, event: str) -> bool:
        """Prefer the events the complaint's state allows, except ending ones while it is open.

        A withdrawal (or a close) ends a walk; they still come up among the 1 in 10 steps
        drawn from every event, and `close` is preferred once the complaint is done.
        """
        state = self.entity.state
        if event == "withdraw" or (event == "close" and state.is_open):
            return False
        return event in allowed_events(state)

    def _restored(self) -> Complaint:
        """The complaint through its stored row, by reference, as a service loads it.

        The complaint's registered values (its policy, their calendars, its rules) go in a
        registry; the full copy (`embed=True`) must load to the same complaint without one.
        """
        complaint: Complaint = self.entity
        registry = Registry()
        for value in _registered(complaint):
            name, version = parse_ref(value.ref)
            registry.add(value, name=name, version=version)
        embedded = json.loads(json.dumps(complaint.to_dict(embed=True)))
        assert Complaint.from_dict(embedded) == complaint
        return Complaint.from_dict(json.loads(json.dumps(complaint.to_dict())), registry=registry)

    @invariant()
    def owned_past_triage(self) -> None:
        """An open complaint past triage always has an owner."""
        complaint: Complaint | None = self.entity
        if complaint is None:
            return
        past_triage = any(r.event == "triage" for r in complaint.history)
        if complaint.state.is_open and past_triage:
            assert complaint.owner is not None
        if complaint.state is ComplaintState.CLOSED:
            assert complaint.history[-1].event == "close"


def _registered(complaint: Complaint) -> list[Any]:
    """The values with a `ref` a complaint's row may name: its rules, policy, calendars."""
    found: list[Any] = []
    policy = complaint.sla_policy
    rules = [t.rule for t in policy.targets] if policy is not None else []
    if policy is not None:
        rules += [r for t in policy.targets for _, r in t.goals]
        rules += [e.rule for t in policy.targets for e in t.extensions]
    rules += [r.clock.target.rule for r in complaint.referrals]
    candidates = [complaint.rules, policy, *(getattr(r, "calendar", None) for r in rules)]
    for value in candidates:
        if value is not None and getattr(value, "ref", None) is not None and value not in found:
            found.append(value)
    return found

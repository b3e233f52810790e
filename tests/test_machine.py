"""The shared state-machine engine (`supportflow._machine`) and the audit record."""

from __future__ import annotations

import enum
import json
import pickle
from importlib.metadata import version

import attrs
import pendulum
import pytest
import transitions
from hypothesis import given
from hypothesis import strategies as st

from supportflow import IllegalTransitionError, InvalidFieldError, SerializationError
from supportflow._machine import Edge, Workflow
from supportflow.audit import TransitionRecord


class Light(enum.Enum):
    RED = "red"
    GREEN = "green"
    BROKEN = "broken"


@attrs.define(slots=True, eq=False)
class Lamp:
    id: str
    state: Light = Light.RED
    history: tuple[TransitionRecord, ...] = ()
    switches: int = 0
    owner: str | None = None

    def _has_owner(self, ctx):
        return None if self.owner or ctx.kwargs.get("owner") else "a lamp needs an owner"


EDGES = [
    Edge("go", (Light.RED,), Light.GREEN, ("_has_owner",)),
    Edge("stop", (Light.GREEN,), Light.RED),
    Edge("break_", (Light.RED, Light.GREEN), Light.BROKEN),
    Edge("inspect", (Light.RED, Light.GREEN, Light.BROKEN), None),
]
FLOW = Workflow("lamp", Light, Light.RED, EDGES, final=[Light.BROKEN])
T0 = pendulum.datetime(2025, 1, 1, 9, tz="Asia/Shanghai")


def _bump(lamp):
    lamp.switches += 1


def test_transitions_version_is_pinned_range():
    """The engine relies on transitions 0.9.x internals; the pin is >=0.9.3,<0.10."""
    major, minor, patch = (int(x) for x in version("transitions").split(".")[:3])
    assert (major, minor) == (0, 9)
    assert patch >= 3


def test_transitions_internals_we_rely_on():
    """Event.trigger(model, ...) drives an unregistered object; the machine keeps no models."""
    machine = transitions.Machine(
        model=None,
        states=Light,
        initial=Light.RED,
        auto_transitions=False,
        send_event=True,
    )
    machine.add_transition("go", "RED", "GREEN")
    assert machine.models == []

    class Bare:
        state = Light.RED

    bare = Bare()
    assert machine.events["go"].trigger(bare) is True
    assert bare.state is Light.GREEN
    assert machine.models == []
    with pytest.raises(transitions.MachineError):
        machine.events["go"].trigger(bare)
    assert not hasattr(bare, "go")  # nothing was bound to the object


def test_fire_changes_state_and_appends_one_record():
    """An accepted event sets the state and appends exactly one record with the details."""
    lamp = Lamp("L1", owner="ops")
    record = FLOW.fire(lamp, "go", at=T0, actor="agent-7", note="morning", data={"n": 1})
    assert lamp.state is Light.GREEN
    assert lamp.history == (record,)
    assert (record.event, record.from_state, record.to_state) == ("go", "red", "green")
    assert (record.actor, record.note, dict(record.data)) == ("agent-7", "morning", {"n": 1})
    assert record.at == T0


def test_internal_event_records_without_changing_state():
    """An edge without a destination records the event and keeps the state."""
    lamp = Lamp("L1")
    record = FLOW.fire(lamp, "inspect", at=T0, actor="a")
    assert lamp.state is Light.RED
    assert (record.from_state, record.to_state) == ("red", "red")


def test_apply_runs_after_the_state_change():
    """apply() sets the event's field changes."""
    lamp = Lamp("L1", owner="ops")
    FLOW.fire(lamp, "go", at=T0, actor="a", apply=_bump)
    assert lamp.switches == 1


def test_illegal_event_raises_and_leaves_object_unchanged():
    """An event the state does not allow raises IllegalTransitionError with entity/state/event."""
    lamp = Lamp("L1")
    with pytest.raises(IllegalTransitionError) as info:
        FLOW.fire(lamp, "stop", at=T0, actor="a")
    assert (info.value.entity, info.value.state, info.value.event) == ("Lamp L1", "red", "stop")
    assert lamp.state is Light.RED
    assert lamp.history == ()


def test_guard_refusal_names_the_reason_and_changes_nothing():
    """A guard's reason reaches the error; state, history and fields are untouched."""
    lamp = Lamp("L1")
    with pytest.raises(IllegalTransitionError) as info:
        FLOW.fire(lamp, "go", at=T0, actor="a", apply=_bump)
    assert info.value.reason == "a lamp needs an owner"
    assert (lamp.state, lamp.history, lamp.switches) == (Light.RED, (), 0)
    FLOW.fire(lamp, "go", at=T0, actor="a", owner="bob")  # guard reads kwargs
    assert lamp.state is Light.GREEN


def test_failure_inside_apply_restores_everything():
    """If apply raises, the object is restored exactly (state and history included)."""
    lamp = Lamp("L1", owner="ops")

    def explode(obj):
        obj.switches = 99
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        FLOW.fire(lamp, "go", at=T0, actor="a", apply=explode)
    assert (lamp.state, lamp.history, lamp.switches) == (Light.RED, (), 0)


def test_time_may_not_go_backwards():
    """An event earlier than the last record is refused; equal instants are fine."""
    lamp = Lamp("L1", owner="ops")
    FLOW.fire(lamp, "go", at=T0, actor="a")
    FLOW.fire(lamp, "stop", at=T0, actor="a")
    with pytest.raises(InvalidFieldError) as info:
        FLOW.fire(lamp, "go", at=T0.subtract(seconds=1), actor="a")
    assert info.value.field == "at"
    assert len(lamp.history) == 2


def test_events_and_allowed_events_come_from_the_table():
    """The machine's events are the table's; allowed_events follows the sources."""
    assert FLOW.events == {"go", "stop", "break_", "inspect"}
    assert FLOW.allowed_events(Light.BROKEN) == {"inspect"}
    assert FLOW.allowed_events(Light.RED) == {"go", "break_", "inspect"}


def test_mermaid_lists_every_edge():
    """The diagram has one arrow per (source, event) and marks initial and final states."""
    text = FLOW.mermaid()
    assert text.startswith("stateDiagram-v2\n    [*] --> RED\n")
    assert "    RED --> GREEN: go\n" in text
    assert "    GREEN --> RED: stop\n" in text
    assert "    BROKEN --> BROKEN: inspect\n" in text
    assert "    BROKEN --> [*]\n" in text
    arrows = [line for line in text.splitlines() if ": " in line]
    assert len(arrows) == sum(len(e.sources) for e in EDGES)


def test_no_object_is_ever_registered():
    """Firing on many objects leaves the shared machine without models."""
    for i in range(50):
        FLOW.fire(Lamp(f"L{i}", owner="o"), "go", at=T0, actor="a")
    assert FLOW._machine.models == []


records = st.builds(
    TransitionRecord,
    event=st.sampled_from(["go", "stop"]),
    from_state=st.sampled_from(["red", "green"]),
    to_state=st.sampled_from(["red", "green"]),
    at=st.integers(0, 2 * 10**9).map(lambda s: pendulum.from_timestamp(s, tz="Asia/Shanghai")),
    actor=st.text(max_size=10),
    note=st.text(max_size=20),
    data=st.dictionaries(
        st.text(max_size=5),
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        max_size=3,
    ),
)


@given(records)
def test_records_round_trip(record):
    """from_dict(to_dict(r)) == r through JSON, and pickle too."""
    data = json.loads(json.dumps(record.to_dict()))
    assert TransitionRecord.from_dict(data) == record
    assert pickle.loads(pickle.dumps(record)) == record
    hash(record)


def test_record_rejects_bad_fields():
    """Naive instants and non-JSON data are refused with the field named."""
    with pytest.raises(InvalidFieldError) as info:
        TransitionRecord("go", "a", "b", "2025-01-01T00:00:00", "x")
    assert info.value.field == "at"
    for bad, field in [
        ({"x": object()}, "data.x"),
        ({"x": [float("nan")]}, "data.x[0]"),
        ({1: 2}, "data"),
        ([1], "data"),
    ]:
        with pytest.raises(InvalidFieldError) as info:
            TransitionRecord("go", "a", "b", T0, "x", data=bad)  # type: ignore[arg-type]
        assert info.value.field == field
    with pytest.raises(InvalidFieldError):
        TransitionRecord("go", "a", "b", T0, 5)  # type: ignore[arg-type]
    assert TransitionRecord("go", "a", "b", T0, "x", data=None).data == {}
    assert TransitionRecord("go", "a", "b", T0, "x", data={"f": 1.5}).data == {"f": 1.5}


def test_record_from_dict_names_paths():
    """Corrupted dicts raise SerializationError with the path."""
    good = TransitionRecord("go", "a", "b", T0, "x").to_dict()
    with pytest.raises(SerializationError) as info:
        TransitionRecord.from_dict({**good, "at": 5}, path="history[3]")
    assert info.value.path == "history[3].at"
    with pytest.raises(SerializationError) as info:
        TransitionRecord.from_dict({**good, "data": [1]}, path="history[0]")
    assert info.value.path == "history[0].data"


@given(records)
def test_engine_fast_record_equals_the_validated_constructor(record):
    """The engine's unchecked record builder gives the same record as the constructor."""
    fast = TransitionRecord._record(
        record.event,
        record.from_state,
        record.to_state,
        record.at,
        record.actor,
        record.note,
        dict(record.data),
    )
    assert fast == record
    assert fast.to_dict() == record.to_dict()


def test_engine_record_still_refuses_unsafe_data():
    """Data that is not flat JSON scalars takes the validating path and is refused there."""
    lamp = Lamp("L1", owner="ops")
    with pytest.raises(InvalidFieldError) as info:
        FLOW.fire(lamp, "go", at=T0, actor="a", data={"x": float("nan")})
    assert info.value.field == "data.x"
    assert (lamp.state, lamp.history) == (Light.RED, ())
    record = FLOW.fire(lamp, "go", at=T0, actor="a", data={"ratio": 0.5, "ids": ["a"]})
    assert dict(record.data) == {"ratio": 0.5, "ids": ["a"]}

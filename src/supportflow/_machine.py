"""The shared state-machine engine: the ONLY module that imports `transitions`.

Each workflow (complaints, payment confirmations, withdrawals) has ONE `transitions.Machine`,
built once at import, that never registers the objects it drives. Registering costs ~12 KB
and hundreds of µs per object (`add_model`) and a Machine per object costs 30-75 KB; firing
the shared machine's `Event.trigger(obj)` on an unregistered object costs nothing per object
beyond its own `state` attribute.

How an event fires (`Workflow.fire`):

1. time may not go backwards: `at` must not be earlier than the last history record;
2. the machine checks the transition table for the object's current state and runs the
   transition's guards: typed methods on the entity named in the table, each returning
   `None` (allowed) or a reason string (refused);
3. on success the machine sets `obj.state`, and ONE machine-level callback appends the
   `TransitionRecord` and applies the event's field changes (`apply`);
4. a refused event raises `IllegalTransitionError(entity, state, event, reason)`; any failure
   restores every field of the object, so the object is exactly as it was, history included.

`transitions.MachineError` never escapes this module.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs
import pendulum
from transitions import EventData, Machine, MachineError

from supportflow.audit import TransitionRecord
from supportflow.errors import IllegalTransitionError, InvalidFieldError

__all__ = ["Edge", "Entity", "Workflow"]

S = TypeVar("S", bound=enum.Enum)
E = TypeVar("E", bound="Entity")


class Entity(Protocol):
    """What the engine needs of an entity: an id, a state enum and a history tuple."""

    id: str
    state: Any
    history: tuple[TransitionRecord, ...]


@attrs.frozen
class Edge:
    """One row of a workflow's transition table.

    Attributes:
        event: The event's name (the entity has a typed method of the same name).
        sources: The states it may fire from.
        dest: The state it goes to; `None` records the event without changing state.
        guards: Names of entity methods `(ctx) -> str | None`; a string refuses with that reason.
    """

    event: str
    sources: tuple[enum.Enum, ...]
    dest: enum.Enum | None
    guards: tuple[str, ...] = ()


@attrs.define(slots=True)
class _Context:
    """What the typed method passes into a firing: record fields and the field changes."""

    at: pendulum.DateTime
    actor: str
    note: str
    data: Mapping[str, Any]
    apply: Callable[[Any], None] | None
    kwargs: Mapping[str, object]
    refusal: str | None = None


class Workflow(Generic[S]):
    """One shared `transitions.Machine` for a workflow, and the way to fire its events."""

    def __init__(
        self,
        name: str,
        states: type[S],
        initial: S,
        edges: Sequence[Edge],
        *,
        final: Iterable[S] = (),
    ) -> None:
        self.name = name
        self.states = states
        self.initial = initial
        self.edges = tuple(edges)
        self.final = frozenset(final)
        self._machine = Machine(
            model=None,
            states=states,
            initial=initial,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
            after_state_change=[self._record],
        )
        for edge in self.edges:
            self._machine.add_transition(
                edge.event,
                [s.name for s in edge.sources],
                edge.dest.name if edge.dest is not None else None,
                conditions=[self._guard(g) for g in edge.guards],
            )
        if self._machine.models:  # pragma: no cover - guards against a transitions change
            msg = "the shared machine must not register any model"
            raise RuntimeError(msg)
        self._allowed: dict[S, frozenset[str]] = {
            state: frozenset(e.event for e in self.edges if state in e.sources) for state in states
        }

    # -- introspection ----------------------------------------------------------------

    @property
    def events(self) -> frozenset[str]:
        """The names of every event of the workflow (as the machine knows them)."""
        return frozenset(self._machine.events)

    def allowed_events(self, state: S) -> frozenset[str]:
        """The events the transition table allows from `state` (guards may still refuse)."""
        return self._allowed[state]

    def mermaid(self) -> str:
        """A Mermaid `stateDiagram-v2` of the transition table, generated from the machine."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial.name}"]
        for name, event in self._machine.events.items():
            for source, transitions in event.transitions.items():
                for transition in transitions:
                    dest = transition.dest if transition.dest is not None else source
                    lines.append(f"    {source} --> {dest}: {name}")
        lines.extend(f"    {state.name} --> [*]" for state in self.states if state in self.final)
        return "\n".join(lines) + "\n"

    # -- firing -----------------------------------------------------------------------

    def fire(
        self,
        obj: Entity,
        event: str,
        *,
        at: pendulum.DateTime,
        actor: str,
        note: str = "",
        data: Mapping[str, Any] | None = None,
        apply: Callable[[Any], None] | None = None,
        **kwargs: object,
    ) -> TransitionRecord:
        """Fire `event` on `obj`; return the appended audit record.

        Args:
            obj: The entity (with `id`, `state`, `history`).
            event: The event's name.
            at: When (aware); not earlier than the last history record.
            actor: Who.
            note: Why.
            data: JSON-safe details recorded in the audit record.
            apply: Called with `obj` after the state changed, to set the event's field
                changes (all computed and validated before `fire` is called).
            **kwargs: Passed to the guards in the context.

        Raises:
            IllegalTransitionError: the state does not allow `event`, or a guard refused it.
            InvalidFieldError: `at` is earlier than the last event.
        """
        history: tuple[TransitionRecord, ...] = obj.history
        if history and at < history[-1].at:
            raise InvalidFieldError(
                "at", at, f"not be earlier than the last event ({history[-1].at.isoformat()})"
            )
        state: S = obj.state
        if event not in self._allowed[state]:
            raise IllegalTransitionError(self._label(obj), state.value, event)
        ctx = _Context(at, actor, note, data or {}, apply, kwargs)
        snapshot = _snapshot(obj)
        try:
            accepted = self._machine.events[event].trigger(obj, ctx)
        except MachineError as exc:  # pragma: no cover - the table check above comes first
            _restore(obj, snapshot)
            raise IllegalTransitionError(self._label(obj), state.value, event) from exc
        except BaseException:
            _restore(obj, snapshot)
            raise
        if not accepted:
            _restore(obj, snapshot)
            raise IllegalTransitionError(
                self._label(obj), state.value, event, ctx.refusal or "a guard refused it"
            )
        last: TransitionRecord = obj.history[-1]
        return last

    # -- machine callbacks ------------------------------------------------------------

    @staticmethod
    def _label(obj: Entity) -> str:
        return f"{type(obj).__name__} {obj.id}"

    @staticmethod
    def _guard(name: str) -> Callable[[EventData], bool]:
        def check(event_data: EventData) -> bool:
            ctx = _context(event_data)
            reason: str | None = getattr(event_data.model, name)(ctx)
            if reason is not None:
                ctx.refusal = reason
                return False
            return True

        check.__name__ = name
        return check

    def _record(self, event_data: EventData) -> None:
        ctx = _context(event_data)
        obj: Entity = event_data.model  # type: ignore[assignment]
        transition = event_data.transition
        assert transition is not None  # noqa: S101 - set by transitions before callbacks
        source = self.states[transition.source]
        record = TransitionRecord(
            event=event_data.event.name,
            from_state=source.value,
            to_state=obj.state.value,
            at=ctx.at,
            actor=ctx.actor,
            note=ctx.note,
            data=ctx.data,
        )
        obj.history = (*obj.history, record)
        if ctx.apply is not None:
            ctx.apply(obj)


def _slots(kind: type) -> tuple[str, ...]:
    cached: tuple[str, ...] | None = _SLOTS.get(kind)
    if cached is None:
        cached = tuple(a.name for a in attrs.fields(kind))
        _SLOTS[kind] = cached
    return cached


_SLOTS: dict[type, tuple[str, ...]] = {}


def _context(event_data: EventData) -> _Context:
    ctx = next(iter(event_data.args))
    assert isinstance(ctx, _Context)  # noqa: S101 - Workflow.fire always passes one
    return ctx


def _snapshot(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, name) for name in _slots(type(obj)))


def _restore(obj: object, snapshot: tuple[object, ...]) -> None:
    for name, value in zip(_slots(type(obj)), snapshot, strict=True):
        object.__setattr__(obj, name, value)

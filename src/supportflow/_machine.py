"""The shared state-machine engine: the ONLY module that imports `transitions`.

Each workflow (complaints, payment confirmations, withdrawals) has ONE `transitions.Machine`,
built once at import, that never registers the objects it drives. Registering costs ~12 KB
and hundreds of µs per object (`add_model`) and a Machine per object costs 30-75 KB; firing
on an unregistered object costs nothing per object beyond its own `state` attribute.

How an event fires (`Workflow.fire`):

1. time may not go backwards: `at` must not be earlier than the last history record;
2. the machine's transitions for the object's current state and the event are tried in
   order, each running its guards: typed methods on the entity named in the table, each
   returning `None` (allowed) or a reason string (refused); the first whose guards all pass
   is taken;
3. on success the object's `state` is set, ONE audit `TransitionRecord` is appended and the
   event's field changes (`apply`) are made;
4. a refused event raises `IllegalTransitionError(entity, state, event, reason)`; any failure
   restores every field of the object, so the object is exactly as it was, history included.

Two ways to fire, with the same behaviour (a differential test checks it):

- `Workflow.fire` walks the machine's own `Transition` objects (their sources, destinations
  and conditions, read from `machine.events` once at import) directly. transitions'
  `Event.trigger` spends ~15 µs per event in generic dispatch (callback resolution,
  `EventData`, logging) that this engine never uses; skipping it is what lets a complaint
  fire more than 50,000 events per second with its audit record and SLA clocks.
- `Workflow.trigger` fires through transitions' `Event.trigger(obj)` itself, with one
  machine-level callback appending the record: the reference path.

`transitions.MachineError` never escapes this module.

Entities whose fields are read-only to the host (`supportflow._sealed.Sealed`: assignment
raises `ReadOnlyFieldError`) are opened for the engine while it fires: `fire` and `trigger`
swap the entity to its open twin class and back, as an entity's own event methods do.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs
from transitions import EventData, Machine, MachineError

from supportflow import _sealed
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

    at: dt.datetime
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
        self.edges: tuple[Edge, ...] = tuple(edges)
        self.final: frozenset[S] = frozenset(final)
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
        # The machine's own transitions, per (state, event), in the order it tries them.
        self._routes: dict[tuple[S, str], tuple[tuple[S | None, tuple[str, ...]], ...]] = {}
        for event_name, event in self._machine.events.items():
            for source, transitions in event.transitions.items():
                self._routes[(states[source], event_name)] = tuple(
                    (
                        None if t.dest is None else states[t.dest],
                        tuple(_guard_name(c.func) for c in t.conditions),
                    )
                    for t in transitions
                )

    # -- introspection ----------------------------------------------------------------

    @property
    def events(self) -> frozenset[str]:
        """The names of every event of the workflow (as the machine knows them)."""
        return frozenset(self._machine.events)

    def allowed_events(self, state: S) -> frozenset[str]:
        """The events the transition table allows from `state` (guards may still refuse)."""
        return self._allowed[state]

    def mermaid(self, *, internal: bool = True) -> str:
        """A Mermaid `stateDiagram-v2` of the transition table, generated from the machine.

        Args:
            internal: Draw events that keep the state (no destination) as self-loops. With
                `False` they are left out of the arrows and named in a `%%` comment line.
        """
        lines = ["stateDiagram-v2"]
        kept: list[str] = []
        arrows = [f"    [*] --> {self.initial.name}"]
        for name, event in self._machine.events.items():
            for source, transitions in event.transitions.items():
                for transition in transitions:
                    if transition.dest is None and not internal:
                        if name not in kept:
                            kept.append(name)
                        continue
                    dest = transition.dest if transition.dest is not None else source
                    arrows.append(f"    {source} --> {dest}: {name}")
        if kept:
            lines.append(f"    %% events that keep the state: {', '.join(kept)}")
        lines.extend(arrows)
        lines.extend(f"    {state.name} --> [*]" for state in self.states if state in self.final)
        return "\n".join(lines) + "\n"

    # -- firing -----------------------------------------------------------------------

    def fire(
        self,
        obj: Entity,
        event: str,
        *,
        at: dt.datetime,
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
        routes = self._routes.get((state, event))
        if routes is None:
            raise IllegalTransitionError(self._label(obj), state.value, event)
        ctx = _Context(at, actor, note, data or {}, apply, kwargs)
        snapshot = _snapshot(obj)
        sealed = _sealed.open_(obj)
        try:
            for dest, guards in routes:
                for guard in guards:
                    reason: str | None = getattr(obj, guard)(ctx)
                    if reason is not None:
                        ctx.refusal = reason
                        break
                else:
                    if dest is not None:
                        obj.state = dest
                    record = TransitionRecord._record(
                        event, state.value, obj.state.value, at, actor, note, ctx.data
                    )
                    obj.history = (*history, record)
                    if apply is not None:
                        apply(obj)
                    return record
        except BaseException:
            _restore(obj, snapshot)
            raise
        finally:
            _sealed.close(obj, sealed)
        _restore(obj, snapshot)
        raise IllegalTransitionError(
            self._label(obj), state.value, event, ctx.refusal or "a guard refused it"
        )

    def trigger(
        self,
        obj: Entity,
        event: str,
        *,
        at: dt.datetime,
        actor: str,
        note: str = "",
        data: Mapping[str, Any] | None = None,
        apply: Callable[[Any], None] | None = None,
        **kwargs: object,
    ) -> TransitionRecord:
        """Like `fire`, but through transitions' own `Event.trigger(obj)` (the reference path).

        Same arguments, result and errors as `fire`; slower (see the module docstring).
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
        sealed = _sealed.open_(obj)
        try:
            accepted = self._machine.events[event].trigger(obj, ctx)
        except MachineError as exc:  # pragma: no cover - the table check above comes first
            _restore(obj, snapshot)
            raise IllegalTransitionError(self._label(obj), state.value, event) from exc
        except BaseException:
            _restore(obj, snapshot)
            raise
        finally:
            _sealed.close(obj, sealed)
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
    def _guard(name: str) -> _Guard:
        return _Guard(name)

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


class _Guard:
    """A machine condition that calls the entity's guard method `name` with the context."""

    __slots__ = ("__name__",)

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __call__(self, event_data: EventData) -> bool:
        ctx = _context(event_data)
        reason: str | None = getattr(event_data.model, self.__name__)(ctx)
        if reason is not None:
            ctx.refusal = reason
            return False
        return True


def _guard_name(func: object) -> str:
    if not isinstance(func, _Guard):  # pragma: no cover - every condition is added as a _Guard
        msg = f"unexpected machine condition {func!r}"
        raise TypeError(msg)
    return func.__name__


def _slots(kind: type) -> tuple[tuple[str, ...], Callable[[object], tuple[object, ...]]]:
    cached = _SLOTS.get(kind)
    if cached is None:
        names = tuple(a.name for a in attrs.fields(kind))
        getter = operator.attrgetter(*names)
        cached = (names, getter if len(names) > 1 else lambda obj: (getter(obj),))
        _SLOTS[kind] = cached
    return cached


_SLOTS: dict[type, tuple[tuple[str, ...], Callable[[object], tuple[object, ...]]]] = {}


def _context(event_data: EventData) -> _Context:
    ctx = next(iter(event_data.args))
    assert isinstance(ctx, _Context)  # noqa: S101 - Workflow.fire always passes one
    return ctx


def _snapshot(obj: object) -> tuple[object, ...]:
    return _slots(type(obj))[1](obj)


def _restore(obj: object, snapshot: tuple[object, ...]) -> None:
    for name, value in zip(_slots(type(obj))[0], snapshot, strict=True):
        object.__setattr__(obj, name, value)

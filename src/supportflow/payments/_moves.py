"""How a payment moves on its machine: admitting stamps, the moves, their guards.

A mixin of `PaymentConfirmation` (the state lives on it): the flow state follows what the
facts call for (`_fold.target`), forward by its own edge or by `reconcile`; a provider
snapshot may move a live payment backwards by `sync`. Each guard lets the engine through
to exactly the state the move asked for. `save` and `restore` make every event
all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from supportflow import _pendulum, _skew
from supportflow.audit import TransitionRecord
from supportflow.errors import InvalidFieldError
from supportflow.payments._types import PaymentState
from supportflow.payments._workflow import _FORWARD, _SYNC_BACK, PAYMENT_WORKFLOW, RANK, P

__all__: list[str] = []

_GETTERS: dict[Any, Callable[[object], tuple[object, ...]]] = {}


def save(obj: object) -> tuple[object, ...]:
    """Every field of `obj` (an attrs instance), for `restore`."""
    kind: Any = type(obj)
    getter = _GETTERS.get(kind)
    if getter is None:
        names = tuple(a.name for a in attrs.fields(kind))
        getter = _GETTERS[kind] = operator.attrgetter(*names)
    return getter(obj)


def restore(obj: object, saved: tuple[object, ...]) -> None:
    """Put back the fields `save` took (the event failed: nothing changed)."""
    kind: Any = type(obj)
    for a, value in zip(attrs.fields(kind), saved, strict=True):
        object.__setattr__(obj, a.name, value)


class _GuardContext(Protocol):
    """What a guard reads of the engine's firing context."""

    kwargs: Mapping[str, object]


class _Moves:
    """Admission of stamps and moves on the machine (a mixin of `PaymentConfirmation`)."""

    if TYPE_CHECKING:  # these live in the slots of the subclass, `PaymentConfirmation`
        id: str
        created_at: dt.datetime
        state: PaymentState
        history: tuple[TransitionRecord, ...]
        skew_tolerance: dt.timedelta
    else:
        __slots__ = ()

    def _when(self, at: dt.datetime | str | None, occurred: dt.datetime) -> dt.datetime:
        return self._admit(at, occurred)[0]

    def _admit(
        self, at: dt.datetime | str | None, occurred: dt.datetime
    ) -> tuple[dt.datetime, dt.datetime | None]:
        """Where an event applied at `at` is recorded, and its own stamp if moved (skew)."""
        last = self.history[-1].at if self.history else self.created_at
        if at is None:
            return max(occurred, last), None
        when = _pendulum.instant(at, field="at")
        if when < last and not self.skew_tolerance:
            raise InvalidFieldError(
                "at", at, f"not be earlier than the last event ({last.isoformat()})"
            )
        return _skew.admit(when, last, self.skew_tolerance)

    def _move(
        self,
        target: PaymentState,
        *,
        at: dt.datetime,
        actor: str,
        note: str,
        data: Mapping[str, Any],
        event: str | None = None,
    ) -> bool:
        """Move to `target`: forward by its own edge, otherwise by `reconcile`.

        Returns whether the state moved.
        """
        current = self.state
        if target is current:
            return False
        if event is not None and not _takes(event, current, target):
            event = None
        if event is None:
            event = _FORWARD.get(target)
            if (
                event is None
                or RANK[target] < RANK[current]
                or event not in PAYMENT_WORKFLOW.allowed_events(current)
            ):
                event = "reconcile"
        PAYMENT_WORKFLOW.fire(
            self,
            event,
            at=at,
            actor=actor,
            note=note,
            data=data,
            to=target,
        )
        return True

    # The guards of the `sync` edges: each lets the snapshot through to its own state.
    def _sync_guard(self, ctx: _GuardContext, state: PaymentState) -> str | None:
        return None if ctx.kwargs.get("to") is state else f"the snapshot is not {state.value}"

    def _sync_to_awaiting_payment(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.AWAITING_PAYMENT)

    def _sync_to_awaiting_customer_action(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.AWAITING_CUSTOMER_ACTION)

    def _sync_to_partially_paid(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.PARTIALLY_PAID)

    def _sync_to_processing(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.PROCESSING)

    def _sync_to_authorized(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.AUTHORIZED)

    def _sync_to_confirmed(self, ctx: _GuardContext) -> str | None:
        return self._sync_guard(ctx, P.CONFIRMED)


def _takes(event: str, current: PaymentState, target: PaymentState) -> bool:
    """Whether the preferred `event` leads from `current` to `target`."""
    if event not in PAYMENT_WORKFLOW.allowed_events(current):
        return False
    if event == "sync":
        return target in _SYNC_BACK and RANK[target] < RANK[current]
    return _EVENT_DEST.get(event) is target


def _make_reconcile_guard(state: PaymentState) -> Any:  # noqa: ANN401 - an unbound method
    def guard(self: _Moves, ctx: _GuardContext) -> str | None:
        return None if ctx.kwargs.get("to") is state else f"the facts do not call for {state.value}"

    guard.__name__ = f"_reconcile_to_{state.value}"
    return guard


for _state in PaymentState:
    setattr(_Moves, f"_reconcile_to_{_state.value}", _make_reconcile_guard(_state))

_EVENT_DEST: Final = {
    e.event: e.dest for e in PAYMENT_WORKFLOW.edges if e.event not in {"sync", "reconcile"}
}

"""Read-only public fields for every mutable entity (complaints, payments, withdrawals, queues).

An entity's public fields change only through its events. `Sealed.__setattr__` refuses an
assignment to a public field (`payment.state = ...`) with `ReadOnlyFieldError` once the
entity is built. Every public event method is wrapped by `opening`: while it runs, the
entity's class is swapped for an *open* twin (the same class, the same slots, with
`object.__setattr__`), so the event's own assignments cost nothing extra; the class is
swapped back whatever happens. The workflow engine (`supportflow._machine`) opens an entity
the same way while it fires an event (`open_` / `close`), which is how a complaint's
events write its fields. Private fields (`_tail`, indexes) are never guarded.

A class using it defines an attrs field `_sealed` (`init=False`, default `False`,
excluded from its equality), calls `seal(self)` at the end of `__attrs_post_init__`, and
sets `_read_only` to its public field names.

`opening` also keeps the entity's `version`: +1 when the outermost event call returns
normally and `_changed(name, before, result)` says it changed the entity (`before` is
`_fingerprint()` taken as the call began). A refused call raises (and restores the
entity), so it never counts; an idempotent replay changes nothing, so it never counts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from supportflow.errors import InvalidFieldError, ReadOnlyFieldError

__all__ = ["Sealed", "check_version", "close", "open_", "opening", "seal"]

P = ParamSpec("P")
R = TypeVar("R")
E = TypeVar("E")


class Sealed:
    """A mixin: public fields assignable only while one of the entity's events runs."""

    __slots__ = ()

    #: The public fields guarded (set by each class after it is built).
    _read_only: ClassVar[frozenset[str]] = frozenset()

    def _fingerprint(self) -> object:
        """What `_changed` compares after an event."""
        raise NotImplementedError  # pragma: no cover - every entity defines it

    def _changed(self, event: str, before: object, result: object) -> bool:
        """Whether the accepted call `event` (which returned `result`) changed the entity."""
        return bool(self._fingerprint() != before)

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse a public field's assignment from outside the entity's events."""
        if name in self._read_only and getattr(self, "_sealed", False):
            raise ReadOnlyFieldError(type(self).__name__, name, value)
        object.__setattr__(self, name, value)


#: The open twin of each sealed class, and the twins themselves.
_OPEN: dict[type, type] = {}
_TWINS: set[type] = set()


def _open_twin(kind: type) -> type:
    twin = _OPEN.get(kind)
    if twin is None:
        namespace = {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__module__": kind.__module__,
            "__qualname__": kind.__qualname__,
            "__doc__": kind.__doc__,
        }
        twin = _OPEN[kind] = type(kind.__name__, (kind,), namespace)
        _TWINS.add(twin)
    return twin


def open_(entity: object) -> type | None:
    """Open a sealed `entity` for the engine's writes; the class to `close` it back to.

    `None` (nothing to undo) when `entity` is not sealed or is already open (an event
    inside an event).
    """
    kind = type(entity)
    if kind in _TWINS or not isinstance(entity, Sealed):
        return None
    object.__setattr__(entity, "__class__", _open_twin(kind))
    return kind


def close(entity: object, kind: type | None) -> None:
    """Undo `open_(entity)`, which returned `kind`."""
    if kind is not None:
        object.__setattr__(entity, "__class__", kind)


def check_version(value: object) -> int:
    """`value` as an entity's version: an integer >= 1.

    Raises:
        InvalidFieldError: anything else (a bool too).
    """
    if type(value) is not int or value < 1:
        raise InvalidFieldError("version", value, "be an integer >= 1")
    return value


def seal(entity: object) -> None:
    """Close a freshly built entity: its public fields are read-only from now on."""
    object.__setattr__(entity, "_sealed", True)


def opening(method: Callable[Concatenate[E, P], R]) -> Callable[Concatenate[E, P], R]:
    """Wrap an event method: the entity is open while it runs; its version counts it."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self: E, /, *args: P.args, **kwargs: P.kwargs) -> R:
        kind = type(self)
        if kind in _TWINS:  # an event inside an event: already open
            return method(self, *args, **kwargs)
        entity: Any = self  # a Sealed entity (or a mixin of one)
        before = entity._fingerprint()
        object.__setattr__(self, "__class__", _open_twin(kind))
        try:
            result = method(self, *args, **kwargs)
        finally:
            object.__setattr__(self, "__class__", kind)
        if entity._changed(name, before, result):
            object.__setattr__(self, "version", entity.version + 1)
        return result

    return wrapper

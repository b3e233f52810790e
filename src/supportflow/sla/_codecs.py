"""The calendar codec of SLA documents, and the calls that set its registry and `embed`.

A deadline rule writes its calendar by reference (`"cn_mainland@1"`) when the calendar is
registered, unless the caller asked for an embedded copy (`to_dict(embed=True)`); reading it
back needs the caller's `Registry`. Both are arguments of the public `to_dict` / `from_dict`
of the outermost value (`supportflow._declarative.Referring`, or `loading` and `dumping`
here for the clock's own signature), held by `supportflow._declarative` for the duration of
that call, and the calendar codec reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from supportflow import _declarative
from supportflow import _json_schema as _js
from supportflow._declarative import Codec
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError, SerializationError

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = ["CALENDAR", "dumping", "dumping_with", "load_ref", "loading", "part", "reading"]

T = TypeVar("T")
U = TypeVar("U")


def reading(registry: Registry | None, read: Callable[[], T]) -> T:
    """`read()`, with calendar references resolved in `registry` while it runs."""
    with _declarative.resolving(registry):
        return read()


def loading(kind: type[T], data: object, path: str, registry: Registry | None) -> T:
    """`kind` read from `data` as declared, calendar references resolved in `registry`."""
    with _declarative.resolving(registry):
        return _declarative.load(kind, data, path=path)


def dumping(value: object, embed: bool) -> dict[str, object]:
    """`value`'s declared document, registered calendars embedded when `embed`."""
    return dumping_with(_declarative.dump, value, embed)


def dumping_with(dump: Callable[[T], U], value: T, embed: bool) -> U:
    """`dump(value)` (a codec's), registered calendars embedded when `embed`."""
    with _declarative.embedding_as(embed):
        return dump(value)


def load_ref(value: str, path: str, kind: type[T], registry: Registry | None) -> T:
    """The value a stored reference (`"name@version"`) names, from `registry`.

    Raises:
        SerializationError: no registry was given, or the reference is malformed, not
            registered, or names another type; the error names `path`.
    """
    if registry is None:
        raise SerializationError(
            path,
            value,
            f"be resolved: it is a reference to a {kind.__name__}, pass registry=",
        )
    try:
        return registry.get(value, kind)
    except InvalidFieldError as exc:
        raise SerializationError(path, value, exc.reason) from exc


def _join(path: str, key: str) -> str:
    if not key:
        return path
    if key.startswith("["):
        return f"{path}{key}"
    return f"{path}.{key}" if path else key


def _dump_calendar(calendar: BusinessCalendar) -> object:
    if calendar.ref is not None and not _declarative.embedding():
        return calendar.ref
    return calendar.to_dict()


def _load_calendar(value: object, path: str) -> Any:  # noqa: ANN401 - a BusinessCalendar
    if isinstance(value, str):
        return load_ref(value, path, BusinessCalendar, _declarative.registry())
    try:
        return BusinessCalendar.from_dict(value)
    except SerializationError as exc:
        raise SerializationError(_join(path, exc.path), exc.value, exc.reason) from exc
    except InvalidFieldError as exc:
        raise SerializationError(_join(path, exc.field), exc.value, exc.reason) from exc


#: A calendar inside a rule: its reference when registered (unless embedding), else a copy.
CALENDAR = Codec(
    _dump_calendar,
    _load_calendar,
    lambda: _js.one_of(_js.REFERENCE, _js.ref(BusinessCalendar)),
)


def part(kind: type) -> Codec:
    """A value of declared type `kind` inside an SLA document, read and written as declared.

    Unlike `_declarative.nested`, it calls no public `to_dict` / `from_dict` in between, so
    the registry and `embed` of the outermost call hold for it too.
    """

    def load(value: object, path: str) -> object:
        return _declarative.load(kind, value, path=path)

    return Codec(_declarative.dump, load, lambda: _js.ref(kind))

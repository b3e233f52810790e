"""The codecs of declared documents: how each kind of value is written, read and described.

A `Codec` writes a value JSON-safe, reads it back at a JSON path (every wrong type or value
a `SerializationError` naming that path, as strictly as `Reader`), and states its JSON
Schema. The scalars (`TEXT`, `INSTANT`, `DECIMAL`, ...) and combinators (`optional`,
`sequence`, `mapping`, `pairs`, `nested`, `enum_codec`, `custom`) are used by
`supportflow._declarative`, which re-exports them; codecs that need a class's declaration
(`union`) live there.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from supportflow import _json_schema as _js
from supportflow._serialization import (
    _join,
    _load_date,
    _load_decimal,
    _load_duration,
    _load_instant,
    apply_at,
    dump_date,
    dump_decimal,
    dump_duration,
    dump_instant,
    dump_time,
)
from supportflow.errors import InvalidFieldError, SerializationError

__all__ = [
    "BOOL",
    "DATE",
    "DECIMAL",
    "DURATION",
    "INSTANT",
    "INTEGER",
    "JSON",
    "NONEMPTY",
    "NUMBER",
    "REFERENCE",
    "TEXT",
    "WALL_TIME",
    "Codec",
    "Load",
    "custom",
    "enum_codec",
    "mapping",
    "nested",
    "optional",
    "pairs",
    "sequence",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

Load = Callable[[object, str], Any]
"""Reads a JSON value found at a JSON path, or raises `SerializationError` naming that path."""


class Codec(NamedTuple):
    """How one kind of value is written to JSON, read back, and described by a JSON Schema.

    Attributes:
        dump: The value to its JSON-safe form.
        load: `(json_value, json_path)` to the value; raises `SerializationError`.
        schema: The JSON Schema of the JSON form (a function, so that references to
            nested types are made when a schema is asked for, not at import).
        inner: For `optional`, the codec of the value when it is not `None` (lets a
            class's written-out dump spell the `None` test inline).
    """

    dump: Callable[[Any], object]
    load: Load
    schema: Callable[[], _js.Schema]
    inner: Codec | None = None


def _checked(func: Callable[[Any], T]) -> Load:
    """`func(value)` with its `InvalidFieldError`/`ValueError` turned into a path error."""

    def load(value: object, path: str) -> T:
        return apply_at(path, value, func)

    return load


def _same(value: T) -> T:
    return value


def _of_type(kind: type, what: str) -> Load:
    def load(value: object, path: str) -> object:
        # JSON keeps bool and int apart, and so do we (`True` is not the integer 1).
        if type(value) is not kind and (not isinstance(value, kind) or isinstance(value, bool)):
            raise SerializationError(path, value, f"be {what}")
        return value

    return load


def _load_nonempty(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise SerializationError(path, value, "be a non-empty string")
    return value


def _load_number(value: object, path: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SerializationError(path, value, "be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise SerializationError(path, value, "be a finite number")
    return value


def _load_time(value: object) -> dt.time:
    if not isinstance(value, str) or len(value) not in (5, 8):
        raise InvalidFieldError("", value, "be a wall-clock time written as HH:MM or HH:MM:SS")
    try:
        return dt.time.fromisoformat(value)
    except ValueError as exc:
        raise InvalidFieldError(
            "", value, "be a wall-clock time written as HH:MM or HH:MM:SS"
        ) from exc


def _load_json(value: object, path: str) -> object:
    _check_json(value, path)
    return value


def _check_json(value: object, path: str) -> None:
    # Iterative, so a value nested thousands deep is checked (or refused) without a
    # RecursionError escaping.
    pending: list[tuple[object, str]] = [(value, path)]
    while pending:
        item, where = pending.pop()
        if item is None or isinstance(item, str | bool | int):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise SerializationError(where, item, "be a finite number")
        elif isinstance(item, list):
            pending.extend((child, f"{where}[{i}]") for i, child in enumerate(item))
        elif isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise SerializationError(where, item, "be an object with string keys")
                pending.append((child, _join(where, key)))
        else:
            raise SerializationError(where, item, "be a JSON value")


def _const(schema: _js.Schema) -> Callable[[], _js.Schema]:
    return lambda: dict(schema)


#: Any string.
TEXT = Codec(_same, _of_type(str, "a string"), _const(_js.TEXT))
#: A non-empty string (ids, names).
NONEMPTY = Codec(_same, _load_nonempty, _const({"type": "string", "minLength": 1}))
#: An integer (never a bool, never a float).
INTEGER = Codec(_same, _of_type(int, "an integer"), _const(_js.INTEGER))
#: `true` or `false`.
BOOL = Codec(_same, _of_type(bool, "true or false"), _const(_js.BOOL))
#: A finite int or float.
NUMBER = Codec(_same, _load_number, _const(_js.NUMBER))
#: A `Decimal` as its exact string.
DECIMAL = Codec(dump_decimal, _checked(_load_decimal), _const(_js.DECIMAL))
#: An instant as ISO 8601 with its offset (read back as a UTC `datetime`).
INSTANT = Codec(dump_instant, _checked(_load_instant), _const(_js.INSTANT))
#: A `timedelta` as an exact ISO 8601 duration.
DURATION = Codec(dump_duration, _checked(_load_duration), _const(_js.DURATION))
#: A date as `YYYY-MM-DD`.
DATE = Codec(dump_date, _checked(_load_date), _const(_js.DATE))
#: A wall-clock time as `HH:MM` (or `HH:MM:SS`).
WALL_TIME = Codec(dump_time, _checked(_load_time), _const(_js.WALL_TIME))
#: A reference to a registered value (`"name@version"`), checked by the field's class.
REFERENCE = Codec(_same, _of_type(str, "a string"), _const(_js.REFERENCE))
#: Any JSON value, kept as it is (free-form data a host attached).
JSON = Codec(_same, _load_json, _const(_js.JSON))


def custom(
    dump: Callable[[Any], object],
    load: Callable[[Any], Any],
    schema: _js.Schema | Callable[[], _js.Schema],
) -> Codec:
    """A codec from plain functions.

    `load(json_value)` may raise `InvalidFieldError`, `ValueError` or `TypeError`, which
    become a `SerializationError` naming the path.
    """
    return Codec(dump, _checked(load), schema if callable(schema) else _const(schema))


def enum_codec(kind: type[E]) -> Codec:
    """A member of `kind` as its value."""
    choices = ", ".join(repr(member.value) for member in kind)

    def load(value: object, path: str) -> E:
        if isinstance(value, str | int) and not isinstance(value, bool):
            member = kind._value2member_map_.get(value)
            if member is not None:
                return member  # type: ignore[return-value]  # a member of kind
        raise SerializationError(path, value, f"be one of {choices}")

    return Codec(_enum_value, load, lambda: _js.enum_of(kind))


def _enum_value(member: enum.Enum) -> object:
    return member.value


def optional(inner: Codec) -> Codec:
    """`inner`, or `None` written as `null`."""

    def dump(value: object) -> object:
        return None if value is None else inner.dump(value)

    def load(value: object, path: str) -> object:
        return None if value is None else inner.load(value, path)

    return Codec(dump, load, lambda: _js.nullable(inner.schema()), inner)


def sequence(inner: Codec, *, min_items: int = 0) -> Codec:
    """A tuple of `inner` values as a JSON array."""

    def dump(value: Sequence[object]) -> object:
        return [inner.dump(item) for item in value]

    def load(value: object, path: str) -> tuple[object, ...]:
        if not isinstance(value, list):
            raise SerializationError(path, value, "be a list")
        if len(value) < min_items:
            raise SerializationError(path, value, f"hold at least {min_items} item(s)")
        return tuple(inner.load(item, f"{path}[{i}]") for i, item in enumerate(value))

    return Codec(dump, load, lambda: _js.array(inner.schema(), min_items=min_items))


def mapping(inner: Codec) -> Codec:
    """A `Mapping[str, V]` as a JSON object (read back as a `dict`, in the document's order)."""

    def dump(value: Mapping[str, object]) -> object:
        return {key: inner.dump(item) for key, item in value.items()}

    def load(value: object, path: str) -> dict[str, object]:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise SerializationError(path, value, "be an object with string keys")
        return {key: inner.load(item, _join(path, key)) for key, item in value.items()}

    return Codec(dump, load, lambda: _js.mapping(inner.schema()))


def pairs(inner: Codec) -> Codec:
    """A tuple of `(name, value)` pairs (a frozen mapping) as a JSON object."""
    as_mapping = mapping(inner)

    def dump(value: Sequence[tuple[str, object]]) -> object:
        return {key: inner.dump(item) for key, item in value}

    def load(value: object, path: str) -> tuple[tuple[str, object], ...]:
        loaded: dict[str, object] = as_mapping.load(value, path)
        return tuple(loaded.items())

    return Codec(dump, load, as_mapping.schema)


def nested(kind: type) -> Codec:
    """A value of another persisted type, as the document its `to_dict` writes.

    Read with `kind.from_dict(value, path=...)`, so errors name the full path; a
    `from_dict` without `path` is called plainly and its errors are put at this value's path.
    Which of the two is decided here, once, from the signature.
    """
    reader: Callable[..., object] = kind.from_dict  # type: ignore[attr-defined]
    takes_path = "path" in inspect.signature(reader).parameters

    def dump(value: Any) -> object:  # noqa: ANN401 - any persisted type
        return value.to_dict()

    def load_with_path(value: object, path: str) -> object:
        return reader(value, path=path)

    load = load_with_path if takes_path else _checked(reader)

    return Codec(dump, load, lambda: _js.ref(kind))

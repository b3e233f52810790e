"""Shared helpers for the `to_dict` / `from_dict` convention.

Every public stateful type writes a JSON-safe dict (str, int, bool, None, list, dict;
`Decimal`, instants, dates and durations as strings) with a `"schema"` version key, and
reads it back with a `Reader`, which names the JSON path of anything wrong
(`history[3].at`) in a `SerializationError`.

Writing:
    `{"schema": 1, "at": dump_instant(x.at), "amount": dump_decimal(x.amount)}`

Reading:
    ```
    r = Reader.root(data, schema=1, keys={"at", "amount"})
    at = r.instant("at")
    amount = r.decimal("amount")
    ```
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, Self, TypeVar, runtime_checkable

from supportflow import _pendulum
from supportflow.errors import InvalidFieldError, NewerSchemaError, SerializationError

__all__ = [
    "Reader",
    "Serializable",
    "apply_at",
    "check_schema",
    "dump_date",
    "dump_decimal",
    "dump_duration",
    "dump_instant",
    "dump_time",
]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

_MISSING: Any = object()


@runtime_checkable
class Serializable(Protocol):
    """What every persisted supportflow type offers: a JSON-safe dict and back.

    `to_dict()` returns only str, int, bool, None, lists and dicts (instants, decimals and
    durations as strings) with a `"schema"` version key; `from_dict(to_dict(x)) == x`.
    A host's repository can be written once for any of them:

    ```python
    import json
    from supportflow import FixedClock, Serializable


    def save(value: Serializable) -> str:
        return json.dumps(value.to_dict(), sort_keys=True)


    clock = FixedClock("2026-01-05T09:00:00+00:00")
    assert isinstance(clock, Serializable)
    assert type(clock).from_dict(json.loads(save(clock))) == clock
    ```
    """

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key."""
        ...  # pragma: no cover - a protocol

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """The value `to_dict` wrote, rebuilt; a typed error for anything malformed."""
        ...  # pragma: no cover - a protocol


def dump_instant(value: dt.datetime) -> str:
    """An instant as ISO 8601 with its offset."""
    return _pendulum.format_instant(value)


def dump_decimal(value: decimal.Decimal) -> str:
    """A `Decimal` as its exact string (never a float)."""
    return str(value)


def dump_duration(value: dt.timedelta) -> str:
    """A `timedelta` as an exact ISO 8601 duration (`"PT8H"`)."""
    return _pendulum.format_duration(value)


def dump_date(value: dt.date) -> str:
    """A date as `YYYY-MM-DD`."""
    return value.isoformat()


def dump_time(value: dt.time) -> str:
    """A wall-clock time as `HH:MM` (or `HH:MM:SS` when it has seconds)."""
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def check_schema(version: object, accepted: int | Collection[int], *, path: str = "schema") -> int:
    """Check a document's `"schema"` value against the versions a loader reads; return it.

    The one rule every loader follows, `Reader.root` and the hand-written ones alike: an
    integer above the newest accepted version is a document from a newer supportflow
    (`NewerSchemaError` naming both versions, never a partial read); anything else that is
    not an accepted version is a corrupt document (`SerializationError`).

    Raises:
        NewerSchemaError: `version` is an integer above `max(accepted)`.
        SerializationError: `version` is not one of `accepted` (missing, a string, 0, ...).
    """
    known = {accepted} if isinstance(accepted, int) else set(accepted)
    newest = max(known)
    if type(version) is int and version > newest:
        raise NewerSchemaError(
            path, version, f"be a schema this supportflow reads (at most {newest})", version, newest
        )
    if type(version) is not int or version not in known:
        raise SerializationError(
            path, version, f"be a known schema version ({', '.join(map(str, sorted(known)))})"
        )
    return version


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    """A cursor over a JSON-safe value that knows its JSON path.

    Every accessor raises `SerializationError` naming the full path of the offending value.
    """

    __slots__ = ("_checked", "path", "value")

    def __init__(self, value: object, path: str = "") -> None:
        self.value = value
        self.path = path
        # Whether `value` was already checked to be a mapping with string keys: every
        # accessor needs that, and re-checking every key on every read is what made a
        # large document's load quadratic-ish in its width.
        self._checked = False

    # -- structure --------------------------------------------------------------------

    @classmethod
    def root(
        cls,
        data: object,
        *,
        schema: int | Collection[int],
        keys: Collection[str] | None = None,
        optional: Collection[str] = (),
        path: str = "",
    ) -> Reader:
        """Start reading `data`, a dict written by some `to_dict` of schema version `schema`.

        Args:
            data: The dict.
            schema: The accepted `"schema"` version(s).
            keys: When given, the keys that must be present (besides `"schema"`); any key
                outside `keys` and `optional` is rejected, so typos never pass silently.
            optional: Keys that may be present.
            path: The JSON path of `data` inside a larger document.
        """
        reader = cls(data, path)
        reader.mapping_value()
        check_schema(reader.raw("schema"), schema, path=_join(path, "schema"))
        if keys is not None:
            reader.require_keys({"schema", *keys}, optional=optional)
        return reader

    def mapping_value(self) -> Mapping[str, object]:
        """The value itself, which must be a dict with string keys."""
        if self._checked:
            return self.value  # type: ignore[return-value]  # checked below, once
        if not isinstance(self.value, Mapping) or not all(isinstance(k, str) for k in self.value):
            raise SerializationError(self.path, self.value, "be an object with string keys")
        self._checked = True
        return self.value

    def require_keys(self, keys: Collection[str], *, optional: Collection[str] = ()) -> None:
        """Check that every key in `keys` is present and no key outside `keys | optional` is."""
        mapping = self.mapping_value()
        for key in sorted(keys):
            if key not in mapping:
                raise SerializationError(_join(self.path, key), None, "be present")
        allowed = set(keys) | set(optional)
        for key in mapping:
            if key not in allowed:
                raise SerializationError(_join(self.path, key), mapping[key], "not be present")

    def has(self, key: str) -> bool:
        """Whether `key` is present (and not `None`)."""
        return self.mapping_value().get(key) is not None

    def raw(self, key: str, default: object = _MISSING) -> object:
        """The value at `key` as it is; missing raises unless `default` is given."""
        mapping = self.mapping_value()
        if key not in mapping:
            if default is _MISSING:
                raise SerializationError(_join(self.path, key), None, "be present")
            return default
        return mapping[key]

    def child(self, key: str) -> Reader:
        """A reader for the value at `key`."""
        return Reader(self.raw(key), _join(self.path, key))

    def items(self, key: str) -> list[Reader]:
        """Readers for each element of the list at `key`."""
        child = self.child(key)
        return child.elements()

    def elements(self) -> list[Reader]:
        """Readers for each element of this list."""
        if not isinstance(self.value, list):
            raise SerializationError(self.path, self.value, "be a list")
        return [Reader(v, _join(self.path, i)) for i, v in enumerate(self.value)]

    def entries(self, key: str) -> Iterator[tuple[str, Reader]]:
        """`(name, reader)` pairs for the object at `key`, in its order."""
        child = self.child(key)
        for name, value in child.mapping_value().items():
            yield name, Reader(value, _join(child.path, name))

    # -- scalars ----------------------------------------------------------------------

    def fail(self, reason: str, key: str | int | None = None) -> SerializationError:
        """A `SerializationError` for this value (or its `key`) that says it must `reason`."""
        if key is None:
            return SerializationError(self.path, self.value, reason)
        value = (
            self.value[key]
            if isinstance(self.value, list) and isinstance(key, int)
            else self.mapping_value().get(str(key))
        )
        return SerializationError(_join(self.path, key), value, reason)

    def _typed(self, key: str, kind: type[T] | tuple[type, ...], what: str, default: object) -> T:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value  # type: ignore[return-value]
        # bool is an int subclass; JSON keeps them apart and so do we.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _types(kind)):
            raise SerializationError(_join(self.path, key), value, f"be {what}")
        return value  # type: ignore[return-value]

    def text(self, key: str, default: object = _MISSING) -> Any:
        """The string at `key`."""
        return self._typed(key, str, "a string", default)

    def integer(self, key: str, default: object = _MISSING) -> Any:
        """The integer at `key` (not a bool, not a float)."""
        return self._typed(key, int, "an integer", default)

    def flag(self, key: str, default: object = _MISSING) -> Any:
        """The boolean at `key`."""
        return self._typed(key, bool, "true or false", default)

    def number(self, key: str, default: object = _MISSING) -> Any:
        """The finite int or float at `key`."""
        value: object = self._typed(key, (int, float), "a number", default)
        if isinstance(value, float) and not math.isfinite(value):
            raise SerializationError(_join(self.path, key), value, "be a finite number")
        return value

    def convert(self, key: str, func: Callable[[Any], T], default: object = _MISSING) -> T:
        """Apply `func` to the value at `key`, turning its `InvalidFieldError` into a path error.

        `func` should raise `InvalidFieldError` (or `ValueError`/`TypeError`) for bad input.
        """
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value  # type: ignore[return-value]
        return self._apply(_join(self.path, key), value, func)

    def as_(self, func: Callable[[Any], T]) -> T:
        """Apply `func` to this reader's own value, with path errors."""
        return self._apply(self.path, self.value, func)

    @staticmethod
    def _apply(path: str, value: object, func: Callable[[Any], T]) -> T:
        return apply_at(path, value, func)

    def decimal(self, key: str, default: object = _MISSING) -> Any:
        """The `Decimal` written as a string at `key` (finite)."""
        return self.convert(key, _load_decimal, default)

    def instant(self, key: str, default: object = _MISSING) -> Any:
        """The instant written as ISO 8601 with an offset at `key`."""
        return self.convert(key, _load_instant, default)

    def duration(self, key: str, default: object = _MISSING) -> Any:
        """The `timedelta` written as an ISO 8601 duration at `key`."""
        return self.convert(key, _load_duration, default)

    def date(self, key: str, default: object = _MISSING) -> Any:
        """The date written as `YYYY-MM-DD` at `key`."""
        return self.convert(key, _load_date, default)

    def enum(self, key: str, kind: type[E], default: object = _MISSING) -> Any:
        """The member of `kind` whose value is at `key`."""
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        # Only a scalar can be a member's value; anything else (a nested list, a dict) is
        # refused before the enum machinery hashes or compares it.
        if isinstance(value, str | int) and not isinstance(value, bool):
            member = kind._value2member_map_.get(value)
            if member is not None:
                return member
            for member in kind:  # values that are equal but hash apart (none of ours)
                if member.value == value:
                    return member
        choices = ", ".join(repr(m.value) for m in kind)
        raise SerializationError(_join(self.path, key), value, f"be one of {choices}")

    @contextmanager
    def building(self) -> Iterator[None]:
        """Turn an `InvalidFieldError` raised while building an object into a path error.

        The field named by the error is appended to this reader's path.
        """
        try:
            yield
        except InvalidFieldError as exc:
            raise SerializationError(_join(self.path, exc.field), exc.value, exc.reason) from exc


def apply_at(path: str, value: object, func: Callable[[Any], T]) -> T:
    """`func(value)`, its `InvalidFieldError`/`ValueError`/`TypeError` a path error at `path`."""
    try:
        return func(value)
    except SerializationError:
        raise
    except InvalidFieldError as exc:
        raise SerializationError(path, value, exc.reason) from exc
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise SerializationError(path, value, f"be valid ({exc})") from exc


def _types(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _load_decimal(value: object) -> decimal.Decimal:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a decimal number written as a string")
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation as exc:
        raise InvalidFieldError("", value, "be a decimal number written as a string") from exc
    if not number.is_finite():
        raise InvalidFieldError("", value, "be a finite decimal number")
    return number


def _load_instant(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be an ISO 8601 date-time string with an offset")
    return _pendulum.parse_instant(value, field="")


def _load_duration(value: object) -> dt.timedelta:
    return _pendulum.parse_duration(value, field="")


def _load_date(value: object) -> dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise InvalidFieldError("", value, "be a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidFieldError("", value, "be a date written as YYYY-MM-DD") from exc

"""Compact rows that load fast, for the entities a service loads on every request.

A payment or a withdrawal request is read from the database on every webhook and every
page of a queue, so its row is written compactly and read by a loader that checks each
value once:

- a key whose value is the field's default is left out (`Row` fills it back in), and any
  key the type does not know is refused, as everywhere;
- audit records (`TransitionRecord`) are written without their per-record `"schema"`
  (the row states the schema), with `from` only when it is not the previous record's
  `to` (the first record's `from` is the entity's initial state), and `actor`, `note`
  and `data` only when they differ from the entity's default actor, `""` and `{}`.

Every refusal is a `SerializationError` naming the JSON path, exactly as the `Reader`
based loaders give.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, NoReturn, TypeVar

from supportflow import _json_schema as _js
from supportflow import _pendulum
from supportflow._serialization import dump_instant
from supportflow.audit import TransitionRecord
from supportflow.errors import InvalidFieldError, SerializationError

__all__ = ["COMPACT_RECORD", "Row", "dump_history", "load_history"]

#: The JSON Schema of an audit record in the compact form (no `"schema"`; `from`, `actor`,
#: `note` and `data` only when they differ from the usual).
COMPACT_RECORD: Final[_js.Schema] = _js.record(
    {"event": _js.TEXT, "to": _js.TEXT, "at": _js.INSTANT},
    {"from": _js.TEXT, "actor": _js.TEXT, "note": _js.TEXT, "data": _js.mapping(_js.JSON)},
)

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
_MISSING: Any = object()


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Row:
    """A JSON object checked once: string keys, required keys present, no unknown key.

    Missing optional keys read as their defaults (JSON values, converted like the rest).
    """

    __slots__ = ("data", "path")

    def __init__(
        self,
        data: object,
        path: str,
        *,
        required: Iterable[str],
        defaults: Mapping[str, object],
    ) -> None:
        """Check `data` and fill in the defaults of the keys it leaves out."""
        if not isinstance(data, dict) or not all(type(k) is str for k in data):
            raise SerializationError(path, data, "be an object with string keys")
        for key in required:
            if key not in data:
                raise SerializationError(_join(path, key), None, "be present")
        for key in data:
            if key not in defaults and key not in required:
                raise SerializationError(_join(path, key), data[key], "not be present")
        self.data: dict[str, object] = {**defaults, **data}
        self.path = path

    def _fail(self, key: str, value: object, reason: str) -> SerializationError:
        return SerializationError(_join(self.path, key), value, reason)

    def text(self, key: str) -> str:
        """The string at `key`."""
        value = self.data[key]
        if type(value) is not str:
            raise self._fail(key, value, "be a string")
        return value

    def integer(self, key: str) -> int:
        """The integer at `key` (never a bool)."""
        value = self.data[key]
        if type(value) is not int:
            raise self._fail(key, value, "be an integer")
        return value

    def flag(self, key: str) -> bool:
        """The boolean at `key`."""
        value = self.data[key]
        if type(value) is not bool:
            raise self._fail(key, value, "be true or false")
        return value

    def decimal(self, key: str) -> decimal.Decimal:
        """The finite `Decimal` written as a string at `key`."""
        return load_decimal(self.data[key], _join(self.path, key))

    def instant(self, key: str) -> dt.datetime:
        """The instant (ISO 8601 with an offset) at `key`, as a UTC instant."""
        return load_instant(self.data[key], _join(self.path, key))

    def optional_instant(self, key: str) -> dt.datetime | None:
        """The instant at `key`, or `None`."""
        value = self.data[key]
        return None if value is None else load_instant(value, _join(self.path, key))

    def duration(self, key: str) -> dt.timedelta:
        """The ISO 8601 duration at `key`."""
        value = self.data[key]
        try:
            return _pendulum.parse_duration(value, field="")
        except InvalidFieldError as exc:
            raise self._fail(key, value, exc.reason) from exc

    def member(self, key: str, members: Mapping[object, E]) -> E:
        """The enum member whose value is at `key` (`members`: value -> member)."""
        value = self.data[key]
        member = members.get(value) if isinstance(value, str) else None
        if member is None:
            choices = ", ".join(repr(v) for v in members)
            raise self._fail(key, value, f"be one of {choices}")
        return member

    def optional_member(self, key: str, members: Mapping[object, E]) -> E | None:
        """The enum member at `key`, or `None`."""
        return None if self.data[key] is None else self.member(key, members)

    def items(self, key: str) -> list[tuple[object, str]]:
        """The elements of the list at `key`, each with its path."""
        value = self.data[key]
        if not isinstance(value, list):
            raise self._fail(key, value, "be a list")
        base = _join(self.path, key)
        return [(item, f"{base}[{i}]") for i, item in enumerate(value)]

    def build(self, make: Callable[[], T]) -> T:
        """`make()`, with a field's `InvalidFieldError` turned into a path error."""
        try:
            return make()
        except InvalidFieldError as exc:
            raise SerializationError(_join(self.path, exc.field), exc.value, exc.reason) from exc


def members(kind: type[E]) -> dict[object, E]:
    """The value -> member table `Row.member` reads with."""
    return {m.value: m for m in kind}


def load_decimal(value: object, path: str) -> decimal.Decimal:
    """A finite `Decimal` written as a string."""
    if type(value) is str:
        try:
            number = decimal.Decimal(value)
        except decimal.InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    raise SerializationError(path, value, "be a finite decimal number written as a string")


def load_instant(value: object, path: str) -> dt.datetime:
    """A UTC instant from ISO 8601 with an offset."""
    if type(value) is not str:
        raise SerializationError(path, value, "be an ISO 8601 date-time string with an offset")
    try:
        return _pendulum.parse_instant(value, field="")
    except InvalidFieldError as exc:
        raise SerializationError(path, value, exc.reason) from exc


# -- audit records --------------------------------------------------------------------------

_RECORD_KEYS: Final = frozenset({"event", "to", "at", "from", "actor", "note", "data"})


def dump_history(
    history: Iterable[TransitionRecord], *, initial: str, actor: str
) -> list[dict[str, object]]:
    """The compact form of `history` (see the module docstring)."""
    out: list[dict[str, object]] = []
    previous = initial
    for record in history:
        entry: dict[str, object] = {
            "event": record.event,
            "to": record.to_state,
            "at": dump_instant(record.at),
        }
        if record.from_state != previous:
            entry["from"] = record.from_state
        if record.actor != actor:
            entry["actor"] = record.actor
        if record.note:
            entry["note"] = record.note
        if record.data:
            entry["data"] = dict(record.data)
        out.append(entry)
        previous = record.to_state
    return out


def load_history(
    value: object, path: str, *, initial: str, actor: str
) -> tuple[TransitionRecord, ...]:
    """Read what `dump_history` wrote.

    Raises:
        SerializationError: not a list of records, or a malformed record (named by path).
    """
    if not isinstance(value, list):
        raise SerializationError(path, value, "be a list")
    records = []
    previous = initial
    record = TransitionRecord._record
    for i, item in enumerate(value):
        if type(item) is not dict or not _RECORD_KEYS.issuperset(item):
            _refuse(item, f"{path}[{i}]")
        get = item.get
        event, to_state, at = get("event"), get("to"), get("at")
        from_state, who, note = get("from", previous), get("actor", actor), get("note", "")
        data = get("data", _EMPTY)
        if (
            type(event) is not str
            or type(to_state) is not str
            or type(from_state) is not str
            or type(who) is not str
            or type(note) is not str
            or type(data) is not dict
        ):
            _refuse(item, f"{path}[{i}]")
        when = _instant(at) if type(at) is str else None
        if when is None:
            when = load_instant(at, _join(f"{path}[{i}]", "at"))
        try:
            records.append(record(event, from_state, to_state, when, who, note, data))
        except InvalidFieldError as exc:
            raise SerializationError(
                _join(f"{path}[{i}]", exc.field), exc.value, exc.reason
            ) from exc
        previous = to_state
    return tuple(records)


_EMPTY: Final[dict[str, object]] = {}


@functools.lru_cache(maxsize=4096)
def _instant(text: str) -> dt.datetime | None:
    """The UTC instant `text` names, or `None` when it is not one.

    Cached: instants are immutable, and the rows of a queue written in one batch share them.
    """
    try:
        return _pendulum.parse_instant(text, field="")
    except InvalidFieldError:
        return None


def _refuse(item: object, where: str) -> NoReturn:
    """The typed error for a malformed audit record (the first problem, by its path)."""
    if type(item) is not dict:
        raise SerializationError(where, item, "be an object with string keys")
    for key in item:
        if key not in _RECORD_KEYS:
            raise SerializationError(_join(where, str(key)), item[key], "not be present")
    for key in ("event", "to", "at"):
        if key not in item:
            raise SerializationError(_join(where, key), None, "be present")
    for key in ("event", "to", "from", "actor", "note"):
        if key in item and type(item[key]) is not str:
            raise SerializationError(_join(where, key), item[key], "be a string")
    raise SerializationError(_join(where, "data"), item.get("data"), "be an object")

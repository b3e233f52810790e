"""The audit trail: one immutable record per accepted event of a lifecycle entity.

Complaints, payment confirmations and withdrawal requests keep their history as a tuple of
`TransitionRecord`s: who did what, when, from which state to which, and why. History is
append-only; a refused event appends nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any, TypeAlias, cast

import attrs

from supportflow import _declarative, _pendulum, _validators
from supportflow import _json_schema as _js
from supportflow._declarative import Codec, Document, declared, spec
from supportflow.errors import InvalidFieldError, SerializationError

__all__ = ["TransitionRecord"]

#: A JSON-safe value as `TransitionRecord.data` holds it (finite floats only).
JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"

# JSON scalars whose every value is JSON-safe (float is not: NaN and infinities are refused).
_FLAT = frozenset({str, int, bool, type(None)})


#: How deep `data` may nest: far beyond any real event detail, far below the recursion limit.
_MAX_DEPTH = 32


def _check_json(path: str, value: object, depth: int = 0) -> None:
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFieldError(path, value, "be a finite number")
        return
    if depth >= _MAX_DEPTH and isinstance(value, list | dict):
        raise InvalidFieldError(path, value, f"be nested at most {_MAX_DEPTH} deep")
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_json(f"{path}[{i}]", item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidFieldError(path, key, "have string keys")
            _check_json(f"{path}.{key}", item, depth + 1)
        return
    raise InvalidFieldError(path, value, "be JSON-safe (str, int, float, bool, None, list, dict)")


def _data(value: Mapping[str, object] | None) -> Mapping[str, JsonValue]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidFieldError("data", value, "be a mapping of JSON-safe values")
    data = dict(value)
    _check_json("data", data)
    # Checked just above: every value is JSON-safe.
    return cast("dict[str, JsonValue]", data)


def _at(value: dt.datetime | str) -> dt.datetime:
    return _pendulum.instant(value, field="at")


def _stamped(value: object) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="stamped_at")


def _text(value: str) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("text", value, "be a string")
    return value


def _load_data(value: object, path: str) -> object:
    # Only the shape is read here; the record's converter checks every value is JSON-safe
    # and names the path of one that is not (`data.amount`).
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise SerializationError(path, value, "be an object with string keys")
    return value


def _dump_data(value: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    return dict(value)


_DATA = Codec(_dump_data, _load_data, lambda: _js.mapping(_js.JSON))


@declared(schema=1)
@attrs.frozen
class TransitionRecord(Document):
    """One accepted event in an entity's life: the audit record regulators ask for.

    Attributes:
        event: The event's name, e.g. `"acknowledge"`.
        from_state: The state's value before the event.
        to_state: The state's value after it (equal to `from_state` for events that only
            record something, such as `assign`).
        at: When it happened (aware).
        actor: Who did it (an agent id, `"customer"`, `"system"`).
        note: Why, in words; may be empty.
        data: JSON-safe details of the event (amounts as strings, ids, choices).
        stamped_at: The instant the event was stamped with, when it differs from `at`:
            an event stamped slightly before the last one (another server's clock) and
            accepted within the entity's skew tolerance is recorded at the last event's
            time, its own stamp kept here. `None` for every other record.

    Raises:
        InvalidFieldError: a field is missing, naive, or `data` is not JSON-safe.
    """

    event: str = attrs.field(validator=_validators.is_text)
    from_state: str = attrs.field(validator=_validators.is_text)
    to_state: str = attrs.field(validator=_validators.is_text)
    at: dt.datetime = attrs.field(converter=_at)
    actor: str = attrs.field(converter=_text)
    note: str = attrs.field(default="", converter=_text)
    data: Mapping[str, JsonValue] = attrs.field(
        factory=dict, converter=_data, hash=False, metadata=spec(_DATA)
    )
    stamped_at: dt.datetime | None = attrs.field(
        default=None, converter=_stamped, kw_only=True, metadata=spec(omit_default=True)
    )

    @classmethod
    def _record(  # noqa: PLR0917 - mirrors the constructor's field order
        cls,
        event: str,
        from_state: str,
        to_state: str,
        at: object,
        actor: object,
        note: object,
        data: Mapping[str, Any],
    ) -> TransitionRecord:
        """Build a record for the engine, skipping checks its inputs already passed.

        The engine calls this on every event; when `at` is already a UTC instant,
        `actor` and `note` are strings and `data` is a flat dict of JSON scalars (the common
        case), the record is assembled directly. Anything else goes through the validating
        constructor, which raises exactly as it always does.
        """
        if (
            type(at) is dt.datetime
            and at.tzinfo is dt.UTC
            and type(actor) is str
            and type(note) is str
            and type(data) is dict
            and all(type(v) in _FLAT for v in data.values())
            and all(type(k) is str for k in data)
        ):
            record = object.__new__(cls)
            setter = object.__setattr__
            setter(record, "event", event)
            setter(record, "from_state", from_state)
            setter(record, "to_state", to_state)
            setter(record, "at", at)
            setter(record, "actor", actor)
            setter(record, "note", note)
            setter(record, "data", dict(data))
            setter(record, "stamped_at", None)
            return record
        return cls(event, from_state, to_state, at, actor, note, data)  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> TransitionRecord:
        """Rebuild a record from `to_dict()` output.

        The usual stored record is read without the general reader (a service loads
        thousands); anything else is read as declared, which names the path of what is wrong.

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        quick = _quick(data)
        if quick is not None:
            return quick
        return _declarative.load(cls, data, path=path)


_KEYS = frozenset({"schema", "event", "from_state", "to_state", "at", "actor", "note", "data"})


def _quick(value: object) -> TransitionRecord | None:
    """The usual stored record, read without a `Reader` (a service loads thousands).

    A dict with exactly the keys `to_dict` writes (no `stamped_at`), strings where strings
    go and a flat `data` object: the same record `from_dict` builds (through `_record`,
    which falls back to the validating constructor for anything unusual). Anything else is
    `None`, and the full reader names the path of what is wrong.
    """
    if type(value) is not dict or value.keys() != _KEYS:
        return None
    schema, at = value["schema"], value["at"]
    texts = (value["event"], value["from_state"], value["to_state"], value["actor"], value["note"])
    if type(schema) is not int or schema != 1 or type(at) is not str:
        return None
    if not all(type(t) is str for t in texts) or type(value["data"]) is not dict:
        return None
    try:
        when = _pendulum.parse_instant(at, field="at")
        event, from_state, to_state, actor, note = texts
        return TransitionRecord._record(
            event, from_state, to_state, when, actor, note, value["data"]
        )
    except InvalidFieldError:
        return None

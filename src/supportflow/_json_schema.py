"""JSON Schemas (draft 2020-12) of every document a supportflow `to_dict` writes.

The mechanism: a type's schema is derived from the same declaration that writes and reads
its documents (`supportflow._declarative`: each attrs field is a key with a codec, and each
codec states its schema), so `to_dict`, `from_dict` and the schema cannot drift apart. The
few types whose documents are not a plain function of their fields (a calendar written in
full or as a preset reference, a deadline's computed keys) declare theirs by hand, with the
builders below, in `_schemas.py`; the tests draw every type from
the shipped strategies, compare the keys `to_dict` writes with the schema's properties and
validate every document with `jsonschema`, so a hand schema that misses a key fails them.

`json_schema(T)` returns a self-contained schema: the type's object schema at the root and
every type it refers to under `$defs` (`{"$ref": "#/$defs/SlaTarget"}`), so it can be
pasted into an OpenAPI 3.1 `components.schemas` entry as it is.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from supportflow.errors import InvalidFieldError

__all__ = [
    "BOOL",
    "DATE",
    "DECIMAL",
    "DURATION",
    "INSTANT",
    "INTEGER",
    "JSON",
    "NULL",
    "NUMBER",
    "REFERENCE",
    "TEXT",
    "WALL_TIME",
    "array",
    "declared_types",
    "document",
    "enum_of",
    "json_schema",
    "mapping",
    "nullable",
    "one_of",
    "record",
    "ref",
]

Schema = dict[str, Any]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: A string, any text.
TEXT: Schema = {"type": "string"}
#: An integer (JSON Schema's integer: a bool is not one).
INTEGER: Schema = {"type": "integer"}
#: A finite JSON number.
NUMBER: Schema = {"type": "number"}
#: `true` or `false`.
BOOL: Schema = {"type": "boolean"}
#: `null`.
NULL: Schema = {"type": "null"}
#: Any JSON value (free-form audit data).
JSON: Schema = {}
#: An instant as `dump_instant` writes it: ISO 8601 with an offset.
INSTANT: Schema = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)$",
}
#: A date as `YYYY-MM-DD`.
DATE: Schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
#: A wall-clock time `HH:MM` or `HH:MM:SS` (`24:00` closes a day).
WALL_TIME: Schema = {"type": "string", "pattern": r"^([01]\d|2[0-4]):[0-5]\d(:[0-5]\d)?$"}
#: A duration as `dump_duration` writes it (days and time, an optional minus sign).
DURATION: Schema = {
    "type": "string",
    "pattern": r"^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,6})?S)?)?$",
}
#: A reference to a registered value, as `Registry.add` names it (`"industry_default@3"`).
REFERENCE: Schema = {
    "type": "string",
    "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:-]*@[1-9][0-9]{0,8}$",
}
#: An exact decimal written as a string (never a JSON number, which would lose digits).
DECIMAL: Schema = {
    "type": "string",
    "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$",
}


def enum_of(kind: type[enum.Enum] | Iterable[str]) -> Schema:
    """The values of an enum (or the given strings) as a JSON Schema `enum`."""
    values = [m.value for m in kind] if isinstance(kind, type) else list(kind)
    return {"enum": values}


def nullable(schema: Schema) -> Schema:
    """`schema` or `null`."""
    return {"anyOf": [schema, NULL]}


def array(items: Schema, *, min_items: int = 0) -> Schema:
    """A JSON array whose elements all match `items`."""
    out: Schema = {"type": "array", "items": items}
    if min_items:
        out["minItems"] = min_items
    return out


def mapping(values: Schema, *, keys: Schema | None = None) -> Schema:
    """A JSON object used as a map: any keys (matching `keys` when given) to `values`."""
    out: Schema = {"type": "object", "additionalProperties": values}
    if keys is not None:
        out["propertyNames"] = keys
    return out


def record(required: Mapping[str, Schema], optional: Mapping[str, Schema] | None = None) -> Schema:
    """A closed JSON object nested in a document (no `"schema"` key of its own)."""
    optional = optional or {}
    return {
        "type": "object",
        "properties": {**required, **optional},
        "required": sorted(required),
        "additionalProperties": False,
    }


def document(
    version: int,
    required: Mapping[str, Schema],
    optional: Mapping[str, Schema] | None = None,
) -> Schema:
    """A closed top-level document: a `"schema"` key equal to `version`, then the keys given."""
    return record({"schema": {"const": version}, **required}, optional)


def one_of(*schemas: Schema) -> Schema:
    """Exactly one of `schemas` (e.g. a calendar in full or as a preset reference)."""
    return {"oneOf": list(schemas)}


def ref(kind: type) -> Schema:
    """A reference to `kind`'s schema under `$defs`, by the type's name."""
    return {"$ref": f"#/$defs/{kind.__name__}"}


def _table() -> dict[type, Callable[[], Schema]]:
    from supportflow import _schemas  # noqa: PLC0415 - imports the calendar and SLA packages
    from supportflow._declarative import declared_types as declared_classes  # noqa: PLC0415
    from supportflow._declarative import schema_of  # noqa: PLC0415

    generated: dict[type, Callable[[], Schema]] = {
        kind: functools.partial(schema_of, kind)
        for kind in declared_classes()
        if kind.__module__.startswith("supportflow.")  # not a host's own declared classes
    }
    return {
        **generated,
        **_schemas.declarations(),
    }


def declared_types() -> tuple[type, ...]:
    """Every type with a declared schema, in a stable order (by name)."""
    return tuple(sorted(_table(), key=lambda kind: (kind.__name__, kind.__module__)))


def _refs(schema: object) -> Iterable[str]:
    if isinstance(schema, dict):
        target = schema.get("$ref")
        if isinstance(target, str):
            yield target.rsplit("/", 1)[-1]
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def json_schema(kind: object) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents `kind.to_dict()` writes.

    Self-contained: the root is `kind`'s schema, and every type it refers to is under
    `"$defs"` (referred to as `{"$ref": "#/$defs/Name"}`), so the result can be used as it
    is, e.g. in an OpenAPI 3.1 `components.schemas` entry or with the `jsonschema` package.
    Objects are closed (`additionalProperties: false`), as `from_dict` refuses unknown
    keys; instants, dates, durations and decimals are strings with a `pattern`.

    ```python
    import supportflow

    schema = supportflow.json_schema(supportflow.FixedClock)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["now", "schema"]
    assert schema["properties"]["schema"] == {"const": 1}
    ```

    The schema describes what the current version writes; `from_dict` also reads every
    earlier schema version, and refuses some documents for reasons no schema can express
    (an event log a clock refuses, a sum that does not add up).

    Args:
        kind: A supportflow class with `to_dict` (every persisted, configuration and
            read-model type; `declared_types()` in `supportflow._json_schema` lists them).

    Raises:
        InvalidFieldError: `kind` is not a supportflow type with a JSON document.
    """
    table = _table()
    if not isinstance(kind, type) or kind not in table:
        raise InvalidFieldError("kind", kind, "be a supportflow type with to_dict")
    names = {k.__name__: k for k in table}
    root = table[kind]()
    defs: dict[str, Schema] = {}
    pending = list(_refs(root))
    while pending:
        name = pending.pop()
        if name in defs:
            continue
        defs[name] = table[names[name]]()
        pending.extend(_refs(defs[name]))
    out: dict[str, Any] = {"$schema": DRAFT, "title": kind.__name__, **root}
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out

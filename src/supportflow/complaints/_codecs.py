"""The complaints package's own document codecs (see `supportflow._declarative`).

Shapes the generic codecs do not cover: a value handed to the class's validator as it was
read (so the class's own error, not a codec's, names what is wrong), an SLA clock whose
errors are re-rooted under its key, per-state and per-score counts, rates and timing figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from supportflow import _declarative
from supportflow import _json_schema as _js
from supportflow._declarative import TEXT, Codec
from supportflow._serialization import Reader, _join
from supportflow.errors import SerializationError
from supportflow.sla import SlaClock

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = [
    "ID",
    "clock",
    "described",
    "embedding",
    "raw",
    "raw_list",
    "reading_with",
    "records",
    "registry",
    "texts",
]


def described(codec: Codec, schema: _js.Schema) -> Codec:
    """`codec` as it reads and writes, with a tighter JSON Schema (`minLength`, bounds)."""
    return Codec(codec.dump, codec.load, lambda: dict(schema))


#: A string the class's validator requires to be non-empty (its error names the field).
ID = described(TEXT, {"type": "string", "minLength": 1})


def _same(value: object) -> object:
    return value


def _as_is(value: object, _path: str) -> object:
    return value


def raw(schema: _js.Schema) -> Codec:
    """A value passed to the class unread: its validator decides, naming the field."""
    return Codec(_same, _as_is, lambda: dict(schema))


def _listed(value: object, path: str) -> tuple[object, ...]:
    if not isinstance(value, list):
        raise SerializationError(path, value, "be a list")
    return tuple(value)


def raw_list(schema: _js.Schema) -> Codec:
    """A JSON array whose items the class's validator checks as a whole."""
    return Codec(list, _listed, lambda: dict(schema))


def _dump_texts(value: tuple[tuple[str, str], ...]) -> object:
    return dict(value)


def _load_texts(value: object, path: str) -> dict[str, str]:
    reader = Reader(value, path)
    out: dict[str, str] = {}
    for name, item in reader.mapping_value().items():
        if not isinstance(item, str):
            raise SerializationError(_join(path, name), item, "be a string")
        out[name] = item
    return out


#: Texts by language: written as an object, read as a dict the class's converter orders.
texts = Codec(_dump_texts, _load_texts, lambda: _js.mapping(_js.TEXT))


@contextmanager
def reading_with(*, embed: bool = False, registry: Registry | None = None) -> Iterator[None]:
    """Within the block, nested documents are written with `embed` and read with `registry`."""
    with _declarative.embedding_as(embed), _declarative.resolving(registry):
        yield


#: Whether the document being written embeds registered values (`to_dict(embed=True)`).
embedding = _declarative.embedding
#: The registry references in the document being read resolve in.
registry = _declarative.registry


def _dump_clock(value: SlaClock) -> object:
    return value.to_dict(embed=_declarative.embedding())


def _load_clock(value: object, path: str) -> SlaClock:
    try:
        return SlaClock.from_dict(value, registry=_declarative.registry())
    except SerializationError as exc:
        inner = f".{exc.path}" if exc.path else ""
        raise SerializationError(f"{path}{inner}", exc.value, exc.reason) from exc


#: An `SlaClock` (its target and events); its errors are named under the clock's key.
clock = Codec(_dump_clock, _load_clock, lambda: _js.ref(SlaClock))


def records(
    dump: Callable[[Any], Mapping[str, object]],
    build: Callable[[Reader], Any],
    keys: frozenset[str],
    schema: _js.Schema,
) -> Codec:
    """A tuple of small closed records (exactly `keys`) as a JSON array of objects."""

    def load(value: object, path: str) -> tuple[object, ...]:
        out = []
        for item in Reader(value, path).elements():
            item.require_keys(keys)
            out.append(build(item))
        return tuple(out)

    def write(value: tuple[object, ...]) -> object:
        return [dict(dump(item)) for item in value]

    return Codec(write, load, lambda: _js.array(dict(schema)))

"""One declarative mechanism for `to_dict` / `from_dict`: a document's shape is its attrs fields.

A persisted attrs class states its document once, in its fields. Each field is a key (the
field's name, or `key=`) written and read by a *codec*: how the value becomes JSON-safe,
how it is read back (as strictly as `Reader`: wrong types, unknown keys and bad values
raise `SerializationError` naming the JSON path), and its JSON Schema. `to_dict`,
`from_dict` and `supportflow.json_schema` are all derived from that one declaration, so a
new field cannot be written and forgotten when read, or be missing from the schema.

```
@declared(schema=1)
@attrs.frozen
class Hold(Document):
    reason: str  # codec inferred from the annotation
    until: dt.datetime = attrs.field(converter=...)
    note: str | None = attrs.field(default=None, metadata=spec(omit_default=True))
```

The codec of a field is inferred from its annotation (`str`, `int`, `bool`, `Decimal`,
`datetime` (an instant), `timedelta`, `date`, `time`, an `Enum`, `X | None`,
`tuple[X, ...]`, `Mapping[str, X]`, a nested declared type) or given with
`attrs.field(metadata=spec(codec))`. `omit_default=True` leaves a key out while the field
holds its default (compact rows); reading a document without it gives the default back.

A class with `@declared(schema=N, upgrades={1: step, ...})` reads every earlier schema
version through its upgrade steps (each turns a version-`k` document into a version-`k+1`
one), and refuses a newer one with `NewerSchemaError`. `@declared(schema=None)` is a record
nested inside another document, with no `"schema"` key of its own.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import enum
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Self, TypeVar

import attrs

from supportflow import _json_schema as _js
from supportflow._declarative_codecs import (
    BOOL,
    DATE,
    DECIMAL,
    DURATION,
    INSTANT,
    INTEGER,
    JSON,
    NONEMPTY,
    NUMBER,
    REFERENCE,
    TEXT,
    WALL_TIME,
    Codec,
    _enum_value,
    _same,
    custom,
    enum_codec,
    mapping,
    nested,
    optional,
    pairs,
    sequence,
)
from supportflow._serialization import _MISSING, Reader, _join, check_schema
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
    "Document",
    "Referring",
    "custom",
    "declared",
    "declared_types",
    "dump",
    "embedding",
    "embedding_as",
    "enum_codec",
    "load",
    "mapping",
    "nested",
    "optional",
    "pairs",
    "registry",
    "resolving",
    "schema_of",
    "sequence",
    "spec",
    "union",
]

if TYPE_CHECKING:
    from supportflow.registry import Registry

T = TypeVar("T")
C = TypeVar("C", bound=type)

# What one `to_dict(embed=...)` / `from_dict(registry=...)` call hands down to the codecs of
# the documents nested in it (a policy's calendars, a complaint's clocks and rules), set
# for the duration of that call by the type that takes those arguments.
_REGISTRY: contextvars.ContextVar[Registry | None] = contextvars.ContextVar(
    "supportflow.documents.registry", default=None
)
_EMBED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "supportflow.documents.embed", default=False
)


@contextlib.contextmanager
def resolving(registry: Registry | None) -> Iterator[None]:
    """Within the block, references in the documents being read resolve in `registry`."""
    token = _REGISTRY.set(registry)
    try:
        yield
    finally:
        _REGISTRY.reset(token)


@contextlib.contextmanager
def embedding_as(embed: bool) -> Iterator[None]:
    """Within the block, registered values are written in full (`True`) or as references."""
    token = _EMBED.set(embed)
    try:
        yield
    finally:
        _EMBED.reset(token)


def registry() -> Registry | None:
    """The registry references resolve in while a document is read (`None` outside)."""
    return _REGISTRY.get()


def embedding() -> bool:
    """Whether the document being written embeds registered values (`to_dict(embed=True)`)."""
    return _EMBED.get()


_KEY = "supportflow.declarative"


def union(*kinds: type) -> Codec:
    """One of several declared classes, told apart by their `constants` (e.g. `"kind"`)."""

    def choose(value: object, path: str) -> type:
        if not isinstance(value, dict):
            raise SerializationError(path, value, "be an object with string keys")
        for kind in kinds:
            constants = _OPTIONS[kind].constants
            if constants and all(value.get(k, _MISSING) == v for k, v in constants.items()):
                return kind
        tags = sorted({k for kind in kinds for k in _OPTIONS[kind].constants})
        found = {tag: value.get(tag) for tag in tags}
        allowed = "; ".join(
            ", ".join(f"{k}={v!r}" for k, v in _OPTIONS[kind].constants.items()) for kind in kinds
        )
        raise SerializationError(path, found, f"name one of: {allowed}")

    def dump(value: object) -> object:
        return _spec(type(value)).dump(value)

    def load(value: object, path: str) -> object:
        return _spec(choose(value, path)).load(value, path)

    return Codec(dump, load, lambda: _js.one_of(*(_js.ref(kind) for kind in kinds)))


# -- fields -------------------------------------------------------------------------------


class _FieldOptions(NamedTuple):
    codec: Codec | None
    key: str | None
    omit_default: bool
    skip: bool


def spec(
    codec: Codec | None = None,
    *,
    key: str | None = None,
    omit_default: bool = False,
    skip: bool = False,
) -> dict[str, object]:
    """The attrs `metadata=` of a field whose document key differs from the inferred one.

    Args:
        codec: How the value is written and read (inferred from the annotation if `None`).
        key: The document key (the field's name, without a leading `_`, if `None`).
        omit_default: Leave the key out while the field holds its default.
        skip: Not part of the document (a cache, a derived value); it must have a default.
    """
    return {_KEY: _FieldOptions(codec, key, omit_default, skip)}


class _Field(NamedTuple):
    name: str  # the attribute
    alias: str  # the __init__ argument
    key: str
    codec: Codec
    omit_default: bool
    default: object  # _MISSING when the field has none
    written_default: object  # the default as the codec writes it (when omit_default)


class _Options(NamedTuple):
    schema: int | None
    upgrades: Mapping[int, Callable[[Reader], dict[str, object]]]
    build: Callable[..., Any] | None
    description: str | None
    constants: Mapping[str, str]


class _Spec(NamedTuple):
    kind: type
    options: _Options
    fields: tuple[_Field, ...]
    required: tuple[str, ...]  # sorted, so the first missing key named is stable
    allowed: frozenset[str]
    dumper: Callable[[object], dict[str, object]]

    def dump(self, value: object) -> dict[str, object]:
        return self.dumper(value)

    def load(self, data: object, path: str) -> Any:  # noqa: ANN401 - the declared class
        reader = Reader(data, path)
        document = reader.mapping_value()
        version = self.options.schema
        if version is not None:
            found = check_schema(
                reader.raw("schema"), {*self.options.upgrades, version}, path=_join(path, "schema")
            )
            while found < version:
                document = self.options.upgrades[found](Reader(document, path))
                found += 1
                document["schema"] = found
        for key, constant in self.options.constants.items():
            if document.get(key, _MISSING) != constant:
                raise SerializationError(_join(path, key), document.get(key), f"be {constant!r}")
        for key in self.required:
            if key not in document:
                raise SerializationError(_join(path, key), None, "be present")
        for key in document:
            if key not in self.allowed:
                raise SerializationError(_join(path, key), document[key], "not be present")
        arguments: dict[str, object] = {}
        for field in self.fields:
            if field.key in document:
                arguments[field.alias] = field.codec.load(
                    document[field.key], _join(path, field.key)
                )
        build = self.options.build or self.kind
        try:
            return build(**arguments)
        except SerializationError:
            raise
        except InvalidFieldError as exc:
            key = self._key_of(exc.field)
            raise SerializationError(_join(path, key), exc.value, exc.reason) from exc

    def _key_of(self, name: str) -> str:
        for field in self.fields:
            if name in (field.name, field.alias):
                return field.key
        return name


_OPTIONS: dict[type, _Options] = {}
_SPECS: dict[type, _Spec] = {}
#: Every declared class, in the order they were declared.
_DECLARED: list[type] = []


def declared(
    *,
    schema: int | None,
    upgrades: Mapping[int, Callable[[Reader], dict[str, object]]] | None = None,
    build: Callable[..., Any] | None = None,
    description: str | None = None,
    constants: Mapping[str, str] | None = None,
) -> Callable[[C], C]:
    """Declare an attrs class's document (decorate *outside* `@attrs.frozen`).

    Args:
        schema: The version written in the `"schema"` key; `None` for a record nested in
            another document, with no `"schema"` key.
        upgrades: For each earlier version `k` still read, a step turning a version-`k`
            document (given as a `Reader`, so errors name paths) into a version-`k+1` dict.
        build: Builds the value from the fields' arguments (keyword arguments named as the
            class's `__init__` takes them); the class itself when `None`.
        description: The JSON Schema's `description`.
        constants: Keys every document of the class carries with a fixed value (a
            `"kind"` telling the members of a `union` apart); checked when read.
    """
    steps = dict(upgrades or {})
    if schema is None and steps:
        raise TypeError("a nested record has no schema version to upgrade")
    if schema is not None and any(k >= schema or k < 1 for k in steps):
        raise TypeError("upgrade steps are for versions below the current one")

    def decorate(kind: C) -> C:
        if not attrs.has(kind):  # pragma: no cover - a programming error
            raise TypeError(f"{kind.__name__} must be an attrs class (decorate outside attrs)")
        _OPTIONS[kind] = _Options(schema, steps, build, description, dict(constants or {}))
        _SPECS.pop(kind, None)
        _DECLARED.append(kind)
        return kind  # type: ignore[return-value]  # attrs.has narrowed it

    return decorate


def declared_types() -> tuple[type, ...]:
    """Every declared class imported so far, in declaration order."""
    return tuple(_DECLARED)


def _spec(kind: type) -> _Spec:
    found = _SPECS.get(kind)
    if found is not None:
        return found
    options = _OPTIONS.get(kind)
    if options is None:
        # A subclass that declares nothing (an entity's open twin while an event runs)
        # writes and reads its declared base's document.
        base = next((b for b in kind.__mro__[1:] if b in _OPTIONS), None)
        if base is None:
            raise TypeError(f"{kind.__name__} has no declared document (use @declared)")
        return _spec(base)
    fields: list[_Field] = []
    for attribute in attrs.fields(kind):
        extra = attribute.metadata.get(_KEY)
        if extra is not None and not isinstance(extra, _FieldOptions):  # pragma: no cover
            raise TypeError(f"{kind.__name__}.{attribute.name}: bad document metadata")
        if (extra is not None and extra.skip) or not attribute.init:
            continue
        codec = extra.codec if extra is not None and extra.codec is not None else None
        if codec is None:
            codec = _infer(kind, attribute.name, attribute.type)
        default: object = _MISSING
        if attribute.default is not attrs.NOTHING:
            factory = attribute.default
            if isinstance(factory, attrs.Factory):  # type: ignore[arg-type]
                if factory.takes_self:
                    raise TypeError(f"{kind.__name__}.{attribute.name}: default takes self")
                default = factory.factory()
            else:
                default = factory
        omit = extra is not None and extra.omit_default
        if omit and default is _MISSING:
            raise TypeError(f"{kind.__name__}.{attribute.name}: omit_default needs a default")
        key = extra.key if extra is not None and extra.key else attribute.name.lstrip("_")
        written = _written_default(codec, default) if omit else _MISSING
        fields.append(
            _Field(
                attribute.name,
                attribute.alias or attribute.name,
                key,
                codec,
                omit,
                default,
                written,
            )
        )
    required = tuple(
        sorted(
            {f.key for f in fields if f.default is _MISSING or not f.omit_default}
            | set(options.constants)
        )
    )
    allowed = frozenset(
        {f.key for f in fields} | set(options.constants) | ({"schema"} if options.schema else set())
    )
    made = _Spec(
        kind, options, tuple(fields), required, allowed, _compile_dump(kind, options, fields)
    )
    _SPECS[kind] = made
    return made


def _dump_expression(codec: Codec, item: str, name: str, names: dict[str, object]) -> str:
    """Python source writing `item` with `codec`.

    Inline for values written as they are, enum members and `None` tests; a call of the
    codec's dump (bound as `name` in `names`) otherwise.
    """
    if codec.dump is _same:
        return item
    if codec.dump is _enum_value:
        return f"{item}.value"
    if codec.inner is not None:
        inner = _dump_expression(codec.inner, item, f"{name}_", names)
        return f"(None if {item} is None else {inner})"
    names[name] = codec.dump
    return f"{name}({item})"


def _written_default(codec: Codec, default: object) -> object:
    """`default` as `codec` writes it, or `_MISSING` when the codec cannot write it.

    A `None` default of a field whose codec writes only values is never written, so for
    such a field equality alone decides whether the key is left out.
    """
    try:
        return codec.dump(default)
    except (TypeError, AttributeError, ValueError):
        return _MISSING


def _compile_dump(
    kind: type, options: _Options, fields: Sequence[_Field]
) -> Callable[[object], dict[str, object]]:
    """A dump function written out for `kind`'s fields, as attrs writes its `__init__`.

    The source is built only from the class's own attribute names (Python identifiers) and
    `repr` of its document keys, never from data. Spelling each field out (and skipping the
    call for codecs that write a value as it is) makes a document about as fast to write
    as a hand-written `to_dict`.
    """
    head: dict[str, object] = {}
    if options.schema is not None:
        head["schema"] = options.schema
    head.update(options.constants)
    names: dict[str, object] = {"_head": head}
    lines = ["def dump(value):", "    out = dict(_head)"]
    for index, field in enumerate(fields):
        if not field.name.isidentifier():  # pragma: no cover - attrs names are identifiers
            raise TypeError(f"{kind.__name__}: field {field.name!r} is not an identifier")
        call = _dump_expression(field.codec, "item", f"_d{index}", names)
        lines.append(f"    item = value.{field.name}")
        if not field.omit_default:
            lines.append(f"    out[{field.key!r}] = {call}")
            continue
        names[f"_default{index}"] = field.default
        # The default itself (None, (), "") is left out at once; an equal value is left out
        # only when it is written the same: Decimal("0.00") == Decimal("0") but is written
        # "0.00", and leaving it out would read back as the default's "0".
        lines += [
            f"    if item is _default{index}:",
            "        pass",
            f"    elif item != _default{index}:",
            f"        out[{field.key!r}] = {call}",
        ]
        if field.written_default is not _MISSING:
            names[f"_written{index}"] = field.written_default
            lines += [
                "    else:",
                f"        written = {call}",
                f"        if written != _written{index}:",
                f"            out[{field.key!r}] = written",
            ]
    lines.append("    return out")
    namespace: dict[str, Any] = {}
    exec(  # noqa: S102 - our own field names, as attrs does; see the docstring
        compile("\n".join(lines), f"<supportflow dump of {kind.__qualname__}>", "exec"),
        names,
        namespace,
    )
    dumper: Callable[[object], dict[str, object]] = namespace["dump"]
    return dumper


_SCALARS: dict[object, Codec] = {
    str: TEXT,
    int: INTEGER,
    bool: BOOL,
    float: NUMBER,
    decimal.Decimal: DECIMAL,
    dt.datetime: INSTANT,
    dt.timedelta: DURATION,
    dt.date: DATE,
    dt.time: WALL_TIME,
}


def _infer(kind: type, name: str, annotation: object) -> Codec:
    if isinstance(annotation, str):
        module = sys.modules[kind.__module__]
        try:
            annotation = eval(annotation, dict(vars(module)), {kind.__name__: kind})  # noqa: S307
        except Exception as exc:
            raise TypeError(
                f"{kind.__name__}.{name}: cannot read the annotation {annotation!r} ({exc}); "
                "give the field a codec with spec(...)"
            ) from exc
    try:
        return _codec_for(annotation)
    except TypeError as exc:
        raise TypeError(f"{kind.__name__}.{name}: {exc}") from exc


def _codec_for(annotation: object) -> Codec:  # noqa: PLR0911 - one return per kind
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in arguments if a is not type(None)]
        if len(rest) == 1 and len(arguments) == 2:
            return optional(_codec_for(rest[0]))
        raise TypeError(f"no codec for the union {annotation!r}")
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = arguments[0]
        if typing.get_origin(item) is tuple and typing.get_args(item)[:1] == (str,):
            inner = typing.get_args(item)
            if len(inner) == 2:
                return pairs(_codec_for(inner[1]))
        return sequence(_codec_for(item))
    if origin in (Mapping, dict) and arguments and arguments[0] is str:
        return mapping(_codec_for(arguments[1]))
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return enum_codec(annotation)
        if hasattr(annotation, "to_dict") and hasattr(annotation, "from_dict"):
            return nested(annotation)
    if annotation is object or annotation is Any:
        return JSON
    raise TypeError(f"no codec for {annotation!r}")


def schema_of(kind: type) -> _js.Schema:
    """The JSON Schema of the documents a declared class writes (built from its fields)."""
    made = _spec(kind)
    required: dict[str, _js.Schema] = {}
    optional_keys: dict[str, _js.Schema] = {}
    for key, constant in made.options.constants.items():
        required[key] = {"const": constant}
    for field in made.fields:
        target = optional_keys if field.key not in made.required else required
        target[field.key] = field.codec.schema()
    version = made.options.schema
    out = (
        _js.record(required, optional_keys)
        if version is None
        else _js.document(version, required, optional_keys)
    )
    if made.options.description:
        out["description"] = made.options.description
    return out


def dump(value: object) -> dict[str, object]:
    """`value`'s document, as its class declares it."""
    return _spec(type(value)).dump(value)


def load(kind: type[T], data: object, *, path: str = "") -> T:
    """A `kind` rebuilt from its document; typed errors name the JSON path."""
    return _spec(kind).load(data, path)  # type: ignore[no-any-return]


class Document:
    """Base of every declared class: `to_dict` and `from_dict` derived from its fields."""

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (with a `"schema"` key); `from_dict` reads it back equal."""
        return _spec(type(self)).dump(self)

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Self:
        """Rebuild a value from `to_dict()` output (or an earlier schema version's).

        Args:
            data: The dict, e.g. `json.loads` output.
            path: The JSON path of `data` inside a larger document, for error messages.

        Raises:
            NewerSchemaError: written by a newer supportflow.
            SerializationError: a missing, unknown or malformed key, or a value the
                type refuses; the error names the JSON path.
        """
        return _spec(cls).load(data, path)  # type: ignore[no-any-return]


class Referring(Document):
    """Base of a declared document that may refer to registered values.

    A calendar, policy or rules value added to a `supportflow.Registry` is written as its
    reference (`"cn_mainland@1"`) and resolved in the registry given to `from_dict`.
    """

    __slots__ = ()

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict; registered values as their `ref`, or in full when `embed`.

        Args:
            embed: Write registered values in full even when they have a `ref` (an audit
                export that loads without a registry).
        """
        with embedding_as(embed):
            return _spec(type(self)).dump(self)

    @classmethod
    def from_dict(cls, data: object, *, path: str = "", registry: Registry | None = None) -> Self:
        """Rebuild a value from `to_dict()` output, references resolved in `registry`.

        Args:
            data: The dict, e.g. `json.loads` output.
            path: The JSON path of `data` inside a larger document, for error messages.
            registry: Where the references the document holds are registered.

        Raises:
            NewerSchemaError: written by a newer supportflow.
            SerializationError: a missing, unknown or malformed key, a value the type
                refuses, or a reference with no registry or not registered; the error
                names the JSON path.
        """
        with resolving(registry):
            return _spec(cls).load(data, path)  # type: ignore[no-any-return]

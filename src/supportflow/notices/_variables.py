"""The variables schema: what each template variable is, and the checks on its values."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import re
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import pendulum

from supportflow import _json_schema as _js
from supportflow import _pendulum, _validators
from supportflow._declarative import (
    DECIMAL,
    DURATION,
    INSTANT,
    INTEGER,
    TEXT,
    Codec,
)
from supportflow._declarative import pairs as _pairs_of
from supportflow._declarative import sequence as _sequence_of
from supportflow._serialization import Reader
from supportflow.errors import InvalidFieldError, TemplateVariableError
from supportflow.notices._locales import LOCALES, Money
from supportflow.notices._template import UNSAFE_IN_VALUE, unsafe_character

__all__ = ["Variable", "VariableType"]


class VariableType(enum.Enum):
    """The type of a template variable: what values it accepts and how it renders."""

    #: A string (default at most 200 characters); renders as given.
    TEXT = "text"
    #: An `int` (never a bool); renders with comma grouping.
    INTEGER = "integer"
    #: A finite `Decimal` (or int); renders exactly, with comma grouping.
    DECIMAL = "decimal"
    #: A `Money`; renders with the locale's currency symbol (filter `money`).
    MONEY = "money"
    #: An aware datetime; renders in the customer's zone (filters `date`, `time`, `datetime`).
    INSTANT = "instant"
    #: A `timedelta` >= 0; renders in words (filter `duration`).
    DURATION = "duration"
    #: A reference code: ASCII letters, digits, `-` and `_` (default at most 40).
    REFERENCE = "reference"
    #: An `https://` URL on one of the variable's allow-listed hosts (default at most 300).
    URL = "url"
    #: One of the variable's `choices`; renders as its label in the notice's locale.
    ENUM = "enum"


_MAX_LENGTH: Final = {
    VariableType.TEXT: 200,
    VariableType.REFERENCE: 40,
    VariableType.URL: 300,
}
#: The filters each type accepts (no filter is always accepted).
FILTERS_FOR: Final[dict[VariableType, frozenset[str]]] = {
    VariableType.TEXT: frozenset({"upper", "lower", "truncate"}),
    VariableType.INTEGER: frozenset(),
    VariableType.DECIMAL: frozenset(),
    VariableType.MONEY: frozenset({"money"}),
    VariableType.INSTANT: frozenset({"date", "datetime", "time"}),
    VariableType.DURATION: frozenset({"duration"}),
    VariableType.REFERENCE: frozenset({"upper", "lower"}),
    VariableType.URL: frozenset(),
    VariableType.ENUM: frozenset({"upper", "lower", "truncate"}),
}
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
# Characters a URL value may not hold even though urlsplit would accept them: they end
# an HTML attribute or a Markdown link, or are invisible.
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")
_LINK_IN_TEXT = re.compile(r"://|www\.|\bhttps?\b", re.IGNORECASE)
_LIMIT: Final = decimal.Decimal("1e15")
_MAX_DAYS: Final = 10_000
_ZERO: Final = dt.timedelta(0)
_utcoffset = dt.datetime.utcoffset
_PENDULUM_UTC: Final = pendulum.UTC

Labels = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def _variable_name(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InvalidFieldError(
            attribute.name, value, "be a-z, 0-9 and '_', starting with a letter, at most 40 long"
        )


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidFieldError(attribute.name, value, "be True or False")


def _to_kind(value: object) -> VariableType:
    if isinstance(value, VariableType):
        return value
    try:
        return VariableType(value)
    except ValueError as exc:
        choices = ", ".join(k.value for k in VariableType)
        raise InvalidFieldError("kind", value, f"be one of {choices}") from exc


def _strings(value: object, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple | frozenset | set):
        raise InvalidFieldError(field, value, "be a list of strings")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidFieldError(field, item, "be a string")
    return tuple(sorted(items)) if isinstance(value, frozenset | set) else items


def _to_choices(value: object) -> tuple[str, ...]:
    return _strings(value, "choices")


def _to_hosts(value: object) -> tuple[str, ...]:
    return _strings(value, "hosts")


def _to_labels(value: object) -> Labels:
    """Labels as `{locale: {choice: label}}` (or the frozen tuple form), frozen and sorted."""
    if isinstance(value, tuple):
        value = {loc: dict(pairs) for loc, pairs in value}
    if not isinstance(value, Mapping):
        raise InvalidFieldError("labels", value, "be a mapping {locale: {choice: label}}")
    frozen = []
    for locale, pairs in value.items():
        if locale not in LOCALES:
            raise InvalidFieldError(f"labels.{locale}", pairs, f"use a locale of {LOCALES}")
        if not isinstance(pairs, Mapping):
            raise InvalidFieldError(f"labels.{locale}", pairs, "be a mapping {choice: label}")
        for choice, label in pairs.items():
            if not isinstance(label, str) or not label.strip() or unsafe_character(label) >= 0:
                raise InvalidFieldError(
                    f"labels.{locale}.{choice}",
                    label,
                    "be non-empty text without control characters",
                )
        frozen.append((locale, tuple(sorted(pairs.items()))))
    return tuple(sorted(frozen))


@attrs.frozen
class Variable:
    """One declared template variable: its type, whether it is required, and its limits.

    Example:
        ```python
        from supportflow.notices import Variable, VariableType

        ref = Variable("reference", VariableType.REFERENCE, max_length=20)
        assert ref.check("CMP-2025-0042") == "CMP-2025-0042"
        ```

    Attributes:
        name: How templates refer to it: `{name}`.
        kind: Its `VariableType`.
        required: A required variable must be given at render time and used by every
            locale of the template. An optional one must have a `default`.
        default: The value used when an optional variable is not given (checked like any
            value, so nothing ever renders blank).
        max_length: For text, reference and URL: the most characters accepted (defaults
            200, 40 and 300). Longer values are refused, never cut.
        tainted: The value comes from a customer (a complaint text, a name they typed).
            Tainted values may not appear in SMS and may not contain links.
        choices: For enums: the accepted values.
        labels: For enums: `{locale: {choice: label}}` shown instead of the raw choice.
        hosts: For URLs: the allow-listed host names (exact match, lower case).
        description: For operators: what the variable holds.

    Raises:
        InvalidFieldError: a field is inconsistent (e.g. an enum without choices, an
            optional variable without a default); the message names it.
    """

    name: str = attrs.field(validator=_variable_name)
    kind: VariableType = attrs.field(converter=_to_kind)
    required: bool = attrs.field(default=True, validator=_flag, kw_only=True)
    default: Any = attrs.field(default=None, kw_only=True)
    max_length: int | None = attrs.field(default=None, kw_only=True)
    tainted: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    choices: tuple[str, ...] = attrs.field(default=(), converter=_to_choices, kw_only=True)
    labels: Labels = attrs.field(default=(), converter=_to_labels, kw_only=True)
    hosts: tuple[str, ...] = attrs.field(default=(), converter=_to_hosts, kw_only=True)
    description: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:  # noqa: PLR0912 - one check per rule
        kind = self.kind
        if self.max_length is not None:
            if kind not in _MAX_LENGTH:
                raise InvalidFieldError("max_length", self.max_length, f"be None for {kind.value}")
            if type(self.max_length) is not int or not 1 <= self.max_length <= 10_000:
                raise InvalidFieldError("max_length", self.max_length, "be from 1 to 10000")
        if (kind is VariableType.ENUM) != bool(self.choices):
            raise InvalidFieldError(
                "choices", self.choices, "be given for an enum, and only for an enum"
            )
        for choice in self.choices:
            if not _NAME.fullmatch(choice):
                raise InvalidFieldError("choices", choice, "be a-z, 0-9 and '_' identifiers")
        if len(set(self.choices)) != len(self.choices):
            raise InvalidFieldError("choices", self.choices, "not repeat a choice")
        for locale, pairs in self.labels:
            for choice, _label in pairs:
                if choice not in self.choices:
                    raise InvalidFieldError(f"labels.{locale}", choice, "label a declared choice")
        if (kind is VariableType.URL) != bool(self.hosts):
            raise InvalidFieldError("hosts", self.hosts, "be given for a URL, and only for a URL")
        for host in self.hosts:
            if not _HOST.fullmatch(host):
                raise InvalidFieldError("hosts", host, "be lower-case host names")
        if not isinstance(self.description, str):
            raise InvalidFieldError("description", self.description, "be a string")
        if self.required:
            if self.default is not None:
                raise InvalidFieldError("default", self.default, "be None for a required variable")
        elif self.default is None:
            raise InvalidFieldError(
                "default", None, "be given for an optional variable (nothing renders blank)"
            )
        else:
            try:
                normalized = self.check(self.default)
            except TemplateVariableError as exc:
                raise InvalidFieldError("default", self.default, exc.reason) from exc
            object.__setattr__(self, "default", normalized)

    @property
    def limit(self) -> int | None:
        """The most characters a value may have, or `None` when length does not apply."""
        return self.max_length or _MAX_LENGTH.get(self.kind)

    def label(self, choice: str, chain: tuple[str, ...]) -> str:
        """The label of `choice` in the first locale of `chain` that has one, else `choice`.

        Raises:
            InvalidFieldError: `chain` is not a collection of locale strings.
        """
        for locale in _validators.items_of("chain", chain, str):
            for loc, pairs in self.labels:
                if loc == locale:
                    for key, text in pairs:
                        if key == choice:
                            return text
        return choice

    def check(self, value: object) -> Any:  # noqa: ANN401 - the type depends on kind
        """Return `value` checked (and normalized) for this variable.

        Raises:
            TemplateVariableError: the value does not fit; `reason` says what it must be.
        """
        return _CHECKS[self.kind](self, value)

    def checker(self) -> Callable[[object], Any]:
        """`check` as one direct call (what a compiled template keeps for rendering)."""
        return functools.partial(_CHECKS[self.kind], self)

    def _refuse(self, value: object, reason: str) -> TemplateVariableError:
        return TemplateVariableError(self.name, value, reason)


def _check_string(var: Variable, value: object) -> str:
    if type(value) is not str:
        raise var._refuse(value, "be a string")
    if not value.strip():
        raise var._refuse(value, "not be blank")
    limit = var.max_length or _MAX_LENGTH[var.kind]
    if len(value) > limit:
        raise var._refuse(value, f"be at most {limit} characters (got {len(value)})")
    unsafe = UNSAFE_IN_VALUE.search(value)
    if unsafe is not None:
        bad = unsafe.start()
        char = f"U+{ord(value[bad]):04X}"
        raise var._refuse(
            value, f"not contain control, line-break or bidi characters ({char} at {bad})"
        )
    return value


def _check_text(var: Variable, value: object) -> str:
    text = _check_string(var, value)
    if var.tainted and _LINK_IN_TEXT.search(text):
        raise var._refuse(value, "not contain a link: the value is customer-supplied")
    return text


def _check_reference(var: Variable, value: object) -> str:
    text = _check_string(var, value)
    if not _REFERENCE.fullmatch(text) or not text.isascii():
        raise var._refuse(value, "be a reference code of letters, digits, '-' and '_'")
    return text


def _check_url(var: Variable, value: object) -> str:
    text = _check_string(var, value)
    if not text.isascii() or _URL_FORBIDDEN.search(text):
        raise var._refuse(value, "be an ASCII URL without spaces, quotes or brackets")
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise var._refuse(value, "be a well-formed URL") from exc
    del port
    if parts.scheme != "https":
        raise var._refuse(value, "be an https:// URL")
    if "@" in parts.netloc or parts.hostname not in var.hosts:
        hosts = ", ".join(var.hosts)
        raise var._refuse(value, f"point at an allowed host ({hosts})")
    return text


def _check_enum(var: Variable, value: object) -> str:
    if type(value) is not str or value not in var.choices:
        raise var._refuse(value, f"be one of {', '.join(var.choices)}")
    return value


def _check_integer(var: Variable, value: object) -> int:
    if type(value) is not int or abs(value) >= _LIMIT:
        raise var._refuse(value, "be an int (not a bool) smaller than 10^15 in size")
    return value


def _check_decimal(var: Variable, value: object) -> decimal.Decimal:
    if type(value) is int:
        value = decimal.Decimal(value)
    if not isinstance(value, decimal.Decimal) or not value.is_finite() or abs(value) >= _LIMIT:
        raise var._refuse(value, "be a finite Decimal (never a float) smaller than 10^15")
    return value


def _check_money(var: Variable, value: object) -> Money:
    if not isinstance(value, Money):
        raise var._refuse(value, "be a supportflow.notices.Money")
    return value


def _check_instant(var: Variable, value: object) -> dt.datetime:
    if value.__class__ is not dt.datetime or value.tzinfo is not dt.UTC:
        try:
            value = _pendulum.instant(value, field=var.name)
        except InvalidFieldError as exc:
            raise var._refuse(value, exc.reason) from exc
    return utc_instant(value)


def utc_instant(value: dt.datetime) -> dt.datetime:
    """The aware `value` as a plain stdlib `datetime` in UTC (the same instant).

    Rendering converts it into each customer's zone with the zone's own `fromutc`; a plain
    datetime makes that conversion several times cheaper than a pendulum one.
    """
    # Most instants arrive in UTC: skip the (pure-Python, in pendulum) offset lookup.
    offset = None if value.tzinfo is _PENDULUM_UTC or value.tzinfo is dt.UTC else _utcoffset(value)
    plain = dt.datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=dt.UTC,
    )
    return plain - offset if offset else plain


def _check_duration(var: Variable, value: object) -> dt.timedelta:
    if not isinstance(value, dt.timedelta) or value < _ZERO or value.days > _MAX_DAYS:
        raise var._refuse(value, f"be a timedelta from 0 to {_MAX_DAYS} days")
    return value


_CHECKS: Final[dict[VariableType, Callable[[Variable, object], Any]]] = {
    VariableType.TEXT: _check_text,
    VariableType.INTEGER: _check_integer,
    VariableType.DECIMAL: _check_decimal,
    VariableType.MONEY: _check_money,
    VariableType.INSTANT: _check_instant,
    VariableType.DURATION: _check_duration,
    VariableType.REFERENCE: _check_reference,
    VariableType.URL: _check_url,
    VariableType.ENUM: _check_enum,
}


# -- serialization ----------------------------------------------------------------------


def _dump_money(value: Money) -> object:
    return {"amount": str(value.amount), "currency": value.currency}


def _load_money(value: object, path: str) -> Money:
    reader = Reader(value, path)
    reader.require_keys({"amount", "currency"})
    with reader.building():
        return Money(reader.decimal("amount"), reader.text("currency"))


def _money_schema() -> _js.Schema:
    return _js.record({"amount": _js.DECIMAL, "currency": _js.TEXT})


#: How a value of each type is written (the text-like types as the string itself).
_VALUES: Final[dict[VariableType, Codec]] = {
    VariableType.MONEY: Codec(_dump_money, _load_money, _money_schema),
    VariableType.INSTANT: INSTANT,
    VariableType.DURATION: DURATION,
    VariableType.DECIMAL: DECIMAL,
    VariableType.INTEGER: INTEGER,
}


def value_codec(kind: VariableType) -> Codec:
    """How a checked value of type `kind` is written to JSON and read back."""
    return _VALUES.get(kind, TEXT)


def load_value(kind: VariableType, reader: Reader, key: str) -> object:
    """Read a value of type `kind` at `key` of `reader` (a values file, a variable's default)."""
    path = f"{reader.path}.{key}" if reader.path else key
    return value_codec(kind).load(reader.raw(key), path)


def _dump_variable(var: Variable) -> dict[str, object]:
    out: dict[str, object] = {"name": var.name, "kind": var.kind.value, "required": var.required}
    if var.default is not None:
        out["default"] = value_codec(var.kind).dump(var.default)
    if var.max_length is not None:
        out["max_length"] = var.max_length
    if var.tainted:
        out["tainted"] = True
    if var.choices:
        out["choices"] = list(var.choices)
    if var.labels:
        out["labels"] = _LABELS.dump(var.labels)
    if var.hosts:
        out["hosts"] = list(var.hosts)
    if var.description:
        out["description"] = var.description
    return out


_OPTIONAL_KEYS: Final = {
    "default",
    "max_length",
    "tainted",
    "choices",
    "labels",
    "hosts",
    "description",
}
_LABELS: Final = _pairs_of(_pairs_of(TEXT))
_STRINGS: Final = _sequence_of(TEXT)


def _optional(codec: Codec, reader: Reader, key: str) -> Any:  # noqa: ANN401 - what codec reads
    if not reader.has(key):
        return ()
    return codec.load(reader.raw(key), f"{reader.path}.{key}" if reader.path else key)


def _load_variable(value: object, path: str) -> Variable:
    reader = Reader(value, path)
    reader.require_keys({"name", "kind", "required"}, optional=_OPTIONAL_KEYS)
    kind = reader.enum("kind", VariableType)
    # `null` for an optional key reads as the key left out.
    labels = _optional(_LABELS, reader, "labels")
    choices = _optional(_STRINGS, reader, "choices")
    hosts = _optional(_STRINGS, reader, "hosts")
    default = load_value(kind, reader, "default") if reader.has("default") else None
    with reader.building():
        return Variable(
            reader.text("name"),
            kind,
            required=reader.flag("required"),
            default=default,
            max_length=reader.integer("max_length", None),
            tainted=reader.flag("tainted", False),  # noqa: FBT003 - a default, not a flag argument
            choices=choices,
            labels=labels,
            hosts=hosts,
            description=reader.text("description", ""),
        )


def _variable_schema() -> _js.Schema:
    return _js.record(
        {
            "name": {"type": "string", "minLength": 1},
            "kind": _js.enum_of(VariableType),
            "required": _js.BOOL,
        },
        {
            "default": _js.JSON,
            "max_length": _js.INTEGER,
            "tainted": {"const": True},
            "choices": _js.array(_js.TEXT),
            "labels": _js.mapping(_js.mapping(_js.TEXT)),
            "hosts": _js.array(_js.TEXT),
            "description": _js.TEXT,
        },
    )


#: A declared variable in a template's document. Written by hand rather than declared in
#: `Variable`'s fields: the form of `default` depends on the sibling key `kind`, which one
#: codec per key (and one JSON Schema per key) cannot express.
VARIABLE: Final = Codec(_dump_variable, _load_variable, _variable_schema)

"""The document codecs the notices types share (see `supportflow._declarative`).

Each says how one kind of field value is written to JSON, read back with JSON-path errors,
and described in the JSON Schema, so that every notices document states its shape once,
in its class's fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from supportflow import _json_schema as _js
from supportflow import _pendulum
from supportflow._declarative import TEXT, Codec, enum_codec, sequence
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.vocabulary import NoticeChannel

__all__ = ["ANY", "CHANNEL_SET", "ID", "ID_LIST", "NAME_SET", "ZONE"]

_NONEMPTY: _js.Schema = {"type": "string", "minLength": 1}


def _same(value: object) -> object:
    return value


#: A name or id: any string when read (the class checks it), never empty in the schema.
ID = Codec(TEXT.dump, TEXT.load, lambda: dict(_NONEMPTY))

#: At least one name or id, in order.
ID_LIST = Codec(
    sequence(TEXT).dump,
    sequence(TEXT).load,
    lambda: _js.array(dict(_NONEMPTY), min_items=1),
)


def _load_zone(value: object, path: str) -> str:
    name: str = TEXT.load(value, path)
    try:
        _pendulum.zone(name, field="")
    except InvalidFieldError as exc:  # UnknownTimezoneError: the path names the key
        raise SerializationError(path, value, exc.reason) from exc
    return name


#: An IANA zone name, checked to exist when read.
ZONE = Codec(TEXT.dump, _load_zone, lambda: dict(_NONEMPTY))

_CHANNELS = sequence(enum_codec(NoticeChannel))


def _dump_channel_set(value: Iterable[NoticeChannel]) -> object:
    return sorted(channel.value for channel in value)


#: A set of channels, written as their sorted values (read back as a tuple; the class's
#: converter makes the set and refuses repeats).
CHANNEL_SET = Codec(_dump_channel_set, _CHANNELS.load, _CHANNELS.schema)


def _dump_name_set(value: Iterable[str]) -> object:
    return sorted(value)


#: A set of names, written sorted (read back as a tuple of strings).
NAME_SET = Codec(_dump_name_set, sequence(TEXT).load, sequence(TEXT).schema)


def _load_any(value: object, _path: str) -> object:
    return value


#: Any value, kept as it is for the class to check (a locale table's patterns are checked,
#: with their JSON path, when the table compiles them).
ANY = Codec(_same, _load_any, dict)

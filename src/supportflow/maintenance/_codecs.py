"""The document codecs maintenance types share (see `supportflow._declarative`).

Each is a key's reader as strict as the hand-written one it replaced, and a JSON Schema as
tight as the hand-declared one: ids and counts read as any string and any integer, and
are documented as non-empty and non-negative.
"""

from __future__ import annotations

from typing import Final

from supportflow import _json_schema as _js
from supportflow._declarative import INTEGER, TEXT, Codec

__all__ = ["COUNT", "ID", "POSITIVE"]


def _tightened(codec: Codec, extra: _js.Schema) -> Codec:
    """`codec`, its JSON Schema narrowed by `extra` (`minLength`, `minimum`)."""

    def schema() -> _js.Schema:
        return {**codec.schema(), **extra}

    return Codec(codec.dump, codec.load, schema)


#: An id: any string read back, documented as non-empty (ids are never empty).
ID: Final = _tightened(TEXT, {"minLength": 1})
#: A count: an integer, documented as non-negative.
COUNT: Final = _tightened(INTEGER, {"minimum": 0})
#: A version number: an integer, documented as 1 or more.
POSITIVE: Final = _tightened(INTEGER, {"minimum": 1})

"""`WithdrawalQueue` rows: the codecs of its collections, and the upgrades 1 -> 2 -> 3.

The queue's document is declared on its fields (`supportflow._declarative`); what is
particular to it is here: windows, requests and ledgers are written as lists of their own
documents and read back keyed by their ids (an id written twice is refused, never
silently collapsed), and the `alerts` pairs and `escalations` triples as JSON arrays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from supportflow import _json_schema as _js
from supportflow._declarative import TEXT, Codec, sequence
from supportflow._serialization import Reader, dump_duration
from supportflow.errors import SerializationError
from supportflow.maintenance._codecs import POSITIVE
from supportflow.maintenance._ledger import WindowLedger
from supportflow.maintenance._window import MaintenanceWindow
from supportflow.maintenance._withdrawal import WithdrawalRequest

__all__ = [
    "ALERTS",
    "ESCALATIONS",
    "LEDGERS",
    "RELEASING",
    "REQUESTS",
    "WINDOWS",
    "from_v1",
    "from_v2",
]


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise SerializationError(path, value, "be a list")
    return value


def _by_id(kind: Any, key: str) -> Codec:  # noqa: ANN401 - any persisted class
    """A `dict` of `kind` values by their `key`, written as the list of their documents."""

    def dump(value: Mapping[str, Any]) -> object:
        return [item.to_dict() for item in value.values()]

    def load(value: object, path: str) -> dict[str, object]:
        out: dict[str, object] = {}
        for i, element in enumerate(_list(value, path)):
            where = f"{path}[{i}]"
            item = kind.from_dict(element, path=where)
            name = getattr(item, key)
            if name in out:
                raise SerializationError(f"{where}.{key}", name, "not repeat an earlier one")
            out[name] = item
        return out

    return Codec(dump, load, lambda: _js.array(_js.ref(kind)))


#: Maintenance windows by id.
WINDOWS: Final = _by_id(MaintenanceWindow, "id")
#: Withdrawal requests by id, in submission order.
REQUESTS: Final = _by_id(WithdrawalRequest, "id")
#: Hold ledgers by window id, in the windows' order.
LEDGERS: Final = _by_id(WindowLedger, "window_id")


_IDS: Final = sequence(TEXT)


def _load_ids(value: object, path: str) -> list[str]:
    return list(_IDS.load(value, path))


#: Request ids, as a JSON array of strings.
RELEASING: Final = Codec(list, _load_ids, _IDS.schema)


def _load_version(value: object, path: str) -> int:
    if type(value) is not int or value < 1:
        raise SerializationError(path, value, "be a version number >= 1")
    return value


_VERSION: Final = Codec(int, _load_version, POSITIVE.schema)


def _tuples(what: str, *items: Codec) -> Codec:
    """A list of fixed-length tuples, each written as a JSON array (`what` names one)."""
    size = len(items)

    def dump(value: list[tuple[object, ...]]) -> object:
        return [[codec.dump(part) for codec, part in zip(items, t, strict=True)] for t in value]

    def load(value: object, path: str) -> list[tuple[object, ...]]:
        out: list[tuple[object, ...]] = []
        for i, element in enumerate(_list(value, path)):
            where = f"{path}[{i}]"
            parts = _list(element, where)
            if len(parts) != size:
                raise SerializationError(where, element, f"be a {what}")
            out.append(
                tuple(
                    codec.load(part, f"{where}[{j}]")
                    for j, (codec, part) in enumerate(zip(items, parts, strict=True))
                )
            )
        return out

    def schema() -> _js.Schema:
        parts = [codec.schema() for codec in items]
        return _js.array(
            {"type": "array", "prefixItems": parts, "minItems": size, "maxItems": size}
        )

    return Codec(dump, load, schema)


#: `(window_id, version)` pairs already alerted as `hold_overdue`.
ALERTS: Final = _tuples("[window_id, version] pair", TEXT, _VERSION)
#: `(kind, subject, episode)` keys of the other alerts already raised.
ESCALATIONS: Final = _tuples("[kind, subject, episode] triple", TEXT, TEXT, TEXT)

#: The keys of a schema-1 queue (before the hold clocks).
_V1_KEYS: Final = frozenset(
    {
        "schema",
        "batch_size",
        "batch_interval",
        "grace",
        "max_amount",
        "now",
        "windows",
        "requests",
        "ledgers",
        "releasing",
        "last_batch_at",
        "alerts",
    }
)
#: The keys of a schema-2 queue (before versions and the skew tolerance).
_V2_KEYS: Final = _V1_KEYS | {
    "max_hold",
    "max_extensions",
    "max_processing",
    "max_review",
    "update_every",
    "escalations",
}
_HOUR: Final = dt.timedelta(hours=1)


def from_v1(reader: Reader) -> dict[str, object]:
    """Schema 1 -> 2: the hold-clock settings at their (schema 2) defaults, no escalations."""
    reader.require_keys(_V1_KEYS)
    return {
        **reader.mapping_value(),
        "max_hold": dump_duration(24 * _HOUR),
        "max_extensions": 3,
        "max_processing": dump_duration(24 * _HOUR),
        "max_review": dump_duration(72 * _HOUR),
        "update_every": dump_duration(4 * _HOUR),
        "escalations": [],
    }


def from_v2(reader: Reader) -> dict[str, object]:
    """Schema 2 -> 3: no skew tolerance, and version 1 (earlier calls were not counted)."""
    reader.require_keys(_V2_KEYS)
    return {
        **reader.mapping_value(),
        "skew_tolerance": dump_duration(dt.timedelta(0)),
        "version": 1,
    }

"""`WithdrawalQueue` rows: the schema-3 dict, and the explicit upgrades 1 -> 2 -> 3."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from supportflow._serialization import Reader, dump_decimal, dump_duration, dump_instant
from supportflow.maintenance._ledger import (
    _dump_limit,
    _load_alert,
    _load_escalation,
    _load_ledger,
    _string,
)
from supportflow.maintenance._window import MaintenanceWindow
from supportflow.maintenance._withdrawal import WithdrawalRequest

if TYPE_CHECKING:
    from supportflow.maintenance._queue import WithdrawalQueue

#: The keys of a schema-1 queue (before the hold clocks).
V1_KEYS: Final = frozenset(
    {
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
V2_KEYS: Final = V1_KEYS | {
    "max_hold",
    "max_extensions",
    "max_processing",
    "max_review",
    "update_every",
    "escalations",
}


def dump(self: WithdrawalQueue) -> dict[str, object]:
    """The queue's JSON-safe dict."""
    return {
        "schema": 3,
        "batch_size": self.batch_size,
        "batch_interval": dump_duration(self.batch_interval),
        "grace": dump_duration(self.grace),
        "max_amount": None if self.max_amount is None else dump_decimal(self.max_amount),
        "now": None if self.now is None else dump_instant(self.now),
        "windows": [w.to_dict() for w in self.windows.values()],
        "requests": [r.to_dict() for r in self.requests.values()],
        "ledgers": [self.ledgers[w].to_dict() for w in self.windows],
        "releasing": list(self.releasing),
        "last_batch_at": None if self.last_batch_at is None else dump_instant(self.last_batch_at),
        "alerts": [[w, v] for w, v in self.alerts],
        "max_hold": _dump_limit(self.max_hold),
        "max_extensions": self.max_extensions,
        "max_processing": _dump_limit(self.max_processing),
        "max_review": _dump_limit(self.max_review),
        "update_every": dump_duration(self.update_every),
        "escalations": [list(k) for k in self.escalations],
        "skew_tolerance": dump_duration(self.skew_tolerance),
        "version": self.version,
    }


def keys(cls: type[WithdrawalQueue]) -> frozenset[str]:
    """The keys of a current queue dict (its constructor's fields)."""
    return frozenset(a.name for a in attrs.fields(cls) if a.init)


def upgrade_1_to_2(cls: type[WithdrawalQueue], data: object) -> dict[str, object]:
    """Schema 1 -> 2: the hold-clock settings (at their defaults) and no escalations."""
    assert isinstance(data, dict)  # noqa: S101 - checked by the reader
    new = {k: v for k, v in data.items() if k != "schema"}
    defaults = dump(cls())
    for name in V2_KEYS - V1_KEYS:
        new[name] = defaults[name]
    new["schema"] = 2
    return new


def upgrade_2_to_3(data: object) -> dict[str, object]:
    """Schema 2 -> 3: no skew tolerance, and version 1 (earlier calls were not counted)."""
    assert isinstance(data, dict)  # noqa: S101 - checked by the reader
    return {**data, "schema": 3, "skew_tolerance": "PT0S", "version": 1}


def load(cls: type[WithdrawalQueue], data: object, path: str) -> WithdrawalQueue:
    """Rebuild a queue of class `cls` from its dict (schema 1 or 2)."""
    r = Reader.root(data, schema=(1, 2, 3), path=path)
    if r.raw("schema") == 1:
        r.require_keys({"schema", *V1_KEYS})
        data = upgrade_1_to_2(cls, r.mapping_value())
        r = Reader(data, path)
    if r.raw("schema") == 2:
        r.require_keys({"schema", *V2_KEYS})
        r = Reader(upgrade_2_to_3(r.mapping_value()), path)
    r.require_keys({"schema", *keys(cls)})
    windows = [MaintenanceWindow.from_dict(e.value, path=e.path) for e in r.items("windows")]
    requests = [WithdrawalRequest.from_dict(e.value, path=e.path) for e in r.items("requests")]
    ledgers = [_load_ledger(e) for e in r.items("ledgers")]
    alerts = [_load_alert(e) for e in r.items("alerts")]
    escalations = [_load_escalation(e) for e in r.items("escalations")]
    releasing = [e.as_(_string) for e in r.items("releasing")]
    with r.building():
        return cls(
            batch_size=r.integer("batch_size"),
            batch_interval=r.duration("batch_interval"),
            grace=r.duration("grace"),
            max_amount=r.decimal("max_amount") if r.has("max_amount") else None,
            now=r.instant("now") if r.has("now") else None,
            windows={w.id: w for w in windows},
            requests={q.id: q for q in requests},
            ledgers={led.window_id: led for led in ledgers},
            releasing=releasing,
            last_batch_at=r.instant("last_batch_at") if r.has("last_batch_at") else None,
            alerts=alerts,
            max_hold=r.duration("max_hold") if r.has("max_hold") else None,
            max_extensions=r.integer("max_extensions") if r.has("max_extensions") else None,
            max_processing=r.duration("max_processing") if r.has("max_processing") else None,
            max_review=r.duration("max_review") if r.has("max_review") else None,
            update_every=r.duration("update_every"),
            escalations=escalations,
            skew_tolerance=r.duration("skew_tolerance"),
            version=r.integer("version"),
        )

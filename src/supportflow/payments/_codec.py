"""The row codecs of `PaymentConfirmation` and its upgrade steps 1 -> 2 -> 3.

The row is declared by the class's fields (`supportflow._declarative`); this module holds
what is particular to it: the compact notification log and audit history, and the steps
that read the earlier schemas.

Schema 3 adds `version` (the optimistic-concurrency counter) and `skew_tolerance`, and is
a compact row (`supportflow._compact`): keys at their defaults are left out, notifications
are written as `{"id", "kind", "at"}` plus what differs from the usual (`applied_at` when
not `at`, `amount`, `outcome` when not `applied`, `detail`), and the audit history in the
compact form. A schema 2 document is upgraded by `upgrade_2`: `skew_tolerance` zero (it
did not exist) and `version` one plus the calls its logs record - one per distinct
notification, per command and per reminder sent (a replay that raised the confirmations
count before the upgrade is not counted: only the order of versions matters to
compare-and-swap, and it grows from there).

Schema 2 adds the terms `tolerance_percent`, `processor_refunds` and `delivery_grace`, the
facts `reversed`, `closed`, `unexpected`, `snapshot_state`, `refunds` and `dispute`, and the
`commands` log. A schema 1 document (as written before) is upgraded by `upgrade_1`:

- the new terms take their defaults (they did not exist);
- `commands` are read back from the audit history: `expire` and `cancel` records that carry
  no `event_id` were host commands, `resolve_accept` / `resolve_refund` records were
  resolutions, and records with a `snapshot` entry were provider snapshots (schema 1 did
  not log the totals a snapshot replaced: they are not guessed, so a refold after the
  upgrade keeps the totals of the notifications);
- every `refunded` notification becomes a succeeded refund with the event id as refund id;
- `closed` is the closure in the flow state (expired, failed, cancelled), or the one
  whose instant is set; `reversed`, `unexpected` and `snapshot_state` start empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from supportflow import _compact
from supportflow import _json_schema as _js
from supportflow._compact import COMPACT_RECORD, Row, members
from supportflow._declarative import Codec
from supportflow._serialization import Reader, dump_decimal, dump_duration, dump_instant
from supportflow.audit import TransitionRecord
from supportflow.errors import SerializationError
from supportflow.payments._fold import notification_key
from supportflow.payments._types import (
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    PaymentState,
)

__all__ = ["HISTORY", "NOTIFICATIONS", "upgrade_1", "upgrade_2"]

_INITIAL: Final = PaymentState.AWAITING_PAYMENT.value
_ACTOR: Final = "provider"  # who most audit records of a payment name
_APPLIED: Final = NotificationOutcome.APPLIED
_KINDS: Final = members(NotificationKind)
_OUTCOMES: Final = members(NotificationOutcome)


# -- the compact notification log ---------------------------------------------------------


def _dump_notification(n: NotificationRecord) -> dict[str, object]:
    out: dict[str, object] = {
        "id": n.event_id,
        "kind": n.kind.value,
        "at": dump_instant(n.occurred_at),
    }
    if n.applied_at != n.occurred_at:
        out["applied_at"] = dump_instant(n.applied_at)
    if n.amount is not None:
        out["amount"] = dump_decimal(n.amount)
    if n.outcome is not _APPLIED:
        out["outcome"] = n.outcome.value
    if n.detail:
        out["detail"] = dict(n.detail)
    return out


def _load_notification(value: object, path: str) -> NotificationRecord:
    row = Row(value, path, required=("id", "kind", "at"), defaults=_NOTIFICATION_DEFAULTS)
    at = row.instant("at")
    detail = row.data["detail"]
    if not isinstance(detail, dict) or not all(
        type(k) is str and type(v) is str for k, v in detail.items()
    ):
        raise SerializationError(f"{path}.detail", detail, "be an object of strings")
    return NotificationRecord(
        row.text("id"),
        row.member("kind", _KINDS),
        at,
        at if row.data["applied_at"] is None else row.instant("applied_at"),
        None if row.data["amount"] is None else row.decimal("amount"),
        row.member("outcome", _OUTCOMES),
        tuple(detail.items()),
    )


_NOTIFICATION_DEFAULTS: Final[dict[str, object]] = {
    "applied_at": None,
    "amount": None,
    "outcome": _APPLIED.value,
    "detail": {},
}


def _dump_notifications(log: tuple[NotificationRecord, ...]) -> object:
    return [_dump_notification(n) for n in log]


def _load_notifications(value: object, path: str) -> tuple[NotificationRecord, ...]:
    if type(value) is tuple:  # records `upgrade_2` read from a schema 2 row
        loaded: tuple[NotificationRecord, ...] = value
    elif not isinstance(value, list):
        raise SerializationError(path, value, "be a list")
    else:
        loaded = tuple(_load_notification(v, f"{path}[{i}]") for i, v in enumerate(value))
    # Schema 1 kept them as applied, and a host may reorder a list: the fold needs the order.
    return tuple(sorted(loaded, key=notification_key))


def _notifications_schema() -> _js.Schema:
    return _js.array(
        _js.record(
            {
                "id": {"type": "string", "minLength": 1},
                "kind": _js.enum_of(NotificationKind),
                "at": _js.INSTANT,
            },
            {
                "applied_at": _js.nullable(_js.INSTANT),
                "amount": _js.nullable(_js.DECIMAL),
                "outcome": _js.enum_of(NotificationOutcome),
                "detail": _js.mapping(_js.TEXT),
            },
        )
    )


#: The notification log as `{"id", "kind", "at"}` plus what differs from the usual
#: (`applied_at` when not `at`, `amount`, `outcome` when not `applied`, `detail`); read
#: back in the total order.
NOTIFICATIONS: Final = Codec(_dump_notifications, _load_notifications, _notifications_schema)


# -- the compact audit history ------------------------------------------------------------


def _dump_history(history: tuple[TransitionRecord, ...]) -> object:
    return _compact.dump_history(history, initial=_INITIAL, actor=_ACTOR)


def _load_history(value: object, path: str) -> tuple[TransitionRecord, ...]:
    if type(value) is tuple:  # records `upgrade_2` read from a schema 2 row
        records: tuple[TransitionRecord, ...] = value
        return records
    return _compact.load_history(value, path, initial=_INITIAL, actor=_ACTOR)


def _history_schema() -> _js.Schema:
    return _js.array(COMPACT_RECORD)


#: The audit history in the compact form of `supportflow._compact`.
HISTORY: Final = Codec(_dump_history, _load_history, _history_schema)


# -- earlier schemas ----------------------------------------------------------------------

_NEW_IN_2: Final = frozenset(
    {
        "tolerance_percent",
        "processor_refunds",
        "delivery_grace",
        "reversed",
        "closed",
        "unexpected",
        "snapshot_state",
        "refunds",
        "dispute",
        "commands",
    }
)
_KEYS_1: Final = frozenset(
    {
        "id",
        "amount_due",
        "currency",
        "created_at",
        "expires_at",
        "tolerance",
        "required_confirmations",
        "customer_id",
        "method",
        "state",
        "received",
        "refunded",
        "reported",
        "action_requested",
        "confirmations",
        "timing",
        "attempts",
        "failure_reason",
        "provider_code",
        "expired_at",
        "failed_at",
        "cancelled_at",
        "cancelled_by",
        "resolution",
        "notifications",
        "reminders",
        "escalation",
        "history",
    }
)
_KEYS_2: Final = _KEYS_1 | _NEW_IN_2


def upgrade_1(r: Reader) -> dict[str, object]:
    """A schema 1 document as a schema 2 one (see the module docstring)."""
    r.require_keys({"schema", *_KEYS_1})
    data = dict(r.mapping_value())
    commands: list[dict[str, object]] = []
    for e in r.items("history"):
        record = TransitionRecord.from_dict(e.value, path=e.path)
        entry: dict[str, object] | None = None
        if record.event in {"expire", "cancel"} and "event_id" not in record.data:
            entry = {"name": record.event, "detail": {}}
        elif record.event in {"resolve_accept", "resolve_refund"}:
            entry = {"name": "resolve", "detail": {"resolution": record.event[8:]}}
        elif "snapshot" in record.data:
            entry = {"name": "snapshot", "detail": {"state": str(record.data["snapshot"])}}
        if entry is not None:
            entry["at"] = dump_instant(record.at)
            entry["actor"] = record.actor
            commands.append(entry)
    refunds = []
    for e in r.items("notifications"):
        n = NotificationRecord.from_dict(e.value, path=e.path)
        if n.kind is NotificationKind.REFUNDED and n.amount is not None:
            refunds.append(
                {"refund_id": n.event_id, "amount": dump_decimal(n.amount), "status": "succeeded"}
            )
    state = str(data.get("state"))
    closed: str | None = state if state in {"expired", "failed", "cancelled"} else None
    for name, key in (
        ("expired", "expired_at"),
        ("failed", "failed_at"),
        ("cancelled", "cancelled_at"),
    ):
        if closed is None and data.get(key) is not None:
            closed = name
    data.update(
        tolerance_percent="0",
        processor_refunds=False,
        delivery_grace=dump_duration(dt.timedelta(hours=25)),
        reversed="0",
        closed=closed,
        unexpected="",
        snapshot_state=None,
        refunds=refunds,
        dispute=None,
        commands=commands,
    )
    return data


def upgrade_2(r: Reader) -> dict[str, object]:
    """A schema 2 document as a schema 3 one (see the module docstring).

    Schema 2 wrote every key, each notification as a `NotificationRecord` document and
    each audit record as a `TransitionRecord` one: they are read here, by their paths, and
    handed on as records (the compact codecs take them as they are).
    """
    r.require_keys({"schema", *_KEYS_2})
    data = dict(r.mapping_value())
    notifications = tuple(
        NotificationRecord.from_dict(e.value, path=e.path) for e in r.items("notifications")
    )
    calls = sum(len(r.items(key)) for key in ("commands", "reminders")) + len(notifications)
    data.update(
        notifications=notifications,
        history=tuple(TransitionRecord.from_dict(e.value, path=e.path) for e in r.items("history")),
        skew_tolerance="PT0S",
        version=1 + calls,
    )
    return data

"""`PaymentConfirmation` to and from JSON-safe dicts, with the upgrades 1 -> 2 -> 3.

Schema 3 adds `version` (the optimistic-concurrency counter) and `skew_tolerance`, and is
a compact row (`supportflow._compact`): keys at their defaults are left out, notifications
are written as `{"id", "kind", "at"}` plus what differs from the usual (`applied_at` when
not `at`, `amount`, `outcome` when not `applied`, `detail`), and the audit history in the
compact form. A schema 2 document is upgraded by `_upgrade_2`: `skew_tolerance` zero (it
did not exist) and `version` one plus the calls its logs record - one per distinct
notification, per command and per reminder sent (a replay that raised the confirmations
count before the upgrade is not counted: only the order of versions matters to
compare-and-swap, and it grows from there); it is then read in its own (full) shape.

Schema 2 adds the terms `tolerance_percent`, `processor_refunds` and `delivery_grace`, the
facts `reversed`, `closed`, `unexpected`, `snapshot_state`, `refunds` and `dispute`, and the
`commands` log. A schema 1 document (as written before) is upgraded by `_upgrade_1`:

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
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from supportflow import _compact
from supportflow._compact import Row, members
from supportflow._serialization import Reader, dump_decimal, dump_duration, dump_instant
from supportflow.audit import TransitionRecord
from supportflow.errors import SerializationError
from supportflow.payments._fold import notification_key
from supportflow.payments._reminders import dump_escalation, dump_sent, load_escalation, load_sent
from supportflow.payments._types import (
    CommandRecord,
    Dispute,
    DisputeStatus,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    PaymentState,
    RefundRecord,
    RefundStatus,
    Resolution,
    Timing,
    dump_optional_instant,
    load_optional_instant,
)

if TYPE_CHECKING:
    from supportflow.payments._confirmation import PaymentConfirmation

__all__: list[str] = []

SCHEMA: Final = 3


def _enum_or_none(value: Any) -> str | None:  # noqa: ANN401 - an optional enum member
    return None if value is None else str(value.value)


def dump(p: PaymentConfirmation) -> dict[str, object]:
    """The schema 3 document of `p`: the compact row (keys at their defaults left out)."""
    kept = {
        key: value
        for key, value in _full(p).items()
        if key in _REQUIRED_3 or value != _DEFAULTS_3[key]
    }
    return {"schema": SCHEMA, **kept}


def _full(p: PaymentConfirmation) -> dict[str, object]:
    d = p.dispute
    return {
        "id": p.id,
        "amount_due": dump_decimal(p.amount_due),
        "currency": p.currency,
        "created_at": dump_instant(p.created_at),
        "expires_at": dump_instant(p.expires_at),
        "tolerance": dump_decimal(p.tolerance),
        "tolerance_percent": dump_decimal(p.tolerance_percent),
        "processor_refunds": p.processor_refunds,
        "delivery_grace": dump_duration(p.delivery_grace),
        "required_confirmations": p.required_confirmations,
        "customer_id": p.customer_id,
        "method": p.method,
        "state": p.state.value,
        "received": dump_decimal(p.received),
        "refunded": dump_decimal(p.refunded),
        "reversed": dump_decimal(p.reversed),
        "reported": p.reported.value,
        "action_requested": p.action_requested,
        "confirmations": p.confirmations,
        "timing": p.timing.value,
        "attempts": p.attempts,
        "failure_reason": _enum_or_none(p.failure_reason),
        "provider_code": p.provider_code,
        "expired_at": dump_optional_instant(p.expired_at),
        "failed_at": dump_optional_instant(p.failed_at),
        "cancelled_at": dump_optional_instant(p.cancelled_at),
        "cancelled_by": p.cancelled_by,
        "resolution": _enum_or_none(p.resolution),
        "closed": _enum_or_none(p.closed),
        "unexpected": p.unexpected,
        "snapshot_state": _enum_or_none(p.snapshot_state),
        "refunds": [
            {"refund_id": r.refund_id, "amount": dump_decimal(r.amount), "status": r.status.value}
            for r in p.refunds
        ],
        "dispute": None
        if d is None
        else {
            "status": d.status.value,
            "amount": dump_decimal(d.amount),
            "withdrawn": dump_decimal(d.withdrawn),
            "reinstated": dump_decimal(d.reinstated),
            "evidence_due_by": dump_optional_instant(d.evidence_due_by),
            "opened_at": dump_optional_instant(d.opened_at),
        },
        "notifications": [_dump_notification(n) for n in p.notifications],
        "commands": [c.to_dict() for c in p.commands],
        "reminders": [dump_sent(r) for r in p.reminders],
        "escalation": dump_escalation(p.escalation),
        "history": _compact.dump_history(p.history, initial=_INITIAL, actor=_ACTOR),
        "skew_tolerance": dump_duration(p.skew_tolerance),
        "version": p.version,
    }


_INITIAL: Final = PaymentState.AWAITING_PAYMENT.value
_ACTOR: Final = "provider"  # who most audit records of a payment name
_REQUIRED_3: Final = frozenset(
    {"schema", "id", "amount_due", "currency", "created_at", "expires_at", "state", "version"}
)
#: Every other key of a schema 3 row, with the value it has when left out.
_DEFAULTS_3: Final[dict[str, object]] = {
    "tolerance": "0",
    "tolerance_percent": "0",
    "processor_refunds": False,
    "delivery_grace": dump_duration(dt.timedelta(hours=25)),
    "required_confirmations": 1,
    "customer_id": "",
    "method": "",
    "received": "0",
    "refunded": "0",
    "reversed": "0",
    "reported": _INITIAL,
    "action_requested": False,
    "confirmations": 0,
    "timing": Timing.ON_TIME.value,
    "attempts": 0,
    "failure_reason": None,
    "provider_code": "",
    "expired_at": None,
    "failed_at": None,
    "cancelled_at": None,
    "cancelled_by": "",
    "resolution": None,
    "closed": None,
    "unexpected": "",
    "snapshot_state": None,
    "refunds": [],
    "dispute": None,
    "notifications": [],
    "commands": [],
    "reminders": [],
    "escalation": None,
    "history": [],
    "skew_tolerance": "PT0S",
}
_NOTIFICATION_KEYS: Final = frozenset(
    {"id", "kind", "at", "applied_at", "amount", "outcome", "detail"}
)
_APPLIED: Final = NotificationOutcome.APPLIED
_KINDS: Final = members(NotificationKind)
_OUTCOMES: Final = members(NotificationOutcome)
_STATES: Final = members(PaymentState)
_TIMINGS: Final = members(Timing)
_REASONS: Final = members(FailureReason)
_RESOLUTIONS: Final = members(Resolution)


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
_KEYS_3: Final = _KEYS_2 | {"skew_tolerance", "version"}


def _upgrade_1(r: Reader) -> dict[str, object]:
    """A schema 1 document as a schema 2 one (see the module docstring)."""
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
        schema=2,
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


def _upgrade_2(r: Reader) -> dict[str, object]:
    """A schema 2 document as a schema 3 one (see the module docstring)."""
    data = dict(r.mapping_value())
    calls = sum(len(r.items(key)) for key in ("notifications", "commands", "reminders"))
    data.update(schema=3, skew_tolerance="PT0S", version=1 + calls)
    return data


def load(cls: type[PaymentConfirmation], data: object, path: str) -> PaymentConfirmation:
    """Read a schema 1, 2 or 3 document (older ones through `_upgrade_1`, `_upgrade_2`)."""
    if isinstance(data, dict) and data.get("schema") == SCHEMA:
        return _load_3(cls, data, path)
    r = Reader.root(data, schema=(1, 2, SCHEMA), path=path)
    if r.raw("schema") == 1:
        Reader.root(data, schema=1, keys=_KEYS_1, path=path)
        r = Reader(_upgrade_1(r), path)
    r.require_keys({"schema", *_KEYS_2})
    r = Reader(_upgrade_2(r), path)
    r.require_keys({"schema", *_KEYS_3})
    notifications = tuple(
        sorted(
            (NotificationRecord.from_dict(e.value, path=e.path) for e in r.items("notifications")),
            key=notification_key,  # schema 1 kept them as applied; the fold needs the order
        )
    )
    commands = tuple(CommandRecord.from_dict(e.value, path=e.path) for e in r.items("commands"))
    reminders = tuple(load_sent(e) for e in r.items("reminders"))
    history = tuple(TransitionRecord.from_dict(e.value, path=e.path) for e in r.items("history"))
    escalation = load_escalation(r.child("escalation")) if r.has("escalation") else None
    refunds = tuple(_load_refund(e) for e in r.items("refunds"))
    dispute = _load_dispute(r.child("dispute")) if r.has("dispute") else None
    with r.building():
        return cls(
            id=r.text("id"),
            amount_due=r.decimal("amount_due"),
            currency=r.text("currency"),
            created_at=r.instant("created_at"),
            expires_at=r.instant("expires_at"),
            tolerance=r.decimal("tolerance"),
            tolerance_percent=r.decimal("tolerance_percent"),
            processor_refunds=r.flag("processor_refunds"),
            delivery_grace=r.duration("delivery_grace"),
            required_confirmations=r.integer("required_confirmations"),
            customer_id=r.text("customer_id"),
            method=r.text("method"),
            state=r.enum("state", PaymentState),
            received=r.decimal("received"),
            refunded=r.decimal("refunded"),
            reversed=r.decimal("reversed"),
            reported=r.enum("reported", PaymentState),
            action_requested=r.flag("action_requested"),
            confirmations=r.integer("confirmations"),
            timing=r.enum("timing", Timing),
            attempts=r.integer("attempts"),
            failure_reason=_optional_enum(r, "failure_reason", FailureReason),
            provider_code=r.text("provider_code"),
            expired_at=load_optional_instant(r, "expired_at"),
            failed_at=load_optional_instant(r, "failed_at"),
            cancelled_at=load_optional_instant(r, "cancelled_at"),
            cancelled_by=r.text("cancelled_by"),
            resolution=_optional_enum(r, "resolution", Resolution),
            closed=_optional_enum(r, "closed", PaymentState),
            unexpected=r.text("unexpected"),
            snapshot_state=_optional_enum(r, "snapshot_state", PaymentState),
            refunds=refunds,
            dispute=dispute,
            notifications=notifications,
            commands=commands,
            reminders=reminders,
            escalation=escalation,
            history=history,
            skew_tolerance=r.duration("skew_tolerance"),
            version=r.integer("version"),
        )


def _optional_enum(r: Reader, key: str, kind: Any) -> Any:  # noqa: ANN401 - an enum member
    return r.enum(key, kind) if r.has(key) else None


def _load_refund(r: Reader) -> RefundRecord:
    r.require_keys({"refund_id", "amount", "status"})
    return RefundRecord(r.text("refund_id"), r.decimal("amount"), r.enum("status", RefundStatus))


def _load_dispute(r: Reader) -> Dispute:
    value = r.mapping_value()
    if not isinstance(value, Mapping):  # pragma: no cover - mapping_value raised already
        raise SerializationError(r.path, value, "be an object")
    r.require_keys({"status", "amount", "withdrawn", "reinstated", "evidence_due_by", "opened_at"})
    return Dispute(
        r.enum("status", DisputeStatus),
        r.decimal("amount"),
        r.decimal("withdrawn"),
        r.decimal("reinstated"),
        load_optional_instant(r, "evidence_due_by"),
        load_optional_instant(r, "opened_at"),
    )


def _load_3(cls: type[PaymentConfirmation], data: object, path: str) -> PaymentConfirmation:
    """Read the compact schema 3 row."""
    row = Row(data, path, required=_REQUIRED_3, defaults=_DEFAULTS_3)
    notifications = tuple(
        sorted(
            (_load_notification(v, p) for v, p in row.items("notifications")), key=notification_key
        )
    )
    commands = tuple(CommandRecord.from_dict(v, path=p) for v, p in row.items("commands"))
    reminders = tuple(load_sent(Reader(v, p)) for v, p in row.items("reminders"))
    escalation = row.data["escalation"]
    dispute = row.data["dispute"]
    history = _compact.load_history(
        row.data["history"], _join(path, "history"), initial=_INITIAL, actor=_ACTOR
    )
    refunds = tuple(_load_refund(Reader(v, p)) for v, p in row.items("refunds"))
    return row.build(
        lambda: cls(
            id=row.text("id"),
            amount_due=row.decimal("amount_due"),
            currency=row.text("currency"),
            created_at=row.instant("created_at"),
            expires_at=row.instant("expires_at"),
            tolerance=row.decimal("tolerance"),
            tolerance_percent=row.decimal("tolerance_percent"),
            processor_refunds=row.flag("processor_refunds"),
            delivery_grace=row.duration("delivery_grace"),
            required_confirmations=row.integer("required_confirmations"),
            customer_id=row.text("customer_id"),
            method=row.text("method"),
            state=row.member("state", _STATES),
            received=row.decimal("received"),
            refunded=row.decimal("refunded"),
            reversed=row.decimal("reversed"),
            reported=row.member("reported", _STATES),
            action_requested=row.flag("action_requested"),
            confirmations=row.integer("confirmations"),
            timing=row.member("timing", _TIMINGS),
            attempts=row.integer("attempts"),
            failure_reason=row.optional_member("failure_reason", _REASONS),
            provider_code=row.text("provider_code"),
            expired_at=row.optional_instant("expired_at"),
            failed_at=row.optional_instant("failed_at"),
            cancelled_at=row.optional_instant("cancelled_at"),
            cancelled_by=row.text("cancelled_by"),
            resolution=row.optional_member("resolution", _RESOLUTIONS),
            closed=row.optional_member("closed", _STATES),
            unexpected=row.text("unexpected"),
            snapshot_state=row.optional_member("snapshot_state", _STATES),
            refunds=refunds,
            dispute=None
            if dispute is None
            else _load_dispute(Reader(dispute, _join(path, "dispute"))),
            notifications=notifications,
            commands=commands,
            reminders=reminders,
            escalation=None
            if escalation is None
            else load_escalation(Reader(escalation, _join(path, "escalation"))),
            history=history,
            skew_tolerance=row.duration("skew_tolerance"),
            version=row.integer("version"),
        )
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key

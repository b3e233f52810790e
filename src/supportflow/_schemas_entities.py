"""The declared JSON Schemas of the stateful entities' rows, as they are TODAY.

Complaint schema 3, payment confirmation 3 (the maintenance entities declare theirs on
their fields, `supportflow._declarative`): compact rows (keys at their defaults left out,
so optional), a `version`, and registered policies and rules written as a reference
(`"name@version"`) or, embedded, in full.

Kept apart from `_schemas.py` on purpose: the persistence work on these entities (a
`version`, references to registered policies, `stamped_at` in transition records) changes
these shapes; whoever bumps an entity's schema updates its declaration here, and the tests
that compare every declared property with the keys `to_dict` writes say exactly what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from supportflow._json_schema import (
    BOOL,
    DECIMAL,
    DURATION,
    INSTANT,
    INTEGER,
    JSON,
    REFERENCE,
    TEXT,
    Schema,
    array,
    document,
    enum_of,
    mapping,
    nullable,
    one_of,
    record,
    ref,
)
from supportflow.audit import TransitionRecord
from supportflow.complaints import (
    Ask,
    Channel,
    Complaint,
    ComplaintRules,
    ComplaintState,
    Complexity,
    Feedback,
    Resolution,
    Transaction,
)
from supportflow.complaints._investigation import Evidence
from supportflow.complaints._referrals import ExternalReferral
from supportflow.notices import LocaleTable
from supportflow.payments import (
    CommandRecord,
    DisputeStatus,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    PaymentConfirmation,
    PaymentResolution,
    PaymentState,
    RefundStatus,
    Timing,
)
from supportflow.sla import SlaEvent, SlaPolicy

__all__ = ["declarations"]

_ID: Schema = {"type": "string", "minLength": 1}
#: An audit record in the compact form of `supportflow._compact` (no `"schema"`; `from`,
#: `actor`, `note` and `data` only when they differ from the usual).
COMPACT_RECORD: Schema = record(
    {"event": TEXT, "to": TEXT, "at": INSTANT},
    {"from": TEXT, "actor": TEXT, "note": TEXT, "data": mapping(JSON)},
)


def _complaint() -> Schema:
    return document(
        3,
        {
            "version": INTEGER | {"minimum": 1},
            "id": _ID,
            "customer": _ID,
            "channel": enum_of(Channel),
            "description": TEXT,
            "received_at": INSTANT,
            "category": _ID,
            "ask": enum_of(Ask),
            "priority": TEXT,
            "state": enum_of(ComplaintState),
            "language": TEXT,
            "history": array(ref(TransitionRecord), min_items=1),
        },
        {
            "transactions": nullable(array(ref(Transaction))),
            "owner": nullable(_ID),
            "rules": nullable(one_of(REFERENCE, ref(ComplaintRules))),
            "sla_policy": nullable(one_of(REFERENCE, ref(SlaPolicy))),
            # Each clock's event log; its target is the policy's target of the same index.
            "clocks": nullable(array(document(1, {"events": array(ref(SlaEvent))}))),
            "reopen_count": INTEGER | {"minimum": 0},
            "repeats": array(_ID),
            "merged": array(_ID),
            "resolution": nullable(ref(Resolution)),
            "accepted": BOOL,
            "feedback": nullable(ref(Feedback)),
            "redirect": nullable(TEXT),
            "jurisdiction": nullable(TEXT),
            "product": nullable(_ID),
            "segment": nullable(_ID),
            "complexity": nullable(enum_of(Complexity)),
            "evidence": nullable(array(ref(Evidence))),
            "root_cause": nullable(_ID),
            "incident": nullable(_ID),
            "referrals": nullable(array(ref(ExternalReferral))),
        },
    )


def _payment() -> Schema:
    states = enum_of(PaymentState)
    notification = record(
        {"id": _ID, "kind": enum_of(NotificationKind), "at": INSTANT},
        {
            "applied_at": nullable(INSTANT),
            "amount": nullable(DECIMAL),
            "outcome": enum_of(NotificationOutcome),
            "detail": mapping(TEXT),
        },
    )
    return document(
        3,
        {
            "id": TEXT,
            "amount_due": DECIMAL,
            "currency": TEXT,
            "created_at": INSTANT,
            "expires_at": INSTANT,
            "state": states,
            "version": INTEGER,
        },
        {
            "tolerance": DECIMAL,
            "tolerance_percent": DECIMAL,
            "processor_refunds": BOOL,
            "delivery_grace": DURATION,
            "required_confirmations": INTEGER,
            "customer_id": TEXT,
            "method": TEXT,
            "received": DECIMAL,
            "refunded": DECIMAL,
            "reversed": DECIMAL,
            "reported": states,
            "action_requested": BOOL,
            "confirmations": INTEGER,
            "timing": enum_of(Timing),
            "attempts": INTEGER,
            "failure_reason": nullable(enum_of(FailureReason)),
            "provider_code": TEXT,
            "expired_at": nullable(INSTANT),
            "failed_at": nullable(INSTANT),
            "cancelled_at": nullable(INSTANT),
            "cancelled_by": TEXT,
            "resolution": nullable(enum_of(PaymentResolution)),
            "closed": nullable(states),
            "unexpected": TEXT,
            "snapshot_state": nullable(states),
            "refunds": array(
                record({"refund_id": TEXT, "amount": DECIMAL, "status": enum_of(RefundStatus)})
            ),
            "dispute": nullable(
                record(
                    {
                        "status": enum_of(DisputeStatus),
                        "amount": DECIMAL,
                        "withdrawn": DECIMAL,
                        "reinstated": DECIMAL,
                        "evidence_due_by": nullable(INSTANT),
                        "opened_at": nullable(INSTANT),
                    }
                )
            ),
            "notifications": array(notification),
            "commands": array(ref(CommandRecord)),
            "reminders": array(record({"key": TEXT, "sent_at": INSTANT})),
            "escalation": nullable(record({"at": INSTANT, "reason": TEXT, "reminders": INTEGER})),
            "history": array(COMPACT_RECORD),
            "skew_tolerance": DURATION,
        },
    )


_LOCALE_LISTS = ("fallbacks", "aliases", "months", "months_abbr", "weekdays", "weekdays_abbr")
_LOCALE_MAPS = (
    "dates",
    "times",
    "datetimes",
    "zones",
    "utc_offsets",
    "numbers",
    "money",
    "currency_symbols",
    "currency_patterns",
    "currency_decimals",
    "lists",
)


def _locale_table() -> Schema:
    return document(
        1,
        {
            "tag": TEXT,
            **dict.fromkeys(_LOCALE_LISTS, array(TEXT)),
            **dict.fromkeys(_LOCALE_MAPS, mapping(JSON)),
            "durations": mapping(mapping(JSON)),
        },
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each stateful entity (and the records only its rows hold) with its schema's builder."""
    return {
        Complaint: _complaint,
        PaymentConfirmation: _payment,
        LocaleTable: _locale_table,
    }

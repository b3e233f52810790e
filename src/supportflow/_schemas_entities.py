"""The declared JSON Schemas of the stateful entities' rows, as they are TODAY.

Payment confirmation 3, withdrawal queue 3, maintenance window 3,
withdrawal request 2: compact rows (keys at their defaults left out, so optional), a
`version`, and registered policies and rules written as a reference (`"name@version"`)
or, embedded, in full. The complaint's row (schema 3) is declared on `Complaint`'s own
fields and its schema derived from them (`supportflow._declarative`).

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
    record,
    ref,
)
from supportflow.calendar import BusinessCalendar
from supportflow.maintenance import (
    LeadTimePolicy,
    MaintenanceWindow,
    StatusUpdate,
    WindowLedger,
    WindowVersion,
    WithdrawalQueue,
    WithdrawalRequest,
    WithdrawalState,
)
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

__all__ = ["declarations"]

_ID: Schema = {"type": "string", "minLength": 1}
#: An audit record in the compact form of `supportflow._compact` (no `"schema"`; `from`,
#: `actor`, `note` and `data` only when they differ from the usual).
COMPACT_RECORD: Schema = record(
    {"event": TEXT, "to": TEXT, "at": INSTANT},
    {"from": TEXT, "actor": TEXT, "note": TEXT, "data": mapping(JSON)},
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


def _window() -> Schema:
    return document(
        3,
        {
            "id": _ID,
            "versions": array(ref(WindowVersion), min_items=1),
            "emergency": BOOL,
            "ended_at": nullable(INSTANT),
            "updates": array(ref(StatusUpdate)),
            "version": INTEGER,
        },
    )


def _withdrawal_request() -> Schema:
    return document(
        2,
        {
            "id": TEXT,
            "client_key": TEXT,
            "customer_id": TEXT,
            "amount": DECIMAL,
            "currency": TEXT,
            "requested_at": INSTANT,
            "state": enum_of(WithdrawalState),
            "version": INTEGER,
        },
        {
            "window_id": nullable(TEXT),
            "attempts": INTEGER,
            "failure": TEXT,
            "retryable": BOOL,
            "history": array(COMPACT_RECORD),
        },
    )


def _queue() -> Schema:
    pair = {"type": "array", "prefixItems": [TEXT, INTEGER], "minItems": 2, "maxItems": 2}
    triple = {"type": "array", "items": TEXT, "minItems": 3, "maxItems": 3}
    return document(
        3,
        {
            "batch_size": INTEGER,
            "batch_interval": DURATION,
            "grace": DURATION,
            "max_amount": nullable(DECIMAL),
            "now": nullable(INSTANT),
            "windows": array(ref(MaintenanceWindow)),
            "requests": array(ref(WithdrawalRequest)),
            "ledgers": array(ref(WindowLedger)),
            "releasing": array(TEXT),
            "last_batch_at": nullable(INSTANT),
            "alerts": array(pair),
            "max_hold": nullable(DURATION),
            "max_extensions": nullable(INTEGER),
            "max_processing": nullable(DURATION),
            "max_review": nullable(DURATION),
            "update_every": DURATION,
            "escalations": array(triple),
            "skew_tolerance": DURATION,
            "version": INTEGER,
        },
    )


def _lead_time_policy() -> Schema:
    return document(
        1,
        {
            "minimum": nullable(DURATION),
            "business_days": nullable(INTEGER),
            "calendar": nullable(ref(BusinessCalendar)),
        },
        {"ref": REFERENCE},
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
        PaymentConfirmation: _payment,
        MaintenanceWindow: _window,
        WithdrawalQueue: _queue,
        WithdrawalRequest: _withdrawal_request,
        LeadTimePolicy: _lead_time_policy,
        LocaleTable: _locale_table,
    }

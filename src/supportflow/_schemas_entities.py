"""The declared JSON Schemas of the stateful entities' rows, as they are TODAY.

Complaint schema 2, payment confirmation 2, withdrawal queue 2, maintenance window 2.

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
from supportflow.maintenance import (
    MaintenanceWindow,
    StatusUpdate,
    WindowLedger,
    WindowVersion,
    WithdrawalQueue,
    WithdrawalRequest,
)
from supportflow.payments import (
    CommandRecord,
    DisputeStatus,
    FailureReason,
    NotificationKind,
    NotificationOutcome,
    NotificationRecord,
    PaymentConfirmation,
    PaymentResolution,
    PaymentState,
    RefundStatus,
    Timing,
)
from supportflow.sla import SlaEvent, SlaPolicy

__all__ = ["declarations"]

_ID: Schema = {"type": "string", "minLength": 1}


def _complaint() -> Schema:
    return document(
        2,
        {
            "id": _ID,
            "customer": _ID,
            "channel": enum_of(Channel),
            "description": TEXT,
            "received_at": INSTANT,
            "category": TEXT,
            "transactions": array(ref(Transaction)),
            "ask": enum_of(Ask),
            "priority": TEXT,
            "owner": nullable(TEXT),
            "state": enum_of(ComplaintState),
            "rules": ref(ComplaintRules),
            "sla_policy": nullable(ref(SlaPolicy)),
            # Each clock's event log; its target is the policy's target of the same index.
            "clocks": array(document(1, {"events": array(ref(SlaEvent))})),
            "reopen_count": INTEGER | {"minimum": 0},
            "repeats": array(TEXT),
            "merged": array(TEXT),
            "resolution": nullable(ref(Resolution)),
            "accepted": BOOL,
            "feedback": nullable(ref(Feedback)),
            "redirect": nullable(TEXT),
            "jurisdiction": nullable(TEXT),
            "language": TEXT,
            "product": nullable(TEXT),
            "segment": nullable(TEXT),
            "complexity": nullable(enum_of(Complexity)),
            "evidence": array(ref(Evidence)),
            "root_cause": nullable(TEXT),
            "incident": nullable(TEXT),
            "referrals": array(ref(ExternalReferral)),
            "history": array(ref(TransitionRecord)),
        },
    )


def _notification_record() -> Schema:
    return document(
        1,
        {
            "event_id": _ID,
            "kind": enum_of(NotificationKind),
            "occurred_at": INSTANT,
            "applied_at": INSTANT,
            "amount": nullable(DECIMAL),
            "outcome": enum_of(NotificationOutcome),
            "detail": mapping(TEXT),
        },
    )


def _payment() -> Schema:
    states = enum_of(PaymentState)
    return document(
        2,
        {
            "id": _ID,
            "amount_due": DECIMAL,
            "currency": TEXT,
            "created_at": INSTANT,
            "expires_at": INSTANT,
            "tolerance": DECIMAL,
            "tolerance_percent": DECIMAL,
            "processor_refunds": BOOL,
            "delivery_grace": DURATION,
            "required_confirmations": INTEGER,
            "customer_id": TEXT,
            "method": TEXT,
            "state": states,
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
                record({"refund_id": _ID, "amount": DECIMAL, "status": enum_of(RefundStatus)})
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
            "notifications": array(ref(NotificationRecord)),
            "commands": array(ref(CommandRecord)),
            "reminders": array(record({"key": TEXT, "sent_at": INSTANT})),
            "escalation": nullable(record({"at": INSTANT, "reason": TEXT, "reminders": INTEGER})),
            "history": array(ref(TransitionRecord)),
        },
    )


def _window() -> Schema:
    return document(
        2,
        {
            "id": _ID,
            "versions": array(ref(WindowVersion), min_items=1),
            "emergency": BOOL,
            "ended_at": nullable(INSTANT),
            "updates": array(ref(StatusUpdate)),
        },
    )


def _queue() -> Schema:
    pair = {"type": "array", "prefixItems": [TEXT, INTEGER], "minItems": 2, "maxItems": 2}
    triple = {"type": "array", "items": TEXT, "minItems": 3, "maxItems": 3}
    return document(
        2,
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
        },
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each stateful entity (and the records only its rows hold) with its schema's builder."""
    return {
        Complaint: _complaint,
        NotificationRecord: _notification_record,
        PaymentConfirmation: _payment,
        MaintenanceWindow: _window,
        WithdrawalQueue: _queue,
    }

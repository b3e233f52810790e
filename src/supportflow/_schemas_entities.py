"""The declared JSON Schemas of the stateful entities' rows, as they are TODAY.

Complaint schema 3, withdrawal queue 3, maintenance window 3,
withdrawal request 2: compact rows (keys at their defaults left out, so optional), a
`version`, and registered policies and rules written as a reference (`"name@version"`)
or, embedded, in full.

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
from supportflow.calendar import BusinessCalendar
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
    LeadTimePolicy,
    MaintenanceWindow,
    StatusUpdate,
    WindowLedger,
    WindowVersion,
    WithdrawalQueue,
    WithdrawalRequest,
    WithdrawalState,
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


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each stateful entity (and the records only its rows hold) with its schema's builder."""
    return {
        Complaint: _complaint,
        MaintenanceWindow: _window,
        WithdrawalQueue: _queue,
        WithdrawalRequest: _withdrawal_request,
        LeadTimePolicy: _lead_time_policy,
    }

"""The declared JSON Schemas of the stateful entities' rows, as they are TODAY.

The complaint's schema 3 (the other entities declare theirs in their fields,
`supportflow._declarative`): a compact row (keys at their defaults left out, so optional),
a `version`, and registered policies and rules written as a reference (`"name@version"`)
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
    INSTANT,
    INTEGER,
    REFERENCE,
    TEXT,
    Schema,
    array,
    document,
    enum_of,
    nullable,
    one_of,
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
from supportflow.sla import SlaEvent, SlaPolicy

__all__ = ["declarations"]

_ID: Schema = {"type": "string", "minLength": 1}


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


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each stateful entity (and the records only its rows hold) with its schema's builder."""
    return {
        Complaint: _complaint,
    }

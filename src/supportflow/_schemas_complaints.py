"""The declared JSON Schemas of the complaints' values, records and read models.

See `_json_schema` for the mechanism; the `Complaint` row itself is in `_schemas_entities`.
"""

from __future__ import annotations

from collections.abc import Callable

from supportflow._json_schema import (
    BOOL,
    DATE,
    DECIMAL,
    DURATION,
    INSTANT,
    INTEGER,
    NUMBER,
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
from supportflow._schemas import ID, ZONE
from supportflow.complaints import (
    Channel,
    ComplaintMetrics,
    ComplaintRules,
    ComplaintState,
    Feedback,
    Resolution,
    ResolutionKind,
    Transaction,
)
from supportflow.complaints._contact import Callback, ContactAttempt, ContactOutcome
from supportflow.complaints._incident import Incident
from supportflow.complaints._investigation import Evidence, EvidenceKind, RootCauseTaxonomy
from supportflow.complaints._notice_plan import IncidentNoticePlan, PlannedNotice
from supportflow.complaints._referrals import (
    BodyKind,
    ExternalReferral,
    ReferralBody,
    ReferralRights,
    ReferralStatement,
)
from supportflow.complaints._selection import AmountBand, PolicyBook, PolicyCondition
from supportflow.sla import (
    SlaClock,
    SlaPolicy,
)

__all__ = ["declarations"]


# -- complaints' values -----------------------------------------------------------------


def _transaction() -> Schema:
    return document(1, {"id": ID, "amount": DECIMAL, "currency": TEXT})


def _resolution() -> Schema:
    return document(
        2,
        {
            "kind": enum_of(ResolutionKind),
            "text": TEXT,
            "amount": nullable(DECIMAL),
            "currency": nullable(TEXT),
            "referral": nullable(ref(ReferralStatement)),
        },
    )


def _feedback() -> Schema:
    return document(1, {"score": INTEGER | {"minimum": 1, "maximum": 5}, "comment": TEXT})


def _complaint_rules() -> Schema:
    return document(
        2,
        {"reopen_window": DURATION, "auto_close_after": DURATION, "skew_tolerance": DURATION},
        {"ref": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:-]*@[1-9][0-9]{0,8}$"}},
    )


def _contact_attempt() -> Schema:
    return document(
        1,
        {
            "customer": ID,
            "channel": enum_of(Channel),
            "at": INSTANT,
            "outcome": enum_of(ContactOutcome),
            "complaint": nullable(TEXT),
            "inbound": BOOL,
        },
    )


def _callback() -> Schema:
    return document(
        1,
        {
            "id": ID,
            "customer": ID,
            "channel": enum_of(Channel),
            "complaint": nullable(TEXT),
            "clock": ref(SlaClock),
        },
    )


def _evidence() -> Schema:
    return document(
        1,
        {
            "kind": enum_of(EvidenceKind),
            "reference": TEXT,
            "added_by": TEXT,
            "added_at": INSTANT,
            "description": TEXT,
        },
    )


def _taxonomy() -> Schema:
    return document(1, {"causes": array(ID)})


def _incident() -> Schema:
    return document(
        1,
        {
            "id": ID,
            "cause": TEXT,
            "started_at": INSTANT,
            "complaints": array(TEXT),
            "maintenance_windows": array(TEXT),
            "payments": array(TEXT),
        },
    )


def _planned_notice() -> Schema:
    value = one_of(record({"instant": INSTANT}), record({"text": TEXT}))
    return document(
        1,
        {
            "complaint": ID,
            "customer": ID,
            "template": ID,
            "values": mapping(value),
            "locale": TEXT,
            "timezone": ZONE,
        },
    )


def _notice_plan() -> Schema:
    return document(
        1,
        {
            "incident": ID,
            "notices": array(ref(PlannedNotice)),
            "skipped": array(record({"complaint": TEXT, "reason": TEXT})),
        },
    )


def _referral_body() -> Schema:
    return document(
        1,
        {
            "id": ID,
            "jurisdiction": TEXT,
            "kind": enum_of(BodyKind),
            "names": mapping(TEXT),
            "statements": mapping(TEXT),
            "contact": TEXT,
            "refer_within_months": nullable(INTEGER),
            "respond_within": DURATION,
            "basis": TEXT,
        },
    )


def _referral_rights() -> Schema:
    return document(1, {"jurisdiction": TEXT, "bodies": array(ref(ReferralBody))})


def _referral_statement() -> Schema:
    return document(
        1,
        {
            "jurisdiction": TEXT,
            "language": TEXT,
            "bodies": array(ref(ReferralBody)),
            "text": TEXT,
        },
    )


def _external_referral() -> Schema:
    return document(
        1,
        {
            "body": ref(ReferralBody),
            "reference": ID,
            "referred_on": DATE,
            "clock": ref(SlaClock),
        },
    )


_FACETS = ("categories", "channels", "products", "segments", "complexities", "jurisdictions")


def _amount_band() -> Schema:
    return record({"currency": TEXT, "at_least": nullable(DECIMAL), "below": nullable(DECIMAL)})


def _policy_condition() -> Schema:
    return record({}, {**dict.fromkeys(_FACETS, array(ID, min_items=1)), "amount": ref(AmountBand)})


def _policy_book() -> Schema:
    return document(
        1,
        {
            "policies": array(ref(SlaPolicy), min_items=1),
            "rules": array(record({"policy": ID, "when": ref(PolicyCondition)})),
            "default": ID,
        },
    )


def _complaint_metrics() -> Schema:
    count = INTEGER | {"minimum": 0}
    rate = nullable(NUMBER | {"minimum": 0, "maximum": 1})
    stats = record({"count": count, "median": nullable(DURATION), "p90": nullable(DURATION)})
    breakdown = record(
        {
            "total": count,
            "sla_compliance": mapping(rate),
            "time_to_resolve": stats,
            "repeat_rate": rate,
        }
    )
    return document(
        1,
        {
            "at": INSTANT,
            "total": count,
            "by_state": record(dict.fromkeys((s.value for s in ComplaintState), count)),
            "sla_compliance": mapping(rate),
            "time_to_acknowledge": stats,
            "time_to_resolve": stats,
            "csat_average": nullable(NUMBER | {"minimum": 1, "maximum": 5}),
            "csat_distribution": record(dict.fromkeys(("1", "2", "3", "4", "5"), count)),
            "repeat_rate": rate,
            "reopen_rate": rate,
            "redirect_rate": rate,
            "by_category": mapping(breakdown),
            "by_root_cause": mapping(breakdown),
            "by_channel": mapping(breakdown),
            "by_incident": mapping(breakdown),
        },
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each complaints value, record and read model with its schema's builder."""
    return {
        Transaction: _transaction,
        Resolution: _resolution,
        Feedback: _feedback,
        ComplaintRules: _complaint_rules,
        ContactAttempt: _contact_attempt,
        Callback: _callback,
        Evidence: _evidence,
        RootCauseTaxonomy: _taxonomy,
        Incident: _incident,
        PlannedNotice: _planned_notice,
        IncidentNoticePlan: _notice_plan,
        ReferralBody: _referral_body,
        ReferralRights: _referral_rights,
        ReferralStatement: _referral_statement,
        ExternalReferral: _external_referral,
        PolicyBook: _policy_book,
        ComplaintMetrics: _complaint_metrics,
        AmountBand: _amount_band,
        PolicyCondition: _policy_condition,
    }

"""The declared JSON Schemas of values, configuration and read models (see `_json_schema`).

One function per type, written against that type's `to_dict`; the four stateful entities
are in `_schemas_entities.py`. Imported lazily by `json_schema` (it imports every package).
"""

from __future__ import annotations

from collections.abc import Callable

from supportflow._calendar_explain import SpanKind
from supportflow._calendar_parse import WEEKDAYS
from supportflow._json_schema import (
    BOOL,
    DATE,
    DECIMAL,
    DURATION,
    INSTANT,
    INTEGER,
    JSON,
    NUMBER,
    TEXT,
    WALL_TIME,
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
from supportflow.calendar import BusinessCalendar, Explanation, ExplanationSpan
from supportflow.clock import FixedClock
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
from supportflow.holidays import Coverage, HolidayData, HolidayYear
from supportflow.maintenance import (
    HeldWithdrawal,
    MaintenanceNotice,
    ServiceWindow,
    StatusUpdate,
    WindowLedger,
    WindowVersion,
    WithdrawalRequest,
    WithdrawalState,
)
from supportflow.maintenance._notice import NoticeKind
from supportflow.maintenance._window import Service
from supportflow.notices import (
    CustomerPreferences,
    DeliveryPlan,
    DeliveryPolicy,
    NoticeChannel,
    NoticeTemplate,
    RenderedNotice,
    Send,
    SendPlan,
)
from supportflow.notices._model import PARTS
from supportflow.notices._sms import SmsEncoding
from supportflow.notices._variables import VariableType
from supportflow.payments import (
    CommandRecord,
    FailureReason,
    NotificationOutcome,
    NotificationResult,
    PaymentMetrics,
    PaymentState,
    ReminderPolicy,
)
from supportflow.payments._types import REFUND_REASONS
from supportflow.priority import (
    Priority,
    PriorityContribution,
    PriorityFactor,
    PriorityInputs,
    PriorityModel,
    PriorityScore,
    Vulnerability,
)
from supportflow.sla import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    Deadline,
    DeadlineExplanation,
    ElapsedDuration,
    Extension,
    ExtensionNote,
    PauseNote,
    SlaClock,
    SlaCycle,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
    SlaState,
    SlaStatus,
    SlaTarget,
)
from supportflow.sla._rules import Cutoff

__all__ = ["RULE", "declarations"]

#: Any deadline rule, told apart by its `"kind"`.
RULE: Schema = one_of(
    ref(BusinessDuration), ref(BusinessDays), ref(CalendarDays), ref(ElapsedDuration)
)
_HOURS = array(array(WALL_TIME, min_items=2) | {"maxItems": 2})
_WEEKLY = record(dict.fromkeys(WEEKDAYS, _HOURS))
_DAY_KEYS = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
_BEYOND = enum_of(("raise", "weekly", "provisional"))
_ZONE: Schema = {"type": "string", "minLength": 1}
_ID: Schema = {"type": "string", "minLength": 1}


# -- calendars, clocks, audit ----------------------------------------------------------


def _calendar() -> Schema:
    days = {
        "holidays": array(DATE),
        "workdays": mapping(enum_of(WEEKDAYS), keys=_DAY_KEYS),
        "overrides": mapping(_HOURS, keys=_DAY_KEYS),
    }
    full = document(
        1,
        {"name": TEXT, "timezone": _ZONE, "weekly": _WEEKLY, **days, "beyond_data": _BEYOND},
        {"covered": array(INTEGER, min_items=2) | {"maxItems": 2}, "dataset": TEXT},
    )
    preset = document(
        1,
        {"preset": _ID, "weekly": _WEEKLY, **days, "beyond_data": _BEYOND},
        {"name": TEXT, "timezone": _ZONE},
    )
    return one_of(full, preset) | {
        "description": "A calendar in full, or as a reference to a holiday data set "
        "(`preset`) plus what the data set does not hold."
    }


def _fixed_clock() -> Schema:
    return document(1, {"now": INSTANT})


def _transition_record() -> Schema:
    return document(
        1,
        {
            "event": TEXT,
            "from_state": TEXT,
            "to_state": TEXT,
            "at": INSTANT,
            "actor": TEXT,
            "note": TEXT,
            "data": mapping(JSON),
        },
    )


# -- SLA --------------------------------------------------------------------------------


def _business_duration() -> Schema:
    return document(
        1,
        {
            "kind": {"const": "business_duration"},
            "duration": DURATION,
            "calendar": ref(BusinessCalendar),
            "source": TEXT,
        },
    )


def _business_days() -> Schema:
    return document(
        1,
        {
            "kind": {"const": "business_days"},
            "days": INTEGER,
            "calendar": ref(BusinessCalendar),
            "source": TEXT,
        },
    )


def _calendar_days() -> Schema:
    return document(
        1,
        {
            "kind": {"const": "calendar_days"},
            "days": INTEGER,
            "calendar": ref(BusinessCalendar),
            "roll": BOOL,
            "cutoff": enum_of(Cutoff),
            "source": TEXT,
        },
    )


def _elapsed_duration() -> Schema:
    return document(
        1,
        {
            "kind": {"const": "elapsed_duration"},
            "duration": DURATION,
            "timezone": _ZONE,
            "source": TEXT,
        },
    )


def _extension() -> Schema:
    return document(1, {"name": _ID, "rule": RULE, "requires_approval": BOOL, "condition": TEXT})


def _target() -> Schema:
    return document(
        1,
        {
            "name": _ID,
            "rule": RULE,
            "goals": mapping(RULE),
            "thresholds": array(NUMBER),
            "pause_in": array(TEXT),
            "extensions": array(ref(Extension)),
        },
    )


def _policy() -> Schema:
    return document(
        1,
        {"name": _ID, "targets": array(ref(SlaTarget)), "source": TEXT, "verified": BOOL},
        {"ref": {"type": "string", "pattern": r"^[^@\s]+@[1-9]\d*$"}},
    )


def _event() -> Schema:
    pause = record({"start": INSTANT, "end": nullable(INSTANT), "reason": TEXT})
    return document(
        1,
        {"kind": enum_of(SlaEventKind), "at": INSTANT},
        {
            "reason": TEXT,
            "priority": TEXT,
            "rule": RULE,
            "extension": TEXT,
            "approved_by": TEXT,
            "counts_from": INSTANT,
            "pauses": array(pause),
        },
    )


def _sla_clock() -> Schema:
    return document(1, {"events": array(ref(SlaEvent))}, {"target": ref(SlaTarget)})


def _cycle() -> Schema:
    return document(
        1,
        {
            "index": INTEGER | {"minimum": 0},
            "state": enum_of([s.value for s in SlaState if s is not SlaState.NOT_STARTED]),
            "started_at": INSTANT,
            "stopped_at": nullable(INSTANT),
            "ended_by": nullable(enum_of(("stop", "reset", "cancel"))),
            "rule": RULE,
            "extension": nullable(TEXT),
            "goal": DURATION,
            "elapsed": DURATION,
            "remaining": DURATION,
            "due_at": INSTANT,
            "breached": BOOL,
            "breached_at": nullable(INSTANT),
            "percent": NUMBER,
            "warning": nullable(NUMBER),
            "paused": BOOL,
            "paused_time": DURATION,
            "pause_reason": nullable(TEXT),
            "assumed": array(_ID),
        },
    )


def _status() -> Schema:
    return document(
        1,
        {
            "target": _ID,
            "at": INSTANT,
            "state": enum_of(SlaState),
            "current": nullable(ref(SlaCycle)),
            "completed": array(ref(SlaCycle)),
        },
    )


# -- priority ---------------------------------------------------------------------------

_LINE = {
    "factor": enum_of(PriorityFactor),
    "points": INTEGER,
    "detail": array({"type": ["string", "integer"]}),
}


def _contribution() -> Schema:
    return document(1, _LINE)


def _score() -> Schema:
    return document(
        1,
        {
            "id": TEXT,
            "at": INSTANT,
            "value": INTEGER | {"minimum": 0, "maximum": 100},
            "label": enum_of(Priority),
            "breakdown": array(record(_LINE), min_items=1),
        },
    )


def _inputs() -> Schema:
    return document(
        1,
        {
            "id": TEXT,
            "received_at": INSTANT,
            "impact": INTEGER,
            "urgency": INTEGER,
            "due_at": nullable(INSTANT),
            "amount": DECIMAL,
            "currency": nullable(TEXT),
            "vulnerabilities": array(enum_of(Vulnerability)),
            "regulator": BOOL,
            "media": BOOL,
            "repeat_count": INTEGER,
            "funds_held": BOOL,
            "hold_ends_at": nullable(INSTANT),
            "fraud_signal": BOOL,
            "channel": nullable(TEXT),
        },
    )


def _model() -> Schema:
    ints = (
        "amount_points_per_decade",
        "amount_cap",
        "regulator_points",
        "media_points",
        "repeat_points",
        "repeat_cap",
        "funds_held_points",
        "funds_past_end_points",
        "fraud_points",
        "sla_points",
        "aging_cap",
    )
    return document(
        1,
        {
            "matrix": array(array(INTEGER)),
            "base_points": array(INTEGER),
            "base_currency": TEXT,
            "rates": mapping(DECIMAL),
            "amount_floor": DECIMAL,
            **dict.fromkeys(ints, INTEGER),
            "vulnerability_points": mapping(INTEGER, keys=enum_of(Vulnerability)),
            "channel_points": mapping(INTEGER),
            "sla_horizon": DURATION,
            "aging_interval": DURATION,
        },
    )


# -- notices ----------------------------------------------------------------------------


def _template() -> Schema:
    variable = record(
        {"name": _ID, "kind": enum_of(VariableType), "required": BOOL},
        {
            "default": JSON,
            "max_length": INTEGER,
            "tainted": {"const": True},
            "choices": array(TEXT),
            "labels": mapping(mapping(TEXT)),
            "hosts": array(TEXT),
            "description": TEXT,
        },
    )
    return document(
        1,
        {
            "name": _ID,
            "description": TEXT,
            "sms_segments": nullable(INTEGER),
            "variables": array(variable),
            "texts": mapping(record({}, dict.fromkeys(PARTS, TEXT))),
        },
        {"always_send": {"const": True}, "mergeable": {"const": True}},
    )


def _rendered() -> Schema:
    return document(
        1,
        {
            "template": _ID,
            "requested_locale": TEXT,
            "locale": TEXT,
            "fallbacks": array(TEXT),
            "sms": nullable(
                record({"text": TEXT, "encoding": enum_of(SmsEncoding), "segments": INTEGER})
            ),
            "email": nullable(
                record({"subject": TEXT, "preheader": nullable(TEXT), "text": TEXT, "html": TEXT})
            ),
            "in_app": nullable(record({"title": TEXT, "body": TEXT, "link": nullable(TEXT)})),
        },
    )


def _send_plan() -> Schema:
    common = {"notice": TEXT, "channel": enum_of(NoticeChannel), "timezone": _ZONE}
    return document(
        1,
        {
            "start": INSTANT,
            "end": INSTANT,
            "services": TEXT,
            "sends": array(
                record({**common, "at": INSTANT, "planned_for": INSTANT, "reason": TEXT})
            ),
            "skipped": array(record({**common, "planned_for": INSTANT, "reason": TEXT})),
        },
    )


# -- payments ---------------------------------------------------------------------------


def _reminder_policy() -> Schema:
    return document(
        1,
        {
            "fractions": array(DECIMAL),
            "before_expiry": array(DURATION),
            "business_delays": array(DURATION),
            "calendar": nullable(ref(BusinessCalendar)),
            "escalate_after": INTEGER,
        },
        # Written together, only when the policy has a delivery policy.
        {"delivery": ref(DeliveryPolicy), "timezone": _ZONE},
    )


def _notification_result() -> Schema:
    refund = record(
        {
            "payment_id": _ID,
            "amount": DECIMAL,
            "currency": _ID,
            "reason": enum_of(REFUND_REASONS),
        }
    )
    return document(
        1,
        {
            "event_id": _ID,
            "outcome": enum_of(NotificationOutcome),
            "state": enum_of(PaymentState),
            "refund": nullable(refund),
        },
    )


def _payment_metrics() -> Schema:
    count = INTEGER | {"minimum": 0}
    return document(
        1,
        {
            "created": count,
            "merchant_cancelled": count,
            "confirmed": count,
            "confirmation_rate": nullable(DECIMAL),
            "time_to_confirm_p50": nullable(DURATION),
            "time_to_confirm_p90": nullable(DURATION),
            "reminded": count,
            "confirmed_after_reminder": count,
            "reminder_conversion": nullable(DECIMAL),
            "failure_reasons": array(record({"reason": enum_of(FailureReason), "count": count})),
        },
    )


# -- maintenance ------------------------------------------------------------------------


def _held_withdrawal() -> Schema:
    return record(
        {
            "request_id": _ID,
            "customer_id": _ID,
            "amount": DECIMAL,
            "currency": TEXT,
            "held_for": DURATION,
        }
    )


def _maintenance_notice() -> Schema:
    return document(
        2,
        {
            "kind": enum_of(NoticeKind),
            "window_id": _ID,
            "window_version": INTEGER,
            "at": INSTANT,
            "request_ids": array(TEXT),
            "customer_ids": array(TEXT),
            "audience": TEXT,
            "detail": TEXT,
            "holds": array(ref(HeldWithdrawal)),
        },
    )


def _withdrawal_request() -> Schema:
    return document(
        1,
        {
            "id": _ID,
            "client_key": TEXT,
            "customer_id": _ID,
            "amount": DECIMAL,
            "currency": TEXT,
            "requested_at": INSTANT,
            "state": enum_of(WithdrawalState),
            "window_id": nullable(TEXT),
            "attempts": INTEGER,
            "failure": TEXT,
            "retryable": BOOL,
            "history": array(ref(TransitionRecord)),
        },
    )


# -- complaints' values -----------------------------------------------------------------


def _transaction() -> Schema:
    return document(1, {"id": _ID, "amount": DECIMAL, "currency": TEXT})


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
    return document(1, {"reopen_window": DURATION, "auto_close_after": DURATION})


def _contact_attempt() -> Schema:
    return document(
        1,
        {
            "customer": _ID,
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
            "id": _ID,
            "customer": _ID,
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
    return document(1, {"causes": array(_ID)})


def _incident() -> Schema:
    return document(
        1,
        {
            "id": _ID,
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
            "complaint": _ID,
            "customer": _ID,
            "template": _ID,
            "values": mapping(value),
            "locale": TEXT,
            "timezone": _ZONE,
        },
    )


def _notice_plan() -> Schema:
    return document(
        1,
        {
            "incident": _ID,
            "notices": array(ref(PlannedNotice)),
            "skipped": array(record({"complaint": TEXT, "reason": TEXT})),
        },
    )


def _referral_body() -> Schema:
    return document(
        1,
        {
            "id": _ID,
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
            "reference": _ID,
            "referred_on": DATE,
            "clock": ref(SlaClock),
        },
    )


_FACETS = ("categories", "channels", "products", "segments", "complexities", "jurisdictions")


def _amount_band() -> Schema:
    return record({"currency": TEXT, "at_least": nullable(DECIMAL), "below": nullable(DECIMAL)})


def _policy_condition() -> Schema:
    return record(
        {}, {**dict.fromkeys(_FACETS, array(_ID, min_items=1)), "amount": ref(AmountBand)}
    )


def _policy_book() -> Schema:
    return document(
        1,
        {
            "policies": array(ref(SlaPolicy), min_items=1),
            "rules": array(record({"policy": _ID, "when": ref(PolicyCondition)})),
            "default": _ID,
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


# -- explanations -----------------------------------------------------------------------


def _explanation_span() -> Schema:
    return record(
        {
            "kind": enum_of(SpanKind),
            "first": DATE,
            "last": DATE,
            "counted": DURATION,
            "start": INSTANT,
            "end": INSTANT,
            "name": mapping(TEXT),
        }
    )


def _explanation() -> Schema:
    return document(
        1,
        {
            "calendar": TEXT,
            "timezone": _ZONE,
            "start": INSTANT,
            "end": INSTANT,
            "total": DURATION,
            "spans": array(ref(ExplanationSpan)),
            "assumed": array(_ID),
        },
    )


def _pause_note() -> Schema:
    return record({"start": INSTANT, "end": nullable(INSTANT), "reason": TEXT})


def _extension_note() -> Schema:
    return record({"name": _ID, "approved_by": TEXT, "at": INSTANT})


def _deadline_explanation() -> Schema:
    return document(
        1,
        {
            "rule": TEXT,
            "start": INSTANT,
            "due": INSTANT,
            "timezone": _ZONE,
            "business": nullable(ref(Explanation)),
            "nominal_last_day": nullable(DATE),
            "last_day": nullable(DATE),
            "rolled_past": array(ref(ExplanationSpan)),
            "pauses": array(ref(PauseNote)),
            "extensions": array(ref(ExtensionNote)),
            "unpaused_due": nullable(INSTANT),
            "assumed": array(_ID),
        },
    )


def _deadline() -> Schema:
    return document(
        1,
        {
            "due": INSTANT,
            "timezone": _ZONE,
            "assumed": array(_ID),
            # For display only: `from_dict` recomputes both from `assumed`.
            "provisional": BOOL,
            "note": TEXT,
        },
    )


# -- delivery planning --------------------------------------------------------------------

_CHANNELS = array(enum_of(NoticeChannel))


def _send() -> Schema:
    return document(
        1,
        {
            "id": _ID,
            "customer": _ID,
            "notice": _ID,
            "due": INSTANT,
            "channels": _CHANNELS,
            "before": nullable(INSTANT),
            "always_send": BOOL,
            "mergeable": BOOL,
            "priority": INTEGER,
        },
    )


def _preferences() -> Schema:
    return document(
        1,
        {"customer": _ID, "timezone": _ZONE, "channels": _CHANNELS, "opted_out": array(TEXT)},
    )


def _delivery_policy() -> Schema:
    quiet = record(
        {"start": WALL_TIME, "end": WALL_TIME, "channels": _CHANNELS, "margin": DURATION}
    )
    return document(
        1,
        {
            "quiet_hours": nullable(quiet),
            "cap": nullable(INTEGER),
            "period": DURATION,
            "digests": BOOL,
        },
    )


def _delivery_plan() -> Schema:
    delivery = record(
        {
            "name": _ID,
            "customer": _ID,
            "notice": _ID,
            "channel": enum_of(NoticeChannel),
            "at": INSTANT,
            "sends": array(_ID, min_items=1),
            "reason": TEXT,
        }
    )
    suppressed = record({"send": _ID, "customer": _ID, "notice": _ID, "reason": TEXT})
    return document(1, {"deliveries": array(delivery), "suppressed": array(suppressed)})


# -- holiday data ---------------------------------------------------------------------------

_YEAR = {
    "source": TEXT,
    "verified": TEXT,
    "holidays": array(DATE),
    "workdays": array(DATE),
}


def _holiday_year() -> Schema:
    return document(1, {"year": INTEGER, **_YEAR}, {"provisional": {"const": True}})


def _holiday_data() -> Schema:
    return document(
        1,
        {
            "id": _ID,
            "name": _ID,
            "title": TEXT,
            "timezone": _ZONE,
            "years": mapping(
                record(_YEAR, {"provisional": {"const": True}}), keys={"pattern": r"^\d{4}$"}
            ),
        },
    )


def _coverage() -> Schema:
    return document(
        1,
        {
            "dataset": _ID,
            "name": _ID,
            "covered": array(INTEGER, min_items=2) | {"maxItems": 2},
            "last_covered": DATE,
            "today": DATE,
            "longest_days": INTEGER,
            "provisional_from": DATE,
            "days_left": INTEGER,
        },
    )


# -- records nested in the entities' rows ---------------------------------------------------


def _command_record() -> Schema:
    return record({"name": _ID, "at": INSTANT, "actor": TEXT, "detail": mapping(TEXT)})


def _service_window() -> Schema:
    return record({"service": enum_of(Service), "start": INSTANT, "end": nullable(INSTANT)})


def _window_version() -> Schema:
    return record(
        {
            "version": INTEGER | {"minimum": 1},
            "start": INSTANT,
            "end": nullable(INSTANT),
            "services": array(ref(ServiceWindow)),
            "announced_at": INSTANT,
            "reason": TEXT,
        }
    )


def _status_update() -> Schema:
    return record({"at": INSTANT, "note": TEXT})


def _window_ledger() -> Schema:
    count = INTEGER | {"minimum": 0}
    return record(
        {
            "window_id": _ID,
            "started": BOOL,
            "held_at_start": count,
            "new_holds": count,
            "released": count,
            "cancelled": count,
        }
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each value, configuration and read-model type with its schema's builder."""
    return {
        BusinessCalendar: _calendar,
        FixedClock: _fixed_clock,
        TransitionRecord: _transition_record,
        BusinessDuration: _business_duration,
        BusinessDays: _business_days,
        CalendarDays: _calendar_days,
        ElapsedDuration: _elapsed_duration,
        Extension: _extension,
        SlaTarget: _target,
        SlaPolicy: _policy,
        SlaEvent: _event,
        SlaClock: _sla_clock,
        SlaCycle: _cycle,
        SlaStatus: _status,
        PriorityContribution: _contribution,
        PriorityScore: _score,
        PriorityInputs: _inputs,
        PriorityModel: _model,
        NoticeTemplate: _template,
        RenderedNotice: _rendered,
        SendPlan: _send_plan,
        ReminderPolicy: _reminder_policy,
        NotificationResult: _notification_result,
        PaymentMetrics: _payment_metrics,
        MaintenanceNotice: _maintenance_notice,
        WithdrawalRequest: _withdrawal_request,
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
        HeldWithdrawal: _held_withdrawal,
        Explanation: _explanation,
        ExplanationSpan: _explanation_span,
        DeadlineExplanation: _deadline_explanation,
        PauseNote: _pause_note,
        ExtensionNote: _extension_note,
        Deadline: _deadline,
        Send: _send,
        CustomerPreferences: _preferences,
        DeliveryPolicy: _delivery_policy,
        DeliveryPlan: _delivery_plan,
        HolidayYear: _holiday_year,
        HolidayData: _holiday_data,
        Coverage: _coverage,
        CommandRecord: _command_record,
        ServiceWindow: _service_window,
        WindowVersion: _window_version,
        StatusUpdate: _status_update,
        WindowLedger: _window_ledger,
    }

"""The declared JSON Schemas of values, configuration and read models (see `_json_schema`).

One function per type, written against that type's `to_dict`: calendars, clocks, audit,
SLA, notices, payments and maintenance values here; complaints' values in
`_schemas_complaints.py`; explanations, delivery plans, holiday data and nested records in
`_schemas_reports.py`; the four stateful entities in `_schemas_entities.py`. Imported
lazily by `json_schema` (it imports every package).
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
from supportflow.calendar import BusinessCalendar
from supportflow.calendar._parse import WEEKDAYS
from supportflow.maintenance import (
    HeldWithdrawal,
    MaintenanceNotice,
)
from supportflow.maintenance._notice import NoticeKind
from supportflow.notices import (
    DeliveryPolicy,
    NoticeChannel,
    NoticeTemplate,
    RenderedNotice,
    SendPlan,
)
from supportflow.notices._model import PARTS
from supportflow.notices._sms import SmsEncoding
from supportflow.notices._variables import VariableType
from supportflow.payments import (
    FailureReason,
    NotificationOutcome,
    NotificationResult,
    PaymentMetrics,
    PaymentState,
    ReminderPolicy,
)
from supportflow.payments._types import REFUND_REASONS
from supportflow.sla import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    ElapsedDuration,
    Extension,
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

__all__ = ["CHANNELS", "ID", "RULE", "ZONE", "declarations"]

#: Any deadline rule, told apart by its `"kind"`.
RULE: Schema = one_of(
    ref(BusinessDuration), ref(BusinessDays), ref(CalendarDays), ref(ElapsedDuration)
)
_HOURS = array(array(WALL_TIME, min_items=2) | {"maxItems": 2})
_WEEKLY = record(dict.fromkeys(WEEKDAYS, _HOURS))
_DAY_KEYS = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
_BEYOND = enum_of(("raise", "weekly", "provisional"))
#: An IANA zone name.
ZONE: Schema = {"type": "string", "minLength": 1}
#: A non-empty name or id.
ID: Schema = {"type": "string", "minLength": 1}
#: A list of notice channels.
CHANNELS: Schema = array(enum_of(NoticeChannel))


# -- calendars, clocks, audit ----------------------------------------------------------


def _calendar() -> Schema:
    days = {
        "holidays": array(DATE),
        "workdays": mapping(enum_of(WEEKDAYS), keys=_DAY_KEYS),
        "overrides": mapping(_HOURS, keys=_DAY_KEYS),
    }
    full = document(
        1,
        {"name": TEXT, "timezone": ZONE, "weekly": _WEEKLY, **days, "beyond_data": _BEYOND},
        {"covered": array(INTEGER, min_items=2) | {"maxItems": 2}, "dataset": TEXT},
    )
    preset = document(
        1,
        {"preset": ID, "weekly": _WEEKLY, **days, "beyond_data": _BEYOND},
        {"name": TEXT, "timezone": ZONE},
    )
    return one_of(full, preset) | {
        "description": "A calendar in full, or as a reference to a holiday data set "
        "(`preset`) plus what the data set does not hold."
    }


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
        {"stamped_at": nullable(INSTANT)},
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
            "timezone": ZONE,
            "source": TEXT,
        },
    )


def _extension() -> Schema:
    return document(1, {"name": ID, "rule": RULE, "requires_approval": BOOL, "condition": TEXT})


def _target() -> Schema:
    return document(
        1,
        {
            "name": ID,
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
        {"name": ID, "targets": array(ref(SlaTarget)), "source": TEXT, "verified": BOOL},
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
            "assumed": array(ID),
        },
    )


def _status() -> Schema:
    return document(
        1,
        {
            "target": ID,
            "at": INSTANT,
            "state": enum_of(SlaState),
            "current": nullable(ref(SlaCycle)),
            "completed": array(ref(SlaCycle)),
        },
    )


# -- notices ----------------------------------------------------------------------------


def _template() -> Schema:
    variable = record(
        {"name": ID, "kind": enum_of(VariableType), "required": BOOL},
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
            "name": ID,
            "description": TEXT,
            "sms_segments": nullable(INTEGER),
            "variables": array(variable),
            "texts": mapping(record({}, dict.fromkeys(PARTS, TEXT))),
        },
        {
            "always_send": {"const": True},
            "mergeable": {"const": True},
            "ref": {"type": "string", "pattern": r"^[^@\s]+@[1-9]\d*$"},
        },
    )


def _rendered() -> Schema:
    return document(
        1,
        {
            "template": ID,
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
    common = {"notice": TEXT, "channel": enum_of(NoticeChannel), "timezone": ZONE}
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
        {"delivery": ref(DeliveryPolicy), "timezone": ZONE},
    )


def _notification_result() -> Schema:
    refund = record(
        {
            "payment_id": ID,
            "amount": DECIMAL,
            "currency": ID,
            "reason": enum_of(REFUND_REASONS),
        }
    )
    return document(
        1,
        {
            "event_id": ID,
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
            "request_id": ID,
            "customer_id": ID,
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
            "window_id": ID,
            "window_version": INTEGER,
            "at": INSTANT,
            "request_ids": array(TEXT),
            "customer_ids": array(TEXT),
            "audience": TEXT,
            "detail": TEXT,
            "holds": array(ref(HeldWithdrawal)),
        },
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each value, configuration and read-model type declared here, with its schema's builder."""
    return {
        BusinessCalendar: _calendar,
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
        NoticeTemplate: _template,
        RenderedNotice: _rendered,
        SendPlan: _send_plan,
        ReminderPolicy: _reminder_policy,
        NotificationResult: _notification_result,
        PaymentMetrics: _payment_metrics,
        MaintenanceNotice: _maintenance_notice,
        HeldWithdrawal: _held_withdrawal,
    }

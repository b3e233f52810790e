"""The declared JSON Schemas of deadline explanations, delivery plans and nested records.

The nested records are those the entities' rows hold (a window's versions, a queue's
ledgers, a payment's commands).

See `_json_schema` for the mechanism.
"""

from __future__ import annotations

from collections.abc import Callable

from supportflow._json_schema import (
    BOOL,
    DATE,
    DURATION,
    INSTANT,
    INTEGER,
    TEXT,
    WALL_TIME,
    Schema,
    array,
    document,
    enum_of,
    mapping,
    nullable,
    record,
    ref,
)
from supportflow._schemas import CHANNELS, ID, ZONE
from supportflow.calendar import Explanation, ExplanationSpan
from supportflow.maintenance import (
    ServiceWindow,
    StatusUpdate,
    WindowLedger,
    WindowVersion,
)
from supportflow.maintenance._window import Service
from supportflow.notices import (
    CustomerPreferences,
    DeliveryPlan,
    DeliveryPolicy,
    NoticeChannel,
    Send,
)
from supportflow.payments import (
    CommandRecord,
)
from supportflow.sla import (
    Deadline,
    DeadlineExplanation,
    ExtensionNote,
    PauseNote,
)

__all__ = ["declarations"]


# -- explanations -----------------------------------------------------------------------


def _pause_note() -> Schema:
    return record({"start": INSTANT, "end": nullable(INSTANT), "reason": TEXT})


def _extension_note() -> Schema:
    return record({"name": ID, "approved_by": TEXT, "at": INSTANT})


def _deadline_explanation() -> Schema:
    return document(
        1,
        {
            "rule": TEXT,
            "start": INSTANT,
            "due": INSTANT,
            "timezone": ZONE,
            "business": nullable(ref(Explanation)),
            "nominal_last_day": nullable(DATE),
            "last_day": nullable(DATE),
            "rolled_past": array(ref(ExplanationSpan)),
            "pauses": array(ref(PauseNote)),
            "extensions": array(ref(ExtensionNote)),
            "unpaused_due": nullable(INSTANT),
            "assumed": array(ID),
        },
    )


def _deadline() -> Schema:
    return document(
        1,
        {
            "due": INSTANT,
            "timezone": ZONE,
            "assumed": array(ID),
            # For display only: `from_dict` recomputes both from `assumed`.
            "provisional": BOOL,
            "note": TEXT,
        },
    )


# -- delivery planning --------------------------------------------------------------------


def _send() -> Schema:
    return document(
        1,
        {
            "id": ID,
            "customer": ID,
            "notice": ID,
            "due": INSTANT,
            "channels": CHANNELS,
            "before": nullable(INSTANT),
            "always_send": BOOL,
            "mergeable": BOOL,
            "priority": INTEGER,
        },
    )


def _preferences() -> Schema:
    return document(
        1,
        {"customer": ID, "timezone": ZONE, "channels": CHANNELS, "opted_out": array(TEXT)},
    )


def _delivery_policy() -> Schema:
    quiet = record({"start": WALL_TIME, "end": WALL_TIME, "channels": CHANNELS, "margin": DURATION})
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
            "name": ID,
            "customer": ID,
            "notice": ID,
            "channel": enum_of(NoticeChannel),
            "at": INSTANT,
            "sends": array(ID, min_items=1),
            "reason": TEXT,
        }
    )
    suppressed = record({"send": ID, "customer": ID, "notice": ID, "reason": TEXT})
    return document(1, {"deliveries": array(delivery), "suppressed": array(suppressed)})


# -- records nested in the entities' rows ---------------------------------------------------


def _command_record() -> Schema:
    return record({"name": ID, "at": INSTANT, "actor": TEXT, "detail": mapping(TEXT)})


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
            "window_id": ID,
            "started": BOOL,
            "held_at_start": count,
            "new_holds": count,
            "released": count,
            "cancelled": count,
        }
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each deadline explanation, delivery and nested-record type with its schema's builder."""
    return {
        DeadlineExplanation: _deadline_explanation,
        PauseNote: _pause_note,
        ExtensionNote: _extension_note,
        Deadline: _deadline,
        Send: _send,
        CustomerPreferences: _preferences,
        DeliveryPolicy: _delivery_policy,
        DeliveryPlan: _delivery_plan,
        CommandRecord: _command_record,
        ServiceWindow: _service_window,
        WindowVersion: _window_version,
        StatusUpdate: _status_update,
        WindowLedger: _window_ledger,
    }

"""The declared JSON Schemas of values, configuration and read models (see `_json_schema`).

JSON Schemas written by hand, one function per type, for the types whose documents are not
declared in their fields (`supportflow._declarative` derives the others' schemas): the
ones left in this module; reports in `_schemas_reports.py`.
Imported lazily by `json_schema` (it imports every package).
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
)
from supportflow.calendar import BusinessCalendar
from supportflow.calendar._parse import WEEKDAYS
from supportflow.priority import (
    Priority,
    PriorityContribution,
    PriorityFactor,
    PriorityInputs,
    PriorityModel,
    PriorityScore,
    Vulnerability,
)

__all__ = ["ID", "ZONE", "declarations"]

_HOURS = array(array(WALL_TIME, min_items=2) | {"maxItems": 2})
_WEEKLY = record(dict.fromkeys(WEEKDAYS, _HOURS))
_DAY_KEYS = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
_BEYOND = enum_of(("raise", "weekly", "provisional"))
#: An IANA zone name.
ZONE: Schema = {"type": "string", "minLength": 1}
#: A non-empty name or id.
ID: Schema = {"type": "string", "minLength": 1}


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
        {"ref": {"type": "string", "pattern": r"^[^@\s]+@[1-9]\d*$"}},
    )


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each value, configuration and read-model type declared here, with its schema's builder."""
    return {
        BusinessCalendar: _calendar,
        PriorityContribution: _contribution,
        PriorityScore: _score,
        PriorityInputs: _inputs,
        PriorityModel: _model,
    }

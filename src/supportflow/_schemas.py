"""The two JSON Schemas written by hand (see `_json_schema`); every other type's is derived.

Every other persisted type declares its document in its attrs fields and its schema is
derived from that declaration (`supportflow._declarative`). These two are not a plain
function of their fields:

- `BusinessCalendar` is written in full, or as a reference to a holiday data set
  (`preset`) plus what the data set does not hold: two shapes told apart by a key's
  presence;
- `Deadline` writes `provisional` and `note`, computed from `assumed` (and recomputed by
  `from_dict`), beside its fields.

Imported lazily by `json_schema` (it imports the calendar and SLA packages).
"""

from __future__ import annotations

from collections.abc import Callable

from supportflow._json_schema import (
    BOOL,
    DATE,
    INSTANT,
    INTEGER,
    REFERENCE,
    TEXT,
    WALL_TIME,
    Schema,
    array,
    document,
    enum_of,
    mapping,
    one_of,
    record,
)
from supportflow.calendar import BusinessCalendar
from supportflow.calendar._parse import WEEKDAYS
from supportflow.sla import Deadline

__all__ = ["declarations"]

_HOURS = array(array(WALL_TIME, min_items=2) | {"maxItems": 2})
_WEEKLY = record(dict.fromkeys(WEEKDAYS, _HOURS))
_DAY_KEYS = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
_BEYOND = enum_of(("raise", "weekly", "provisional"))
#: An IANA zone name.
_ZONE: Schema = {"type": "string", "minLength": 1}
#: A non-empty name or id.
_ID: Schema = {"type": "string", "minLength": 1}


def _calendar() -> Schema:
    days = {
        "holidays": array(DATE),
        "workdays": mapping(enum_of(WEEKDAYS), keys=_DAY_KEYS),
        "overrides": mapping(_HOURS, keys=_DAY_KEYS),
    }
    full = document(
        1,
        {"name": TEXT, "timezone": _ZONE, "weekly": _WEEKLY, **days, "beyond_data": _BEYOND},
        {
            "covered": array(INTEGER, min_items=2) | {"maxItems": 2},
            "dataset": TEXT,
            "ref": REFERENCE,
        },
    )
    preset = document(
        1,
        {"preset": _ID, "weekly": _WEEKLY, **days, "beyond_data": _BEYOND},
        {"name": TEXT, "timezone": _ZONE, "ref": REFERENCE},
    )
    return one_of(full, preset) | {
        "description": "A calendar in full, or as a reference to a holiday data set "
        "(`preset`) plus what the data set does not hold."
    }


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


def declarations() -> dict[type, Callable[[], Schema]]:
    """The two types whose schemas are written by hand, with their builders."""
    return {BusinessCalendar: _calendar, Deadline: _deadline}

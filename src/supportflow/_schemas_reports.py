"""The declared JSON Schemas of explanations, holiday data and nested records.

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
    Schema,
    array,
    document,
    enum_of,
    mapping,
    record,
    ref,
)
from supportflow._schemas import ID, ZONE
from supportflow.calendar import Explanation, ExplanationSpan
from supportflow.calendar._explain import SpanKind
from supportflow.holidays import Coverage, HolidayData, HolidayYear
from supportflow.sla import (
    Deadline,
)

__all__ = ["declarations"]


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
            "timezone": ZONE,
            "start": INSTANT,
            "end": INSTANT,
            "total": DURATION,
            "spans": array(ref(ExplanationSpan)),
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
            "id": ID,
            "name": ID,
            "title": TEXT,
            "timezone": ZONE,
            "years": mapping(
                record(_YEAR, {"provisional": {"const": True}}), keys={"pattern": r"^\d{4}$"}
            ),
        },
    )


def _coverage() -> Schema:
    return document(
        1,
        {
            "dataset": ID,
            "name": ID,
            "covered": array(INTEGER, min_items=2) | {"maxItems": 2},
            "last_covered": DATE,
            "today": DATE,
            "longest_days": INTEGER,
            "provisional_from": DATE,
            "days_left": INTEGER,
        },
    )


# -- records nested in the entities' rows ---------------------------------------------------


def declarations() -> dict[type, Callable[[], Schema]]:
    """Each explanation, holiday-data and nested-record type with its schema's builder."""
    return {
        Explanation: _explanation,
        ExplanationSpan: _explanation_span,
        Deadline: _deadline,
        HolidayYear: _holiday_year,
        HolidayData: _holiday_data,
        Coverage: _coverage,
    }

"""Maintenance notices and operations alerts: what the host must send, and to whom."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Final

import attrs

from supportflow._declarative import Document, declared, spec
from supportflow._serialization import Reader
from supportflow.errors import InvalidFieldError
from supportflow.maintenance._codecs import ID

__all__ = ["HeldWithdrawal", "MaintenanceNotice", "NoticeKind"]


class NoticeKind(enum.Enum):
    """What a `MaintenanceNotice` tells: customers, or operations for the alerts.

    The operations alerts (audience `"operations"`) are `hold_overdue`, `hold_too_long`,
    `extensions_exceeded`, `maintenance_update_due`, `processing_stuck` and `review_stuck`;
    each names the requests concerned in `holds` with their amounts and time held.
    """

    MAINTENANCE_ANNOUNCED = "maintenance_announced"
    MAINTENANCE_EXTENDED = "maintenance_extended"
    MAINTENANCE_UPDATE = "maintenance_update"
    MAINTENANCE_ENDED = "maintenance_ended"
    WITHDRAWAL_HELD = "withdrawal_held"
    WITHDRAWAL_RELEASED = "withdrawal_released"
    WITHDRAWAL_CANCELLED = "withdrawal_cancelled"
    HOLD_OVERDUE = "hold_overdue"
    HOLD_TOO_LONG = "hold_too_long"
    EXTENSIONS_EXCEEDED = "extensions_exceeded"
    MAINTENANCE_UPDATE_DUE = "maintenance_update_due"
    PROCESSING_STUCK = "processing_stuck"
    REVIEW_STUCK = "review_stuck"

    @property
    def is_alert(self) -> bool:
        """Whether notices of this kind are operations alerts (never sent to customers)."""
        return self in _ALERTS

    @property
    def template(self) -> str | None:
        """The catalog template that tells customers of this kind, or `None`.

        `maintenance_ended` is told by `maintenance_finished`, `withdrawal_held` by
        `withdrawal_queued`; the operations alerts, and `withdrawal_cancelled` (the
        customer cancelled it themselves), have no catalog template. An announcement of a
        window with no end is told by `maintenance_open_ended`:
        `MaintenanceWindow.template_for` says which.
        """
        return _TEMPLATES.get(self)


_ALERTS: Final = frozenset(
    {
        NoticeKind.HOLD_OVERDUE,
        NoticeKind.HOLD_TOO_LONG,
        NoticeKind.EXTENSIONS_EXCEEDED,
        NoticeKind.MAINTENANCE_UPDATE_DUE,
        NoticeKind.PROCESSING_STUCK,
        NoticeKind.REVIEW_STUCK,
    }
)


#: The catalog template of each kind customers are told of (names as in `CATALOG_NAMES`).
_TEMPLATES: Final = {
    NoticeKind.MAINTENANCE_ANNOUNCED: "maintenance_announced",
    NoticeKind.MAINTENANCE_EXTENDED: "maintenance_extended",
    NoticeKind.MAINTENANCE_UPDATE: "maintenance_update",
    NoticeKind.MAINTENANCE_ENDED: "maintenance_finished",
    NoticeKind.WITHDRAWAL_HELD: "withdrawal_queued",
    NoticeKind.WITHDRAWAL_RELEASED: "withdrawal_released",
}


def _text(value: object, field: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise InvalidFieldError(field, value, "be a string" if empty else "be a non-empty string")
    return value


def _utc(value: dt.datetime) -> dt.datetime:
    """`value` as a stdlib `datetime` in UTC, so that instants compare and subtract as such.

    Built from the wall reading and its offset with stdlib arithmetic only, so that it is
    right for pendulum instants (whose own arithmetic goes by wall clock) and stdlib ones.
    """
    if type(value) is dt.datetime and value.tzinfo is dt.UTC:
        return value  # the library's own instants: already stdlib UTC (the hot path)
    offset = value.utcoffset()
    assert offset is not None  # noqa: S101 - instants are aware
    wall = dt.datetime(  # noqa: DTZ001 - made aware on the next line
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond,
    )  # fmt: skip
    return (wall - offset).replace(tzinfo=dt.UTC)


def _between(later: dt.datetime, earlier: dt.datetime) -> dt.timedelta:
    """Elapsed real time from `earlier` to `later`, as a plain `timedelta`.

    Both are converted to UTC first: subtracting two local readings would go by wall clock.
    """
    return _utc(later) - _utc(earlier)


@declared(schema=None)
@attrs.frozen
class HeldWithdrawal(Document):
    """One request named by an operations alert: who, how much, and how long it is stuck.

    Attributes:
        request_id: The withdrawal request.
        customer_id: Its customer.
        amount: Its amount.
        currency: Its currency.
        held_for: How long it has been held, in real (elapsed) time, at the alert: in
            maintenance holds (summed over every window and extension) for maintenance
            alerts, in its current state for `processing_stuck` and `review_stuck`.
    """

    request_id: str = attrs.field(metadata=spec(ID))
    customer_id: str = attrs.field(metadata=spec(ID))
    amount: decimal.Decimal
    currency: str
    held_for: dt.timedelta


def _from_v1(reader: Reader) -> dict[str, object]:
    """Notice schema 1 -> 2: the alert lines (`holds`) came with schema 2; none before."""
    document = dict(reader.mapping_value())
    if document.get("holds") is None:
        document["holds"] = []
    return document


@declared(schema=2, upgrades={1: _from_v1})
@attrs.frozen
class MaintenanceNotice(Document):
    """A notice for the host to send (supportflow never sends anything itself).

    Its document has a `"schema"` key (2; schema 1, before `holds`, still loads), for an
    outbox.

    Attributes:
        kind: What it tells.
        window_id: The maintenance window (`""` for `processing_stuck` and `review_stuck`).
        window_version: The window's version the notice describes (0 without a window).
        at: When it was emitted.
        request_ids: The withdrawal requests concerned (in release order for releases).
        customer_ids: The customers to tell (unique, sorted).
        audience: `"customers"`, or `"operations"` for alerts.
        detail: Words for the operator or the template.
        holds: For alerts, each request concerned with its amount and time held.
    """

    kind: NoticeKind
    window_id: str  # any string: `""` for the alerts that name no window
    window_version: int
    at: dt.datetime
    request_ids: tuple[str, ...] = ()
    customer_ids: tuple[str, ...] = ()
    audience: str = "customers"
    detail: str = ""
    holds: tuple[HeldWithdrawal, ...] = ()

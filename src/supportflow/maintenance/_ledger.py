"""The queue's small values: per-window ledgers, submit results, setting checks, row loaders."""

from __future__ import annotations

import datetime as dt

import attrs

from supportflow._serialization import Reader, dump_duration
from supportflow.errors import InvalidFieldError
from supportflow.maintenance._notice import MaintenanceNotice
from supportflow.maintenance._withdrawal import WithdrawalRequest

Notices = tuple[MaintenanceNotice, ...]


@attrs.frozen
class WindowLedger:
    """The hold bookkeeping of one window.

    The invariant, at every moment:
    `held_at_start + new_holds == released + cancelled + still held`.

    Attributes:
        window_id: The window.
        started: Whether its withdrawals pause has begun.
        held_at_start: Requests queued when it began, and held then.
        new_holds: Requests held after it began (submitted, retried or cleared meanwhile).
        released: Holds released after it ended.
        cancelled: Holds the customer cancelled.
    """

    window_id: str
    started: bool = False
    held_at_start: int = 0
    new_holds: int = 0
    released: int = 0
    cancelled: int = 0

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (nested in a queue's dict)."""
        return attrs.asdict(self)


@attrs.frozen
class SubmitResult:
    """What `WithdrawalQueue.submit` did.

    Attributes:
        request: The request (the existing one for a resubmitted client key).
        created: `False` when the client key was seen before (nothing changed).
        notices: Notices to send (e.g. `withdrawal_held`) and alerts the call raised.
    """

    request: WithdrawalRequest
    created: bool
    notices: Notices = ()


def _positive_int(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise InvalidFieldError(field, value, "be an integer >= 1")
    return value


def _duration(value: object, field: str) -> dt.timedelta:
    if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
        raise InvalidFieldError(field, value, "be a non-negative duration")
    return value


def _limit(value: object, field: str) -> dt.timedelta | None:
    if value is None:
        return None
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise InvalidFieldError(field, value, "be a positive duration, or None for no limit")
    return value


def _count_limit(value: object, field: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise InvalidFieldError(field, value, "be an integer >= 0, or None for no limit")
    return value


def _text(value: object, field: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise InvalidFieldError(field, value, "be a string" if empty else "be a non-empty string")
    return value


def _dump_limit(value: dt.timedelta | None) -> str | None:
    return None if value is None else dump_duration(value)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    return value


def _load_ledger(r: Reader) -> WindowLedger:
    keys = {"window_id", "started", "held_at_start", "new_holds", "released", "cancelled"}
    r.require_keys(keys)
    return WindowLedger(
        r.text("window_id"),
        r.flag("started"),
        r.integer("held_at_start"),
        r.integer("new_holds"),
        r.integer("released"),
        r.integer("cancelled"),
    )


def _load_alert(r: Reader) -> tuple[str, int]:
    items = r.elements()
    if len(items) != 2:
        raise r.fail("be a [window_id, version] pair")
    return (items[0].as_(_string), items[1].as_(_version))


def _load_escalation(r: Reader) -> tuple[str, str, str]:
    items = r.elements()
    if len(items) != 3:
        raise r.fail("be a [kind, subject, episode] triple")
    return (items[0].as_(_string), items[1].as_(_string), items[2].as_(_string))


def _version(value: object) -> int:
    if type(value) is not int or value < 1:
        raise InvalidFieldError("", value, "be a version number >= 1")
    return value

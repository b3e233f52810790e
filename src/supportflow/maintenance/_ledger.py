"""The queue's small values: per-window ledgers, submit results, and its settings' checks."""

from __future__ import annotations

import datetime as dt

import attrs

from supportflow._declarative import Document, declared, spec
from supportflow.errors import InvalidFieldError
from supportflow.maintenance._codecs import COUNT, ID
from supportflow.maintenance._notice import MaintenanceNotice
from supportflow.maintenance._withdrawal import WithdrawalRequest

Notices = tuple[MaintenanceNotice, ...]


@declared(schema=None)
@attrs.frozen
class WindowLedger(Document):
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

    window_id: str = attrs.field(metadata=spec(ID))
    started: bool = False
    held_at_start: int = attrs.field(default=0, metadata=spec(COUNT))
    new_holds: int = attrs.field(default=0, metadata=spec(COUNT))
    released: int = attrs.field(default=0, metadata=spec(COUNT))
    cancelled: int = attrs.field(default=0, metadata=spec(COUNT))


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

"""Hold clocks: how long a withdrawal has been held, and when each limit is breached.

Pure helpers for `WithdrawalQueue`. The queue keeps a heap of *candidate* breaches
(deadline, kind, request id, token), derived from its requests (never serialized): every
entry is checked against the request itself when its deadline passes, so a stale entry
(the request moved on) is simply dropped, and a restored queue, which rebuilds the heap
from its requests, behaves exactly like the original.
"""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Final

from supportflow.maintenance._notice import HeldWithdrawal, _between, _utc
from supportflow.maintenance._withdrawal import WithdrawalRequest, WithdrawalState

W = WithdrawalState

HOLD: Final = "hold_too_long"
PROCESSING: Final = "processing_stuck"
REVIEW: Final = "review_stuck"
EXTENSIONS: Final = "extensions_exceeded"
UPDATE: Final = "maintenance_update_due"

_HELD: Final = W.HELD_MAINTENANCE.value

#: (deadline in UTC, kind, request id, token)
Entry = tuple[dt.datetime, str, str, int]


def utc(value: dt.datetime) -> dt.datetime:
    """`value` in UTC, so that instants compare and subtract as instants."""
    return _utc(value)


def held_total(req: WithdrawalRequest, at: dt.datetime) -> dt.timedelta:
    """Real time `req` spent in maintenance holds up to `at`, over every window."""
    total = dt.timedelta(0)
    since: dt.datetime | None = None
    for rec in req.history:
        if rec.to_state == _HELD:
            if since is None:
                since = rec.at
        elif since is not None:
            total += _between(rec.at, since)
            since = None
    if since is not None:
        total += _between(at, since)
    return total


def entered(req: WithdrawalRequest) -> dt.datetime:
    """When `req` entered its current state (the last record is the entering event)."""
    return req.history[-1].at


def item(req: WithdrawalRequest, held_for: dt.timedelta) -> HeldWithdrawal:
    """The alert line for `req`."""
    return HeldWithdrawal(req.id, req.customer_id, req.amount, req.currency, held_for)


def token(req: WithdrawalRequest) -> int:
    """What identifies the current episode of `req`'s state for an alert key."""
    if req.state is W.PROCESSING:
        return req.attempts
    if req.state is W.HELD_REVIEW:
        return len(req.history)
    return 0


def key(kind: str, req: WithdrawalRequest, tok: int) -> tuple[str, str, str]:
    """The escalation key of one breach (recorded so that it is never alerted twice)."""
    return (kind, req.id, "" if kind == HOLD else str(tok))


def candidate(
    req: WithdrawalRequest,
    *,
    max_hold: dt.timedelta | None,
    max_processing: dt.timedelta | None,
    max_review: dt.timedelta | None,
) -> Entry | None:
    """The heap entry for the limit `req` may breach in its current state, if any."""
    state = req.state
    if state is W.HELD_MAINTENANCE and max_hold is not None:
        start = entered(req)
        # A first hold (nothing released before) has no past hold time: no history walk.
        released_before = any(rec.event == "release" for rec in req.history)
        past = held_total(req, start) if released_before else dt.timedelta(0)
        return (utc(start) + (max_hold - past), HOLD, req.id, 0)
    if state is W.PROCESSING and max_processing is not None:
        return (utc(entered(req)) + max_processing, PROCESSING, req.id, req.attempts)
    if state is W.HELD_REVIEW and max_review is not None:
        return (utc(entered(req)) + max_review, REVIEW, req.id, len(req.history))
    return None


def due(heap: list[Entry], when: dt.datetime) -> list[Entry]:
    """Pop every entry whose deadline is before `when` (a limit is breached once exceeded)."""
    out: list[Entry] = []
    now = utc(when)
    while heap and heap[0][0] < now:
        out.append(heapq.heappop(heap))
    return out


def still_breached(
    entry: Entry,
    req: WithdrawalRequest,
    when: dt.datetime,
    limit: dt.timedelta,
) -> dt.timedelta | None:
    """How long `req` has been held if `entry` is still a breach at `when`, else `None`."""
    _, kind, _, tok = entry
    if kind == HOLD:
        if req.state is not W.HELD_MAINTENANCE:
            return None
        total = held_total(req, when)
        return total if total > limit else None
    wanted = W.PROCESSING if kind == PROCESSING else W.HELD_REVIEW
    if req.state is not wanted or token(req) != tok:
        return None
    age = _between(when, entered(req))
    return age if age > limit else None

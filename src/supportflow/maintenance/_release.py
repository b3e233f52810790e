"""How the queue moves in time and releases its holds: in order, in rate-limited batches.

The time half of `WithdrawalQueue` (a mixin: the queue holds the state), and the wrapper
of its events (`_event`: each call's skew stamp starts empty). Time moves only
forward (`_tick`, with the skew tolerance); when it reaches a window's withdrawals pause,
the queued requests are held (`_start`); a request that becomes payable during a pause
is held as it comes (`_place`); an ended window's holds are released in
`(requested_at, id)` order, at most `batch_size` per `batch_interval` (`_release`), and
held again if another window pauses withdrawals then.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import attrs

from supportflow import _pendulum, _skew
from supportflow._sealed import opening
from supportflow.errors import IllegalTransitionError, InvalidFieldError
from supportflow.maintenance._alerting import _Alerting
from supportflow.maintenance._ledger import WindowLedger
from supportflow.maintenance._notice import MaintenanceNotice, NoticeKind
from supportflow.maintenance._window import MaintenanceWindow
from supportflow.maintenance._withdrawal import (
    STAMPED,
    WITHDRAWAL_WORKFLOW,
    WithdrawalRequest,
    WithdrawalState,
)
from supportflow.vocabulary import Service

W = WithdrawalState
Notices = tuple[MaintenanceNotice, ...]
_Q = TypeVar("_Q", bound="_Releasing")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _event(method: Callable[Concatenate[_Q, _P], _R]) -> Callable[Concatenate[_Q, _P], _R]:
    """An event of the queue: open while it runs, versioned, its skew stamp reset after."""

    @functools.wraps(method)
    def stamping(self: _Q, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        token = STAMPED.set(None)
        try:
            return method(self, *args, **kwargs)
        finally:
            STAMPED.reset(token)

    return opening(stamping)


class _Releasing(_Alerting):
    """Time, holds and releases of `WithdrawalQueue` (a mixin: the queue holds the state)."""

    __slots__ = ()

    if TYPE_CHECKING:
        batch_size: int
        batch_interval: dt.timedelta
        now: dt.datetime | None
        ledgers: dict[str, WindowLedger]
        releasing: list[str]
        last_batch_at: dt.datetime | None
        skew_tolerance: dt.timedelta

        def active_window(self) -> MaintenanceWindow | None: ...

    def _tick(self, at: object) -> dt.datetime:
        when = _pendulum.instant(at, field="at")
        if self.now is not None and when < self.now:
            if not self.skew_tolerance:
                raise InvalidFieldError(
                    "at", at, f"not be earlier than the queue's last instant ({self.now})"
                )
            when, stamped = _skew.admit(when, self.now, self.skew_tolerance)
            STAMPED.set(stamped)
        return when

    def _starting(self, when: dt.datetime) -> list[MaintenanceWindow]:
        """The windows whose withdrawals pause begins by `when` (in start order)."""
        out = []
        for window in sorted(self.windows.values(), key=lambda w: (w.start, w.id)):
            sub = window.current.window_for(Service.WITHDRAWALS)
            if (
                sub is not None
                and sub.start <= when
                and not self.ledgers[window.id].started
                and window.ended_at is None
            ):
                out.append(window)
        return out

    def _require(self, req: WithdrawalRequest, event: str, when: dt.datetime) -> None:
        """Refuse `event` unless `req` allows it once the queue's time has reached `when`.

        Moving time holds queued requests when a window starts: the check is made against
        that state, before anything moves.
        """
        state = req.state
        if state is W.QUEUED and self._starting(when):
            state = W.HELD_MAINTENANCE
        if event not in WITHDRAWAL_WORKFLOW.allowed_events(state):
            raise IllegalTransitionError(f"WithdrawalRequest {req.id}", state.value, event)
        if req.history and when < req.history[-1].at:
            raise InvalidFieldError(
                "at", when, f"not be earlier than the request's last event ({req.history[-1].at})"
            )

    def _advance(self, when: dt.datetime) -> list[MaintenanceNotice]:
        self.now = when  # type: ignore[misc]  # a slot of the queue this mixin is part of
        notices: list[MaintenanceNotice] = []
        for window in self._starting(when):
            notices.extend(self._start(window, when))
        notices.extend(self._alerts(when))
        return notices

    def _start(self, window: MaintenanceWindow, at: dt.datetime) -> Notices:
        queued = sorted(
            (r for r in self.requests.values() if r.state is W.QUEUED), key=lambda r: r.sort_key
        )
        held = self._held.setdefault(window.id, {})
        for req in queued:
            req.hold_for_maintenance(window.id, at=at)
            held[req.id] = None
        self._watch_holds(queued, at)
        ledger = self.ledgers[window.id]
        self.ledgers[window.id] = attrs.evolve(
            ledger, started=True, held_at_start=ledger.held_at_start + len(queued)
        )
        if not queued:
            return ()
        return (self._held_notice(window, at, queued, "held at the start of maintenance"),)

    def _held_notice(
        self,
        window: MaintenanceWindow,
        at: dt.datetime,
        reqs: list[WithdrawalRequest],
        detail: str,
    ) -> MaintenanceNotice:
        return window._notice(
            NoticeKind.WITHDRAWAL_HELD,
            at,
            request_ids=tuple(r.id for r in reqs),
            customer_ids=(r.customer_id for r in reqs),
            detail=detail,
        )

    def _to_held(self, window_id: str, notice: MaintenanceNotice) -> MaintenanceNotice:
        """`notice` addressed to every customer `window_id` holds now."""
        held = self.held(window_id)
        return attrs.evolve(
            notice,
            request_ids=tuple(r.id for r in held),
            customer_ids=tuple(sorted({r.customer_id for r in held})),
        )

    def _release(self, at: dt.datetime) -> Notices:
        if not self.releasing:
            return ()
        if self.last_batch_at is not None and at < self.last_batch_at + self.batch_interval:
            return ()
        released: dict[str, list[WithdrawalRequest]] = {}
        rehold: list[WithdrawalRequest] = []
        active = self.active_window()
        taken = count = 0
        requests = self.requests
        for rid in self.releasing:
            taken += 1
            req = requests[rid]
            if req.state is not W.HELD_MAINTENANCE:
                continue  # cancelled while waiting: already counted as cancelled
            wid = req.window_id
            assert wid is not None  # noqa: S101 - a held request names its window
            req.release(at=at)
            del self._held[wid][rid]
            released.setdefault(wid, []).append(req)
            count += 1
            if active is not None:
                rehold.append(req)
            if count >= self.batch_size:
                break
        del self.releasing[:taken]
        if count:
            self.last_batch_at = at  # type: ignore[misc]  # a slot of the queue, as above
        notices: list[MaintenanceNotice] = []
        for wid, reqs in released.items():
            ledger = self.ledgers[wid]
            self.ledgers[wid] = attrs.evolve(ledger, released=ledger.released + len(reqs))
            notices.append(
                self.windows[wid]._notice(
                    NoticeKind.WITHDRAWAL_RELEASED,
                    at,
                    request_ids=tuple(r.id for r in reqs),
                    customer_ids=(r.customer_id for r in reqs),
                )
            )
        if active is not None and rehold:
            notices.append(self._hold_new(active, rehold, at, "held again: another maintenance"))
            notices.extend(self._alerts(at))
        return tuple(notices)

    def _hold_new(
        self,
        window: MaintenanceWindow,
        reqs: list[WithdrawalRequest],
        at: dt.datetime,
        detail: str,
    ) -> MaintenanceNotice:
        held = self._held.setdefault(window.id, {})
        for req in reqs:
            req.hold_for_maintenance(window.id, at=at)
            held[req.id] = None
            self._watch(req)
        ledger = self.ledgers[window.id]
        self.ledgers[window.id] = attrs.evolve(ledger, new_holds=ledger.new_holds + len(reqs))
        return self._held_notice(window, at, reqs, detail)

    def _place(self, req: WithdrawalRequest, at: dt.datetime, detail: str) -> Notices:
        """Hold a validated or failed request if a window is active, else queue it."""
        active = self.active_window()
        if req.state is W.FAILED:
            req.retry(at=at)
            if active is None:
                return ()
            return (self._hold_new(active, [req], at, detail),)
        if active is None:
            req.queue(at=at)
            return ()
        return (self._hold_new(active, [req], at, detail),)

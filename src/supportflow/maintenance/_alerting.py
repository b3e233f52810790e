"""How the queue raises its operations alerts: each due breach once, with its holds."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING

from supportflow._serialization import dump_duration, dump_instant
from supportflow.maintenance import _clocks
from supportflow.maintenance._notice import HeldWithdrawal, MaintenanceNotice, NoticeKind, _between
from supportflow.maintenance._window import MaintenanceWindow
from supportflow.maintenance._withdrawal import WithdrawalRequest
from supportflow.vocabulary import Service

Notices = tuple[MaintenanceNotice, ...]
Escalation = tuple[str, str, str]


class _Alerting:
    """The alert half of `WithdrawalQueue` (a mixin: the queue holds the state)."""

    __slots__ = ()

    if TYPE_CHECKING:
        grace: dt.timedelta
        max_hold: dt.timedelta | None
        max_processing: dt.timedelta | None
        max_review: dt.timedelta | None
        update_every: dt.timedelta
        windows: dict[str, MaintenanceWindow]
        requests: dict[str, WithdrawalRequest]
        alerts: list[tuple[str, int]]
        escalations: list[Escalation]
        _held: dict[str, dict[str, None]]
        _clocks: list[_clocks.Entry]
        _escalated: set[Escalation]

        def held(self, window_id: str) -> tuple[WithdrawalRequest, ...]: ...

    def _watch(self, req: WithdrawalRequest) -> None:
        """Put `req`'s clock for its current state on the heap (if a limit applies)."""
        entry = _clocks.candidate(
            req,
            max_hold=self.max_hold,
            max_processing=self.max_processing,
            max_review=self.max_review,
        )
        if entry is not None and _clocks.key(entry[1], req, entry[3]) not in self._escalated:
            heapq.heappush(self._clocks, entry)

    def _watch_holds(self, reqs: list[WithdrawalRequest], at: dt.datetime) -> None:
        """`_watch` for requests all just held at `at` (the start of a window: 10^5 of them).

        A first hold's deadline is `at + max_hold` for every one of them; only requests held
        before need their history walked. The heap is rebuilt once instead of pushed to.
        """
        limit = self.max_hold
        if limit is None or not reqs:
            return
        deadline = _clocks.utc(at) + limit
        hold = _clocks.HOLD
        entries: list[_clocks.Entry] = []
        for req in reqs:
            if any(rec.event == "release" for rec in req.history):
                entry = _clocks.candidate(req, max_hold=limit, max_processing=None, max_review=None)
                if entry is not None and (hold, req.id, "") not in self._escalated:
                    entries.append(entry)
            else:
                entries.append((deadline, hold, req.id, 0))
        self._clocks.extend(entries)
        heapq.heapify(self._clocks)

    def _escalate(self, key: Escalation) -> None:
        self.escalations.append(key)
        self._escalated.add(key)

    def _items(
        self, reqs: Iterable[WithdrawalRequest], at: dt.datetime
    ) -> tuple[HeldWithdrawal, ...]:
        return tuple(_clocks.item(r, _clocks.held_total(r, at)) for r in reqs)

    def _held_alert(
        self, window: MaintenanceWindow, kind: NoticeKind, when: dt.datetime, detail: str
    ) -> MaintenanceNotice:
        """An operations alert about `window` listing the requests it holds at `when`."""
        reqs = self.held(window.id)
        return window._notice(
            kind,
            when,
            request_ids=tuple(r.id for r in reqs),
            customer_ids=(r.customer_id for r in reqs),
            audience="operations",
            detail=detail.format(count=len(reqs)),
            holds=self._items(reqs, when),
        )

    def _alerts(self, when: dt.datetime) -> list[MaintenanceNotice]:
        """Every alert due at `when` and not raised before, in a fixed order."""
        notices: list[MaintenanceNotice] = []
        windows = sorted(self.windows.values(), key=lambda w: (w.start, w.id))
        for window in windows:
            notices.extend(self._overdue(window, when))
        for window in windows:
            notices.extend(self._update_due(window, when))
        notices.extend(self._clock_alerts(when))
        return notices

    def _overdue(self, window: MaintenanceWindow, when: dt.datetime) -> Notices:
        """`hold_overdue`: holds outlive the withdrawals pause's announced end + grace."""
        held = self._held.get(window.id)
        sub = window.current.window_for(Service.WITHDRAWALS)
        key = (window.id, window.current.version)
        if not held or sub is None or sub.end is None or key in self.alerts:
            return ()
        if not _clocks.utc(when) > _clocks.utc(sub.end) + self.grace:
            return ()
        self.alerts.append(key)
        late, grace = dump_duration(_between(when, sub.end)), dump_duration(self.grace)
        detail = (
            f"{{count}} withdrawals still held {late} after the announced end "
            f"of the withdrawals pause (grace {grace})"
        )
        return (self._held_alert(window, NoticeKind.HOLD_OVERDUE, when, detail),)

    def _update_due(self, window: MaintenanceWindow, when: dt.datetime) -> Notices:
        """`maintenance_update_due`: a window with no end went `update_every` unheard."""
        if window.end is not None or window.ended_at is not None or when < window.start:
            return ()
        anchor = window.last_word
        silent = _between(when, anchor)
        if silent <= self.update_every:
            return ()
        missed = (silent - dt.timedelta(microseconds=1)) // self.update_every
        key = (_clocks.UPDATE, window.id, f"{dump_instant(anchor)}#{missed}")
        if key in self._escalated:
            return ()
        self._escalate(key)
        detail = (
            f"no end announced and no status update for {dump_duration(silent)} "
            f"(one is owed every {dump_duration(self.update_every)}); "
            "{count} withdrawals held"
        )
        return (self._held_alert(window, NoticeKind.MAINTENANCE_UPDATE_DUE, when, detail),)

    def _clock_alerts(self, when: dt.datetime) -> list[MaintenanceNotice]:
        """`hold_too_long`, `processing_stuck`, `review_stuck`: each breach alerted once."""
        if not self._clocks or not self._clocks[0][0] < _clocks.utc(when):
            return []
        limits = {
            _clocks.HOLD: self.max_hold,
            _clocks.PROCESSING: self.max_processing,
            _clocks.REVIEW: self.max_review,
        }
        found: dict[tuple[str, str], list[tuple[WithdrawalRequest, dt.timedelta]]] = {}
        for entry in _clocks.due(self._clocks, when):
            kind, rid, tok = entry[1], entry[2], entry[3]
            req = self.requests.get(rid)
            limit = limits[kind]
            if req is None or limit is None:
                continue
            key = _clocks.key(kind, req, tok)
            if key in self._escalated:
                continue
            held_for = _clocks.still_breached(entry, req, when, limit)
            if held_for is None:
                continue
            self._escalate(key)
            wid = (req.window_id or "") if kind == _clocks.HOLD else ""
            found.setdefault((kind, wid), []).append((req, held_for))
        notices: list[MaintenanceNotice] = []
        order = {_clocks.HOLD: 0, _clocks.PROCESSING: 1, _clocks.REVIEW: 2}
        for (kind, wid), pairs in sorted(found.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
            pairs.sort(key=lambda p: p[0].sort_key)
            limit = limits[kind]
            assert limit is not None  # noqa: S101 - entries exist only under a limit
            holds = tuple(_clocks.item(r, d) for r, d in pairs)
            window = self.windows.get(wid)
            notices.append(
                MaintenanceNotice(
                    NoticeKind(kind),
                    wid,
                    0 if window is None else window.current.version,
                    when,
                    tuple(r.id for r, _ in pairs),
                    tuple(sorted({r.customer_id for r, _ in pairs})),
                    "operations",
                    f"{len(pairs)} withdrawals over the limit of {dump_duration(limit)}",
                    holds,
                )
            )
        return notices

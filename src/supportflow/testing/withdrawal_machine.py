"""`WithdrawalQueueMachine`: the withdrawal queue's promises, checked against a plain ledger.

Needs the `supportflow[testing]` extra. The machine drives one `WithdrawalQueue` with random
submissions (new and resubmitted keys, some over the limit, some held for review),
cancellations, reviews, payouts, windows with and without an end (some pausing
withdrawals for only part of the window), extensions, status updates, ends, releases, time
moving by zero or more minutes (so many instants are equal), refused calls, and
persistence (JSON through `to_dict`/`from_dict`, or pickle) at any step. It keeps its own
reference ledger - plain lists and dicts built from what it did and from the notices the
calls returned, never from the queue's helpers - and checks after every step:

- **all or nothing**: a refused call (a typed `SupportflowError`) left the queue's dict
  exactly as before;
- **conservation**: per window, holds told to customers == released + cancelled + still
  held, in counts and in amounts, and every submitted request is in exactly one state;
- **told**: every change into or out of a hold came with a customer notice (the queue's
  states agree with the ledger built from notices);
- **FIFO**: each window's releases come in `(requested_at, id)` order, never overtaking a
  request it still holds;
- **liveness**: once a window has ended and enough release batches have run, it holds
  nothing (the `drain` rule);
- **alerts**: every hold past `max_hold` (total, in real time) alerted exactly once with its
  time held; every overdue window version, missed status update, stuck payout and stuck
  review alerted; every alert the queue records was returned by some call;
- **restore**: a copy restored from JSON or pickle equals the original and, driven with the
  same calls from then on, returns the same notices and errors.

Run it as a test with `TestQueue = WithdrawalQueueMachine.TestCase`; subclass it and
override `new_queue` to check your own settings.

This module stays just above 600 lines because it is one Hypothesis state machine: its
rules and invariants share the machine's bundles and reference ledger, and a user reads
them, and subclasses them, as one class.

Example:
    ```python
    import datetime as dt

    from hypothesis import settings
    from supportflow.maintenance import WithdrawalQueue
    from supportflow.testing import WithdrawalQueueMachine


    class MyQueue(WithdrawalQueueMachine):
        '''The queue under my production settings.'''

        def new_queue(self, data):
            return WithdrawalQueue(batch_size=2, max_hold=dt.timedelta(hours=6))


    TestMyQueue = MyQueue.TestCase
    TestMyQueue.settings = settings(max_examples=3, stateful_step_count=15, deadline=None)
    TestMyQueue().runTest()
    ```
"""

# A test helper: its assertions are its output (pytest rewrites them).
# ruff: noqa: S101

from __future__ import annotations

import datetime as dt
import decimal
import json
import pickle
from collections.abc import Callable
from typing import Any, ClassVar

import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from supportflow.errors import SupportflowError
from supportflow.maintenance import (
    MaintenanceNotice,
    MaintenanceWindow,
    NoticeKind,
    WithdrawalQueue,
    WithdrawalState,
)

__all__ = ["WithdrawalQueueMachine"]

K = NoticeKind
W = WithdrawalState
_MIN = dt.timedelta(minutes=1)


def _utc(value: dt.datetime) -> dt.datetime:
    # Plain stdlib arithmetic from the wall reading and its offset: independent of the
    # library's own conversion, and right for pendulum and stdlib instants alike.
    offset = value.utcoffset()
    assert offset is not None
    wall = dt.datetime(  # noqa: DTZ001 - made aware below
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond,
    )  # fmt: skip
    return (wall - offset).replace(tzinfo=dt.UTC)


def _minutes() -> st.SearchStrategy[int]:
    """Gaps between calls: often 0 (equal instants), sometimes hours."""
    return st.one_of(st.just(0), st.integers(0, 30), st.integers(0, 240))


class WithdrawalQueueMachine(RuleBasedStateMachine):
    """Random operations on a `WithdrawalQueue`, checked against a reference ledger.

    Override `new_queue(data)` to test your own settings. The reference and the checks are
    described in the module docstring.

    Attributes:
        queue: The queue under test.
        twin: A copy restored from JSON or pickle at some step (or `None`); from then on
            every call is made on both, with the same outcome required.
        now: The machine's clock (calls are made at `now`).
        told: Every notice returned by every call, in order.
    """

    #: Where the clock starts.
    origin: ClassVar[dt.datetime] = pendulum.datetime(2025, 6, 1, 8, tz="Asia/Shanghai")

    def __init__(self) -> None:
        super().__init__()
        self.queue: WithdrawalQueue = WithdrawalQueue()
        self.twin: WithdrawalQueue | None = None
        self.now: dt.datetime = self.origin
        self.told: list[MaintenanceNotice] = []
        # The reference ledger: plain lists and dicts.
        self.submitted: list[tuple[str, decimal.Decimal, dt.datetime]] = []
        self.keys: dict[str, tuple[str, decimal.Decimal, str]] = {}
        self.holds: list[dict[str, Any]] = []  # rid, window, start, end, outcome
        self.windows: dict[str, dict[str, Any]] = {}
        self.since: dict[str, tuple[str, dt.datetime, int]] = {}  # rid -> state, since, nth
        self.alerted_hold: list[tuple[str, dt.datetime]] = []
        self.alerted: list[tuple[str, str, dt.datetime]] = []  # kind, subject, at
        self.episodes: int = 0
        self.window_count: int = 0

    # -- what subclasses provide ---------------------------------------------------------

    def new_queue(self, data: st.DataObject) -> WithdrawalQueue:
        """A fresh queue under drawn settings (override for your own)."""
        hour = dt.timedelta(hours=1)
        return WithdrawalQueue(
            batch_size=data.draw(st.integers(1, 4), label="batch_size"),
            batch_interval=_MIN * data.draw(st.integers(0, 5), label="batch_interval"),
            grace=_MIN * data.draw(st.sampled_from((0, 30, 90)), label="grace"),
            max_amount=data.draw(st.sampled_from((None, decimal.Decimal(4000))), label="max"),
            max_hold=data.draw(st.sampled_from((None, 2 * hour, 6 * hour)), label="max_hold"),
            max_extensions=data.draw(st.sampled_from((None, 0, 1, 2)), label="max_extensions"),
            max_processing=data.draw(st.sampled_from((None, 3 * hour)), label="max_processing"),
            max_review=data.draw(st.sampled_from((None, 5 * hour)), label="max_review"),
            update_every=data.draw(st.sampled_from((hour, 3 * hour)), label="update_every"),
        )

    # -- the call wrapper ------------------------------------------------------------------

    def _call(self, method: str, *args: Any, **kwargs: Any) -> tuple[MaintenanceNotice, ...] | None:  # noqa: ANN401
        """Call `method` on the queue (and the twin); `None` when refused."""
        outcome = self._try(self.queue, method, args, kwargs)
        if self.twin is not None:
            twin_outcome = self._try(self.twin, method, args, kwargs)
            assert _comparable(outcome) == _comparable(twin_outcome), (method, outcome)
            assert self.twin.to_dict() == self.queue.to_dict()
        if isinstance(outcome, SupportflowError):
            return None
        notices: tuple[MaintenanceNotice, ...] = (
            outcome.notices if hasattr(outcome, "notices") else outcome
        )
        self._record(notices)
        return notices

    @staticmethod
    def _try(queue: WithdrawalQueue, method: str, args: Any, kwargs: Any) -> Any:  # noqa: ANN401
        before = json.dumps(queue.to_dict(), sort_keys=True)
        try:
            return getattr(queue, method)(*args, **kwargs)
        except SupportflowError as exc:  # the checks follow, outside the handler
            refused = exc
        after = json.dumps(queue.to_dict(), sort_keys=True)
        assert after == before, f"refused {method} changed the queue: {refused}"
        return refused

    def _record(self, notices: tuple[MaintenanceNotice, ...]) -> None:
        """Fold the returned notices into the reference ledger, checking each."""
        for n in notices:
            self.told.append(n)
            assert _utc(n.at) == _utc(self.now), (n.kind, n.at, self.now)
            if n.kind is K.WITHDRAWAL_HELD:
                for rid in n.request_ids:
                    assert self._open(rid) is None, f"{rid} held twice"
                    self.holds.append(
                        {"rid": rid, "window": n.window_id, "start": n.at, "end": None, "how": ""}
                    )
            elif n.kind is K.WITHDRAWAL_RELEASED:
                self._check_fifo(n)
                for rid in n.request_ids:
                    self._close(rid, n, "released")
            elif n.kind is K.WITHDRAWAL_CANCELLED:
                for rid in n.request_ids:
                    self._close(rid, n, "cancelled")
            elif n.kind is K.HOLD_TOO_LONG:
                for item in n.holds:
                    limit = self.queue.max_hold
                    assert limit is not None
                    total = self._held_total(item.request_id, n.at)
                    assert item.held_for == total > limit, (item, total)
                    self.alerted_hold.append((item.request_id, n.at))
            elif n.kind.is_alert:
                subject = n.window_id or ",".join(n.request_ids)
                self.alerted.append((n.kind.value, subject, n.at))
                if n.kind in {K.PROCESSING_STUCK, K.REVIEW_STUCK}:
                    for item in n.holds:
                        _state, since, nth = self.since[item.request_id]
                        self.alerted.append((n.kind.value, f"{item.request_id}#{nth}", n.at))
                        assert item.held_for == _utc(n.at) - _utc(since)

    def _open(self, rid: str) -> dict[str, Any] | None:
        found = [h for h in self.holds if h["rid"] == rid and h["end"] is None]
        assert len(found) <= 1
        return found[0] if found else None

    def _close(self, rid: str, n: MaintenanceNotice, how: str) -> None:
        hold = self._open(rid)
        assert hold is not None, f"{how} {rid} that was not held"
        assert hold["window"] == n.window_id
        hold["end"], hold["how"] = n.at, how

    def _requested(self, rid: str) -> tuple[dt.datetime, str]:
        for sid, _, at in self.submitted:
            if sid == rid:
                return (_utc(at), rid)
        raise AssertionError(rid)

    def _check_fifo(self, n: MaintenanceNotice) -> None:
        order = [self._requested(r) for r in n.request_ids]
        assert order == sorted(order), "released out of order"
        assert len(n.request_ids) <= self.queue.batch_size
        assert self.windows[n.window_id]["ended"], "released before the window ended"
        waiting = [
            self._requested(h["rid"])
            for h in self.holds
            if h["window"] == n.window_id and h["end"] is None and h["rid"] not in n.request_ids
        ]
        assert all(w > order[-1] for w in waiting), "a release overtook a held request"

    def _held_total(self, rid: str, at: dt.datetime) -> dt.timedelta:
        total = dt.timedelta(0)
        for h in self.holds:
            if h["rid"] == rid:
                end = at if h["end"] is None else h["end"]
                total += _utc(end) - _utc(h["start"])
        return total

    def _ids(self, state: WithdrawalState | None = None) -> list[str]:
        return [r.id for r in self.queue.requests.values() if state is None or r.state is state]

    def _pick(self, data: st.DataObject, ids: list[str]) -> str:
        """Mostly a request in `ids`; now and then any request (maybe an illegal call)."""
        every = [rid for rid, _, _ in self.submitted] or ["W-none"]
        if ids and data.draw(st.integers(0, 5), label="pick any") > 0:
            return data.draw(st.sampled_from(ids), label="request")
        return data.draw(st.sampled_from(every), label="any request")

    def _seen(self) -> dt.datetime:
        """The instant of the last accepted call (refused calls do not move the queue)."""
        return self.queue.now or self.origin

    def _wait(self, minutes: int) -> None:
        self.now = self.now + _MIN * minutes

    # -- rules -----------------------------------------------------------------------------

    @initialize(data=st.data())
    def setup(self, data: st.DataObject) -> None:
        """A fresh queue at the origin."""
        self.queue = self.new_queue(data)
        self.now = self.queue.now or self.origin
        self._call("advance", self.now)

    @rule(minutes=_minutes())
    def wait(self, minutes: int) -> None:
        """Time passes; the host advances the queue."""
        self._wait(minutes)
        self._call("advance", self.now)

    @rule(key=st.integers(0, 12), amount=st.integers(1, 5000), review=st.booleans(), data=st.data())
    def submit(self, key: int, amount: int, review: bool, data: st.DataObject) -> None:
        """Submit a withdrawal (a seen key resubmits it, idempotently)."""
        client_key = f"k{key}"
        if client_key in self.keys:
            customer, value, known = self.keys[client_key]
            before = self.queue.requests[known].state
            notices = self._call(
                "submit", client_key, customer_id=customer, amount=value, currency="CNY",
                at=self.now,
            )  # fmt: skip
            assert notices is not None
            if before is not W.QUEUED:  # a queued one may be held by the advance
                assert self.queue.requests[known].state is before
            return
        customer = f"C{key % 4}"
        value = decimal.Decimal(amount)
        rid = data.draw(st.sampled_from((None, f"R{key}")), label="request_id")
        notices = self._call(
            "submit", client_key, customer_id=customer, amount=value, currency="CNY",
            at=self.now, request_id=rid, review_reason="abnormal" if review else "",
        )  # fmt: skip
        assert notices is not None
        req = self.queue.by_client_key(client_key)
        assert req is not None
        assert req.requested_at == self.now
        self.keys[client_key] = (customer, value, req.id)
        self.submitted.append((req.id, value, self.now))
        limit = self.queue.max_amount
        active = any(
            _utc(w["start"]) <= _utc(self.now) and not w["ended"]
            for w in self.windows.values()
        )  # fmt: skip
        if limit is not None and value > limit:
            assert req.state is W.REJECTED
        elif review:
            assert req.state is W.HELD_REVIEW
            self.episodes += 1
            self.since[req.id] = ("review", self.now, self.episodes)
        else:
            assert req.state is (W.HELD_MAINTENANCE if active else W.QUEUED), req.state

    @rule(data=st.data(), minutes=_minutes())
    def cancel(self, data: st.DataObject, minutes: int) -> None:
        """The customer cancels (sometimes a request that can no longer be cancelled)."""
        self._wait(minutes)
        rid = self._pick(data, self._ids(W.HELD_MAINTENANCE) + self._ids(W.QUEUED))
        notices = self._call("cancel", rid, at=self.now)
        if notices is not None:
            assert self.queue.requests[rid].state is W.CANCELLED_BY_USER
            assert self._open(rid) is None
            self.since.pop(rid, None)

    @rule(data=st.data(), minutes=_minutes(), clear=st.booleans())
    def review(self, data: st.DataObject, minutes: int, clear: bool) -> None:
        """A reviewer clears or rejects a request held for review."""
        self._wait(minutes)
        rid = self._pick(data, self._ids(W.HELD_REVIEW))
        if clear:
            done = self._call("clear_review", rid, at=self.now, actor="risk-1")
        else:
            done = self._call("reject", rid, at=self.now, reason="fraud", actor="risk-1")
        if done is not None:
            self.since.pop(rid, None)

    @rule(
        data=st.data(), minutes=_minutes(), outcome=st.sampled_from(("none", "ok", "fail", "retry"))
    )
    def payout(self, data: st.DataObject, minutes: int, outcome: str) -> None:
        """Start a payout; maybe finish it (complete, fail, or fail retryably) later."""
        self._wait(minutes)
        rid = self._pick(data, self._ids(W.QUEUED) + self._ids(W.PROCESSING))
        if (
            self.queue.requests.get(rid) is not None
            and self.queue.requests[rid].state is W.PROCESSING
        ):
            pass
        elif self._call("start_processing", rid, at=self.now) is not None:
            self.episodes += 1
            self.since[rid] = ("processing", self.now, self.episodes)
        else:
            return
        if outcome == "none":
            return
        self._wait(data.draw(_minutes(), label="payout takes"))
        if outcome == "ok":
            done = self._call("complete", rid, at=self.now)
        else:
            done = self._call(
                "fail", rid, at=self.now, reason="bank timeout", retryable=outcome == "retry"
            )
        assert done is not None
        self.since.pop(rid, None)

    @precondition(lambda self: self.window_count < 4)
    @rule(delay=_minutes(), length=st.one_of(st.none(), st.integers(10, 300)), part=st.booleans())
    def announce(self, delay: int, length: int | None, part: bool) -> None:
        """Announce a window (maybe with no end; maybe pausing withdrawals for part of it)."""
        self.window_count += 1
        wid = f"MW-{self.window_count}"
        start = self.now + _MIN * delay
        end = None if length is None else start + _MIN * length
        paused_until = end
        if part and end is not None:
            paused_until = start + (end - start) / 2
        window, _ = MaintenanceWindow.announce(
            wid, start=start, end=end, announced_at=self.now, emergency=True,
            services={"withdrawals": (start, paused_until), "trading": None},
        )  # fmt: skip
        self.windows[wid] = {
            "start": start,
            "until": paused_until,
            "open": end is None,
            "word": start,
            "ended": False,
        }
        assert self._call("add_window", window, at=self.now) is not None

    def _live(self) -> list[str]:
        return sorted(w for w, v in self.windows.items() if not v["ended"])

    @precondition(lambda self: self.windows)
    @rule(data=st.data(), extra=st.integers(1, 600), minutes=_minutes())
    def extend(self, data: st.DataObject, extra: int, minutes: int) -> None:
        """Extend a window (or state the end of one that had none)."""
        self._wait(minutes)
        wid = data.draw(st.sampled_from(sorted(self.windows)), label="window")
        window = self.queue.windows[wid]
        base = window.end if window.end is not None else window.start
        new_end = max(_utc(base), _utc(self.now)) + _MIN * extra
        notices = self._call("extend_window", wid, new_end, at=self.now, reason="slow")
        if notices is None:
            assert self.windows[wid]["ended"]
            return
        ref = self.windows[wid]
        if ref["open"] or ref["until"] == base:
            ref["until"] = new_end
        ref["open"] = False
        ref["word"] = self.now

    @precondition(lambda self: self.windows)
    @rule(data=st.data(), minutes=_minutes())
    def update(self, data: st.DataObject, minutes: int) -> None:
        """Post a status update on a window."""
        self._wait(minutes)
        wid = data.draw(st.sampled_from(sorted(self.windows)), label="window")
        if self._call("update_window", wid, at=self.now, note="progress") is not None:
            self.windows[wid]["word"] = self.now

    @precondition(lambda self: self.windows)
    @rule(data=st.data(), minutes=_minutes())
    def end(self, data: st.DataObject, minutes: int) -> None:
        """End a window (early, on time or late)."""
        self._wait(minutes)
        wid = data.draw(st.sampled_from(sorted(self.windows)), label="window")
        if _utc(self.windows[wid]["start"]) > _utc(self.now):
            self.now = self.windows[wid]["start"]
        was = self.windows[wid]["ended"]
        self.windows[wid]["ended"] = True  # its first batch comes with the end notice
        if self._call("end_window", wid, at=self.now) is None:
            self.windows[wid]["ended"] = was

    @rule(minutes=_minutes())
    def release(self, minutes: int) -> None:
        """One release batch."""
        self._wait(minutes)
        self._call("release_batch", at=self.now)

    @precondition(lambda self: any(v["ended"] for v in self.windows.values()))
    @rule()
    def drain(self) -> None:
        """Liveness: enough release batches empty every ended window."""
        batches = -(-self.queue.pending_release // self.queue.batch_size) + 1
        for _ in range(batches):
            self.now = self.now + self.queue.batch_interval
            self._call("release_batch", at=self.now)
        assert self.queue.pending_release == 0
        for wid, ref in self.windows.items():
            if ref["ended"]:
                still = [h["rid"] for h in self.holds if h["window"] == wid and h["end"] is None]
                assert still == [], f"{wid} ended but still holds {still}"
                assert self.queue.still_held(wid) == 0

    @rule(data=st.data())
    def refused(self, data: st.DataObject) -> None:
        """A call that must be refused changes nothing (checked by `_call`)."""
        earlier = (self.queue.now or self.now) - _MIN
        calls: list[Callable[[], Any]] = [
            lambda: self._call("advance", earlier),
            lambda: self._call("cancel", "no-such-id", at=self.now),
            lambda: self._call(
                "submit", "bad", customer_id="C", amount="-1", currency="CNY", at=self.now
            ),
            lambda: self._call(
                "submit",
                "bad",
                customer_id="C",
                amount="1",
                currency="CNY",
                at=self.now,
                review_reason=5,
            ),
            lambda: self._call("end_window", "MW-none", at=self.now),
        ]
        outcome = data.draw(st.sampled_from(calls), label="refused call")()
        assert outcome is None

    @rule(mode=st.sampled_from(("json", "pickle")), swap=st.booleans())
    def persist(self, mode: str, swap: bool) -> None:
        """Persist and restore; drive both from now on (sometimes the copy as the primary)."""
        if mode == "json":
            copy = WithdrawalQueue.from_dict(json.loads(json.dumps(self.queue.to_dict())))
        else:
            copy = pickle.loads(pickle.dumps(self.queue))  # noqa: S301 - our own bytes
        assert copy == self.queue
        if swap:
            self.queue, copy = copy, self.queue
        self.twin = copy

    # -- invariants ------------------------------------------------------------------------

    @invariant()
    def conservation(self) -> None:
        """Per window, in counts and amounts: held == released + cancelled + still held."""
        amounts = {rid: value for rid, value, _ in self.submitted}
        for wid in self.windows:
            mine = [h for h in self.holds if h["window"] == wid]
            still = sorted(h["rid"] for h in mine if h["end"] is None)
            released = [h for h in mine if h["how"] == "released"]
            cancelled = [h for h in mine if h["how"] == "cancelled"]
            assert len(mine) == len(released) + len(cancelled) + len(still)
            ledger = self.queue.ledger(wid)
            assert ledger.held_at_start + ledger.new_holds == len(mine)
            assert (ledger.released, ledger.cancelled) == (len(released), len(cancelled))
            held = self.queue.held(wid)
            assert sorted(r.id for r in held) == still
            assert sum((r.amount for r in held), decimal.Decimal(0)) == sum(
                (amounts[rid] for rid in still), decimal.Decimal(0)
            )
        # Every request submitted is there once, with its amount; the states the ledger
        # knows agree with the queue's.
        assert sorted(self.queue.requests) == sorted(amounts)
        for rid, value in amounts.items():
            req = self.queue.requests[rid]
            assert req.amount == value
            open_hold = self._open(rid)
            assert (req.state is W.HELD_MAINTENANCE) == (open_hold is not None), (rid, req.state)
            if open_hold is not None:
                assert req.window_id == open_hold["window"]
        total = sum(amounts.values(), decimal.Decimal(0))
        by_state: dict[WithdrawalState, decimal.Decimal] = {}
        for r in self.queue.requests.values():
            by_state[r.state] = by_state.get(r.state, decimal.Decimal(0)) + r.amount
        assert sum(by_state.values(), decimal.Decimal(0)) == total

    @invariant()
    def holds_alerted_once(self) -> None:
        """Every hold past `max_hold` (in total) was alerted, and only once."""
        alerted = [rid for rid, _ in self.alerted_hold]
        assert len(alerted) == len(set(alerted)), "a hold alerted twice"
        limit = self.queue.max_hold
        if limit is None:
            assert alerted == []
            return
        for rid, _, _ in self.submitted:
            if self._held_total(rid, self._seen()) > limit:
                assert rid in alerted, f"{rid} held past {limit} without an alert"

    @invariant()
    def windows_alerted(self) -> None:
        """Overdue holds and missed status updates were alerted (by a returned notice)."""
        for wid, ref in self.windows.items():
            window = self.queue.windows[wid]
            open_holds = [h for h in self.holds if h["window"] == wid and h["end"] is None]
            until = ref["until"]
            overdue = until is not None and _utc(self._seen()) > _utc(until) + self.queue.grace
            if open_holds and overdue:
                assert any(
                    n.kind is K.HOLD_OVERDUE and n.window_id == wid
                    and n.window_version == window.announced_version
                    for n in self.told
                ), f"{wid} overdue without an alert"  # fmt: skip
            seen = _utc(self._seen())
            if ref["open"] and not ref["ended"] and _utc(ref["start"]) <= seen:
                word = max(_utc(ref["word"]), _utc(ref["start"]))
                if seen - word > self.queue.update_every:
                    assert any(
                        kind == K.MAINTENANCE_UPDATE_DUE.value and subject == wid
                        and _utc(at) - word > self.queue.update_every
                        for kind, subject, at in self.alerted
                    ), f"{wid} owed an update without an alert"  # fmt: skip

    @invariant()
    def stuck_alerted(self) -> None:
        """Payouts and reviews stuck past their limits were alerted, once per episode."""
        limits = {"processing": self.queue.max_processing, "review": self.queue.max_review}
        kinds = {"processing": K.PROCESSING_STUCK.value, "review": K.REVIEW_STUCK.value}
        for rid, (state, since, nth) in self.since.items():
            limit = limits[state]
            if limit is not None and _utc(self._seen()) - _utc(since) > limit:
                hits = [a for a in self.alerted if a[0] == kinds[state] and a[1] == f"{rid}#{nth}"]
                assert len(hits) == 1, (rid, state, hits)

    @invariant()
    def every_alert_was_returned(self) -> None:
        """What the queue records as alerted was returned by some call, exactly once."""
        overdue = [(n.window_id, n.window_version) for n in self.told if n.kind is K.HOLD_OVERDUE]
        assert sorted(overdue) == sorted(self.queue.alerts)
        assert len(set(overdue)) == len(overdue)
        returned = sum(
            len(n.request_ids)
            if n.kind in {K.HOLD_TOO_LONG, K.PROCESSING_STUCK, K.REVIEW_STUCK}
            else 1
            for n in self.told
            if n.kind.is_alert and n.kind is not K.HOLD_OVERDUE
        )
        assert returned == len(self.queue.escalations)


def _comparable(outcome: Any) -> Any:  # noqa: ANN401
    if isinstance(outcome, SupportflowError):
        return (type(outcome), str(outcome))
    if hasattr(outcome, "notices"):
        return (outcome.request.to_dict(), outcome.created, outcome.notices)
    return outcome

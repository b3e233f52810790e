"""Maintenance windows, withdrawal requests and the withdrawal queue."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from supportflow import (
    IdempotencyConflictError,
    IllegalTransitionError,
    InvalidFieldError,
    NaiveDatetimeError,
    SerializationError,
)
from supportflow.calendar import cn_mainland
from supportflow.maintenance import (
    WITHDRAWAL_WORKFLOW,
    LeadTimePolicy,
    MaintenanceNotice,
    MaintenanceWindow,
    NoticeKind,
    Service,
    WindowLedger,
    WithdrawalQueue,
    WithdrawalRequest,
    WithdrawalState,
)
from supportflow.testing import strategies as sfst

T0 = pendulum.datetime(2025, 3, 1, 9, tz="Asia/Shanghai")
W = WithdrawalState
K = NoticeKind


def window(start_h=96, hours=2, services=("withdrawals",), **kw):
    kw.setdefault("emergency", True)
    return MaintenanceWindow.announce(
        "MW-1",
        start=T0.add(hours=start_h),
        end=T0.add(hours=start_h + hours),
        services=services,
        announced_at=T0,
        **kw,
    )


# -- windows ------------------------------------------------------------------------------


def test_announce_gives_version_one_and_a_notice():
    """A window with a per-service sub-window; the announcement notice names version 1."""
    w, notice = MaintenanceWindow.announce(
        "MW-7",
        start=T0.add(days=4),
        end=T0.add(days=4, hours=3),
        services={"withdrawals": None, Service.TRADING: (T0.add(days=4), T0.add(days=4, hours=1))},
        announced_at=T0,
        policy=LeadTimePolicy.days(3),
        reason="ledger upgrade",
    )
    assert (w.version, w.extensions, w.emergency, w.announced_at) == (1, 0, False, T0)
    trading = w.current.window_for("trading")
    assert trading is not None
    assert trading.end == T0.add(days=4, hours=1)
    assert w.current.window_for("deposits") is None
    assert (notice.kind, notice.window_id, notice.window_version) == (
        K.MAINTENANCE_ANNOUNCED,
        "MW-7",
        1,
    )
    assert w.pauses("trading", T0.add(days=4, minutes=30))
    assert not w.pauses("trading", T0.add(days=3))


def test_lead_time_of_three_days():
    """3 days ahead is fine to the second; a second less is refused unless emergency."""
    policy = LeadTimePolicy.days(3)
    ok, _ = MaintenanceWindow.announce(
        "a",
        start=T0.add(days=3),
        end=T0.add(days=3, hours=1),
        services=["withdrawals"],
        announced_at=T0,
        policy=policy,
    )
    assert ok.start == T0.add(days=3)
    with pytest.raises(InvalidFieldError) as info:
        MaintenanceWindow.announce(
            "b",
            start=T0.add(days=3).subtract(seconds=1),
            end=T0.add(days=4),
            services=["withdrawals"],
            announced_at=T0,
            policy=policy,
        )
    assert info.value.field == "announced_at"
    urgent, _ = MaintenanceWindow.announce(
        "c",
        start=T0.add(hours=1),
        end=T0.add(hours=2),
        services=["withdrawals"],
        announced_at=T0,
        policy=policy,
        emergency=True,
    )
    assert urgent.emergency


def test_five_business_days_across_chinese_new_year():
    """Announced Fri 2025-01-24: business days are Sun 26 (make-up), Mon 27, then the
    holiday to 4 Feb, then 5, 6, 7 Feb: the window may start at 2025-02-07 00:00."""
    policy = LeadTimePolicy.five_business_days(cn_mainland())
    at = pendulum.datetime(2025, 1, 24, 10, tz="Asia/Shanghai")
    assert policy.earliest_start(at) == pendulum.datetime(2025, 2, 7, tz="Asia/Shanghai")
    policy.check(pendulum.datetime(2025, 2, 7, tz="Asia/Shanghai"), at)
    with pytest.raises(InvalidFieldError):
        policy.check(pendulum.datetime(2025, 2, 6, 23, tz="Asia/Shanghai"), at)


def test_lead_time_policy_bad_input():
    """Neither or both rules, negative durations, a missing calendar: refused."""
    with pytest.raises(InvalidFieldError):
        LeadTimePolicy()
    with pytest.raises(InvalidFieldError):
        LeadTimePolicy(minimum=dt.timedelta(days=-1))
    with pytest.raises(InvalidFieldError):
        LeadTimePolicy(business_days=5)
    with pytest.raises(InvalidFieldError):
        LeadTimePolicy.days(0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"end": T0.add(hours=96)}, "end"),
        ({"services": ["withdrawals", "teleport"]}, "services[1]"),
        ({"services": []}, "services"),
        ({"services": "withdrawals"}, "services"),
        ({"services": {"trading": (T0.add(hours=95), T0.add(hours=97))}}, "services[0]"),
        ({"services": ["login", "login"]}, "services[1]"),
    ],
)
def test_bad_windows_are_refused(kwargs, field):
    """end <= start, unknown or repeated services, sub-windows outside the window."""
    args = {
        "start": T0.add(hours=96),
        "end": T0.add(hours=98),
        "services": ["withdrawals"],
        "announced_at": T0,
        **kwargs,
    }
    with pytest.raises(InvalidFieldError) as info:
        MaintenanceWindow.announce("MW", **args)
    assert info.value.field == field


def test_naive_and_late_announcements_are_refused():
    """A naive start; an announcement after the start that is not an emergency."""
    with pytest.raises(NaiveDatetimeError):
        MaintenanceWindow.announce(
            "MW",
            start=dt.datetime(2025, 3, 5),
            end=T0.add(days=5),
            services=["login"],
            announced_at=T0,
        )
    with pytest.raises(InvalidFieldError) as info:
        window(start_h=-1, emergency=False)
    assert info.value.field == "announced_at"


def test_extension_is_a_new_version_with_a_new_notice():
    """Extending by an hour: version 2, the sub-window stretched, an extension notice."""
    w, _ = window()
    w2, notice = w.extend(T0.add(hours=99), at=T0.add(hours=97), reason="reconciliation slow")
    assert (w2.version, w2.extensions, w2.end) == (2, 1, T0.add(hours=99))
    assert w2.current.window_for("withdrawals").end == T0.add(hours=99)
    assert w2.versions[0] == w.current
    assert (notice.kind, notice.window_version, notice.detail) == (
        K.MAINTENANCE_EXTENDED,
        2,
        "reconciliation slow",
    )
    with pytest.raises(InvalidFieldError):
        w2.extend(T0.add(hours=98), at=T0.add(hours=97))
    done, ended = w2.complete(at=T0.add(hours=98))
    assert (ended.kind, ended.detail) == (K.MAINTENANCE_ENDED, "ended early")
    assert not done.pauses("withdrawals", T0.add(hours=98))
    with pytest.raises(IllegalTransitionError):
        done.extend(T0.add(hours=100), at=T0.add(hours=99))
    with pytest.raises(IllegalTransitionError):
        done.complete(at=T0.add(hours=99))


def test_completion_on_time_late_and_too_early():
    """Completion names on-time and late ends; before the start it is refused."""
    w, _ = window()
    assert w.complete(at=w.end)[1].detail == "ended on time"
    assert w.complete(at=w.end + dt.timedelta(minutes=1))[1].detail == "ended late"
    with pytest.raises(InvalidFieldError):
        w.complete(at=w.start - dt.timedelta(seconds=1))


# -- a withdrawal request -----------------------------------------------------------------


def make_request(**kw):
    args = {
        "id": "W1",
        "client_key": "k1",
        "customer_id": "C1",
        "amount": Decimal("100.00"),
        "currency": "CNY",
        "requested_at": T0,
        **kw,
    }
    return WithdrawalRequest(**args)


def test_request_lifecycle_with_a_retryable_failure():
    """validate, queue, process, fail (retryable), retry, process, complete: attempts 2."""
    r = make_request()
    r.validate(at=T0)
    r.queue(at=T0)
    r.start_processing(at=T0.add(minutes=1))
    r.fail(at=T0.add(minutes=2), reason="bank timeout", retryable=True)
    assert (r.state, r.failure, r.retryable) == (W.FAILED, "bank timeout", True)
    r.retry(at=T0.add(minutes=3))
    r.start_processing(at=T0.add(minutes=4))
    r.complete(at=T0.add(minutes=5))
    assert (r.state, r.attempts) == (W.COMPLETED, 2)
    assert [h.event for h in r.history] == [
        "validate",
        "queue",
        "start_processing",
        "fail",
        "retry",
        "start_processing",
        "complete",
    ]


def test_non_retryable_failures_stay_failed_and_processing_cannot_be_cancelled():
    """A guard refuses retry with the reason; cancel is allowed only until PROCESSING."""
    r = make_request()
    r.validate(at=T0)
    r.queue(at=T0)
    r.start_processing(at=T0)
    with pytest.raises(IllegalTransitionError):
        r.cancel(at=T0)
    r.fail(at=T0, reason="account closed", retryable=False)
    with pytest.raises(IllegalTransitionError) as info:
        r.retry(at=T0)
    assert info.value.reason == "the failure is not retryable: account closed"
    assert r.state is W.FAILED


def test_review_and_rejection():
    """A blacklist hit holds for review; a reviewer rejects it."""
    r = make_request()
    r.hold_for_review(at=T0, reason="blacklist hit")
    r.reject(at=T0.add(hours=1), reason="confirmed fraud", actor="risk-2")
    assert r.state is W.REJECTED
    assert (r.history[0].note, r.history[1].actor) == ("blacklist hit", "risk-2")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": Decimal(-1)}, "amount"),
        ({"amount": Decimal("NaN")}, "amount"),
        ({"amount": 12.5}, "amount"),
        ({"currency": "RMB1"}, "currency"),
        ({"client_key": " "}, "client_key"),
    ],
)
def test_bad_requests_are_refused(kwargs, field):
    """Negative, NaN or float amounts, bad currencies, blank keys."""
    with pytest.raises(InvalidFieldError) as info:
        make_request(**kwargs)
    assert info.value.field == field


# -- the queue ----------------------------------------------------------------------------


def queue_with_window(**kw):
    q = WithdrawalQueue(**kw)
    w, _ = window(start_h=2, hours=2)
    q.add_window(w, at=T0)
    return q


def submit(q, key, minutes, amount="100", customer=None, request_id=None, **kw):
    return q.submit(
        key,
        customer_id=customer or f"C-{key}",
        amount=amount,
        currency="CNY",
        at=T0.add(minutes=minutes),
        request_id=request_id,
        **kw,
    )


def test_held_at_start_and_released_in_order_in_rate_limited_batches():
    """Queued requests are held when the window starts, requests during it are held too;
    the end releases by (requested_at, id), two per batch, one batch per minute."""
    q = queue_with_window(batch_size=2, batch_interval=dt.timedelta(minutes=1))
    submit(q, "c", 0, request_id="C")
    submit(q, "b", 60, request_id="B")
    submit(q, "a", 60, request_id="A")
    notices = q.advance(T0.add(hours=2))
    assert [(n.kind, n.request_ids) for n in notices] == [(K.WITHDRAWAL_HELD, ("C", "A", "B"))]
    during = submit(q, "d", 150, request_id="D")
    assert during.request.state is W.HELD_MAINTENANCE
    assert during.notices[0].kind is K.WITHDRAWAL_HELD
    assert q.ledger("MW-1") == WindowLedger("MW-1", True, 3, 1, 0, 0)
    ended = q.end_window("MW-1", at=T0.add(hours=3))  # an hour early
    assert [(n.kind, n.request_ids) for n in ended] == [
        (K.MAINTENANCE_ENDED, ("C", "A", "B", "D")),
        (K.WITHDRAWAL_RELEASED, ("C", "A")),
    ]
    assert ended[0].detail == "ended early"
    assert q.release_batch(at=T0.add(hours=3, seconds=59)) == ()
    (batch,) = q.release_batch(at=T0.add(hours=3, minutes=1))
    assert batch.request_ids == ("B", "D")
    assert q.ledger("MW-1") == WindowLedger("MW-1", True, 3, 1, 4, 0)
    assert all(r.state is W.QUEUED for r in q.requests.values())


def test_resubmitting_during_maintenance_returns_the_held_request():
    """Idempotent by client key: same request back, nothing new, nothing changed."""
    q = queue_with_window()
    first = submit(q, "k", 130)
    again = submit(q, "k", 131)
    assert again.created is False
    assert again.request is first.request
    assert again.request.state is W.HELD_MAINTENANCE
    assert len(q.requests) == 1
    with pytest.raises(IdempotencyConflictError) as info:
        submit(q, "k", 132, amount="101")
    assert info.value.field == "amount"
    with pytest.raises(IdempotencyConflictError):
        submit(q, "k", 132, customer="someone else")


def test_extension_keeps_holding_and_tells_the_held_customers():
    """No release at the old end; the extension notice names every held request."""
    q = queue_with_window()
    submit(q, "k", 130, request_id="R1")
    (notice,) = q.extend_window("MW-1", T0.add(hours=6), at=T0.add(hours=3), reason="slow")
    assert (notice.kind, notice.window_version, notice.request_ids) == (
        K.MAINTENANCE_EXTENDED,
        2,
        ("R1",),
    )
    assert q.release_batch(at=T0.add(hours=4, minutes=30)) == ()
    assert q.requests["R1"].state is W.HELD_MAINTENANCE


def test_a_hold_past_the_end_plus_grace_escalates_and_is_never_released():
    """One operations alert per window version, once past end + grace; the hold stays."""
    q = queue_with_window(grace=dt.timedelta(minutes=30))
    submit(q, "k", 130, request_id="R1")
    assert q.advance(T0.add(hours=4, minutes=30)) == ()
    (alert,) = q.advance(T0.add(hours=4, minutes=31))
    assert (alert.kind, alert.audience, alert.request_ids, alert.window_version) == (
        K.HOLD_OVERDUE,
        "operations",
        ("R1",),
        1,
    )
    assert q.advance(T0.add(hours=5)) == ()
    assert q.requests["R1"].state is W.HELD_MAINTENANCE
    notices = q.extend_window("MW-1", T0.add(hours=6), at=T0.add(hours=5))
    assert [n.kind for n in notices] == [K.MAINTENANCE_EXTENDED]
    (again,) = q.advance(T0.add(hours=6, minutes=31))
    assert (again.kind, again.window_version) == (K.HOLD_OVERDUE, 2)
    assert q.alerts == [("MW-1", 1), ("MW-1", 2)]


def test_cancelling_a_held_request_is_counted_and_told():
    """A held request cancelled by the customer: notice, ledger, and skipped at release."""
    q = queue_with_window()
    submit(q, "a", 130, request_id="A")
    submit(q, "b", 131, request_id="B")
    (notice,) = q.cancel("A", at=T0.add(hours=2, minutes=20))
    assert (notice.kind, notice.request_ids) == (K.WITHDRAWAL_CANCELLED, ("A",))
    released = q.end_window("MW-1", at=T0.add(hours=4))
    assert released[-1].request_ids == ("B",)
    assert q.ledger("MW-1") == WindowLedger("MW-1", True, 0, 2, 1, 1)


def test_review_limits_and_processing_through_the_queue():
    """Over the limit -> REJECTED; review then clearance during maintenance -> held."""
    q = queue_with_window(max_amount=Decimal(1000))
    assert submit(q, "big", 0, amount="1000.01").request.state is W.REJECTED
    flagged = submit(q, "new-device", 1, review_reason="login from a new place")
    assert flagged.request.state is W.HELD_REVIEW
    notices = q.clear_review(flagged.request.id, at=T0.add(hours=2, minutes=5), actor="risk-1")
    assert q.requests[flagged.request.id].state is W.HELD_MAINTENANCE
    assert notices[-1].kind is K.WITHDRAWAL_HELD
    q.end_window("MW-1", at=T0.add(hours=3))
    rid = flagged.request.id
    q.start_processing(rid, at=T0.add(hours=3))
    q.fail(rid, at=T0.add(hours=3), reason="bank timeout", retryable=True)
    assert q.requests[rid].state is W.QUEUED
    q.start_processing(rid, at=T0.add(hours=3))
    q.complete(rid, at=T0.add(hours=3))
    assert q.requests[rid].state is W.COMPLETED
    other = submit(q, "x", 200, review_reason="blacklist")
    q.reject(other.request.id, at=T0.add(hours=4), reason="fraud", actor="risk-1")
    assert other.request.state is W.REJECTED


def test_a_release_into_another_live_window_is_held_again():
    """Two overlapping windows: ending the first re-holds its requests under the second."""
    q = queue_with_window()
    second, _ = MaintenanceWindow.announce(
        "MW-2",
        start=T0.add(hours=3),
        end=T0.add(hours=5),
        services=["withdrawals"],
        announced_at=T0,
        emergency=True,
    )
    q.add_window(second, at=T0)
    submit(q, "a", 130, request_id="A")
    q.advance(T0.add(hours=3))
    notices = q.end_window("MW-1", at=T0.add(hours=3, minutes=30))
    assert [n.kind for n in notices][-2:] == [K.WITHDRAWAL_RELEASED, K.WITHDRAWAL_HELD]
    assert q.requests["A"].window_id == "MW-2"
    assert q.ledger("MW-1") == WindowLedger("MW-1", True, 0, 1, 1, 0)
    assert q.ledger("MW-2") == WindowLedger("MW-2", True, 0, 1, 0, 0)


def test_queue_bad_input_changes_nothing():
    """Bad amounts, currencies, instants and ids are refused; the queue is unchanged."""
    q = queue_with_window()
    submit(q, "a", 10)
    before = q.to_dict()
    for amount in ("-5", "NaN", 5.5, "0"):
        with pytest.raises(InvalidFieldError):
            submit(q, "new", 20, amount=amount)
    with pytest.raises(InvalidFieldError):
        q.submit("new", customer_id="c", amount="1", currency="cny", at=T0.add(minutes=20))
    with pytest.raises(NaiveDatetimeError):
        q.submit("new", customer_id="c", amount="1", currency="CNY", at=dt.datetime(2025, 3, 1))
    with pytest.raises(InvalidFieldError) as info:
        submit(q, "new", 5)
    assert info.value.field == "at"
    with pytest.raises(InvalidFieldError):
        q.cancel("nope", at=T0.add(minutes=30))
    with pytest.raises(InvalidFieldError):
        q.end_window("MW-9", at=T0.add(minutes=30))
    with pytest.raises(InvalidFieldError):
        q.add_window(window()[0], at=T0.add(minutes=30))
    with pytest.raises(InvalidFieldError):
        submit(q, "dup-id", 30, request_id="W00000001")
    with pytest.raises(InvalidFieldError):
        WithdrawalQueue(batch_size=0)
    assert q.to_dict() == before


# -- the invariants, under random interleavings -------------------------------------------


class QueueMachine(RuleBasedStateMachine):
    """Random submissions, waits, windows, extensions, ends, releases, cancellations and
    payouts; after every step nothing is lost and every ledger balances."""

    @initialize(
        batch=st.integers(1, 4),
        interval=st.integers(0, 5),
        grace=st.integers(0, 90),
        seeded=st.integers(0, 6),
        delay=st.integers(0, 60),
    )
    def setup(self, batch, interval, grace, seeded, delay):
        self.q = WithdrawalQueue(
            batch_size=batch,
            batch_interval=dt.timedelta(minutes=interval),
            grace=dt.timedelta(minutes=grace),
        )
        self.now: dt.datetime = T0
        self.q.advance(self.now)
        self.known: dict[str, tuple[str, Decimal]] = {}
        self.released_order: dict[str, list[str]] = {}
        self.windows = 0
        # A window and a few queued requests from the start, so holds and releases are
        # exercised even in short runs.
        self.announce(delay, 60)
        for key in range(seeded):
            self.submit(100 + key, 10 * (key + 1), False)

    def step(self, action):
        before = {r.id: r.state for r in self.q.requests.values()}
        notices = action()
        if hasattr(notices, "notices"):
            notices = notices.notices
        told = {i for n in notices for i in n.request_ids if n.audience == "customers"}
        for r in self.q.requests.values():
            was = before.get(r.id)
            held_changed = (was is W.HELD_MAINTENANCE) != (r.state is W.HELD_MAINTENANCE)
            if held_changed:
                assert r.id in told, (r.id, was, r.state)
        released = [n for n in notices if n.kind is K.WITHDRAWAL_RELEASED]
        assert sum(len(n.request_ids) for n in released) <= self.q.batch_size
        for n in released:
            assert self.q.windows[n.window_id].ended_at is not None
            event("released a batch")
            self.released_order.setdefault(n.window_id, []).extend(n.request_ids)

    @rule(minutes=st.integers(1, 120))
    def wait(self, minutes):
        self.now = self.now + dt.timedelta(minutes=minutes)
        self.step(lambda: self.q.advance(self.now))

    @rule(key=st.integers(0, 15), amount=st.integers(1, 5000), review=st.booleans())
    def submit_rule(self, key, amount, review):
        self.submit(key, amount, review)

    def submit(self, key, amount, review):
        client_key = f"k{key}"
        if client_key in self.known:
            customer, amount_ = self.known[client_key]
            result = self.q.submit(
                client_key, customer_id=customer, amount=amount_, currency="CNY", at=self.now
            )
            assert not result.created
            self.step(lambda: result)
            return
        result = self.q.submit(
            client_key,
            customer_id=f"C{key % 4}",
            amount=Decimal(amount),
            currency="CNY",
            at=self.now,
            review_reason="abnormal" if review else "",
        )
        self.known[client_key] = (f"C{key % 4}", Decimal(amount))
        self.step(lambda: result)

    @precondition(lambda self: self.windows < 4)
    @rule(delay=st.integers(0, 90), length=st.integers(10, 180))
    def announce_rule(self, delay, length):
        self.announce(delay, length)

    def announce(self, delay, length):
        self.windows += 1
        start = self.now + dt.timedelta(minutes=delay)
        w, _ = MaintenanceWindow.announce(
            f"MW-{self.windows}",
            start=start,
            end=start + dt.timedelta(minutes=length),
            services=["withdrawals", "deposits"],
            announced_at=self.now,
            emergency=True,
        )
        self.step(lambda: self.q.add_window(w, at=self.now))

    def _live(self, started=False):
        return [
            w.id
            for w in self.q.windows.values()
            if w.ended_at is None and (not started or w.start <= self.now)
        ]

    @rule(data=st.data(), extra=st.integers(1, 120))
    def extend(self, data, extra):
        live = self._live()
        if live:
            wid = data.draw(st.sampled_from(live))
            old_end = self.q.windows[wid].end
            assert old_end is not None  # this machine announces windows with an end
            end = old_end + dt.timedelta(minutes=extra)
            self.step(lambda: self.q.extend_window(wid, end, at=self.now))

    @rule(data=st.data(), after=st.integers(0, 240))
    def end(self, data, after):
        live = self._live()
        if live:
            wid = data.draw(st.sampled_from(live))
            # Early, on time or late: `after` minutes past the start (never before now).
            self.now = max(self.now, self.q.windows[wid].start + dt.timedelta(minutes=after))
            self.step(lambda: self.q.end_window(wid, at=self.now))

    @rule()
    def release(self):
        self.step(lambda: self.q.release_batch(at=self.now))

    @rule(data=st.data())
    def cancel(self, data):
        ids = [
            r.id
            for r in self.q.requests.values()
            if r.state.value in {"held_maintenance", "queued", "held_review"}
        ]
        if ids:
            rid = data.draw(st.sampled_from(ids))
            self.step(lambda: self.q.cancel(rid, at=self.now))

    @rule(data=st.data())
    def clear(self, data):
        ids = [r.id for r in self.q.requests.values() if r.state is W.HELD_REVIEW]
        if ids:
            rid = data.draw(st.sampled_from(ids))
            self.step(lambda: self.q.clear_review(rid, at=self.now, actor="risk"))

    @rule(data=st.data(), retryable=st.booleans(), ok=st.booleans())
    def payout(self, data, retryable, ok):
        ids = [r.id for r in self.q.requests.values() if r.state is W.QUEUED]
        if ids:
            rid = data.draw(st.sampled_from(ids))
            self.step(lambda: self.q.start_processing(rid, at=self.now))
            if ok:
                self.step(lambda: self.q.complete(rid, at=self.now))
            else:
                self.step(
                    lambda: self.q.fail(rid, at=self.now, reason="timeout", retryable=retryable)
                )

    @invariant()
    def nothing_disappears(self):
        by_key = {r.client_key: r for r in self.q.requests.values()}
        assert set(by_key) == set(self.known)
        for key, (customer, amount) in self.known.items():
            assert (by_key[key].customer_id, by_key[key].amount) == (customer, amount)
            assert isinstance(by_key[key].state, WithdrawalState)

    @invariant()
    def ledgers_balance(self):
        for wid in self.q.windows:
            led = self.q.ledger(wid)
            held = [
                r
                for r in self.q.requests.values()
                if r.state is W.HELD_MAINTENANCE and r.window_id == wid
            ]
            assert {r.id for r in self.q.held(wid)} == {r.id for r in held}
            assert led.held_at_start + led.new_holds == (led.released + led.cancelled + len(held))

    @invariant()
    def releases_follow_the_order(self):
        # A window's holds are scheduled once, at its end, so all its releases form one
        # run in (requested_at, id) order, with no request released twice.
        for ids in self.released_order.values():
            keys = [self.q.requests[i].sort_key for i in ids]
            assert keys == sorted(keys)
            assert len(set(ids)) == len(ids)

    @invariant()
    def overdue_holds_are_alerted(self):
        for w in self.q.windows.values():
            end = w.end
            assert end is not None  # this machine announces windows with an end
            if self.q.still_held(w.id) and self.now > end + self.q.grace:
                assert (w.id, w.announced_version) in self.q.alerts

    @invariant()
    def the_queue_round_trips(self):
        assert WithdrawalQueue.from_dict(json.loads(json.dumps(self.q.to_dict()))) == self.q


QueueMachine.TestCase.settings = settings(max_examples=50, stateful_step_count=30)
TestQueueInvariants = QueueMachine.TestCase


# -- serialization and docs ---------------------------------------------------------------


@settings(max_examples=25)
@given(sfst.withdrawal_queues(), sfst.maintenance_windows(), sfst.maintenance_notices())
def test_round_trips(queue, w, notice):
    """Queues, windows and notices round-trip through JSON and pickle."""
    assert WithdrawalQueue.from_dict(json.loads(json.dumps(queue.to_dict()))) == queue
    assert pickle.loads(pickle.dumps(queue)) == queue
    assert MaintenanceWindow.from_dict(json.loads(json.dumps(w.to_dict()))) == w
    assert MaintenanceNotice.from_dict(notice.to_dict()) == notice


def test_from_dict_names_the_path():
    """Corrupted dicts name the JSON path."""
    q = queue_with_window()
    submit(q, "a", 10)
    data = q.to_dict()
    data["requests"][0]["amount"] = 5
    with pytest.raises(SerializationError) as info:
        WithdrawalQueue.from_dict(data)
    assert info.value.path == "requests[0].amount"
    data = q.to_dict()
    data["windows"][0]["versions"][0]["services"][0]["service"] = "teleport"
    with pytest.raises(SerializationError) as info:
        WithdrawalQueue.from_dict(data)
    assert info.value.path == "windows[0].versions[0].services[0].service"
    data = q.to_dict()
    data["alerts"] = [["MW-1"]]
    with pytest.raises(SerializationError) as info:
        WithdrawalQueue.from_dict(data)
    assert info.value.path == "alerts[0]"


def test_typed_methods_match_the_machine():
    """Every event of the withdrawal machine has a typed method of the same name."""
    for name in WITHDRAWAL_WORKFLOW.events:
        assert callable(getattr(WithdrawalRequest, name)), name


def test_the_docs_diagram_is_generated_from_the_machine():
    """docs/maintenance.md shows exactly WITHDRAWAL_WORKFLOW.mermaid()."""
    page = (Path(__file__).parent.parent / "docs/maintenance.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", page, flags=re.DOTALL)
    assert blocks == [WITHDRAWAL_WORKFLOW.mermaid()]

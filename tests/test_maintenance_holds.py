"""Withdrawal holds that keep their promise: the six behaviours of issue 20, worked by hand.

Each test states the scenario with hand-computed instants and expectations; every one of
them failed on the queue before the fix (refused calls moved the clock, a cancel at a
window's start left a phantom hold, overdue ignored the withdrawals sub-window, rolling
extensions and open-ended or stuck holds never alerted).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from supportflow import IllegalTransitionError, InvalidFieldError
from supportflow.maintenance import (
    HeldWithdrawal,
    MaintenanceWindow,
    NoticeKind,
    WithdrawalQueue,
    WithdrawalState,
)

T0 = pendulum.datetime(2025, 3, 1, 9, tz="Asia/Shanghai")
W = WithdrawalState
K = NoticeKind
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
FIXTURES = Path(__file__).parent / "fixtures"


def queue(**kw):
    """A queue tracking MW-1: withdrawals paused from T0+2h, announced to end at T0+4h."""
    q = WithdrawalQueue(**kw)
    w, _ = MaintenanceWindow.announce(
        "MW-1",
        start=T0 + 2 * H,
        end=T0 + 4 * H,
        services=["withdrawals"],
        announced_at=T0,
        emergency=True,
    )
    q.add_window(w, at=T0)
    return q


def submit(q, rid, at, amount="100", **kw):
    return q.submit(
        f"key-{rid}", customer_id=f"C-{rid}", amount=amount, currency="CNY", at=at,
        request_id=rid, **kw,
    )  # fmt: skip


def snapshot(q):
    return json.dumps(q.to_dict(), sort_keys=True)


# -- 1. a refused call changes nothing, and loses nothing ----------------------------------


def test_a_refused_call_leaves_the_queue_and_its_pending_alert_untouched():
    """R1 held at T0+2h10m, grace 0: the window's end T0+4h passes. A refused
    `clear_review` at T0+4h20m changes nothing; the next `advance` then delivers the
    overdue alert (it used to be recorded by the refused call and never returned)."""
    q = queue(grace=dt.timedelta(0))
    submit(q, "R1", T0 + 2 * H + 10 * M)
    before = snapshot(q)
    with pytest.raises(IllegalTransitionError):
        q.clear_review("R1", at=T0 + 4 * H + 20 * M, actor="risk-1")
    assert snapshot(q) == before
    assert q.alerts == []
    assert q.now == T0 + 2 * H + 10 * M
    (alert,) = q.advance(T0 + 4 * H + 20 * M)
    assert (alert.kind, alert.request_ids, alert.audience) == (
        K.HOLD_OVERDUE,
        ("R1",),
        "operations",
    )


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda q, at: submit(q, "B", at, review_reason=5), "review_reason"),
        (lambda q, at: submit(q, "B", at, amount="-1"), "amount"),
        (lambda q, at: q.reject("A", at=at, reason=7, actor="risk"), "reason"),
        (lambda q, at: q.fail("A", at=at, reason="", retryable=True), "reason"),
        (lambda q, at: q.cancel("nope", at=at), "request_id"),
        (lambda q, at: q.clear_review("A", at=at, actor=""), "actor"),
        (lambda q, at: q.extend_window("MW-1", T0 + 3 * H, at=at), "new_end"),
    ],
)
def test_bad_arguments_are_refused_before_the_clock_moves(call, field):
    """A queued at T0+1h; a bad call at T0+2h5m (after the window's start) names the bad
    field and holds nobody: the following `advance` returns A's `withdrawal_held`."""
    q = queue()
    submit(q, "A", T0 + H)
    before = snapshot(q)
    with pytest.raises(InvalidFieldError) as info:
        call(q, T0 + 2 * H + 5 * M)
    assert info.value.field == field
    assert snapshot(q) == before
    assert q.requests["A"].state is W.QUEUED
    (held,) = q.advance(T0 + 2 * H + 5 * M)
    assert (held.kind, held.request_ids) == (K.WITHDRAWAL_HELD, ("A",))


def test_an_illegal_payout_step_after_the_window_starts_is_refused_whole():
    """A is QUEUED at T0+1h; at T0+2h the window holds it, so `start_processing` at T0+2h
    is illegal: refused, and the hold notice is left for the next call."""
    q = queue()
    submit(q, "A", T0 + H)
    before = snapshot(q)
    with pytest.raises(IllegalTransitionError):
        q.start_processing("A", at=T0 + 2 * H)
    assert snapshot(q) == before
    assert [n.kind for n in q.advance(T0 + 2 * H)] == [K.WITHDRAWAL_HELD]


# -- 2. cancelling at the window's start -----------------------------------------------------


def test_cancelling_at_the_windows_start_holds_then_cancels():
    """A queued at T0+1h and cancelled at exactly T0+2h, the window's start: the customer
    is told both (held, then cancelled), the ledger counts the cancel, and nothing is held
    or alerted afterwards - also in a restored copy."""
    q = queue(grace=dt.timedelta(0))
    submit(q, "A", T0 + H)
    notices = q.cancel("A", at=T0 + 2 * H)
    assert [(n.kind, n.request_ids) for n in notices] == [
        (K.WITHDRAWAL_HELD, ("A",)),
        (K.WITHDRAWAL_CANCELLED, ("A",)),
    ]
    ledger = q.ledger("MW-1")
    assert (ledger.held_at_start, ledger.cancelled, q.still_held("MW-1")) == (1, 1, 0)
    copy = WithdrawalQueue.from_dict(json.loads(json.dumps(q.to_dict())))
    assert copy == q
    assert copy.still_held("MW-1") == 0
    for each in (q, copy, pickle.loads(pickle.dumps(q))):
        assert each.advance(T0 + 6 * H) == ()


def test_equality_sees_the_held_index():
    """Two queues with the same fields compare equal only if they hold the same requests."""
    q = queue()
    submit(q, "A", T0 + 2 * H + M)
    other = WithdrawalQueue.from_dict(q.to_dict())
    assert other == q
    assert other.held("MW-1") == q.held("MW-1")


# -- 3. overdue against the withdrawals part of the window ----------------------------------


def test_overdue_is_measured_against_the_withdrawals_sub_window():
    """Window 00:00-01:15, withdrawals paused 00:00-00:15, grace 0: a request still held at
    00:16 is overdue (it used to wait until 01:15)."""
    midnight = pendulum.datetime(2025, 3, 2, tz="Asia/Shanghai")
    q = WithdrawalQueue(grace=dt.timedelta(0))
    w, _ = MaintenanceWindow.announce(
        "MW-N",
        start=midnight,
        end=midnight + H + 15 * M,
        services={"withdrawals": (midnight, midnight + 15 * M), "trading": None},
        announced_at=midnight - 3 * H,
        emergency=True,
    )
    q.add_window(w, at=midnight - 3 * H)
    submit(q, "R", midnight + 5 * M)
    assert q.advance(midnight + 15 * M) == ()
    (alert,) = q.advance(midnight + 16 * M)
    assert (alert.kind, alert.request_ids) == (K.HOLD_OVERDUE, ("R",))
    assert alert.holds == (HeldWithdrawal("R", "C-R", Decimal(100), "CNY", 11 * M),)


# -- 4. rolling extensions -------------------------------------------------------------------


def test_rolling_extensions_raise_the_total_hold_and_extension_alerts_once():
    """R1 held from T0+2h10m; the end moves by a day six times, each time before it is due,
    so `hold_overdue` never fires. max_hold 24h: the first call after T0+26h10m (the 2nd
    extension, T0+27h) alerts R1 held 24h50m. max_extensions 3: the 4th extension
    (T0+75h) escalates once. Nothing repeats."""
    q = queue(max_hold=24 * H, max_extensions=3)
    submit(q, "R1", T0 + 2 * H + 10 * M, amount="5000")
    seen = []
    for day in range(1, 7):
        at = T0 + 3 * H + (day - 1) * 24 * H
        notices = q.extend_window("MW-1", T0 + 4 * H + day * 24 * H, at=at, reason="still slow")
        seen.append([n.kind for n in notices])
        if day == 2:
            alert = notices[0]
            assert alert.holds == (
                HeldWithdrawal("R1", "C-R1", Decimal(5000), "CNY", 24 * H + 50 * M),
            )
            assert alert.audience == "operations"
    assert seen == [
        [K.MAINTENANCE_EXTENDED],
        [K.HOLD_TOO_LONG, K.MAINTENANCE_EXTENDED],
        [K.MAINTENANCE_EXTENDED],
        [K.MAINTENANCE_EXTENDED, K.EXTENSIONS_EXCEEDED],
        [K.MAINTENANCE_EXTENDED],
        [K.MAINTENANCE_EXTENDED],
    ]
    restored = WithdrawalQueue.from_dict(json.loads(json.dumps(q.to_dict())))
    last_end = T0 + 4 * H + 6 * 24 * H  # no hold_overdue before last_end + grace
    assert restored.advance(last_end) == ()  # never repeated on replay
    assert q.advance(last_end) == ()


# -- 5. maintenance with no stated end -------------------------------------------------------


def test_open_ended_maintenance_needs_status_updates_and_counts_toward_the_hold_limit():
    """Withdrawals paused from T0+2h 'until further notice', updates owed every 4h:
    missed at T0+6h (alerted at T0+6h1m, not at T0+6h), an update at T0+7h tells the held
    customer and moves the next one to T0+11h; the hold passes 24h at T0+26h10m."""
    q = WithdrawalQueue(update_every=4 * H, max_hold=24 * H)
    w, announced = MaintenanceWindow.announce(
        "MW-O", start=T0 + 2 * H, end=None, services=["withdrawals"], announced_at=T0,
        emergency=True,
    )  # fmt: skip
    assert (w.end, announced.kind) == (None, K.MAINTENANCE_ANNOUNCED)
    q.add_window(w, at=T0)
    submit(q, "R1", T0 + 2 * H + 10 * M)
    assert q.advance(T0 + 6 * H) == ()
    (due,) = q.advance(T0 + 6 * H + M)
    assert (due.kind, due.window_id, due.audience, due.request_ids) == (
        K.MAINTENANCE_UPDATE_DUE,
        "MW-O",
        "operations",
        ("R1",),
    )
    assert q.advance(T0 + 7 * H) == ()
    (update,) = q.update_window("MW-O", at=T0 + 7 * H, note="reconciliation 60% done")
    assert (update.kind, update.customer_ids, update.audience) == (
        K.MAINTENANCE_UPDATE,
        ("C-R1",),
        "customers",
    )
    assert q.advance(T0 + 11 * H) == ()
    assert [n.kind for n in q.advance(T0 + 11 * H + M)] == [K.MAINTENANCE_UPDATE_DUE]
    q.update_window("MW-O", at=T0 + 12 * H)
    assert [n.kind for n in q.advance(T0 + 26 * H + 10 * M)] == [K.MAINTENANCE_UPDATE_DUE]
    (too_long,) = q.advance(T0 + 26 * H + 11 * M)
    assert too_long.kind is K.HOLD_TOO_LONG
    assert too_long.holds[0].held_for == 24 * H + M


def test_an_open_ended_window_can_be_given_an_end():
    """Stating the end is an extension (a new version), and then overdue applies."""
    w, _ = MaintenanceWindow.announce(
        "MW-O", start=T0, end=None, services=["withdrawals"], announced_at=T0
    )
    bounded, notice = w.extend(T0 + 5 * H, at=T0 + H, reason="end now known")
    assert (bounded.end, bounded.version, notice.kind) == (T0 + 5 * H, 2, K.MAINTENANCE_EXTENDED)
    assert MaintenanceWindow.from_dict(json.loads(json.dumps(w.to_dict()))) == w


# -- 6. stuck outside maintenance ------------------------------------------------------------


def test_processing_and_review_holds_have_age_limits():
    """A payout in PROCESSING from T0+1h with a 2-day limit alerts at the first call after
    T0+49h; a review hold from T0 with a 3-day limit alerts after T0+72h. Once each."""
    q = WithdrawalQueue(max_processing=48 * H, max_review=72 * H)
    submit(q, "P", T0, amount="700")
    submit(q, "V", T0, amount="900", review_reason="new device")
    q.start_processing("P", at=T0 + H)
    assert q.advance(T0 + 49 * H) == ()
    (stuck,) = q.advance(T0 + 49 * H + M)
    assert stuck.kind is K.PROCESSING_STUCK
    assert stuck.holds == (HeldWithdrawal("P", "C-P", Decimal(700), "CNY", 48 * H + M),)
    assert q.advance(T0 + 72 * H) == ()
    (review,) = q.advance(T0 + 10 * 24 * H)
    assert review.kind is K.REVIEW_STUCK
    assert review.holds == (HeldWithdrawal("V", "C-V", Decimal(900), "CNY", 10 * 24 * H),)
    assert q.advance(T0 + 11 * 24 * H) == ()


# -- schema compatibility --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["maintenance_queue_v1", "maintenance_queue_releasing_v1"])
def test_todays_queue_rows_still_load(name):
    """Queues stored before issue 20 load, behave, and re-serialize to the current schema."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    q = WithdrawalQueue.from_dict(data)
    assert WithdrawalQueue.from_dict(json.loads(json.dumps(q.to_dict()))) == q
    if name == "maintenance_queue_v1":
        assert q.alerts == [("MW-1", 2)]
        assert [r.state for r in q.requests.values()] == [
            W.QUEUED, W.CANCELLED_BY_USER, W.HELD_REVIEW, W.PROCESSING,
        ]  # fmt: skip
        assert q.windows["MW-1"].announced_version == 2
    else:
        assert (q.still_held("MW-1"), q.pending_release) == (2, 2)
        (released,) = q.release_batch(at=T0 + 3 * H + 5 * M)
        assert released.request_ids == ("B",)


def test_todays_window_and_request_rows_still_load():
    """A window and a request stored before issue 20 load unchanged."""
    from supportflow.maintenance import WithdrawalRequest

    w = MaintenanceWindow.from_dict(
        json.loads((FIXTURES / "maintenance_window_v1.json").read_text(encoding="utf-8"))
    )
    assert (w.id, w.announced_version, w.end, w.updates) == ("MW-1", 2, T0 + 5 * H, ())
    sub = w.current.window_for("withdrawals")
    assert sub is not None
    assert (sub.start, sub.end) == (T0 + 2 * H, T0 + 3 * H)
    r = WithdrawalRequest.from_dict(
        json.loads((FIXTURES / "maintenance_request_v1.json").read_text(encoding="utf-8"))
    )
    assert (r.id, r.amount, r.state) == ("A", Decimal("100.50"), W.QUEUED)


# -- the clocks, further ----------------------------------------------------------------------


def test_the_total_hold_adds_up_over_windows():
    """R held 02:00-04:00 in MW-1 (2h), released, then held from 05:00 in MW-2: with
    max_hold 3h the total passes 3h after 06:00, and the alert says 3h1m, not 1h1m."""
    q = queue(max_hold=3 * H)
    second, _ = MaintenanceWindow.announce(
        "MW-2", start=T0 + 5 * H, end=T0 + 9 * H, services=["withdrawals"], announced_at=T0,
        emergency=True,
    )  # fmt: skip
    q.add_window(second, at=T0)
    submit(q, "R", T0 + H)
    q.advance(T0 + 2 * H)
    q.end_window("MW-1", at=T0 + 4 * H)
    assert q.requests["R"].state is W.QUEUED
    assert [n.kind for n in q.advance(T0 + 5 * H)] == [K.WITHDRAWAL_HELD]
    assert q.advance(T0 + 6 * H) == ()
    (alert,) = q.advance(T0 + 6 * H + M)
    assert (alert.kind, alert.window_id) == (K.HOLD_TOO_LONG, "MW-2")
    assert alert.holds[0].held_for == 3 * H + M
    assert q.held_for("R") == 3 * H + M


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_hold": dt.timedelta(0)}, "max_hold"),
        ({"max_processing": 5}, "max_processing"),
        ({"max_review": -H}, "max_review"),
        ({"max_extensions": -1}, "max_extensions"),
        ({"max_extensions": True}, "max_extensions"),
        ({"update_every": None}, "update_every"),
        ({"update_every": dt.timedelta(0)}, "update_every"),
    ],
)
def test_bad_limits_are_refused(kwargs, field):
    """Limits are positive durations (or None for none); update_every is always required."""
    with pytest.raises(InvalidFieldError) as info:
        WithdrawalQueue(**kwargs)
    assert info.value.field == field


def test_no_limits_means_no_clock_alerts():
    """With every limit off, a week-long hold, payout and review raise nothing but overdue."""
    q = queue(max_hold=None, max_processing=None, max_review=None, max_extensions=None)
    submit(q, "P", T0)
    submit(q, "V", T0, review_reason="new device")
    q.start_processing("P", at=T0)
    submit(q, "R", T0 + 2 * H + M)
    for day in range(1, 8):
        q.extend_window("MW-1", T0 + 4 * H + day * 24 * H, at=T0 + 3 * H + (day - 1) * 24 * H)
    assert q.escalations == []


def test_status_updates_and_open_windows_refuse_bad_input():
    """An update before the last word, a non-text note, or on an ended window is refused;
    an open-ended window's end cannot be stated before its start."""
    w, _ = MaintenanceWindow.announce(
        "MW-O", start=T0 + H, end=None, services=["withdrawals"], announced_at=T0
    )
    w1, notice = w.update(at=T0 + 2 * H, note="50%")
    assert (notice.kind, w1.updates[0].note, w1.last_word) == (
        K.MAINTENANCE_UPDATE, "50%", T0 + 2 * H,
    )  # fmt: skip
    with pytest.raises(InvalidFieldError) as info:
        w1.update(at=T0 + H, note="late")
    assert info.value.field == "at"
    with pytest.raises(InvalidFieldError) as info:
        w1.update(at=T0 + 3 * H, note=7)  # type: ignore[arg-type]  # the bad input under test
    assert info.value.field == "note"
    with pytest.raises(InvalidFieldError) as info:
        w1.extend(T0 + H, at=T0 + 3 * H)
    assert info.value.field == "new_end"
    ended, done = w1.complete(at=T0 + 4 * H)
    assert done.detail == "ended (no end had been announced)"
    with pytest.raises(IllegalTransitionError):
        ended.update(at=T0 + 5 * H)
    q = WithdrawalQueue()
    q.add_window(w, at=T0)
    before = snapshot(q)
    with pytest.raises(InvalidFieldError):
        q.update_window("MW-9", at=T0 + H)
    with pytest.raises(InvalidFieldError):
        q.update_window("MW-O", at=T0 + H, note=None)  # type: ignore[arg-type]  # the bad input under test
    assert snapshot(q) == before


def test_schema_1_notices_load_without_alert_lines():
    """A notice stored before issue 20 (schema 1, no holds) loads with no alert lines."""
    from supportflow.maintenance import MaintenanceNotice

    data = {
        "schema": 1, "kind": "hold_overdue", "window_id": "MW-1", "window_version": 2,
        "at": "2025-03-01T15:00:00+08:00", "request_ids": ["A"], "customer_ids": ["C-1"],
        "audience": "operations", "detail": "",
    }  # fmt: skip
    notice = MaintenanceNotice.from_dict(data)
    assert (notice.holds, notice.request_ids, notice.at) == ((), ("A",), T0 + 6 * H)
    assert MaintenanceNotice.from_dict(notice.to_dict()) == notice

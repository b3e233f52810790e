"""Payments and maintenance rows in a service's database: golden rows, references,
versions, skew and schema upgrades (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from supportflow.maintenance import (
    MaintenanceWindow,
    WithdrawalQueue,
    WithdrawalRequest,
    WithdrawalState,
)
from supportflow.payments import (
    AmountStatus,
    PaymentConfirmation,
    PaymentState,
    ReminderPolicy,
)

FIXTURES = Path(__file__).parent / "fixtures"
TZ = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)  # the golden rows' clock
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
W = WithdrawalState


def _read(name: str) -> object:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# -- golden rows: every stored shape of payments and maintenance loads forever ---------------
#
# Each check states facts worked out by hand from how the row was made (see its docstring),
# not read back from the loader.


def _payment_schema1() -> None:
    """Written by schema 1: 100.00 CNY paid in full, not yet confirmed (see regressions)."""
    p = PaymentConfirmation.from_dict(_read("payment_schema1.json"))
    assert (p.state, p.received, p.refunded) == (
        PaymentState.PROCESSING,
        Decimal("100.00"),
        Decimal(0),
    )
    assert p.commands == ()


def _payment_schema2() -> None:
    """PAY-7, 100.00 CNY due, a 30-minute window from 09:00 (+08:00):

    09:03 reminder `window:0.1` (3 minutes is a tenth of 30); 09:05 60.00 detected
    (partially paid); 09:10 45.00 detected (105.00 >= 100.00: processing); 09:12 confirmed
    with 3 confirmations; 09:20 the host asks refund R-1 of the 5.00 excess; 09:25 the
    processor reports R-1 refunded.
    """
    p = PaymentConfirmation.from_dict(_read("payment_schema2.json"))
    assert (p.id, p.amount_due, p.currency) == ("PAY-7", Decimal("100.00"), "CNY")
    assert (p.created_at, p.expires_at) == (T0, T0 + 30 * M)
    assert p.state is PaymentState.CONFIRMED
    assert (p.received, p.refunded, p.reversed) == (Decimal("105.00"), Decimal("5.00"), 0)
    assert p.amount_status is AmountStatus.OVER  # 105 kept against 100 due
    assert p.refund_due() is None  # the 5.00 excess went back with R-1
    assert [(r.refund_id, r.amount, r.status.value) for r in p.refunds] == [
        ("R-1", Decimal("5.00"), "succeeded")
    ]
    assert p.confirmations == 3
    assert [n.event_id for n in p.notifications] == [
        "evt-1",
        "evt-2",
        "evt-3",
        "refund-request:R-1",
        "evt-4",
    ]
    assert [(r.key, r.sent_at) for r in p.reminders] == [("window:0.1", T0 + 3 * M)]
    assert [(h.event, h.to_state) for h in p.history] == [
        ("remind", "awaiting_payment"),
        ("receive_partial", "partially_paid"),
        ("receive_payment", "processing"),
        ("confirm", "confirmed"),
    ]


def _reminder_policy_schema1() -> None:
    """Half-way is not it: a tenth of the window, and 5 minutes before expiry; 3 to escalate."""
    policy = ReminderPolicy.from_dict(_read("reminder_policy_schema1.json"))
    assert policy.fractions == (Decimal("0.1"),)
    assert policy.before_expiry == (5 * M,)
    assert (policy.calendar, policy.escalate_after) == (None, 3)
    # A 30-minute window: 09:03 and 09:25.
    assert [s.due_at for s in policy.slots(T0, T0 + 30 * M)] == [T0 + 3 * M, T0 + 25 * M]


def _window_v1() -> None:
    """Written by window schema 1 (before status updates): MW-1 extended once (see holds)."""
    w = MaintenanceWindow.from_dict(_read("maintenance_window_v1.json"))
    assert (w.id, len(w.versions), w.updates, w.emergency) == ("MW-1", 2, (), True)


def _window_v2() -> None:
    """MW-9 announced at 09:00 for 11:00 with no end (withdrawals; trading 11:00-12:00),
    a status update at 11:30, its end stated (14:00) at 12:00, completed at 13:30."""
    w = MaintenanceWindow.from_dict(_read("maintenance_window_v2.json"))
    assert (w.id, w.emergency, len(w.versions)) == ("MW-9", True, 2)
    assert (w.versions[0].end, w.end, w.start) == (None, T0 + 5 * H, T0 + 2 * H)
    assert [(u.at, u.note) for u in w.updates] == [(T0 + 2 * H + 30 * M, "halfway")]
    assert w.ended_at == T0 + 4 * H + 30 * M
    trading = w.current.window_for("trading")
    assert trading is not None
    assert trading.end == T0 + 3 * H  # an own sub-window keeps its end when extended


def _request_v1() -> None:
    """Request A of 100.50, queued (see holds)."""
    r = WithdrawalRequest.from_dict(_read("maintenance_request_v1.json"))
    assert (r.id, r.amount, r.state) == ("A", Decimal("100.50"), W.QUEUED)


def _queue_v1() -> None:
    """Written by queue schema 1 (before the hold clocks)."""
    q = WithdrawalQueue.from_dict(_read("maintenance_queue_v1.json"))
    assert q.alerts == [("MW-1", 2)]
    assert (q.max_hold, q.escalations) == (24 * H, [])  # the upgrade's defaults


def _queue_releasing_v1() -> None:
    """Written by queue schema 1 in the middle of a release."""
    q = WithdrawalQueue.from_dict(_read("maintenance_queue_releasing_v1.json"))
    assert (q.still_held("MW-1"), q.pending_release) == (2, 2)


def _queue_v2() -> None:
    """MW-1 pauses withdrawals 11:00-13:00 (announced 09:00, emergency); batches of 1 every
    10 minutes; escalate after 1 extension.

    A (250.00) at 10:00 and B (80.00) at 10:05 are queued; C (30.00) at 10:10 is held for
    review; at 11:00 A and B are held; D (40.00) at 11:01 is held as it comes; B cancels at
    11:02; extended to 14:00 at 12:00, to 15:00 at 13:00 (one too many: escalation); ended
    at 14:00: A released (batch of 1), D waits.
    """
    q = WithdrawalQueue.from_dict(_read("maintenance_queue_v2.json"))
    assert (q.batch_size, q.batch_interval, q.max_extensions) == (1, 10 * M, 1)
    assert {r.id: (r.state, r.amount) for r in q.requests.values()} == {
        "A": (W.QUEUED, Decimal("250.00")),
        "B": (W.CANCELLED_BY_USER, Decimal("80.00")),
        "C": (W.HELD_REVIEW, Decimal("30.00")),
        "D": (W.HELD_MAINTENANCE, Decimal("40.00")),
    }
    assert (q.now, q.last_batch_at, q.releasing) == (T0 + 5 * H, T0 + 5 * H, ["D"])
    ledger = q.ledger("MW-1")
    assert (ledger.held_at_start, ledger.new_holds, ledger.cancelled, ledger.released) == (
        2,
        1,
        1,
        1,
    )
    assert q.escalations == [("extensions_exceeded", "MW-1", "")]
    assert q.windows["MW-1"].end == T0 + 6 * H
    assert q.held_for("A") == 3 * H  # 11:00 to 14:00
    # The next batch, 10 minutes on, releases D.
    notices = q.release_batch(at=T0 + 5 * H + 10 * M)
    assert [n.request_ids for n in notices] == [("D",)]


GOLDEN = {
    "payment_schema1.json": _payment_schema1,
    "payment_schema2.json": _payment_schema2,
    "reminder_policy_schema1.json": _reminder_policy_schema1,
    "maintenance_window_v1.json": _window_v1,
    "maintenance_window_v2.json": _window_v2,
    "maintenance_request_v1.json": _request_v1,
    "maintenance_queue_v1.json": _queue_v1,
    "maintenance_queue_releasing_v1.json": _queue_releasing_v1,
    "maintenance_queue_v2.json": _queue_v2,
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_rows_load_forever_with_their_facts(name):
    """Every stored payments/maintenance row ever written loads, with its known facts."""
    GOLDEN[name]()


def test_every_payments_and_maintenance_fixture_has_its_facts_checked():
    """A new golden row cannot be added without hand-checked facts."""
    on_disk = {
        p.name
        for p in FIXTURES.glob("*.json")
        if p.name.startswith(("payment", "maintenance", "reminder", "expiry", "lead_time"))
    }
    assert on_disk == set(GOLDEN)

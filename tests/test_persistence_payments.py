"""Payments and maintenance rows in a service's database: golden rows, references,
versions, skew and schema upgrades (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import (
    IdempotencyConflictError,
    IllegalTransitionError,
    InvalidFieldError,
    NewerSchemaError,
    ReadOnlyFieldError,
    Registry,
    SerializationError,
    _pendulum,
)
from supportflow.calendar import BusinessCalendar
from supportflow.maintenance import (
    LeadTimePolicy,
    MaintenanceWindow,
    WithdrawalQueue,
    WithdrawalRequest,
    WithdrawalState,
)
from supportflow.payments import (
    BITPAY,
    AmountStatus,
    ExpiryPreset,
    NotificationResult,
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


def _read(name: str) -> Any:
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
    _pay7(PaymentConfirmation.from_dict(_read("payment_schema2.json")))


def _payment_schema3() -> None:
    """PAY-7 again, written by schema 3 (the compact row): the same facts, and version 7
    (created 1, the reminder, 3 notifications, the refund request, the refund)."""
    data = _read("payment_schema3.json")
    assert "refunds" in data
    assert "dispute" not in data  # a key at its default is left out
    p = PaymentConfirmation.from_dict(data)
    _pay7(p)
    assert (p.version, p.skew_tolerance) == (7, dt.timedelta(0))


def _pay7(p: PaymentConfirmation) -> None:
    assert (p.id, p.amount_due, p.currency) == ("PAY-7", Decimal("100.00"), "CNY")
    assert (p.created_at, p.expires_at) == (T0, T0 + 30 * M)
    assert p.state is PaymentState.CONFIRMED
    assert (p.received, p.refunded, p.reversed) == (
        Decimal("105.00"),
        Decimal("5.00"),
        Decimal(0),
    )
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
    _mw9(MaintenanceWindow.from_dict(_read("maintenance_window_v2.json")))


def _window_v3() -> None:
    """MW-9 written by schema 3: version 4 (announced, updated, extended, completed)."""
    w = MaintenanceWindow.from_dict(_read("maintenance_window_v3.json"))
    _mw9(w)
    assert (w.version, w.announced_version) == (4, 2)


def _mw9(w: MaintenanceWindow) -> None:
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


def _request_v2() -> None:
    """Request D of the queue below, written by request schema 2: held by MW-1 at 11:01,
    version 3 (created, validated, held)."""
    r = WithdrawalRequest.from_dict(_read("maintenance_request_v2.json"))
    assert (r.id, r.amount, r.state, r.window_id) == ("D", Decimal("40.00"), W.HELD_MAINTENANCE,
                                                      "MW-1")  # fmt: skip
    assert [(h.event, h.at) for h in r.history] == [
        ("validate", T0 + 2 * H + M),
        ("hold_for_maintenance", T0 + 2 * H + M),
    ]
    assert r.version == 3


def _queue_v3() -> None:
    """The queue below written by queue schema 3: version 11 (created 1; the window, A, B,
    C, the 11:00 advance, D, B's cancel, two extensions and the end: ten changes)."""
    q = WithdrawalQueue.from_dict(_read("maintenance_queue_v3.json"))
    assert q.version == 11
    _queue_facts(q)


def _queue_v2() -> None:
    """MW-1 pauses withdrawals 11:00-13:00 (announced 09:00, emergency); batches of 1 every
    10 minutes; escalate after 1 extension.

    A (250.00) at 10:00 and B (80.00) at 10:05 are queued; C (30.00) at 10:10 is held for
    review; at 11:00 A and B are held; D (40.00) at 11:01 is held as it comes; B cancels at
    11:02; extended to 14:00 at 12:00, to 15:00 at 13:00 (one too many: escalation); ended
    at 14:00: A released (batch of 1), D waits.
    """
    _queue_facts(WithdrawalQueue.from_dict(_read("maintenance_queue_v2.json")))


def _queue_facts(q: WithdrawalQueue) -> None:
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
    "payment_schema3.json": _payment_schema3,
    "reminder_policy_schema1.json": _reminder_policy_schema1,
    "maintenance_window_v1.json": _window_v1,
    "maintenance_window_v2.json": _window_v2,
    "maintenance_window_v3.json": _window_v3,
    "maintenance_request_v1.json": _request_v1,
    "maintenance_request_v2.json": _request_v2,
    "maintenance_queue_v1.json": _queue_v1,
    "maintenance_queue_releasing_v1.json": _queue_releasing_v1,
    "maintenance_queue_v2.json": _queue_v2,
    "maintenance_queue_v3.json": _queue_v3,
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


# -- references ------------------------------------------------------------------------------


def test_payment_and_maintenance_policies_are_registered_and_written_by_reference():
    """`Registry.add` stamps each policy; its dict names the reference; it round-trips."""
    registry = Registry()
    reminders = registry.add(
        ReminderPolicy(fractions=(Decimal("0.5"),), escalate_after=2), name="reminders", version=2
    )
    checkout = registry.add(ExpiryPreset.custom("checkout", 30 * M, "ours"), name="co", version=1)
    lead = registry.add(LeadTimePolicy.days(3), name="notice_period", version=7)
    assert (reminders.ref, checkout.ref, lead.ref) == ("reminders@2", "co@1", "notice_period@7")
    assert registry.get("reminders@2", ReminderPolicy) is reminders
    assert reminders.to_dict()["ref"] == "reminders@2"
    assert checkout.to_dict() == {
        "schema": 1,
        "name": "checkout",
        "window": "PT30M",
        "source": "ours",
        "ref": "co@1",
    }
    assert lead.to_dict() == {
        "schema": 1,
        "minimum": "P3D",
        "business_days": None,
        "calendar": None,
        "ref": "notice_period@7",
    }
    for value in (reminders, checkout, lead):
        again = type(value).from_dict(json.loads(json.dumps(value.to_dict())))
        assert again == value
        assert again.ref == value.ref
    # Unregistered values write no "ref" key at all (rows written before keep loading).
    assert "ref" not in ReminderPolicy().to_dict()
    assert "ref" not in BITPAY.to_dict()
    assert ExpiryPreset.from_dict(BITPAY.to_dict()) == BITPAY


def test_a_business_day_lead_time_keeps_its_calendar_and_its_rule():
    """Five business days on the always-open calendar: five days, whatever the weekday."""
    policy = LeadTimePolicy.five_business_days(BusinessCalendar.always_open())
    again = LeadTimePolicy.from_dict(json.loads(json.dumps(policy.to_dict())))
    assert again == policy
    # Announced Monday 2026-03-02 09:00 (+08:00): the start may be 00:00 five days on.
    announced = T0
    assert again.earliest_start(announced) == policy.earliest_start(announced)


@pytest.mark.parametrize(
    ("kind", "data", "path"),
    [
        (ReminderPolicy, {**ReminderPolicy().to_dict(), "ref": "no version"}, "ref"),
        (ExpiryPreset, {**BITPAY.to_dict(), "ref": "x@0"}, "ref"),
        (ExpiryPreset, {**BITPAY.to_dict(), "window": "-PT1M"}, "window"),
        (LeadTimePolicy, {**LeadTimePolicy.days(1).to_dict(), "ref": 3}, "ref"),
        (LeadTimePolicy, {**LeadTimePolicy.days(1).to_dict(), "business_days": 2}, "minimum"),
    ],
)
def test_malformed_policy_rows_are_typed_errors_naming_the_path(kind, data, path):
    with pytest.raises(SerializationError) as info:
        kind.from_dict(data)
    assert info.value.path == path


def test_a_bad_reference_is_refused_at_construction():
    with pytest.raises(InvalidFieldError) as info:
        ExpiryPreset("x", M, "s", ref="x")
    assert info.value.field == "ref"
    with pytest.raises(InvalidFieldError):
        LeadTimePolicy.days(1).__class__(minimum=H, ref="@1")


# -- versions and idempotent webhooks ---------------------------------------------------------


def _payment(**kw: Any) -> PaymentConfirmation:
    return PaymentConfirmation.create("PAY-1", "100.00", "CNY", T0, expiry=30 * M, **kw)


def _money(amount: str) -> dict[str, object]:
    return {"amount": amount, "currency": "CNY"}


def test_a_payment_counts_its_accepted_calls_and_not_its_replays():
    """Hand count: create 1; three new notifications 2, 3, 4; a replay and a refused
    conflict leave 4; a replay with more confirmations (merged) 5; a refund request
    (one call, which applies a notification inside) 6; a reminder already sent leaves 6."""
    p = _payment(required_confirmations=3)
    assert p.version == 1
    p.apply_notification("e1", "payment_detected", T0 + M, _money("100.00"))
    p.apply_notification("e2", "confirmed", T0 + 2 * M, {"confirmations": 1})
    p.apply_notification("e3", "action_required", T0 + 3 * M)
    assert p.version == 4
    before = p.to_dict()
    assert p.apply_notification("e1", "payment_detected", T0 + M, _money("100.00")).duplicate
    with pytest.raises(IdempotencyConflictError):
        p.apply_notification("e1", "payment_detected", T0 + M, _money("99.00"))
    assert p.to_dict() == before  # the version (4) included
    merged = p.apply_notification("e2", "confirmed", T0 + 2 * M, {"confirmations": 3})
    assert (merged.outcome.value, p.version, p.state) == ("merged", 5, PaymentState.CONFIRMED)
    p.request_refund("R-1", "10.00", at=T0 + 4 * M)
    assert p.version == 6
    assert p.to_dict()["version"] == 6
    assert PaymentConfirmation.from_dict(p.to_dict()).version == 6


def test_reminders_count_once_and_a_repeat_leaves_the_version():
    policy = ReminderPolicy(fractions=(Decimal("0.1"),))
    p = _payment()
    assert p.record_reminder(policy, "window:0.1", at=T0 + 3 * M) is True
    assert p.version == 2
    assert p.record_reminder(policy, "window:0.1", at=T0 + 4 * M) is False
    assert p.version == 2


class _Rows:
    """A host's table: one JSON column and a version column, saved by compare-and-swap."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[int, str]] = {}

    def load(self, key: str) -> tuple[int, dict[str, object]]:
        version, text = self.rows[key]
        return version, json.loads(text)

    def save(self, key: str, expected: int | None, version: int, doc: dict[str, object]) -> bool:
        """`UPDATE ... SET doc=?, version=? WHERE id=? AND version=?`: False if it moved."""
        current = self.rows.get(key)
        if (current is None) != (expected is None) or (
            current is not None and current[0] != expected
        ):
            return False
        self.rows[key] = (version, json.dumps(doc))
        return True


def _handle_webhook(rows: _Rows, key: str, event: tuple[Any, ...]) -> str:
    """What each server does with a webhook: load, apply, save if it changed, retry."""
    for _ in range(5):
        loaded, doc = rows.load(key)
        p = PaymentConfirmation.from_dict(doc)
        result = p.apply_notification(*event)
        if p.version == loaded:
            return f"{result.outcome.value} (nothing to save)"
        if rows.save(key, loaded, p.version, p.to_dict()):
            return result.outcome.value
    raise AssertionError("no progress")  # pragma: no cover - never in these tests


def test_a_webhook_retried_on_another_server_is_applied_once():
    """Two servers load version 1; A applies and saves (2); B's save of the same
    notification fails the compare-and-swap, B reloads, sees a duplicate, saves nothing."""
    rows = _Rows()
    p = _payment()
    assert rows.save("PAY-1", None, p.version, p.to_dict())
    event: tuple[Any, ...] = ("e1", "payment_detected", T0 + M, _money("100.00"))
    # Server B loaded the row before server A saved.
    _, stale = rows.load("PAY-1")
    assert _handle_webhook(rows, "PAY-1", event) == "applied"
    b = PaymentConfirmation.from_dict(stale)
    b.apply_notification(*event)
    assert b.version == 2
    assert rows.save("PAY-1", 1, b.version, b.to_dict()) is False  # A moved it to 2
    assert _handle_webhook(rows, "PAY-1", event) == "duplicate (nothing to save)"
    version, doc = rows.load("PAY-1")
    assert version == 2
    assert PaymentConfirmation.from_dict(doc).received == Decimal("100.00")  # not 200.00


# -- read-only fields -------------------------------------------------------------------------


def test_fields_of_payments_queues_requests_and_windows_are_read_only():
    p = _payment()
    q = WithdrawalQueue()
    q.submit("k", customer_id="C", amount="10", currency="CNY", at=T0)
    r = q.requests["W00000001"]
    w, _ = MaintenanceWindow.announce(
        "MW", start=T0 + H, end=T0 + 2 * H, services=["withdrawals"], announced_at=T0
    )
    for entity, field, value in (
        (p, "state", PaymentState.CONFIRMED),
        (p, "received", Decimal(100)),
        (p, "version", 9),
        (q, "now", T0 + H),
        (q, "version", 9),
        (q, "requests", {}),
        (r, "state", W.COMPLETED),
        (r, "version", 9),
        (w, "ended_at", T0),
        (w, "id", "other"),
    ):
        before = entity.to_dict()
        with pytest.raises(ReadOnlyFieldError) as info:
            setattr(entity, field, value)
        assert (info.value.entity, info.value.field) == (type(entity).__name__, field)
        assert isinstance(info.value, AttributeError)
        assert entity.to_dict() == before
    with pytest.raises(ReadOnlyFieldError):
        w.version = 3  # type: ignore[misc]  # a property, derived from the events


def test_a_read_only_entity_still_pickles_and_copies():
    p = _payment()
    p.apply_notification("e1", "payment_detected", T0 + M, _money("100.00"))
    again = pickle.loads(pickle.dumps(p))
    assert again == p
    with pytest.raises(ReadOnlyFieldError):
        again.state = PaymentState.SETTLED
    again.apply_notification("e2", "confirmed", T0 + 2 * M)
    assert (again.state, again.version, p.version) == (PaymentState.CONFIRMED, 3, 2)


# -- events by name ----------------------------------------------------------------------------


def test_firing_by_name_is_the_same_as_calling_the_event():
    direct, named = _payment(), _payment()
    direct.apply_notification("e1", "payment_detected", T0 + M, _money("100.00"))
    result = named.fire(
        "apply_notification",
        {
            "event_id": "e1",
            "kind": "payment_detected",
            "occurred_at": "2026-03-02T09:01:00+08:00",
            "payload": _money("100.00"),
        },
    )
    assert isinstance(result, NotificationResult)
    assert named == direct
    names = [e.name for e in PaymentConfirmation.events()]
    assert names == [
        "apply_notification",
        "apply_snapshot",
        "expire",
        "cancel",
        "request_refund",
        "resolve_exception",
    ]
    spec = PaymentConfirmation.events()[0]
    required = [a.name for a in spec.arguments if a.required]
    assert required == ["event_id", "kind", "occurred_at"]


@pytest.mark.parametrize(
    ("event", "arguments", "field"),
    [
        ("steal", {}, "event"),
        ("record_reminder", {}, "event"),  # takes a policy object: called directly
        ("expire", {}, "arguments.at"),
        ("expire", {"at": T0 + H, "when": 1}, "arguments.when"),
        ("expire", {"at": "yesterday"}, "at"),
    ],
)
def test_bad_events_and_arguments_are_typed_errors_and_change_nothing(event, arguments, field):
    p = _payment()
    before = p.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        p.fire(event, arguments)
    assert info.value.field == field
    assert p.to_dict() == before


def test_queues_requests_and_windows_fire_their_events_by_name():
    q = WithdrawalQueue()
    result = q.fire(
        "submit", {"client_key": "k", "customer_id": "C", "amount": "10", "currency": "CNY",
                   "at": T0}
    )  # fmt: skip
    assert result.created
    assert q.requests["W00000001"].state is W.QUEUED
    q.fire("start_processing", {"request_id": "W00000001", "at": T0 + M})
    assert (q.requests["W00000001"].state, q.version) == (W.PROCESSING, 3)
    with pytest.raises(InvalidFieldError) as info:
        q.fire("complete", {"request_id": "W00000001"})
    assert info.value.field == "arguments.at"
    assert "submit" in [e.name for e in WithdrawalQueue.events()]

    r = WithdrawalRequest("R", "k", "C", Decimal(5), "CNY", T0)
    record = r.fire("validate", {"at": T0})
    assert (record.to_state, r.version) == ("validated", 2)
    assert [e.name for e in WithdrawalRequest.events()][:2] == ["validate", "hold_for_review"]

    w, _ = MaintenanceWindow.announce(
        "MW", start=T0 + H, end=T0 + 2 * H, services=["withdrawals"], announced_at=T0
    )
    longer, notice = w.fire("extend", {"new_end": T0 + 3 * H, "at": T0 + H})
    assert (longer.version, longer.announced_version, notice.window_version) == (2, 2, 2)
    updated, _ = longer.fire("update", {"at": T0 + 90 * M, "note": "on track"})
    assert (updated.version, updated.announced_version) == (3, 2)
    ended, done = updated.fire("complete", {"at": T0 + 2 * H})
    assert (ended.version, done.window_version) == (4, 2)
    assert [e.name for e in MaintenanceWindow.events()] == ["extend", "update", "complete"]


# -- clock skew ---------------------------------------------------------------------------------

S = dt.timedelta(seconds=1)


def test_without_a_tolerance_a_command_stamped_before_the_last_event_is_refused():
    p = _payment()
    p.apply_notification("e1", "payment_detected", T0 + 10 * M, _money("40.00"))
    before = p.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        p.cancel(at=T0 + 10 * M - 5 * dt.timedelta(milliseconds=1))
    assert info.value.field == "at"
    assert p.to_dict() == before


def test_within_the_tolerance_a_command_is_recorded_at_the_last_event_with_its_stamp():
    """Last event 09:10:00; the cancel is stamped 09:09:59 by a server 1 s behind: with a
    2 s tolerance it is recorded at 09:10:00 and keeps 09:09:59 as `stamped_at`."""
    p = _payment(skew_tolerance=2 * S)
    p.apply_notification("e1", "payment_detected", T0 + 10 * M, _money("40.00"))
    record = p.cancel(at=T0 + 10 * M - S)
    assert record.at == T0 + 10 * M
    assert record.data["stamped_at"] == "2026-03-02T01:09:59+00:00"
    assert p.commands[-1].at == T0 + 10 * M
    assert dict(p.commands[-1].detail)["stamped_at"] == "2026-03-02T01:09:59+00:00"
    assert p.state is PaymentState.NEEDS_REVIEW  # cancelled with 40.00 received
    again = PaymentConfirmation.from_dict(json.loads(json.dumps(p.to_dict())))
    assert again == p
    assert again.skew_tolerance == 2 * S


def test_beyond_the_tolerance_it_is_refused_as_without_one():
    p = _payment(skew_tolerance=2 * S)
    p.apply_notification("e1", "payment_detected", T0 + 10 * M, _money("40.00"))
    before = p.to_dict()
    with pytest.raises(InvalidFieldError, match="skew tolerance"):
        p.cancel(at=T0 + 10 * M - 3 * S)
    assert p.to_dict() == before


def test_a_notification_applied_at_a_skewed_instant_keeps_its_stamp_and_replays_cleanly():
    p = _payment(skew_tolerance=S)
    p.apply_notification("e1", "payment_detected", T0 + 10 * M, _money("40.00"))
    late = T0 + 10 * M - dt.timedelta(milliseconds=300)
    p.apply_notification("e2", "payment_detected", T0 + 5 * M, _money("60.00"), at=late)
    (logged,) = [n for n in p.notifications if n.event_id == "e2"]  # occurred first: sorts first
    assert logged.applied_at == T0 + 10 * M
    assert dict(logged.detail)["stamped_at"] == "2026-03-02T01:09:59.700000+00:00"
    assert p.history[-1].data["stamped_at"] == "2026-03-02T01:09:59.700000+00:00"
    # A retry of the same webhook is a duplicate, not a conflict over `stamped_at`.
    version = p.version
    assert p.apply_notification("e2", "payment_detected", T0 + 5 * M, _money("60.00")).duplicate
    assert p.version == version


def test_a_skewed_reminder_keeps_its_stamp():
    p = _payment(skew_tolerance=S)
    p.apply_notification("e1", "payment_detected", T0 + 4 * M, _money("40.00"))
    policy = ReminderPolicy(fractions=(Decimal("0.1"),))  # due 09:03
    p.record_reminder(policy, "window:0.1", at=T0 + 4 * M - S / 2)
    assert p.reminders[-1].sent_at == T0 + 4 * M
    assert p.history[-1].data == {
        "key": "window:0.1",
        "stamped_at": "2026-03-02T01:03:59.500000+00:00",
    }


@pytest.mark.parametrize("bad", [dt.timedelta(-1), dt.timedelta(minutes=6), 2, None])
def test_a_tolerance_out_of_range_is_refused(bad):
    with pytest.raises(InvalidFieldError) as info:
        _payment(skew_tolerance=bad)
    assert info.value.field == "skew_tolerance"
    with pytest.raises(InvalidFieldError):
        WithdrawalQueue(skew_tolerance=bad)


def test_a_queue_records_a_skewed_call_at_its_last_instant_and_each_request_keeps_the_stamp():
    q = WithdrawalQueue(skew_tolerance=S)
    q.advance(T0 + H)
    q.submit("k", customer_id="C", amount="10", currency="CNY", at=T0 + H - S / 4)
    r = q.requests["W00000001"]
    assert [(h.event, h.at) for h in r.history] == [("validate", T0 + H), ("queue", T0 + H)]
    assert {h.data["stamped_at"] for h in r.history} == {"2026-03-02T01:59:59.750000+00:00"}
    assert q.now == T0 + H
    # The stamp belongs to that call only: the next call on time records none.
    q.start_processing("W00000001", at=T0 + H)
    assert "stamped_at" not in r.history[-1].data
    before = q.to_dict()
    with pytest.raises(InvalidFieldError, match="skew tolerance"):
        q.complete("W00000001", at=T0 + H - 2 * S)
    assert q.to_dict() == before


# -- schemas ------------------------------------------------------------------------------------


def test_older_rows_upgrade_to_the_version_their_calls_count():
    """payment_schema2: create, 1 reminder, 3 notifications, the refund request, the refund
    = 7, which is also 1 + 5 logged notifications + 1 reminder. window_v2: announced,
    updated, extended, completed = 4. request_v1: 1 + its 4 history records = 5. A queue
    of schema 1 or 2 starts at 1."""
    p = PaymentConfirmation.from_dict(_read("payment_schema2.json"))
    assert (p.version, p.skew_tolerance) == (7, dt.timedelta(0))
    assert p.to_dict()["schema"] == 3
    w = MaintenanceWindow.from_dict(_read("maintenance_window_v2.json"))
    assert (w.version, w.announced_version) == (4, 2)
    assert w.to_dict()["version"] == 4
    r = WithdrawalRequest.from_dict(_read("maintenance_request_v1.json"))
    assert (r.version, r.to_dict()["schema"]) == (5, 2)
    for name in ("maintenance_queue_v1.json", "maintenance_queue_v2.json"):
        q = WithdrawalQueue.from_dict(_read(name))
        assert (q.version, q.skew_tolerance, q.to_dict()["schema"]) == (1, dt.timedelta(0), 3)
        assert WithdrawalQueue.from_dict(json.loads(json.dumps(q.to_dict()))) == q


def test_the_upgraded_payment_counts_on_like_the_one_that_was_never_stored():
    """Rebuild PAY-7 of the golden row by its calls today: the same version, the same row."""
    policy = ReminderPolicy.from_dict(_read("reminder_policy_schema1.json"))
    p = PaymentConfirmation.create(
        "PAY-7", "100.00", "CNY", T0, expiry=30 * M, customer_id="C-1", method="wallet"
    )
    p.record_reminder(policy, "window:0.1", at=T0 + 3 * M)
    p.apply_notification("evt-1", "payment_detected", T0 + 5 * M, _money("60.00"))
    p.apply_notification("evt-2", "payment_detected", T0 + 10 * M, _money("45.00"))
    p.apply_notification("evt-3", "confirmed", T0 + 12 * M, {"confirmations": 3})
    p.request_refund("R-1", "5.00", at=T0 + 20 * M)
    p.apply_notification("evt-4", "refunded", T0 + 25 * M, {**_money("5.00"), "refund_id": "R-1"})
    assert p == PaymentConfirmation.from_dict(_read("payment_schema2.json"))


@pytest.mark.parametrize(
    ("kind", "name", "newest"),
    [
        (PaymentConfirmation, "payment_schema2.json", 3),
        (WithdrawalQueue, "maintenance_queue_v2.json", 3),
        (MaintenanceWindow, "maintenance_window_v2.json", 3),
        (WithdrawalRequest, "maintenance_request_v1.json", 2),
        (ReminderPolicy, "reminder_policy_schema1.json", 1),
    ],
)
def test_a_row_from_a_newer_supportflow_is_refused_naming_both_schemas(kind, name, newest):
    data = _read(name)
    data["schema"] = newest + 1
    with pytest.raises(NewerSchemaError) as info:
        kind.from_dict(data)
    assert (info.value.found, info.value.supported, info.value.path) == (
        newest + 1,
        newest,
        "schema",
    )


def test_a_window_row_whose_version_disagrees_with_its_events_is_refused():
    w, _ = MaintenanceWindow.announce(
        "MW", start=T0 + H, end=T0 + 2 * H, services=["withdrawals"], announced_at=T0
    )
    data = w.to_dict()
    data["version"] = 2
    with pytest.raises(SerializationError) as info:
        MaintenanceWindow.from_dict(data)
    assert (info.value.path, info.value.value) == ("version", 2)


@pytest.mark.parametrize("bad", [0, -1, True, "2"])
def test_a_bad_stored_version_is_a_typed_error(bad):
    p = _payment()
    with pytest.raises(SerializationError) as info:
        PaymentConfirmation.from_dict({**p.to_dict(), "version": bad})
    assert info.value.path == "version"
    q = WithdrawalQueue()
    with pytest.raises(SerializationError):
        WithdrawalQueue.from_dict({**q.to_dict(), "version": bad})


# -- properties ---------------------------------------------------------------------------------


_KINDS = (
    "payment_detected",
    "confirmed",
    "action_required",
    "attempt_failed",
    "refund_requested",
    "refunded",
    "failed",
)


@st.composite
def _notification_walks(draw):
    """A payment and calls on it: new notifications, exact replays, conflicting replays."""
    p = _payment(required_confirmations=draw(st.integers(1, 3)))
    calls = []
    seen: list[tuple[str, str, dt.datetime, dict[str, object]]] = []
    for i in range(draw(st.integers(0, 12))):
        choice = draw(st.sampled_from(("new", "new", "replay", "conflict")))
        if choice != "new" and seen:
            event = draw(st.sampled_from(seen))
            if choice == "conflict":
                event = (event[0], event[1], event[2] + S, event[3])
            calls.append(event)
            continue
        kind = draw(st.sampled_from(_KINDS))
        payload = {}
        if kind in {"payment_detected", "refund_requested", "refunded"}:
            payload = _money(f"{draw(st.integers(1, 120))}.00")
        if kind == "confirmed":
            payload = {"confirmations": draw(st.integers(0, 4))}
        occurred = T0 + dt.timedelta(minutes=draw(st.integers(0, 40)))
        event = (f"e{i}", kind, occurred, payload)
        seen.append(event)
        calls.append(event)
    return p, calls, draw(st.integers(0, len(calls)))


def _apply(p, event):
    """Apply one call; its outcome, or the error type (the call is then refused)."""
    try:
        return p.apply_notification(*event).outcome.value
    except (InvalidFieldError, IdempotencyConflictError, ValueError) as exc:
        return type(exc).__name__


@settings(max_examples=60, deadline=None)
@given(_notification_walks())
def test_a_payment_version_is_one_plus_its_accepted_changes_and_survives_storage(walk):
    """Reference: 1 + the calls that were neither refused nor a duplicate. A refused call
    or a duplicate leaves the dict (version included) as it was. Stored and loaded with a
    registry at any step, the copy behaves exactly like the original from there on."""
    p, calls, cut = walk
    registry = Registry()
    expected = 1
    copy = None
    for i, event in enumerate(calls):
        if i == cut:
            copy = PaymentConfirmation.from_dict(
                json.loads(json.dumps(p.to_dict())), registry=registry
            )
        before = p.to_dict()
        outcome = _apply(p, event)
        if copy is not None:
            assert _apply(copy, event) == outcome
        if outcome in {"applied", "recorded", "merged", "ignored_backward"}:
            expected += 1
            assert p.to_dict() != before
        else:
            assert p.to_dict() == before
        assert p.version == expected
    if copy is not None:
        assert copy == p
        assert copy.to_dict() == p.to_dict()


_QUEUE_STEPS = ("submit", "resubmit", "wait", "same", "end", "release", "cancel", "process",
                "complete", "past")  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_QUEUE_STEPS), max_size=25), st.data())
def test_a_queue_version_moves_exactly_when_its_row_changes(steps, data):
    """After every call: refused -> the row is unchanged; accepted -> the version moved by
    one exactly when the rest of the row changed. Stored at a random step, the copy gives
    the same notices and the same row from there on."""
    q = WithdrawalQueue(batch_size=2, batch_interval=5 * M, skew_tolerance=data.draw(
        st.sampled_from((dt.timedelta(0), 30 * S)), label="tolerance"))  # fmt: skip
    w, _ = MaintenanceWindow.announce(
        "MW-1", start=T0 + H, end=T0 + 2 * H, services=["withdrawals"], announced_at=T0,
        emergency=True,
    )  # fmt: skip
    q.add_window(w, at=T0)
    now = T0
    cut = data.draw(st.integers(0, len(steps)), label="stored at")
    copy = None
    for i, step in enumerate(steps):
        if i == cut:
            copy = WithdrawalQueue.from_dict(json.loads(json.dumps(q.to_dict())))
        ids = sorted(q.requests)
        if step == "wait":
            now += dt.timedelta(minutes=data.draw(st.integers(1, 90)))
        args: tuple = ()
        if step in {"submit", "resubmit"}:
            n = len(q.requests) if step == "submit" or not ids else 0
            name, args = "submit", (f"key-{n}",)
            kwargs = {"customer_id": "C", "amount": "10", "currency": "CNY", "at": now}
        elif step in {"wait", "same"}:
            name, kwargs = "advance", {"at": now}
        elif step == "past":
            name, kwargs = "advance", {"at": now - data.draw(st.sampled_from((S, 2 * M)))}
        elif step == "end":
            name, args, kwargs = "end_window", ("MW-1",), {"at": now}
        elif step == "release":
            name, kwargs = "release_batch", {"at": now}
        else:
            rid = data.draw(st.sampled_from(ids)) if ids else "none"
            name = {"cancel": "cancel", "process": "start_processing", "complete": "complete"}[step]
            args, kwargs = (rid,), {"at": now}
        before, version = q.to_dict(), q.version
        try:
            result = getattr(q, name)(*args, **kwargs)
        except (InvalidFieldError, IllegalTransitionError) as exc:
            assert q.to_dict() == before
            result = type(exc).__name__
        else:
            after = q.to_dict()
            del after["version"], before["version"]
            assert q.version - version == (after != before)
        if copy is not None:
            try:
                again = getattr(copy, name)(*args, **kwargs)
            except (InvalidFieldError, IllegalTransitionError) as exc:
                again = type(exc).__name__
            assert again == result
            assert copy.to_dict() == q.to_dict()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 3000),
    st.integers(-3000, 3000),
    st.sampled_from((0, 1, 500, 1000, 2000)),
)
def test_the_skew_rule_matches_a_reference(last_ms, delta_ms, tolerance_ms):
    """Reference: a call stamped `delta` after the last instant is accepted iff
    `delta >= -tolerance`; it is recorded at `max(stamp, last)`, and keeps its stamp
    exactly when it was moved."""
    ms = dt.timedelta(milliseconds=1)
    last = T0 + last_ms * ms
    stamp = last + delta_ms * ms
    q = WithdrawalQueue(skew_tolerance=tolerance_ms * ms)
    q.advance(last)
    payment = _payment(skew_tolerance=tolerance_ms * ms)
    payment.apply_notification("e0", "payment_detected", last, _money("10.00"))
    accepted = delta_ms >= -tolerance_ms
    calls = (
        lambda: q.submit("k", customer_id="C", amount="1", currency="CNY", at=stamp),
        lambda: payment.cancel(at=stamp),
    )
    if not accepted:
        for call in calls:
            with pytest.raises(InvalidFieldError) as info:
                call()
            assert info.value.field == "at"
        assert (q.requests, payment.commands) == ({}, ())
        return
    for call in calls:
        call()
    recorded = max(stamp, last)
    record = q.requests["W00000001"].history[-1]
    command = payment.commands[-1]
    assert (record.at, command.at) == (recorded, recorded)
    kept = {"stamped_at": _pendulum.format_instant(stamp)} if stamp < last else {}
    assert {k: v for k, v in record.data.items() if k == "stamped_at"} == kept
    assert {k: v for k, v in command.detail if k == "stamped_at"} == kept


def test_an_entity_is_sealed_again_after_any_event_accepted_or_refused():
    """Events open the entity for their own assignments only; a subclass keeps its type."""

    class MyQueue(WithdrawalQueue):
        __slots__ = ()

    q = MyQueue()
    q.submit("k", customer_id="C", amount="10", currency="CNY", at=T0)
    with pytest.raises(InvalidFieldError):
        q.submit("k", customer_id="C", amount="-1", currency="CNY", at=T0)
    assert type(q) is MyQueue
    with pytest.raises(ReadOnlyFieldError):
        q.batch_size = 2
    p = _payment()
    p.apply_notification("e1", "payment_detected", T0 + M, _money("10.00"))
    with pytest.raises(IdempotencyConflictError):
        p.apply_notification("e1", "payment_detected", T0 + M, _money("11.00"))
    assert type(p) is PaymentConfirmation
    with pytest.raises(ReadOnlyFieldError):
        p.received = Decimal(0)
    assert (p.received, p.version) == (Decimal("10.00"), 2)


# -- declared documents: the row and the records it nests, derived from the fields ---------


def test_a_zero_amount_written_with_places_keeps_its_place_in_the_row():
    """Amounts at zero are left out of the row, but a zero given as "0.00" is the amount
    the host wrote: kept as written, in the key order of every row (hand-written below)."""
    p = PaymentConfirmation.create("P-0", "10.00", "CNY", T0, expiry=H, tolerance="0.00")
    p.apply_notification("e1", "payment_detected", T0 + M, _money("10.00"))
    p.request_refund("R1", "5.00", at=T0 + 2 * M)
    p.apply_notification("e2", "refunded", T0 + 3 * M, {**_money("5.00"), "refund_id": "R1"})
    # A processor may report a succeeded refund as failed later: 5.00 - 5.00 is "0.00".
    p.apply_notification("e3", "refund_failed", T0 + 4 * M, {**_money("5.00"), "refund_id": "R1"})
    row = p.to_dict()
    assert list(row) == [
        "schema",
        "id",
        "amount_due",
        "currency",
        "created_at",
        "expires_at",
        "tolerance",
        "state",
        "received",
        "refunded",
        "attempts",
        "refunds",
        "notifications",
        "history",
        "version",
    ]
    assert (row["tolerance"], row["received"], row["refunded"]) == ("0.00", "10.00", "0.00")
    again = PaymentConfirmation.from_dict(json.loads(json.dumps(row)))
    assert again == p
    assert (str(again.tolerance), str(again.refunded), str(again.reversed)) == ("0.00", "0.00", "0")
    assert again.to_dict() == row


def test_a_refund_owed_after_refunds_reads_back_from_a_result():
    """`refund_due` may answer `after_refund`: a result carrying it is read back, and a
    reason the library never writes is refused naming its path."""
    from supportflow.payments import NotificationOutcome, RefundInstruction

    result = NotificationResult(
        "evt-9",
        NotificationOutcome.APPLIED,
        PaymentState.NEEDS_REVIEW,
        RefundInstruction("P-1", Decimal("0.01"), "CNY", "after_refund"),
    )
    document: dict[str, Any] = {
        "schema": 1,
        "event_id": "evt-9",
        "outcome": "applied",
        "state": "needs_review",
        "refund": {
            "payment_id": "P-1",
            "amount": "0.01",
            "currency": "CNY",
            "reason": "after_refund",
        },
    }
    assert result.to_dict() == document
    assert NotificationResult.from_dict(document) == result
    for key, value in (("reason", "bonus"), ("amount", "0"), ("payment_id", "")):
        bad = {**document, "refund": {**document["refund"], key: value}}
        with pytest.raises(SerializationError) as caught:
            NotificationResult.from_dict(bad)
        assert caught.value.path == f"refund.{key}"


def test_a_schema_2_row_is_checked_key_by_key_before_its_upgrade():
    """A schema 2 row wrote every key: one missing or unknown is refused by its name, and
    a malformed notification or audit record by its full path, before anything is built."""
    data = _read("payment_schema2.json")
    del data["tolerance"]
    with pytest.raises(SerializationError) as caught:
        PaymentConfirmation.from_dict(data, path="rows[3]")
    assert caught.value.path == "rows[3].tolerance"
    data = {**_read("payment_schema2.json"), "surprise": 1}
    with pytest.raises(SerializationError) as caught:
        PaymentConfirmation.from_dict(data, path="rows[3]")
    assert caught.value.path == "rows[3].surprise"
    data = _read("payment_schema2.json")
    data["notifications"][1]["kind"] = "paid"
    with pytest.raises(SerializationError) as caught:
        PaymentConfirmation.from_dict(data)
    assert caught.value.path == "notifications[1].kind"
    data = _read("payment_schema2.json")
    data["history"][2]["at"] = "2026-03-02T01:10:00"  # naive
    with pytest.raises(SerializationError) as caught:
        PaymentConfirmation.from_dict(data)
    assert caught.value.path == "history[2].at"


def test_a_schema_2_audit_record_keeps_its_own_stamp_through_the_upgrade():
    """Schema 2 wrote full audit records, which may carry `stamped_at`; the upgrade hands
    the records on as read, so the stamp is not lost on the way to schema 3."""
    data = _read("payment_schema2.json")
    data["history"][0]["stamped_at"] = "2026-03-02T01:02:30+00:00"
    p = PaymentConfirmation.from_dict(data)
    assert p.history[0].stamped_at == dt.datetime(2026, 3, 2, 1, 2, 30, tzinfo=dt.UTC)
    assert p.history[0].at == dt.datetime(2026, 3, 2, 1, 3, tzinfo=dt.UTC)

"""Payments and withdrawal queues as rows in a service's database: size and load time.

What a service stores and loads on every request: a typical payment row (a card payment
that needed 3-D Secure, was paid in full, confirmed and settled) and a withdrawal queue
row. Sizes are of `json.dumps(x.to_dict())` (the default separators, as most hosts
write); load times are the median of `from_dict` on the dict `json.loads` returned (what
the host passes), with the registry, over many runs.

Goals (issue 15): a typical payment row <= 1,500 bytes and `from_dict` <= 150 us; for a
queue, the bytes per request and the load time per 1,000 requests are reported.

Run: `python benchmarks/bench_persistence_payments.py [--runs 2000]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable

from supportflow import Registry
from supportflow.maintenance import MaintenanceWindow, WithdrawalQueue
from supportflow.payments import PaymentConfirmation, ReminderPolicy

T0 = dt.datetime(2026, 3, 2, 1, tzinfo=dt.UTC)
M = dt.timedelta(minutes=1)
PAYMENT_BYTES_GOAL = 1_500
PAYMENT_LOAD_GOAL_US = 150.0


def typical_payment() -> PaymentConfirmation:
    """A card payment: 3-D Secure asked, paid in full, confirmed, settled."""
    p = PaymentConfirmation.create(
        "pay_3f9c1a7e", "249.00", "CNY", T0, expiry=30 * M, customer_id="cus_81723",
        method="card",
    )  # fmt: skip
    p.apply_notification("evt_1A", "action_required", T0 + M)
    p.apply_notification("evt_1B", "payment_detected", T0 + 2 * M,
                         {"amount": "249.00", "currency": "CNY"})  # fmt: skip
    p.apply_notification("evt_1C", "confirmed", T0 + 3 * M)
    p.apply_notification("evt_1D", "settled", T0 + 4 * 60 * M)
    return p


def queue_with(n: int) -> WithdrawalQueue:
    """A queue after a maintenance window: `n` requests, a quarter each completed,
    processing, queued after release and still held (the release goes in batches)."""
    q = WithdrawalQueue(batch_size=max(1, n // 4), batch_interval=5 * M)
    window, _ = MaintenanceWindow.announce(
        "MW-2026-03-02", start=T0 + 60 * M, end=T0 + 120 * M, services=["withdrawals"],
        announced_at=T0,
    )  # fmt: skip
    q.add_window(window, at=T0)
    for i in range(n):
        at = T0 + dt.timedelta(seconds=i * 60 / max(n, 1))
        q.submit(f"client-{i:06d}", customer_id=f"cus_{i % 997}", amount="150.00",
                 currency="CNY", at=at)  # fmt: skip
    ids = list(q.requests)
    for rid in ids[: n // 2]:
        q.start_processing(rid, at=T0 + 59 * M)
    for rid in ids[: n // 4]:
        q.complete(rid, at=T0 + 59 * M)
    q.end_window(window.id, at=T0 + 121 * M)
    return q


def median_us(load: Callable[[], object], runs: int) -> float:
    """The median of `runs` timings of `load`, in microseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    runs = parser.parse_args().runs
    registry = Registry()
    registry.add(ReminderPolicy(), name="reminders", version=1)

    payment = typical_payment()
    text = json.dumps(payment.to_dict())
    data = json.loads(text)
    assert PaymentConfirmation.from_dict(data, registry=registry) == payment
    load = median_us(lambda: PaymentConfirmation.from_dict(data, registry=registry), runs)
    parse_load = median_us(
        lambda: PaymentConfirmation.from_dict(json.loads(text), registry=registry), runs
    )
    size = len(text.encode())
    compact = len(json.dumps(payment.to_dict(), separators=(",", ":")).encode())
    print(f"payment row: {size} bytes ({compact} compact); goal <= {PAYMENT_BYTES_GOAL}")
    print(f"payment from_dict: {load:.0f} us median ({parse_load:.0f} us with json.loads);"
          f" goal <= {PAYMENT_LOAD_GOAL_US:.0f} us")  # fmt: skip

    empty = len(json.dumps(queue_with(0).to_dict()).encode())
    queue = queue_with(1000)
    qtext = json.dumps(queue.to_dict())
    qdata = json.loads(qtext)
    assert WithdrawalQueue.from_dict(qdata, registry=registry) == queue
    qload = median_us(
        lambda: WithdrawalQueue.from_dict(qdata, registry=registry), max(5, runs // 100)
    )
    per_request = (len(qtext.encode()) - empty) / 1000
    print(f"queue row: {len(qtext.encode())} bytes for 1,000 requests "
          f"({per_request:.0f} bytes per request, {empty} bytes empty)")  # fmt: skip
    print(f"queue from_dict: {qload / 1000:.1f} ms per 1,000 requests (median)")
    ok = size <= PAYMENT_BYTES_GOAL and load <= PAYMENT_LOAD_GOAL_US
    print("goals met" if ok else "GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

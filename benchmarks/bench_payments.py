"""Apply 1,000,000 provider notifications (10 % replays, 10 % out of order) to 100,000 payments.

Each payment gets a realistic 9-event stream (action required, a failed attempt, three
partial payments, a first and a final confirmation, settlement, a partial refund); 10 % of
the events are delivered after the next event of the same payment, and 10 % of all
deliveries are replays of an event already delivered. Payments are interleaved in the
global stream the way webhooks arrive.

Run: `python benchmarks/bench_payments.py [--payments 100000]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import gc
import random
import time

from supportflow.payments import PaymentConfirmation, PaymentState

# Services pass stdlib instants in UTC: measure with those.
T0 = dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC)
PER_PAYMENT = 9


def streams(n: int, convert=lambda t: t):
    """The in-order events of each payment (shared payload dicts keep memory flat).

    `convert` maps each event time (a stdlib `datetime` in UTC) to the input
    kind under test (bench_instants.py passes stdlib datetimes).
    """
    parts = [
        {"amount": "30.00", "currency": "CNY"},
        {"amount": "30.00", "currency": "CNY"},
        {"amount": "40.00", "currency": "CNY"},
    ]
    refund = {"amount": "10.00", "currency": "CNY"}
    failed = {"reason": "insufficient_balance", "provider_code": "51"}
    one = {"confirmations": 1}
    times = [convert(T0 + dt.timedelta(minutes=m)) for m in range(1, PER_PAYMENT + 1)]
    kinds = [
        ("action_required", None),
        ("attempt_failed", failed),
        ("payment_detected", parts[0]),
        ("payment_detected", parts[1]),
        ("payment_detected", parts[2]),
        ("confirmed", one),
        ("confirmed", None),
        ("settled", None),
        ("refunded", refund),
    ]
    for p in range(n):
        yield (
            p,
            [(f"P{p}-E{i}", kind, times[i], payload) for i, (kind, payload) in enumerate(kinds)],
        )


def build(n: int, seed: int = 7, convert=lambda t: t):
    rng = random.Random(seed)
    per_payment = []
    out_of_order = 0
    for p, events in streams(n, convert):
        for i in range(len(events) - 1):
            if rng.random() < 0.1:
                events[i], events[i + 1] = events[i + 1], events[i]
                out_of_order += 1
        per_payment.append((p, events))
    # Interleave: deliver payments in rounds, like concurrent webhooks.
    delivery = []
    for i in range(PER_PAYMENT):
        for p, events in per_payment:
            delivery.append((p, events[i]))
    replays = len(delivery) // 9  # 10 % of the final stream
    keyed = [(i, 0, item) for i, item in enumerate(delivery)]
    for _ in range(replays):
        k = rng.randrange(len(delivery))
        keyed.append((k + rng.randrange(1, 50), 1, delivery[k]))  # shortly after the original
    keyed.sort(key=lambda x: (x[0], x[1]))
    return [item for _, _, item in keyed], out_of_order, replays


def payments(n: int, created_at=T0):
    return [
        PaymentConfirmation.create(
            f"P{p}",
            "100.00",
            "CNY",
            created_at,
            expiry=dt.timedelta(hours=1),
            required_confirmations=2,
        )
        for p in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=100_000)
    args = parser.parse_args()
    n = args.payments
    delivery, out_of_order, replays = build(n)
    objs = payments(n)
    gc.collect()
    gc.disable()  # measure the library, not the collector's pauses over 10^6 new records
    start = time.perf_counter()
    cpu = time.process_time()
    duplicates = 0
    for p, (event_id, kind, occurred, payload) in delivery:
        duplicates += objs[p].apply_notification(event_id, kind, occurred, payload).duplicate
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    gc.enable()
    total = len(delivery)
    # Correctness: every payment converged to the in-order result.
    expected = PaymentConfirmation.create(
        "X", "100.00", "CNY", T0, expiry=dt.timedelta(hours=1), required_confirmations=2
    )
    for event_id, kind, occurred, payload in next(iter(streams(1)))[1]:
        expected.apply_notification(event_id, kind, occurred, payload)
    assert expected.state is PaymentState.SETTLED
    assert all(o.state is PaymentState.SETTLED for o in objs)
    assert all(o.refunded == decimal.Decimal("10.00") for o in objs)
    assert duplicates == replays
    print(f"payments            {n:>12,}")
    print(f"notifications       {total:>12,}  (replays {replays:,}, out of order {out_of_order:,})")
    print(f"elapsed             {elapsed:>12.2f} s")
    print(f"throughput          {total / elapsed:>12,.0f} notifications/s")
    print(f"per notification    {elapsed / total * 1e6:>12.1f} us")
    # CPU time of this process: what the library costs when other jobs share the cores.
    print(f"cpu time            {cpu:>12.2f} s  ({total / cpu:,.0f} notifications/s of CPU)")


if __name__ == "__main__":
    main()

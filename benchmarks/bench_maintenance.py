"""Hold 100,000 withdrawals in a maintenance window and release them, in order, in batches.

100,000 requests are queued before the window (submitted one by one, idempotent by client
key); the window's start holds them all; its completion event releases them in
`(requested_at, id)` order, 1,000 per batch. The hold, the release and the submissions are
timed separately; the released order is checked afterwards.

Run: `python benchmarks/bench_maintenance.py [--requests 100000] [--batch 1000]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from decimal import Decimal

import pendulum

from supportflow.maintenance import (
    MaintenanceWindow,
    NoticeKind,
    WithdrawalQueue,
    WithdrawalState,
)

T0 = pendulum.datetime(2025, 6, 1, 8, tz="Asia/Shanghai")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000)
    args = parser.parse_args()
    n = args.requests
    queue = WithdrawalQueue(batch_size=args.batch, batch_interval=dt.timedelta(0))
    window, _ = MaintenanceWindow.announce(
        "MW-1",
        start=T0.add(hours=2),
        end=T0.add(hours=4),
        services=["withdrawals"],
        announced_at=T0,
        emergency=True,
    )
    queue.add_window(window, at=T0)
    amount = Decimal("100.00")
    times = [T0.add(seconds=i % 3600) for i in range(n)]
    times.sort()
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    for i in range(n):
        queue.submit(
            f"key-{i}", customer_id=f"C{i % 5000}", amount=amount, currency="CNY", at=times[i]
        )
    submitted = time.perf_counter() - start

    start = time.perf_counter()
    held_notices = queue.advance(T0.add(hours=2))
    held = time.perf_counter() - start
    assert queue.still_held("MW-1") == n

    start = time.perf_counter()
    cpu = time.process_time()
    notices = list(queue.end_window("MW-1", at=T0.add(hours=3)))
    at = T0.add(hours=3)
    while queue.pending_release:
        notices.extend(queue.release_batch(at=at))
    released = time.perf_counter() - start
    cpu = time.process_time() - cpu
    gc.enable()

    order = [i for x in notices if x.kind is NoticeKind.WITHDRAWAL_RELEASED for i in x.request_ids]
    keys = [queue.requests[i].sort_key for i in order]
    assert len(order) == n
    assert keys == sorted(keys)
    assert all(r.state is WithdrawalState.QUEUED for r in queue.requests.values())
    ledger = queue.ledger("MW-1")
    assert ledger.held_at_start == ledger.released == n
    batches = sum(1 for x in notices if x.kind is NoticeKind.WITHDRAWAL_RELEASED)
    print(f"requests            {n:>12,}")
    print(f"submit              {submitted:>12.2f} s  {n / submitted:>12,.0f} requests/s")
    print(
        f"hold at start       {held:>12.2f} s  {n / held:>12,.0f} holds/s"
        f"  ({len(held_notices)} notice)"
    )
    print(
        f"end + release       {released:>12.2f} s  {n / released:>12,.0f} releases/s"
        f"  ({batches} batches of {args.batch})"
    )
    print(f"  release cpu time  {cpu:>12.2f} s  {n / cpu:>12,.0f} releases/s of CPU")


if __name__ == "__main__":
    main()

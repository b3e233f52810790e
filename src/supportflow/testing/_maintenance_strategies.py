"""Hypothesis strategies for `supportflow.maintenance` (re-exported by `strategies`)."""

from __future__ import annotations

import datetime as dt
import decimal

import attrs
import pendulum
from hypothesis import strategies as st

from supportflow.calendar import BusinessCalendar
from supportflow.maintenance import (
    HeldWithdrawal,
    LeadTimePolicy,
    MaintenanceNotice,
    MaintenanceWindow,
    Service,
    ServiceWindow,
    StatusUpdate,
    SubmitResult,
    WindowLedger,
    WindowVersion,
    WithdrawalQueue,
    WithdrawalRequest,
)

__all__ = [
    "held_withdrawals",
    "lead_time_policies",
    "maintenance_notices",
    "maintenance_windows",
    "service_windows",
    "status_updates",
    "submit_results",
    "window_ledgers",
    "window_versions",
    "withdrawal_queues",
    "withdrawal_requests",
]

_BASE = pendulum.datetime(2025, 6, 1, tz="Asia/Shanghai")


def lead_time_policies() -> st.SearchStrategy[LeadTimePolicy]:
    """Lead-time policies: a fixed minimum, or business days on a calendar; some registered."""
    fixed = st.builds(
        lambda minutes: LeadTimePolicy(minimum=dt.timedelta(minutes=minutes)),
        st.integers(0, 60 * 24 * 30),
    )
    business = st.builds(
        lambda days, zone: LeadTimePolicy(
            business_days=days, calendar=BusinessCalendar.always_open(zone)
        ),
        st.integers(1, 20),
        st.sampled_from(("UTC", "Asia/Shanghai")),
    )
    refs = st.none() | st.builds(lambda n: f"notice_period@{n}", st.integers(1, 99))
    return st.builds(lambda policy, ref: attrs.evolve(policy, ref=ref), fixed | business, refs)


@st.composite
def maintenance_windows(draw: st.DrawFn, *, ended: bool | None = None) -> MaintenanceWindow:
    """Announced windows, sometimes extended and sometimes ended (early or late).

    Pass `ended=True` or `ended=False` to force whether the window has ended.
    """
    announced = _BASE.add(minutes=draw(st.integers(0, 60 * 24 * 365)))
    start = announced.add(minutes=draw(st.integers(0, 60 * 24 * 10)))
    length = dt.timedelta(minutes=draw(st.integers(10, 60 * 12)))
    services = draw(st.sets(st.sampled_from(list(Service)), min_size=1, max_size=3))
    spec: dict[Service, tuple[dt.datetime, dt.datetime] | None] = {}
    for service in sorted(services, key=lambda s: s.value):
        if draw(st.booleans()):
            spec[service] = None
        else:
            spec[service] = (start, start + length / 2)
    open_ended = draw(st.integers(0, 4)) == 0
    window, _ = MaintenanceWindow.announce(
        f"MW-{draw(st.integers(1, 9999))}",
        start=start,
        end=None if open_ended else start + length,
        services=dict.fromkeys(spec) if open_ended else spec,
        announced_at=announced,
        emergency=draw(st.booleans()),
    )
    for hours in range(draw(st.integers(0, 2)) if open_ended else 0):
        window, _ = window.update(at=start.add(hours=hours), note=f"update {hours + 1}")
    if open_ended:
        return window
    for _ in range(draw(st.integers(0, 2))):
        extra = dt.timedelta(minutes=draw(st.integers(1, 240)))
        end = window.end
        assert end is not None  # noqa: S101 - announced with an end
        window, _ = window.extend(end + extra, at=end - dt.timedelta(minutes=1))
    finish = draw(st.booleans()) if ended is None else ended
    if finish:
        end = window.end
        assert end is not None  # noqa: S101 - announced with an end
        length = dt.datetime.__sub__(end, window.start)
        when = window.start + length * draw(st.sampled_from((0.5, 1, 1.5)))
        window, _ = window.complete(at=max(when, window.current.announced_at))
    return window


def maintenance_notices() -> st.SearchStrategy[MaintenanceNotice]:
    """Notices of every kind with a few request and customer ids."""
    from supportflow.maintenance import NoticeKind  # noqa: PLC0415

    ids = st.lists(st.integers(1, 999).map(lambda i: f"W{i:08d}"), max_size=4, unique=True)
    return st.builds(
        lambda kind, wid, v, minutes, reqs, aud, detail: MaintenanceNotice(
            kind,
            wid,
            v,
            _BASE.add(minutes=minutes),
            tuple(reqs),
            tuple(sorted({f"C-{r[-2:]}" for r in reqs})),
            aud,
            detail,
            tuple(
                HeldWithdrawal(
                    r,
                    f"C-{r[-2:]}",
                    decimal.Decimal(int(r[1:])),
                    "CNY",
                    dt.timedelta(minutes=minutes),
                )
                for r in reqs
            )
            if kind.is_alert
            else (),
        ),
        st.sampled_from(list(NoticeKind)),
        st.integers(1, 99).map(lambda i: f"MW-{i}"),
        st.integers(1, 4),
        st.integers(0, 10**6),
        ids,
        st.sampled_from(("customers", "operations")),
        st.text(max_size=20),
    )


@st.composite
def withdrawal_queues(draw: st.DrawFn, *, min_windows: int = 0) -> WithdrawalQueue:
    """Queues with a window or two, requests before, during and after, and some releases.

    Args:
        draw: Given by Hypothesis.
        min_windows: At least this many windows (0 to 2) are added to the queue.
    """
    hour = dt.timedelta(hours=1)
    queue = WithdrawalQueue(
        batch_size=draw(st.integers(1, 5)),
        batch_interval=dt.timedelta(minutes=draw(st.integers(0, 10))),
        grace=dt.timedelta(minutes=draw(st.integers(0, 120))),
        max_amount=draw(st.sampled_from((None, decimal.Decimal(5000)))),
        max_hold=draw(st.sampled_from((None, 2 * hour, 24 * hour))),
        max_extensions=draw(st.sampled_from((None, 0, 3))),
        max_processing=draw(st.sampled_from((None, hour))),
        max_review=draw(st.sampled_from((None, 2 * hour))),
        update_every=draw(st.sampled_from((hour, 4 * hour))),
    )
    now = _BASE
    queue.advance(now)
    windows = []
    for n in range(draw(st.integers(min_windows, 2))):
        start = now.add(hours=1 + 3 * n)
        window, _ = MaintenanceWindow.announce(
            f"MW-{n + 1}",
            start=start,
            end=start.add(hours=2),
            services=["withdrawals"],
            announced_at=now,
            emergency=True,
        )
        queue.add_window(window, at=now)
        windows.append(window.id)
    steps = draw(
        st.lists(st.sampled_from(("submit", "wait", "end", "release", "cancel")), max_size=14)
    )
    for i, step in enumerate(steps):
        if step == "submit":
            queue.submit(
                f"key-{draw(st.integers(0, 12))}-{i}",
                customer_id=f"C-{i % 5}",
                amount=decimal.Decimal(draw(st.integers(1, 8000))),
                currency="CNY",
                at=now,
                review_reason="new device" if draw(st.integers(0, 9)) == 0 else "",
            )
        elif step == "wait":
            now = now.add(minutes=draw(st.integers(1, 200)))
            queue.advance(now)
        elif step == "end":
            live = [w for w in windows if queue.windows[w].ended_at is None]
            if live and queue.windows[live[0]].start <= now:
                queue.end_window(live[0], at=now)
        elif step == "release":
            queue.release_batch(at=now)
        else:
            held = [
                r.id
                for r in queue.requests.values()
                if r.state.value in {"held_maintenance", "queued", "held_review"}
            ]
            if held:
                queue.cancel(draw(st.sampled_from(held)), at=now)
    return queue


@st.composite
def withdrawal_requests(draw: st.DrawFn) -> WithdrawalRequest:
    """Withdrawal requests in any state a queue (or a payout run) leaves them in."""
    queue = draw(withdrawal_queues())
    now = queue.now or _BASE
    queue.submit(
        "last",
        customer_id="C-0",
        amount=decimal.Decimal(draw(st.integers(1, 9000))),
        currency="HKD",
        at=now,
    )
    request = draw(st.sampled_from(list(queue.requests.values())))
    if request.state.value == "queued" and draw(st.integers(0, 2)) > 0:  # payout runs, often
        request.start_processing(at=now)
        if draw(st.booleans()):
            request.fail(at=now, reason="bank timeout", retryable=draw(st.booleans()))
        else:
            request.complete(at=now)
    return request


def held_withdrawals() -> st.SearchStrategy[HeldWithdrawal]:
    """Requests as an operations alert names them.

    Whole-cent amounts, held from zero seconds to three days.
    """
    return st.builds(
        HeldWithdrawal,
        st.integers(1, 10**8).map(lambda i: f"W{i:08d}"),
        st.integers(0, 99).map(lambda i: f"C-{i}"),
        st.integers(1, 10**9).map(lambda cents: decimal.Decimal(cents).scaleb(-2)),
        st.sampled_from(("CNY", "HKD", "USD")),
        st.integers(0, 3 * 86_400).map(lambda s: dt.timedelta(seconds=s)),
    )


def window_versions() -> st.SearchStrategy[WindowVersion]:
    """The announced versions of drawn windows (first announcements and extensions)."""
    return maintenance_windows().flatmap(lambda window: st.sampled_from(window.versions))


def service_windows() -> st.SearchStrategy[ServiceWindow]:
    """The per-service parts of drawn window versions (whole window or a shorter part)."""
    return window_versions().flatmap(lambda version: st.sampled_from(version.services))


@st.composite
def _updated_window(draw: st.DrawFn) -> MaintenanceWindow:
    start = _BASE.add(minutes=draw(st.integers(0, 60 * 24 * 365)))
    window, _ = MaintenanceWindow.announce(
        "MW-open", start=start, end=None, services=["withdrawals"], announced_at=start
    )
    at = start
    for n in range(draw(st.integers(1, 3))):
        at = at.add(minutes=draw(st.sampled_from((0, 1, 60)) | st.integers(0, 600)))  # ties too
        note = draw(st.sampled_from(("", f"update {n + 1}", "expected end 18:00 CST")))
        window, _ = window.update(at=at, note=note)
    return window


def status_updates() -> st.SearchStrategy[StatusUpdate]:
    """Updates posted on open-ended windows, some at the same instant as the one before."""
    return _updated_window().flatmap(lambda window: st.sampled_from(window.updates))


def window_ledgers() -> st.SearchStrategy[WindowLedger]:
    """The hold bookkeeping of drawn queues with at least one window."""
    return withdrawal_queues(min_windows=1).flatmap(
        lambda queue: st.sampled_from(sorted(queue.ledgers.values(), key=lambda x: x.window_id))
    )


@st.composite
def _submit_results(draw: st.DrawFn) -> SubmitResult:
    queue = draw(withdrawal_queues())
    now = queue.now or _BASE
    known = sorted(queue.requests.values(), key=lambda r: r.id) if draw(st.booleans()) else []
    existing = draw(st.sampled_from(known)) if known else None  # a replay of its client key
    return queue.submit(
        existing.client_key if existing else f"new-{draw(st.integers(0, 99))}",
        customer_id=existing.customer_id if existing else "C-9",
        amount=existing.amount if existing else decimal.Decimal(draw(st.integers(1, 9000))),
        currency=existing.currency if existing else "CNY",
        at=now,
    )


def submit_results() -> st.SearchStrategy[SubmitResult]:
    """What `WithdrawalQueue.submit` returns.

    New requests (held, queued or in review, with their notices) and replays of a known
    client key (`created=False`).
    """
    return _submit_results()

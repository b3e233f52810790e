"""Hypothesis strategies for sending notices (re-exported by `testing.strategies`).

Customers' preferences, sends and delivery policies are drawn as a service builds them;
plans and their parts come from the real `plan(...)` and `plan_maintenance_notices(...)`.
Instants crowd the edges: sends due at the same second, due inside quiet hours, on the
days New York, London and Sydney change their clocks.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import attrs
from hypothesis import strategies as st

from supportflow import _pendulum
from supportflow.notices import (
    CustomerPreferences,
    Delivery,
    DeliveryPlan,
    DeliveryPolicy,
    NoticeChannel,
    PlannedSend,
    QuietHours,
    Send,
    SendAnchor,
    SendPlan,
    SendPoint,
    SendPolicy,
    SkippedSend,
    Suppressed,
    plan,
    plan_maintenance_notices,
)
from supportflow.testing._instant_strategies import aware_datetimes

__all__ = [
    "customer_preferences",
    "deliveries",
    "delivery_plans",
    "delivery_policies",
    "planned_sends",
    "quiet_hours",
    "send_points",
    "send_policies",
    "sends",
    "skipped_sends",
    "suppressed_sends",
]

#: Zones whose DST changes fall on different days (north, south, and none).
_DST_ZONES = ("America/New_York", "Europe/London", "Australia/Sydney")
_ZONES = (*_DST_ZONES, "Asia/Shanghai", "UTC")
_NOTICES = ("payment_reminder", "withdrawal_queued", "complaint_progress", "security_alert")
_LO = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
_HI = dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
_CHANNELS = st.sets(st.sampled_from(list(NoticeChannel)), min_size=1)


@functools.cache
def _instants() -> st.SearchStrategy[dt.datetime]:
    """Instants in 2025-2026, half of them within hours of a DST change of a `_DST_ZONES`."""
    zones = st.sampled_from(_DST_ZONES).map(_pendulum.zone)
    return aware_datetimes(_LO, _HI, zones=zones)


def _walls() -> st.SearchStrategy[dt.time]:
    """Wall-clock times on a quarter-hour grid (DST changes fall on the hour)."""
    return st.integers(0, 95).map(lambda q: dt.time(q // 4, q % 4 * 15))


@st.composite
def _quiet(draw: st.DrawFn) -> QuietHours:
    start = draw(_walls())
    end = draw(_walls().filter(lambda t: t != start))
    margin = dt.timedelta(minutes=draw(st.sampled_from((1, 30, 360)) | st.integers(1, 360)))
    return QuietHours(start, end, draw(_CHANNELS), margin)


def quiet_hours() -> st.SearchStrategy[QuietHours]:
    """Quiet hours on a quarter-hour grid, overnight or within a day, on any channels."""
    return st.just(QuietHours()) | _quiet()


def delivery_policies() -> st.SearchStrategy[DeliveryPolicy]:
    """Delivery policies with and without quiet hours, caps and digests.

    Default or drawn quiet hours (or none), caps of 1 to 5 (or none), periods from an
    hour to a week, digests on or off.
    """
    return st.builds(
        DeliveryPolicy,
        quiet_hours=st.none() | quiet_hours(),
        cap=st.none() | st.integers(1, 5),
        period=st.sampled_from((3600, 86_400, 7 * 86_400)).map(lambda s: dt.timedelta(seconds=s)),
        digests=st.booleans(),
    )


_POLICIES = delivery_policies()


def customer_preferences(
    customers: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[CustomerPreferences]:
    """A customer's zone, channels in their order of preference, and opted-out notices.

    Zones with DST in both hemispheres, and without.

    Args:
        customers: Draws the customer id; default `"c1"` to `"c3"`.
    """
    return st.builds(
        CustomerPreferences,
        customers if customers is not None else st.sampled_from(("c1", "c2", "c3")),
        st.sampled_from(_ZONES),
        st.permutations(list(NoticeChannel)).flatmap(
            lambda order: st.integers(1, len(order)).map(lambda n: order[:n])
        ),
        st.frozensets(st.sampled_from(_NOTICES), max_size=2),
    )


# Built once: a strategy built inside a draw is validated again on every draw.
_STEPS = st.integers(1, 2 * 86_400)
_BURST_STEPS = st.integers(1, 3600)
_LEADS = st.none() | st.integers(0, 86_400)
_NOTICE_NAMES = st.sampled_from(_NOTICES)
_PRIORITIES = st.integers(-2, 2)
_ONE_IN_SIX = st.integers(0, 5)
_BEFORE_AT = st.sampled_from((0, 3600)) | st.integers(0, 86_400)


@functools.cache
def _pick(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


@functools.cache
def _preferences_of(customer: str) -> st.SearchStrategy[CustomerPreferences]:
    return customer_preferences(st.just(customer))


@st.composite
def _sends(
    draw: st.DrawFn, customers: tuple[str, ...], ids: tuple[str, ...], *, burst: bool = False
) -> list[Send]:
    """Sends with the given ids, some at the same second.

    A `burst` is mergeable notices to one customer on every channel within the hour (what
    digests are for).
    """
    due = draw(_instants())  # the first send's `due` as drawn (any kind of datetime)
    utc = _pendulum.instant(due, field="due")  # add in UTC: local readings add by wall clock
    out: list[Send] = []
    for send_id in ids:
        if len(out) > 0 and draw(st.booleans()):  # else the same second as the send before
            utc = utc + dt.timedelta(seconds=draw(_BURST_STEPS if burst else _STEPS))
            due = utc
        lead = draw(_LEADS)
        out.append(
            Send(
                send_id,
                customers[0] if burst else draw(_pick(customers)),
                draw(_NOTICE_NAMES),
                due,
                frozenset(NoticeChannel) if burst else draw(_CHANNELS),
                None if lead is None else utc + dt.timedelta(seconds=lead),
                always_send=draw(_ONE_IN_SIX) == 0,
                mergeable=burst or draw(st.booleans()),
                priority=draw(_PRIORITIES),
            )
        )
    return out


def sends() -> st.SearchStrategy[Send]:
    """Sends of catalog-like notices, some with a `before`, some required or mergeable."""
    return _sends(("c1",), ("s1",)).map(lambda items: items[0])


@st.composite
def _planned(draw: st.DrawFn, *, min_sends: int = 0) -> DeliveryPlan:
    customers = tuple(f"c{i}" for i in range(draw(st.integers(1, 3))))
    prefs = [draw(_preferences_of(c)) for c in customers]
    ids = tuple(f"s{i}" for i in range(draw(st.integers(min_sends, 6))))
    items = draw(_sends(customers, ids, burst=draw(st.booleans())))
    policy = draw(_POLICIES)
    first = min((s.due for s in items), default=_LO)  # `Send` keeps `due` in UTC
    at = first - dt.timedelta(seconds=draw(_BEFORE_AT))
    return plan(items, prefs, policy, at)


def delivery_plans() -> st.SearchStrategy[DeliveryPlan]:
    """What `plan(sends, preferences, policy, at)` decides.

    Up to six drawn sends to up to three customers: deliveries moved out of quiet hours,
    merged into digests, capped, and sends suppressed by opt-outs or the cap.
    """
    return _planned()


def deliveries() -> st.SearchStrategy[Delivery]:
    """The deliveries of drawn plans (single sends and digests)."""
    return (
        _planned(min_sends=1)
        .filter(lambda p: bool(p.deliveries))
        .flatmap(lambda p: st.sampled_from(p.deliveries))
    )


@st.composite
def _suppressed(draw: st.DrawFn) -> Suppressed:
    # A customer who opted out of one notice, sent it among others under a cap of one.
    notice = draw(st.sampled_from(_NOTICES))
    prefs = CustomerPreferences("c1", draw(st.sampled_from(_ZONES)), opted_out=[notice])
    items = draw(_sends(("c1",), ("s1", "s2", "s3")))
    items[0] = attrs.evolve(items[0], notice=notice, always_send=False)
    policy = DeliveryPolicy(cap=1, digests=draw(st.booleans()))
    result = plan(items, [prefs], policy, min(s.due for s in items))
    return draw(st.sampled_from(result.suppressed))


def suppressed_sends() -> st.SearchStrategy[Suppressed]:
    """Sends a plan suppressed: opted out, or over the frequency cap."""
    return _suppressed()


def send_points() -> st.SearchStrategy[SendPoint]:
    """Send points before, at or after a window's start or end, on some channels."""
    return st.builds(
        SendPoint,
        st.sampled_from(("maintenance_announced", "maintenance_finished")),
        st.sampled_from(SendAnchor),
        st.integers(-7 * 24, 24).map(lambda h: dt.timedelta(hours=h)),
        _CHANNELS,
    )


def send_policies() -> st.SearchStrategy[SendPolicy]:
    """The default lead-time policy, or one to four drawn points with or without quiet hours."""
    drawn = st.builds(
        SendPolicy,
        st.lists(send_points(), min_size=1, max_size=4).map(tuple),
        st.none() | quiet_hours(),
    )
    return st.just(SendPolicy()) | drawn


@st.composite
def _send_plans(draw: st.DrawFn, *, late: bool) -> SendPlan:
    start = draw(_instants())
    utc = _pendulum.instant(start, field="start")
    zones = draw(st.lists(st.sampled_from(_ZONES), min_size=1, max_size=3, unique=True))
    # `late`: planned after the announcements were due, so some are skipped.
    lead = draw(st.integers(0, 47) if late else st.none() | st.integers(0, 100))
    return plan_maintenance_notices(
        start=start,
        end=utc + dt.timedelta(hours=draw(st.integers(1, 48))),
        services="withdrawals",
        zones=[zoneinfo.ZoneInfo(z) if draw(st.booleans()) else z for z in zones],
        policy=draw(send_policies()),
        not_before=None if lead is None else utc - dt.timedelta(hours=lead),
    )


def planned_sends() -> st.SearchStrategy[PlannedSend]:
    """The sends of drawn maintenance plans, some moved by quiet hours or lateness."""
    return (
        _send_plans(late=False)
        .filter(lambda p: bool(p.sends))
        .flatmap(lambda p: st.sampled_from(p.sends))
    )


def skipped_sends() -> st.SearchStrategy[SkippedSend]:
    """Sends a maintenance plan skipped (their time had passed when it was made)."""
    return (
        _send_plans(late=True)
        .filter(lambda p: bool(p.skipped))
        .flatmap(lambda p: st.sampled_from(p.skipped))
    )

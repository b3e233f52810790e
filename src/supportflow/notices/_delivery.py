"""The delivery planner: one policy for every send (opt-outs, quiet hours, a cap, digests).

`plan(sends, preferences, policy, at)` is a pure function: it decides, for every send asked
for, whether it goes out, when and on which channel, or why not. Nothing is lost: every send
comes back either in a `Delivery` (alone, or merged into a named digest) or in a
`Suppressed` with its reason. The result does not depend on the order of the sends.

The steps, for each customer:

1. Channel: the first channel of the customer's preference order that the send offers. A
   send the customer opted out of (by notice or by every channel it offers) is suppressed,
   unless the notice is marked `always_send` (legally required: security alerts, regulatory
   responses): it then goes on the first channel it offers.
2. Time: the send's `due` time, or `at` if that has passed. In quiet hours (the customer's
   own zone, on the channels they cover), a send that must go out `before` an event moves
   earlier, to `margin` before quiet hours began (never before `at`), or to the end of quiet
   hours if that is still before the event; any other send is deferred to the end of quiet
   hours. A send whose event has passed, or that has no time left outside quiet hours, is
   suppressed. Required sends are never moved.
3. Digests: mergeable sends (without `before`) of one customer on one channel, within one
   `period` of the first, become one digest delivery at the time of the last of them.
4. Cap: at most `cap` deliveries (a digest counts once) per customer in any `period`;
   `always_send` deliveries are not counted and never dropped. Deliveries are admitted by
   priority (higher first), then time, then id; one that would exceed the cap is
   suppressed, and so is every send of a dropped digest.

What the planner is given is in `_preferences` (`Send`, `CustomerPreferences`,
`DeliveryPolicy`), what it decides in `_delivery_plan` (`Delivery`, `Suppressed`,
`DeliveryPlan`); both are importable from here too, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from supportflow import _pendulum
from supportflow._serialization import dump_duration, dump_instant
from supportflow.errors import InvalidFieldError
from supportflow.notices._delivery_plan import Delivery, DeliveryPlan, Suppressed
from supportflow.notices._model import NoticeChannel
from supportflow.notices._plans import QuietHours
from supportflow.notices._preferences import CustomerPreferences, DeliveryPolicy, Send

__all__ = [
    "CustomerPreferences",
    "Delivery",
    "DeliveryPlan",
    "DeliveryPolicy",
    "Send",
    "Suppressed",
    "plan",
]

_ORDER: Final = {c: i for i, c in enumerate(NoticeChannel)}


# -- the planner ------------------------------------------------------------------------


@attrs.frozen
class _Candidate:
    send: Send
    channel: NoticeChannel
    at: dt.datetime
    reason: str


def plan(
    sends: Iterable[Send],
    preferences: Mapping[str, CustomerPreferences] | Iterable[CustomerPreferences],
    policy: DeliveryPolicy,
    at: dt.datetime | str,
) -> DeliveryPlan:
    """Decide what goes out when, on which channel, and what is suppressed or merged and why.

    See the module's steps. Pure: the same sends, in any order, give the same plan.

    Example:
        ```python
        import datetime as dt
        from supportflow.notices import CustomerPreferences, DeliveryPolicy, Send, plan

        prefs = [CustomerPreferences("c1", "Asia/Shanghai", ["sms"])]
        due = dt.datetime(2026, 3, 13, 18, 30, tzinfo=dt.UTC)  # 02:30 in Shanghai
        result = plan([Send("r1", "c1", "payment_reminder", due)], prefs, DeliveryPolicy(), due)
        (delivery,) = result.deliveries
        assert delivery.at.astimezone(dt.timezone(dt.timedelta(hours=8))).hour == 8
        ```

    Raises:
        InvalidFieldError: two sends share an id, a send's customer has no preferences, or
            an argument has the wrong type.
    """
    now = _pendulum.instant(at, field="at")
    if not isinstance(policy, DeliveryPolicy):
        raise InvalidFieldError("policy", policy, "be a DeliveryPolicy")
    prefs = _preferences(preferences)
    items = _sends(sends, prefs)
    suppressed: list[Suppressed] = []
    candidates: list[_Candidate] = []
    for send in items:
        decided = _place(send, prefs[send.customer], policy, now)
        if isinstance(decided, str):
            suppressed.append(Suppressed(send.id, send.customer, send.notice, decided))
        else:
            candidates.append(decided)
    deliveries = _merge(candidates, policy) if policy.digests else _alone(candidates)
    kept, dropped = _cap(deliveries, policy)
    by_id = {s.id: s for s in items}
    for delivery in dropped:
        for send_id in delivery.sends:
            send = by_id[send_id]
            what = "its digest" if len(delivery.sends) > 1 else "it"
            suppressed.append(
                Suppressed(
                    send.id,
                    send.customer,
                    send.notice,
                    f"frequency cap: {policy.cap} per {dump_duration(policy.period)} reached "
                    f"by higher-priority or earlier notices when {what} was due",
                )
            )
    kept.sort(key=lambda d: (d.at, d.customer, _ORDER[d.channel], d.name))
    suppressed.sort(key=lambda s: s.send)
    return DeliveryPlan(tuple(kept), tuple(suppressed))


def _preferences(
    value: Mapping[str, CustomerPreferences] | Iterable[CustomerPreferences],
) -> dict[str, CustomerPreferences]:
    given: object = value
    if isinstance(given, str | bytes) or not isinstance(given, Iterable | Mapping):
        raise InvalidFieldError("preferences", value, "be CustomerPreferences or a mapping of them")
    items = list(value.values()) if isinstance(value, Mapping) else list(value)
    out: dict[str, CustomerPreferences] = {}
    for item in items:
        if not isinstance(item, CustomerPreferences):
            raise InvalidFieldError("preferences", item, "be CustomerPreferences")
        if item.customer in out:
            raise InvalidFieldError("preferences", item.customer, "list each customer once")
        out[item.customer] = item
    return out


def _sends(value: Iterable[Send], prefs: Mapping[str, CustomerPreferences]) -> list[Send]:
    given: object = value
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InvalidFieldError("sends", value, "be a collection of Send objects")
    items = list(given)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, Send):
            raise InvalidFieldError("sends", item, "be Send objects")
        if item.id in seen:
            raise InvalidFieldError("sends", item.id, "have unique ids")
        if item.customer not in prefs:
            raise InvalidFieldError("sends", item.customer, "name customers with preferences")
        seen.add(item.id)
    return sorted(items, key=lambda s: s.id)


def _place(
    send: Send, prefs: CustomerPreferences, policy: DeliveryPolicy, now: dt.datetime
) -> _Candidate | str:
    """The send's channel and time, or the reason it is suppressed."""
    reasons: list[str] = []
    offered = [c for c in prefs.channels if c in send.channels]
    if send.always_send:
        if send.notice in prefs.opted_out or not offered:
            reasons.append("legally required: sent despite the customer's opt-out")
        channel = offered[0] if offered else min(send.channels, key=_ORDER.__getitem__)
        time = max(send.due, now)
        if time > send.due:
            reasons.append("the due time had passed: sent at once")
        return _Candidate(send, channel, time, "; ".join(reasons))
    if send.notice in prefs.opted_out:
        return f"the customer opted out of {send.notice}"
    if not offered:
        return "the customer accepts none of the channels it can go out on"
    channel = offered[0]
    time = send.due
    if time < now:
        time = now
        reasons.append("the due time had passed: sent at once")
    if send.before is not None and time >= send.before:
        return f"too late: it had to go out before {dump_instant(send.before)}"
    quiet = policy.quiet_hours
    if quiet is not None and channel in quiet.channels:
        moved = _out_of_quiet_hours(quiet, send, prefs.timezone, time, now)
        if moved[0] is None:
            return moved[1]
        if moved[0] != time:
            time = moved[0]
            reasons.append(moved[1])
    return _Candidate(send, channel, time, "; ".join(reasons))


def _out_of_quiet_hours(
    quiet: QuietHours, send: Send, zone: str, time: dt.datetime, now: dt.datetime
) -> tuple[dt.datetime | None, str]:
    """The time out of quiet hours and why, or `None` and why there is none."""
    tz = _pendulum.zone(zone)
    local = _pendulum.local(time, tz)
    if not quiet.contains(local):
        return time, ""
    hours = f"{quiet.start:%H:%M}-{quiet.end:%H:%M} {zone}"
    later = quiet.next_end(local)
    if send.before is None:
        return later, f"deferred to the end of quiet hours ({hours})"
    earlier = quiet.last_start(local) - quiet.margin
    if earlier >= now and not quiet.contains(_pendulum.local(earlier, tz)):
        return earlier, f"moved earlier out of quiet hours ({hours})"
    if later < send.before:
        return later, f"deferred to the end of quiet hours ({hours})"
    return None, f"in quiet hours ({hours}) with no time left before the event"


# A delivery with what the cap needs: whether it is required, and its priority.
_Pending = tuple[Delivery, bool, int]


def _alone(candidates: list[_Candidate]) -> list[_Pending]:
    return [
        (
            Delivery(
                c.send.id, c.send.customer, c.send.notice, c.channel, c.at, (c.send.id,), c.reason
            ),
            c.send.always_send,
            c.send.priority,
        )
        for c in candidates
    ]


def _merge(candidates: list[_Candidate], policy: DeliveryPolicy) -> list[_Pending]:
    out: list[_Pending] = []
    groups: dict[tuple[str, NoticeChannel], list[_Candidate]] = {}
    for c in candidates:
        if c.send.mergeable and not c.send.always_send and c.send.before is None:
            groups.setdefault((c.send.customer, c.channel), []).append(c)
        else:
            out += _alone([c])
    for (customer, channel), members in groups.items():
        members.sort(key=lambda c: (c.at, c.send.id))
        runs: list[list[_Candidate]] = []
        for c in members:
            if runs and c.at < runs[-1][0].at + policy.period:
                runs[-1].append(c)
            else:
                runs.append([c])
        for run in runs:
            if len(run) == 1:
                out += _alone(run)
                continue
            ids = tuple(sorted(m.send.id for m in run))
            digest = Delivery(
                f"digest:{customer}:{ids[0]}",
                customer,
                "digest",
                channel,
                run[-1].at,
                ids,
                f"{len(run)} mergeable notices merged into one digest",
            )
            out.append((digest, False, max(m.send.priority for m in run)))
    return out


def _cap(pending: list[_Pending], policy: DeliveryPolicy) -> tuple[list[Delivery], list[Delivery]]:
    cap = policy.cap
    if cap is None:
        return [d for d, _, _ in pending], []
    kept: list[Delivery] = []
    dropped: list[Delivery] = []
    counted: dict[str, list[dt.datetime]] = {}
    # Admission order: higher priority first, then earlier, then by name (order-independent).
    for delivery, required, _ in sorted(pending, key=lambda p: (-p[2], p[0].at, p[0].name)):
        if required:
            kept.append(delivery)
            continue
        times = counted.setdefault(delivery.customer, [])
        if _fits(times, delivery.at, cap, policy.period):
            times.append(delivery.at)
            kept.append(delivery)
        else:
            dropped.append(delivery)
    return kept, dropped


def _fits(times: list[dt.datetime], at: dt.datetime, cap: int, period: dt.timedelta) -> bool:
    """Whether one more delivery at `at` keeps every window of length `period` within `cap`.

    A window holding the most deliveries can start at a delivery; the windows that would
    gain `at` start at `at` or at a delivery in `(at - period, at]`.
    """
    starts = [t for t in times if at - period < t <= at] + [at]
    return all(sum(1 for t in times if s <= t < s + period) < cap for s in starts)

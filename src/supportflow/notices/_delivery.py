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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from supportflow import _pendulum
from supportflow._serialization import Reader, dump_duration, dump_instant
from supportflow.errors import InvalidFieldError
from supportflow.notices._model import NoticeChannel, NoticeTemplate
from supportflow.notices._plans import QuietHours

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


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(attribute.name, value, "be a non-empty string")


def _instant(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="instant")


def _optional_instant(value: object) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="before")


def _channel_set(value: Iterable[NoticeChannel | str]) -> frozenset[NoticeChannel]:
    return frozenset(_channel_tuple(value))


def _channel_tuple(value: Iterable[NoticeChannel | str]) -> tuple[NoticeChannel, ...]:
    if isinstance(value, str | NoticeChannel):
        value = [value]
    if not isinstance(value, Iterable):
        raise InvalidFieldError("channels", value, "be sms, email or in_app channels")
    try:
        channels = tuple(NoticeChannel(c) for c in value)
    except (TypeError, ValueError) as exc:
        raise InvalidFieldError("channels", value, "be sms, email or in_app channels") from exc
    if len(set(channels)) != len(channels):
        raise InvalidFieldError("channels", value, "name each channel once")
    return channels


def _some_channels(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value:
        raise InvalidFieldError(attribute.name, value, "name at least one channel")


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidFieldError("opted_out", value, "be a collection of notice names")
    names = frozenset(value)
    if not all(isinstance(n, str) for n in names):
        raise InvalidFieldError("opted_out", value, "be notice names")
    return names


def _zone_name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be an IANA zone name")
    _pendulum.zone(value, field=attribute.name)


def _priority(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise InvalidFieldError(attribute.name, value, "be an integer")


@attrs.frozen
class Send:
    """One notice a workflow wants to send to one customer.

    Attributes:
        id: Unique among the sends planned together; results refer to it.
        customer: The customer's id (a key of the preferences).
        notice: The notice's name.
        due: When the workflow wants it out.
        channels: The channels the notice can go out on.
        before: When set, the send announces something at that instant and is useless
            after it: quiet hours move it earlier rather than later.
        always_send: Legally required (a security alert, a regulatory response): it ignores
            opt-outs, quiet hours and the cap.
        mergeable: May be merged with others into a digest.
        priority: Higher is kept first when the cap drops sends.
    """

    id: str = attrs.field(validator=_text)
    customer: str = attrs.field(validator=_text)
    notice: str = attrs.field(validator=_text)
    due: dt.datetime = attrs.field(converter=_instant)
    channels: frozenset[NoticeChannel] = attrs.field(
        default=frozenset(NoticeChannel), converter=_channel_set, validator=_some_channels
    )
    before: dt.datetime | None = attrs.field(default=None, converter=_optional_instant)
    always_send: bool = attrs.field(default=False, kw_only=True)
    mergeable: bool = attrs.field(default=False, kw_only=True)
    priority: int = attrs.field(default=0, kw_only=True, validator=_priority)

    @classmethod
    def of(
        cls,
        template: NoticeTemplate,
        *,
        id: str,  # noqa: A002 - the field's name
        customer: str,
        due: dt.datetime | str,
        before: dt.datetime | str | None = None,
        priority: int = 0,
    ) -> Send:
        """A send of `template`, with its channels and its `always_send` and `mergeable` marks.

        Raises:
            InvalidFieldError: `template` is not a `NoticeTemplate`, or a bad field.
        """
        if not isinstance(template, NoticeTemplate):
            raise InvalidFieldError("template", template, "be a NoticeTemplate")
        return cls(
            id,
            customer,
            template.name,
            due,
            template.channels,
            before,
            always_send=template.always_send,
            mergeable=template.mergeable,
            priority=priority,
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1)."""
        return {
            "schema": 1,
            "id": self.id,
            "customer": self.customer,
            "notice": self.notice,
            "due": dump_instant(self.due),
            "channels": sorted(c.value for c in self.channels),
            "before": None if self.before is None else dump_instant(self.before),
            "always_send": self.always_send,
            "mergeable": self.mergeable,
            "priority": self.priority,
        }

    @classmethod
    def from_dict(cls, data: object) -> Send:
        """Rebuild a send from `to_dict()` output.

        Raises:
            SerializationError: unknown schema, wrong keys or types.
        """
        keys = {"id", "customer", "notice", "due", "channels", "before", "always_send"}
        r = Reader.root(data, schema=1, keys=keys | {"mergeable", "priority"})
        with r.building():
            return cls(
                r.text("id"),
                r.text("customer"),
                r.text("notice"),
                r.instant("due"),
                [e.as_(NoticeChannel) for e in r.items("channels")],
                r.instant("before") if r.has("before") else None,
                always_send=r.flag("always_send"),
                mergeable=r.flag("mergeable"),
                priority=r.integer("priority"),
            )


@attrs.frozen
class CustomerPreferences:
    """How one customer wants to be reached.

    Attributes:
        customer: The customer's id.
        timezone: The customer's IANA zone (quiet hours are read in it).
        channels: The channels the customer accepts, most preferred first; a channel left
            out is opted out of.
        opted_out: Notice names the customer asked not to receive.
    """

    customer: str = attrs.field(validator=_text)
    timezone: str = attrs.field(validator=_zone_name)
    channels: tuple[NoticeChannel, ...] = attrs.field(
        default=(NoticeChannel.IN_APP, NoticeChannel.EMAIL, NoticeChannel.SMS),
        converter=_channel_tuple,
    )
    opted_out: frozenset[str] = attrs.field(default=frozenset(), converter=_names)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1)."""
        return {
            "schema": 1,
            "customer": self.customer,
            "timezone": self.timezone,
            "channels": [c.value for c in self.channels],
            "opted_out": sorted(self.opted_out),
        }

    @classmethod
    def from_dict(cls, data: object) -> CustomerPreferences:
        """Rebuild preferences from `to_dict()` output.

        Raises:
            SerializationError: unknown schema, wrong keys or types.
        """
        r = Reader.root(data, schema=1, keys={"customer", "timezone", "channels", "opted_out"})
        with r.building():
            return cls(
                r.text("customer"),
                r.text("timezone"),
                [e.as_(NoticeChannel) for e in r.items("channels")],
                [e.as_(_string) for e in r.items("opted_out")],
            )


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    return value


def _cap_value(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidFieldError(attribute.name, value, "be None or an integer >= 1")


def _period(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise InvalidFieldError(attribute.name, value, "be a positive timedelta")


def _quiet(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, QuietHours):
        raise InvalidFieldError(attribute.name, value, "be QuietHours or None")


@attrs.frozen
class DeliveryPolicy:
    """The rules every send goes through; see `plan`.

    Attributes:
        quiet_hours: Local hours in which the channels they cover do not send (`None`: none).
        cap: At most this many deliveries per customer in any `period` (`None`: no cap).
            Required notices are not counted and never dropped.
        period: The cap's period, and how far apart mergeable sends may be to share a digest.
        digests: Whether mergeable sends are merged into digests.
    """

    quiet_hours: QuietHours | None = attrs.field(factory=QuietHours, validator=_quiet)
    cap: int | None = attrs.field(default=3, validator=_cap_value)
    period: dt.timedelta = attrs.field(default=dt.timedelta(days=1), validator=_period)
    digests: bool = True

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1)."""
        quiet = self.quiet_hours
        return {
            "schema": 1,
            "quiet_hours": None
            if quiet is None
            else {
                "start": quiet.start.isoformat(timespec="minutes"),
                "end": quiet.end.isoformat(timespec="minutes"),
                "channels": sorted(c.value for c in quiet.channels),
                "margin": dump_duration(quiet.margin),
            },
            "cap": self.cap,
            "period": dump_duration(self.period),
            "digests": self.digests,
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> DeliveryPolicy:
        """Rebuild a policy from `to_dict()` output.

        Raises:
            SerializationError: unknown schema, wrong keys or types.
        """
        r = Reader.root(data, schema=1, keys={"quiet_hours", "cap", "period", "digests"}, path=path)
        quiet = None
        if r.has("quiet_hours"):
            q = r.child("quiet_hours")
            q.require_keys({"start", "end", "channels", "margin"})
            with q.building():
                quiet = QuietHours(
                    q.convert("start", _wall),
                    q.convert("end", _wall),
                    frozenset(e.as_(NoticeChannel) for e in q.items("channels")),
                    q.duration("margin"),
                )
        with r.building():
            return cls(
                quiet,
                r.integer("cap") if r.has("cap") else None,
                r.duration("period"),
                r.flag("digests"),
            )


def _wall(value: object) -> dt.time:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a wall-clock time HH:MM")
    try:
        return dt.time.fromisoformat(value)
    except ValueError as exc:
        raise InvalidFieldError("", value, "be a wall-clock time HH:MM") from exc


@attrs.frozen
class Delivery:
    """One message that goes out.

    Attributes:
        name: The send's id, or for a digest `"digest:<customer>:<first send id>"`.
        customer: The customer.
        notice: The notice's name (`"digest"` for a digest).
        channel: The channel.
        at: When it goes out (UTC).
        sends: The ids of the sends it carries (one, or the digest's members).
        reason: Why it goes out at another time, channel or form than asked (empty if not).
    """

    name: str
    customer: str
    notice: str
    channel: NoticeChannel
    at: dt.datetime
    sends: tuple[str, ...]
    reason: str = ""


@attrs.frozen
class Suppressed:
    """A send that does not go out, and why."""

    send: str
    customer: str
    notice: str
    reason: str


@attrs.frozen
class DeliveryPlan:
    """What `plan` decided: the deliveries in time order and the suppressed sends by id."""

    deliveries: tuple[Delivery, ...]
    suppressed: tuple[Suppressed, ...]

    def outcome(self, send_id: str) -> Delivery | Suppressed:
        """What became of the send `send_id`.

        Raises:
            InvalidFieldError: no send `send_id` was planned.
        """
        for delivery in self.deliveries:
            if send_id in delivery.sends:
                return delivery
        for item in self.suppressed:
            if item.send == send_id:
                return item
        raise InvalidFieldError("send_id", send_id, "be the id of a planned send")

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1)."""
        return {
            "schema": 1,
            "deliveries": [
                {
                    "name": d.name,
                    "customer": d.customer,
                    "notice": d.notice,
                    "channel": d.channel.value,
                    "at": dump_instant(d.at),
                    "sends": list(d.sends),
                    "reason": d.reason,
                }
                for d in self.deliveries
            ],
            "suppressed": [attrs.asdict(s) for s in self.suppressed],
        }

    @classmethod
    def from_dict(cls, data: object) -> DeliveryPlan:
        """Rebuild a plan from `to_dict()` output.

        Raises:
            SerializationError: unknown schema, wrong keys or types.
        """
        r = Reader.root(data, schema=1, keys={"deliveries", "suppressed"})
        deliveries = []
        for e in r.items("deliveries"):
            e.require_keys({"name", "customer", "notice", "channel", "at", "sends", "reason"})
            deliveries.append(
                Delivery(
                    e.text("name"),
                    e.text("customer"),
                    e.text("notice"),
                    e.enum("channel", NoticeChannel),
                    _instant(e.instant("at")),
                    tuple(s.as_(_string) for s in e.items("sends")),
                    e.text("reason"),
                )
            )
        suppressed = []
        for e in r.items("suppressed"):
            e.require_keys({"send", "customer", "notice", "reason"})
            suppressed.append(
                Suppressed(e.text("send"), e.text("customer"), e.text("notice"), e.text("reason"))
            )
        return cls(tuple(deliveries), tuple(suppressed))


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

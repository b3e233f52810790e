"""Send plans for maintenance windows: which notice goes out when, per channel and zone.

Quiet hours protect customers from night-time SMS: a send that falls in them is moved
*earlier* when it announces something (never past the window start, so nobody learns of
a maintenance after it began), and deferred to the morning when it reports something that
has already happened (a "maintenance finished" SMS cannot go out before the end).

The window comes in as plain instants and a services choice, so this module never imports
the maintenance lifecycle.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Iterable
from typing import Any, Final, cast

import attrs

from supportflow import _pendulum, _validators
from supportflow._declarative import WALL_TIME, Document, custom, declared, spec
from supportflow._serialization import dump_time
from supportflow.errors import InvalidFieldError, NaiveDatetimeError
from supportflow.notices._codecs import CHANNEL_SET, ZONE
from supportflow.notices._fill import fill
from supportflow.notices._model import NoticeChannel, NoticeTemplate

__all__ = [
    "PlannedSend",
    "QuietHours",
    "SendAnchor",
    "SendPlan",
    "SendPoint",
    "SendPolicy",
    "SkippedSend",
    "plan_maintenance_notices",
]

_ALL_CHANNELS: Final = frozenset(NoticeChannel)
_MINUTE: Final = dt.timedelta(minutes=1)
_CHANNEL_ORDER: Final = {c: i for i, c in enumerate(NoticeChannel)}


class SendAnchor(enum.Enum):
    """What a send point is measured from."""

    START = "start"
    END = "end"


def _to_channels(value: Iterable[NoticeChannel | str]) -> frozenset[NoticeChannel]:
    try:
        channels = frozenset(NoticeChannel(c) for c in value)
    except (TypeError, ValueError) as exc:
        raise InvalidFieldError("channels", value, "be sms, email or in_app channels") from exc
    if not channels:
        raise InvalidFieldError("channels", value, "name at least one channel")
    return channels


def _to_anchor(value: object) -> SendAnchor:
    try:
        return SendAnchor(value)
    except ValueError as exc:
        raise InvalidFieldError("anchor", value, "be 'start' or 'end'") from exc


def _timedelta(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta):
        raise InvalidFieldError(attribute.name, value, "be a timedelta")


@attrs.frozen
class SendPoint:
    """When to send one notice, relative to the window, and on which channels.

    Attributes:
        notice: The notice's name (e.g. a catalog name such as `"maintenance_announced"`).
        anchor: Measured from the window's start or end.
        offset: Added to the anchor: negative is before it (`-timedelta(days=3)`).
        channels: The channels to send on.
    """

    notice: str
    anchor: SendAnchor = attrs.field(default=SendAnchor.START, converter=_to_anchor)
    offset: dt.timedelta = attrs.field(factory=dt.timedelta, validator=_timedelta)
    channels: frozenset[NoticeChannel] = attrs.field(default=_ALL_CHANNELS, converter=_to_channels)

    @property
    def announces(self) -> bool:
        """Whether the send tells of something ahead: it is due at or before the start."""
        return self.anchor is SendAnchor.START and self.offset <= dt.timedelta(0)


def _wall(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidFieldError(attribute.name, value, "be a wall-clock time without a zone")


def _margin(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # At least a minute: a send moved to the very instant quiet hours begin would be in them.
    if not isinstance(value, dt.timedelta) or not _MINUTE <= value <= dt.timedelta(hours=6):
        raise InvalidFieldError(attribute.name, value, "be a timedelta from 1 minute to 6 hours")


def _load_wall(value: object) -> dt.time:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a wall-clock time HH:MM")
    try:
        return dt.time.fromisoformat(value)
    except ValueError as exc:
        raise InvalidFieldError("", value, "be a wall-clock time HH:MM") from exc


#: A wall-clock time as `HH:MM` (`HH:MM:SS` with seconds); read as ISO 8601.
_WALL = custom(dump_time, _load_wall, WALL_TIME.schema)


@declared(schema=None)
@attrs.frozen
class QuietHours(Document):
    """Local hours in which some channels (SMS by default) must not send.

    Attributes:
        start: Local time quiet hours begin (22:00 by default).
        end: Local time they end (08:00 by default); before `start` means overnight.
        channels: The channels they apply to.
        margin: How long before quiet hours begin a send moved earlier goes out (30 minutes
            by default, so a 02:00 announcement goes out at 21:30 the evening before).
    """

    start: dt.time = attrs.field(default=dt.time(22, 0), validator=_wall, metadata=spec(_WALL))
    end: dt.time = attrs.field(default=dt.time(8, 0), validator=_wall, metadata=spec(_WALL))
    channels: frozenset[NoticeChannel] = attrs.field(
        default=frozenset({NoticeChannel.SMS}), converter=_to_channels, metadata=spec(CHANNEL_SET)
    )
    margin: dt.timedelta = attrs.field(default=dt.timedelta(minutes=30), validator=_margin)

    def __attrs_post_init__(self) -> None:
        if self.start == self.end:
            raise InvalidFieldError("end", self.end, "differ from start")

    def contains(self, local: dt.datetime) -> bool:
        """Whether the wall-clock time of `local` is within quiet hours.

        Raises:
            InvalidFieldError: `local` is not a `datetime` with a zone.
        """
        time = _local(local).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= time < self.end
        return time >= self.start or time < self.end

    def last_start(self, local: dt.datetime) -> dt.datetime:
        """The latest instant (UTC) quiet hours began at or before `local` (a local reading).

        Raises:
            InvalidFieldError: `local` is not a `datetime` with a zone, or too close to the
                year 1 or 9999 for the day before or after to exist.
        """
        tz, now = _local(local).tzinfo, _pendulum.instant(local, field="local")
        assert tz is not None  # noqa: S101 - an instant is aware
        candidate = _pendulum.wall_instant(local.date(), self.start, tz)
        if candidate <= now:
            return candidate
        return _pendulum.wall_instant(local.date() - _DAY, self.start, tz)

    def next_end(self, local: dt.datetime) -> dt.datetime:
        """The first instant (UTC) quiet hours end after `local` (a local reading).

        Raises:
            InvalidFieldError: as `last_start`.
        """
        tz, now = _local(local).tzinfo, _pendulum.instant(local, field="local")
        assert tz is not None  # noqa: S101 - an instant is aware
        # A wall time in a spring-forward gap moves forward, which is what a schedule wants.
        candidate = _pendulum.wall_instant(local.date(), self.end, tz)
        if candidate > now:
            return candidate
        return _pendulum.wall_instant(local.date() + _DAY, self.end, tz)


_DAY: Final = dt.timedelta(days=1)


def _local(value: object) -> dt.datetime:
    """A local reading: an aware `datetime` (its zone is the one the wall time is read in)."""
    if not isinstance(value, dt.datetime):
        raise InvalidFieldError("local", value, "be a datetime with a zone")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError("local", value)
    return value


def _to_points(value: Iterable[SendPoint]) -> tuple[SendPoint, ...]:
    points = _validators.items_of("points", value, SendPoint)
    if not points or not all(isinstance(p, SendPoint) for p in points):
        raise InvalidFieldError("points", value, "be one or more SendPoint")
    return points


def _default_points() -> tuple[SendPoint, ...]:
    return (
        SendPoint("maintenance_announced", SendAnchor.START, -dt.timedelta(days=3)),
        SendPoint(
            "maintenance_announced",
            SendAnchor.START,
            -dt.timedelta(days=1),
            {NoticeChannel.SMS, NoticeChannel.IN_APP},
        ),
        SendPoint("maintenance_announced", SendAnchor.START, dt.timedelta(0), {NoticeChannel.SMS}),
        SendPoint("maintenance_finished", SendAnchor.END, dt.timedelta(0)),
    )


@attrs.frozen
class SendPolicy:
    """The lead-time policy: the send points and the quiet hours.

    The default: the announcement 3 days before on every channel, 1 day before by SMS and
    in-app, a last SMS at the start (moved into the evening before when the window starts
    at night), and the "finished" notice at the end on every channel; no SMS 22:00-08:00.
    """

    points: tuple[SendPoint, ...] = attrs.field(factory=_default_points, converter=_to_points)
    quiet_hours: QuietHours | None = attrs.field(factory=QuietHours)


@declared(schema=None)
@attrs.frozen
class PlannedSend(Document):
    """One notice to send on one channel to the customers of one zone.

    Attributes:
        notice: The notice's name.
        channel: The channel.
        timezone: The customers' IANA zone.
        at: When to send (UTC).
        planned_for: When the policy put it, before quiet hours or lateness moved it (UTC).
        reason: Why `at` differs from `planned_for` (empty when it does not).
    """

    notice: str
    channel: NoticeChannel
    timezone: str = attrs.field(metadata=spec(ZONE))
    at: dt.datetime
    planned_for: dt.datetime
    reason: str = ""

    @property
    def local(self) -> dt.datetime:
        """`at` as wall-clock time in the customers' zone."""
        return _pendulum.local(self.at, _pendulum.zone(self.timezone))


@declared(schema=None)
@attrs.frozen
class SkippedSend(Document):
    """A send the policy asked for that cannot happen, and why."""

    notice: str
    channel: NoticeChannel
    timezone: str = attrs.field(metadata=spec(ZONE))
    planned_for: dt.datetime
    reason: str


@declared(schema=1)
@attrs.frozen
class SendPlan(Document):
    """When each notice about one maintenance window goes out; see `plan_maintenance_notices`.

    Attributes:
        start: The window start (UTC).
        end: The window end (UTC).
        services: What is paused (a `services` choice of the catalog's maintenance notices).
        sends: The sends, in time order.
        skipped: Sends the policy asked for that could not be placed, with the reason.
    """

    start: dt.datetime
    end: dt.datetime
    services: str
    sends: tuple[PlannedSend, ...]
    skipped: tuple[SkippedSend, ...] = ()

    def values(self) -> dict[str, object]:
        """The window's values for the catalog's maintenance notices.

        `start`, `end`, `duration` and `services` (for `maintenance_announced`), and
        `ended_at` (for `maintenance_finished`); add `brand`, `hotline` and `details_url`.
        """
        return {
            "start": self.start,
            "end": self.end,
            "duration": self.end - self.start,
            "services": self.services,
            "ended_at": self.end,
        }

    def values_for(self, template: NoticeTemplate | str, **host: object) -> dict[str, object]:
        """Exactly the variables `template` declares: the plan's values, then `host`'s.

        The plan supplies what `values()` lists; the host adds the rest (`brand`,
        `hotline`, `details_url`, or `previous_end` and `new_end` for an extension).
        Variables the template does not declare (`ended_at` for an announcement) are
        left out, so `template.render(plan.values_for(template, ...))` never meets an
        undeclared key.

        Example:
            ```python
            from supportflow.notices import plan_maintenance_notices

            plan = plan_maintenance_notices(
                start="2026-03-14T02:00:00+08:00",
                end="2026-03-14T06:00:00+08:00",
                services="withdrawals",
                zones=["Asia/Shanghai"],
            )
            host = {
                "brand": "AurumPay",
                "hotline": "400-820-8820",
                "details_url": "https://app.example.com/m/42",
            }
            values = plan.values_for("maintenance_announced", **host)
            assert sorted(values) == [
                "brand",
                "details_url",
                "duration",
                "end",
                "hotline",
                "services",
                "start",
            ]
            ```

        Args:
            template: A `NoticeTemplate`, or the name of a catalog template.
            **host: The host's values, each a variable the template declares.

        Raises:
            InvalidFieldError: an unknown template name; a host value the template does not
                declare or that replaces one of the plan's; a required variable nobody
                supplies (the error names it); a `services` value outside the template's
                choices.
        """
        return fill(template, self.values(), host, owner="the plan")


def _zone_names(zones: Iterable[object]) -> list[str]:
    if isinstance(zones, str):
        zones = [zones]
    names = set()
    for item in zones:
        tz = _pendulum.zone(item, field="zones")
        names.add(tz.key)
    if not names:
        raise InvalidFieldError("zones", zones, "name at least one customer time zone")
    return sorted(names)


def plan_maintenance_notices(
    *,
    start: dt.datetime | str,
    end: dt.datetime | str,
    services: str,
    zones: Iterable[str | zoneinfo.ZoneInfo],
    policy: SendPolicy | None = None,
    not_before: dt.datetime | str | None = None,
) -> SendPlan:
    """Plan the notices for a maintenance window for customers in `zones`.

    For every zone, send point and channel: the send goes out at the anchor plus the
    offset, unless that falls in the zone's quiet hours on a quiet channel. Then a send
    that announces the window (at or before its start) moves earlier, to `margin` before
    the quiet hours began, so it still arrives before the start; a send about the end is
    deferred to when quiet hours end. A send that would be due before `not_before` (e.g.
    now, when the window is announced late) goes out at `not_before` if that still
    announces the window in time, and is reported in `skipped` otherwise.

    Example:
        ```python
        from supportflow.notices import plan_maintenance_notices

        plan = plan_maintenance_notices(
            start="2026-03-14T02:00:00+08:00",
            end="2026-03-14T06:00:00+08:00",
            services="withdrawals",
            zones=["Asia/Shanghai"],
        )
        at_start = [s for s in plan.sends if s.planned_for == plan.start]
        assert at_start[0].local.isoformat() == "2026-03-13T21:30:00+08:00"
        ```

    Raises:
        InvalidFieldError: `end` is not after `start`, a zone is unknown, or `services` is
            blank.
        NaiveDatetimeError: an instant has no time zone.
    """
    start_at = _pendulum.instant(start, field="start")
    end_at = _pendulum.instant(end, field="end")
    if end_at <= start_at:
        raise InvalidFieldError("end", end, "be after start")
    if not isinstance(cast("object", services), str) or not services.strip():
        raise InvalidFieldError("services", services, "be a non-empty services choice")
    floor = None if not_before is None else _pendulum.instant(not_before, field="not_before")
    policy = policy if policy is not None else SendPolicy()
    quiet = policy.quiet_hours
    sends: list[PlannedSend] = []
    skipped: list[SkippedSend] = []
    for name in _zone_names(zones):
        tz = _pendulum.zone(name)
        for point in policy.points:
            planned = (start_at if point.anchor is SendAnchor.START else end_at) + point.offset
            for channel in sorted(point.channels, key=_CHANNEL_ORDER.__getitem__):
                at, reason = planned, ""
                if floor is not None and at < floor:
                    if point.announces and floor >= start_at:
                        skipped.append(
                            SkippedSend(
                                point.notice,
                                channel,
                                name,
                                planned,
                                "the window had started before the plan was made",
                            )
                        )
                        continue
                    at, reason = floor, "the planned time had passed: sent when planned"
                if quiet is not None and channel in quiet.channels:
                    local = _pendulum.local(at, tz)
                    if quiet.contains(local):
                        hours = f"{quiet.start:%H:%M}-{quiet.end:%H:%M} local"
                        if point.announces:
                            moved = quiet.last_start(local) - quiet.margin
                            if floor is not None and moved < floor:
                                skipped.append(
                                    SkippedSend(
                                        point.notice,
                                        channel,
                                        name,
                                        planned,
                                        f"in quiet hours ({hours}) with no earlier time left",
                                    )
                                )
                                continue
                            at, reason = moved, f"moved earlier out of quiet hours ({hours})"
                        else:
                            at = quiet.next_end(local)
                            reason = f"deferred to the end of quiet hours ({hours})"
                sends.append(PlannedSend(point.notice, channel, name, at, planned, reason))
    sends.sort(key=lambda s: (s.at, s.timezone, _CHANNEL_ORDER[s.channel], s.notice))
    return SendPlan(start_at, end_at, services, tuple(sends), tuple(skipped))

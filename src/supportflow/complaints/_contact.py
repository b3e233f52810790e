"""Contact attempts and promised callbacks: customers who cannot reach us.

A merchant whose POS terminal is down tries the hotline, then chat, then email. Each try is
a `ContactAttempt` (channel, instant, outcome), recorded with or without a complaint. A
promised callback is a `Callback`: a target with its own deadline and alarm (an SLA clock).
`reachability` measures, per channel and period, how often customers got through, and
with maintenance windows says how many failures fell while the channel's own service
(`CHANNEL_SERVICES`: hotline, chat, email) was under maintenance.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from supportflow import _validators
from supportflow._declarative import Document, declared, spec
from supportflow.complaints import _codecs
from supportflow.complaints._values import Channel
from supportflow.errors import InvalidFieldError
from supportflow.maintenance import MaintenanceWindow, Service
from supportflow.sla import ElapsedDuration, SlaClock, SlaState, SlaStatus, SlaTarget

__all__ = [
    "CHANNEL_SERVICES",
    "Callback",
    "ContactAttempt",
    "ContactOutcome",
    "Reachability",
    "reachability",
]

#: The maintenance `Service` each contact channel depends on (channels not listed have none).
CHANNEL_SERVICES: Mapping[Channel, Service] = {
    Channel.PHONE: Service.HOTLINE,
    Channel.HOTLINE: Service.HOTLINE,
    Channel.IN_APP_CHAT: Service.CHAT,
    Channel.EMAIL: Service.EMAIL,
}


class ContactOutcome(enum.Enum):
    """How a contact attempt ended."""

    CONNECTED = "connected"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    QUEUE_ABANDONED = "queue_abandoned"
    BOUNCED = "bounced"

    @property
    def reached(self) -> bool:
        """Whether the customer got through."""
        return self is ContactOutcome.CONNECTED


def _at(value: object) -> dt.datetime:
    return _validators.to_instant_value(value, "at")


def _optional_id(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidFieldError(attribute.name, value, "be a non-empty id or None")


def _channel(value: object) -> Channel:
    if isinstance(value, Channel):
        return value
    try:
        return Channel(value)
    except ValueError:
        choices = ", ".join(repr(c.value) for c in Channel)
        raise InvalidFieldError("channel", value, f"be one of {choices}") from None


def _outcome(value: object) -> ContactOutcome:
    if isinstance(value, ContactOutcome):
        return value
    try:
        return ContactOutcome(value)
    except ValueError:
        choices = ", ".join(repr(c.value) for c in ContactOutcome)
        raise InvalidFieldError("outcome", value, f"be one of {choices}") from None


@declared(schema=1)
@attrs.frozen
class ContactAttempt(Document):
    """One try by a customer to reach the firm (or by the firm to reach them).

    Attributes:
        customer: The customer's reference.
        channel: The channel tried.
        at: When (UTC).
        outcome: Connected, busy, no answer, queue abandoned, bounced.
        complaint: The complaint it concerns, if any.
        inbound: `True` when the customer tried to reach the firm (reachability counts
            these); `False` for the firm's own tries (e.g. a callback).

    Raises:
        InvalidFieldError: a blank customer, an unknown channel or outcome, a naive instant.
    """

    customer: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(_codecs.ID))
    channel: Channel = attrs.field(converter=_channel)
    at: dt.datetime = attrs.field(converter=_at)
    outcome: ContactOutcome = attrs.field(converter=_outcome)
    complaint: str | None = attrs.field(default=None, validator=_optional_id)
    inbound: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))


_CALLBACK = "callback"


@declared(schema=1)
@attrs.frozen
class Callback(Document):
    """A promised callback: a target with its own deadline and alarm.

    Create one with `Callback.promise(...)`; `complete(at)` records that the firm called
    back. The clock is an `SlaClock` (target `callback`), so `status`, `next_alarm` and
    breaches work as for any SLA target.

    Attributes:
        id: The callback's reference.
        customer: Whom to call.
        channel: How (usually `phone`).
        complaint: The complaint it belongs to, if any.
        clock: Started when promised; stopped when done.

    Raises:
        InvalidFieldError: a blank id or customer, an unknown channel.
    """

    id: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(_codecs.ID))
    customer: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(_codecs.ID))
    channel: Channel = attrs.field(converter=_channel)
    complaint: str | None = attrs.field(validator=_optional_id)
    clock: SlaClock = attrs.field(
        validator=attrs.validators.instance_of(SlaClock), metadata=spec(_codecs.clock)
    )

    @classmethod
    def promise(
        cls,
        *,
        id: str,  # noqa: A002 - the domain's word
        customer: str,
        promised_at: dt.datetime | str,
        within: dt.timedelta,
        channel: Channel | str = Channel.PHONE,
        complaint: str | None = None,
    ) -> Callback:
        """Promise to call `customer` back within `within` of `promised_at`.

        Raises:
            InvalidFieldError: a naive instant, a duration that is not positive, bad ids.
        """
        at = _validators.to_instant_value(promised_at, "promised_at")
        if not isinstance(within, dt.timedelta):
            raise InvalidFieldError("within", within, "be a positive duration")
        if within <= dt.timedelta(0):
            raise InvalidFieldError("within", within, "be a positive duration")
        clock = SlaTarget(_CALLBACK, ElapsedDuration(within)).clock().start(at)
        return cls(id, customer, channel, complaint, clock)

    @property
    def done(self) -> bool:
        """Whether the firm called back."""
        return self.clock.state is SlaState.STOPPED

    def status(self, at: dt.datetime | str) -> SlaStatus:
        """The clock's status at `at` (due instant, elapsed, breach)."""
        return self.clock.status(_at(at))

    def next_alarm(self, at: dt.datetime | str) -> dt.datetime | None:
        """The next warning or breach after `at`, or `None` once done."""
        return self.clock.next_alarm(_at(at))

    def complete(self, at: dt.datetime | str) -> Callback:
        """The callback made at `at` (a new value).

        Raises:
            InvalidFieldError: it was already made, or `at` is before the promise.
        """
        when = _at(at)
        if self.done:
            raise InvalidFieldError("at", when, f"not complete callback {self.id} twice")
        promised = self.clock.events[0].at
        if when < promised:
            raise InvalidFieldError("at", when, f"not be before the promise ({promised})")
        return attrs.evolve(self, clock=self.clock.stop(when, "called back"))


@attrs.frozen
class Reachability:
    """How often customers got through on one channel in one period.

    Attributes:
        start: The period's start (UTC, inclusive); it ends at the next period's start.
        attempts: Inbound attempts in the period.
        reached: Of those, the ones that connected.
        rate: `reached / attempts`, or `None` without attempts.
        by_outcome: Attempts per outcome (every outcome listed).
        during_maintenance: Of the failed attempts, the ones made while the channel's
            service (`CHANNEL_SERVICES`) was paused by one of the maintenance windows given
            to `reachability` (0 without windows).
    """

    start: dt.datetime
    attempts: int
    reached: int
    rate: float | None
    by_outcome: Mapping[ContactOutcome, int] = attrs.field(hash=False)
    during_maintenance: int = 0


def reachability(
    attempts: Iterable[ContactAttempt],
    *,
    start: dt.datetime | str,
    end: dt.datetime | str,
    period: dt.timedelta,
    maintenance: Iterable[MaintenanceWindow] = (),
) -> dict[Channel, tuple[Reachability, ...]]:
    """Per channel, the inbound attempts of `[start, end)` in consecutive periods.

    Periods are counted in real time from `start` (a day is 24 hours from `start`; pass a
    local midnight as `start` for calendar days). Every channel tried in the range is
    listed with every period, empty periods included; outbound attempts are not counted.
    A failed attempt made while one of the `maintenance` windows pauses its channel's
    service (`MaintenanceWindow.pauses`) is counted in `during_maintenance`.

    Raises:
        InvalidFieldError: naive instants, `end` not after `start`, a non-positive period,
            a `maintenance` item that is not a `MaintenanceWindow`.
    """
    first = _validators.to_instant_value(start, "start")
    last = _validators.to_instant_value(end, "end")
    if last <= first:
        raise InvalidFieldError("end", last, f"be after start ({first})")
    if not isinstance(period, dt.timedelta):
        raise InvalidFieldError("period", period, "be a positive duration")
    if period <= dt.timedelta(0):
        raise InvalidFieldError("period", period, "be a positive duration")
    windows = tuple(maintenance)
    for i, window in enumerate(windows):
        if not isinstance(window, MaintenanceWindow):
            raise InvalidFieldError(f"maintenance[{i}]", window, "be a MaintenanceWindow")
    count = -(-(last - first) // period)
    table: dict[Channel, list[dict[ContactOutcome, int]]] = {}
    blamed: dict[Channel, list[int]] = {}
    for attempt in attempts:
        if not isinstance(attempt, ContactAttempt):
            raise InvalidFieldError("attempts", attempt, "hold ContactAttempt values")
        if not attempt.inbound or not first <= attempt.at < last:
            continue
        rows = table.get(attempt.channel)
        if rows is None:
            # Built once per channel, not per attempt.
            rows = table[attempt.channel] = [dict.fromkeys(ContactOutcome, 0) for _ in range(count)]
        index = (attempt.at - first) // period
        rows[index][attempt.outcome] += 1
        service = CHANNEL_SERVICES.get(attempt.channel)
        if (
            windows
            and service is not None
            and not attempt.outcome.reached
            and any(w.pauses(service, attempt.at) for w in windows)
        ):
            blamed.setdefault(attempt.channel, [0] * count)[index] += 1
    out: dict[Channel, tuple[Reachability, ...]] = {}
    for channel in sorted(table, key=lambda c: c.value):
        figures = []
        maintained = blamed.get(channel, [0] * count)
        for i, row in enumerate(table[channel]):
            total = sum(row.values())
            reached = row[ContactOutcome.CONNECTED]
            figures.append(
                Reachability(
                    first + i * period,
                    total,
                    reached,
                    reached / total if total else None,
                    row,
                    maintained[i],
                )
            )
        out[channel] = tuple(figures)
    return out

"""Reminder policies: when to nudge a customer who still owes an action, and when to escalate."""

from __future__ import annotations

import datetime as dt
import decimal

import attrs

from supportflow import _validators
from supportflow._declarative import NONEMPTY, REFERENCE, Document, declared, optional, spec
from supportflow._serialization import dump_duration
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError
from supportflow.notices import CustomerPreferences, DeliveryPolicy, NoticeChannel, Send, plan
from supportflow.registry import parse_ref

__all__ = ["Escalation", "ReminderPolicy", "ReminderSlot", "SentReminder"]


def _fractions(value: object) -> tuple[decimal.Decimal, ...]:
    items = _sequence(value, "fractions")
    out = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            try:
                item = decimal.Decimal(item)  # noqa: PLW2901 - normalising the element
            except decimal.InvalidOperation as exc:
                raise InvalidFieldError(f"fractions[{i}]", item, "be a decimal") from exc
        if not isinstance(item, decimal.Decimal) or not item.is_finite() or not 0 < item < 1:
            raise InvalidFieldError(
                f"fractions[{i}]", item, "be a Decimal strictly between 0 and 1"
            )
        out.append(item)
    return tuple(sorted(set(out)))


def _positive_durations(value: object, field: str) -> tuple[dt.timedelta, ...]:
    items = _sequence(value, field)
    out: list[dt.timedelta] = []
    for i, item in enumerate(items):
        if not isinstance(item, dt.timedelta) or item <= dt.timedelta(0):
            raise InvalidFieldError(f"{field}[{i}]", item, "be a positive duration")
        out.append(item)
    return tuple(sorted(set(out)))


def _sequence(value: object, field: str) -> tuple[object, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, tuple | list):
        raise InvalidFieldError(field, value, "be a list or tuple")
    return tuple(value)


def _before_expiry(value: object) -> tuple[dt.timedelta, ...]:
    return _positive_durations(value, "before_expiry")


def _business_delays(value: object) -> tuple[dt.timedelta, ...]:
    return _positive_durations(value, "business_delays")


def _ref(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None:
        parse_ref(value)


def _escalate_after(_instance: object, _attribute: object, value: object) -> None:
    if type(value) is not int or value < 1:
        raise InvalidFieldError("escalate_after", value, "be an integer >= 1")


@attrs.frozen
class ReminderSlot:
    """One reminder a policy schedules for a payment.

    Attributes:
        key: Stable name of the slot (`"window:0.5"`, `"before:PT2M"`, `"business:PT8H"`);
            the idempotency key of the reminder, so a replay never sends it twice.
        due_at: When it is due.
    """

    key: str
    due_at: dt.datetime


@declared(schema=None)
@attrs.frozen
class SentReminder(Document):
    """A reminder that was sent (recorded so that it is never sent again).

    Attributes:
        key: The slot's key.
        sent_at: When it was sent.
    """

    key: str
    sent_at: dt.datetime


@declared(schema=None)
@attrs.frozen
class Escalation(Document):
    """A payment handed to a human because reminders went unanswered.

    Attributes:
        at: When it was escalated.
        reason: The recorded reason, in words.
        reminders: How many unanswered reminders led to it.
    """

    at: dt.datetime
    reason: str
    reminders: int


@declared(schema=1)
@attrs.frozen
class ReminderPolicy(Document):
    """When to remind a customer who still owes an action, and when to escalate.

    Reminders are scheduled inside the payment window only: at fractions of the window
    (`fractions=(Decimal("0.5"),)` is half-way), at fixed durations before expiry, and
    at business-time delays after creation counted on `calendar` (for bank transfers whose
    windows span days). After `escalate_after` reminders with no answer from the customer
    the payment is escalated to a human.

    Attributes:
        fractions: Fractions of the window, each strictly between 0 and 1.
        before_expiry: Durations before the window closes.
        business_delays: Business time after creation (needs `calendar`).
        calendar: The business calendar for `business_delays`.
        escalate_after: Unanswered reminders before escalation (>= 1).
        delivery: When given, every reminder goes through the delivery planner
            (`supportflow.notices.plan`) as an SMS to a customer in `timezone` that must
            precede the expiry: one due in quiet hours moves earlier (or to the end of quiet
            hours if that is still before the expiry), and one with no time left, or over
            the frequency cap, is dropped like a slot outside the window. `None` (the
            default) schedules the slots as they fall.
        timezone: The customers' IANA zone, for `delivery`'s quiet hours.
        ref: The reference (`"reminders@2"`) it is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add` and written by
            `to_dict` (a service keeps its policies in the registry and names them).

    Raises:
        InvalidFieldError: a value is out of range, `business_delays` has no calendar, or
            `delivery` and `timezone` are not given together.
    """

    fractions: tuple[decimal.Decimal, ...] = attrs.field(default=(), converter=_fractions)
    before_expiry: tuple[dt.timedelta, ...] = attrs.field(default=(), converter=_before_expiry)
    business_delays: tuple[dt.timedelta, ...] = attrs.field(default=(), converter=_business_delays)
    calendar: BusinessCalendar | None = attrs.field(default=None)
    escalate_after: int = attrs.field(default=2, validator=_escalate_after)
    # Written only when set (`delivery` and `timezone` always together).
    delivery: DeliveryPolicy | None = attrs.field(
        default=None, kw_only=True, metadata=spec(omit_default=True)
    )
    timezone: str | None = attrs.field(
        default=None, kw_only=True, metadata=spec(optional(NONEMPTY), omit_default=True)
    )
    ref: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_ref,
        metadata=spec(optional(REFERENCE), omit_default=True),
    )

    def __attrs_post_init__(self) -> None:
        if self.delivery is not None and not isinstance(self.delivery, DeliveryPolicy):
            raise InvalidFieldError("delivery", self.delivery, "be a DeliveryPolicy or None")
        if (self.delivery is None) != (self.timezone is None):
            raise InvalidFieldError("timezone", self.timezone, "be given exactly with delivery")
        if self.timezone is not None:
            CustomerPreferences("payer", self.timezone)  # checks the zone
        if self.business_delays and self.calendar is None:
            raise InvalidFieldError("calendar", None, "be given when business_delays are")
        if self.calendar is not None and not isinstance(self.calendar, BusinessCalendar):
            raise InvalidFieldError("calendar", self.calendar, "be a BusinessCalendar")

    def slots(
        self, created_at: dt.datetime | str, expires_at: dt.datetime | str
    ) -> tuple[ReminderSlot, ...]:
        """The reminders for a window `[created_at, expires_at)`, by due time then key.

        Slots that would fall outside the window are dropped.

        Raises:
            InvalidFieldError: an argument is not an aware instant.
        """
        start = _validators.instant("created_at", created_at)
        end = _validators.instant("expires_at", expires_at)
        try:
            return self._slots(start, end)
        except OverflowError as exc:  # a slot before the year 1 or after 9999
            raise InvalidFieldError(
                "created_at", created_at, "leave room for the reminders within years 1-9999"
            ) from exc

    def _slots(self, created_at: dt.datetime, expires_at: dt.datetime) -> tuple[ReminderSlot, ...]:
        # stdlib subtraction: a pendulum Interval cannot be divided by a timedelta.
        window = dt.datetime.__sub__(expires_at, created_at)
        micros = window // dt.timedelta(microseconds=1)
        slots = [
            ReminderSlot(f"window:{f}", created_at + dt.timedelta(microseconds=int(micros * f)))
            for f in self.fractions
        ]
        slots.extend(
            ReminderSlot(f"before:{dump_duration(d)}", expires_at - d) for d in self.before_expiry
        )
        if self.calendar is not None:
            slots.extend(
                ReminderSlot(f"business:{dump_duration(d)}", self.calendar.add(created_at, d))
                for d in self.business_delays
            )
        kept = [s for s in slots if created_at < s.due_at < expires_at]
        if self.delivery is not None and self.timezone is not None:
            kept = _deliverable(kept, self.delivery, self.timezone, created_at, expires_at)
        return tuple(sorted(kept, key=lambda s: (s.due_at, s.key)))


def _deliverable(
    slots: list[ReminderSlot],
    delivery: DeliveryPolicy,
    timezone: str,
    created_at: dt.datetime,
    expires_at: dt.datetime,
) -> list[ReminderSlot]:
    """The slots as the delivery planner places them: out of quiet hours, within the cap."""
    sends = [
        Send(s.key, "payer", "payment_reminder", s.due_at, [NoticeChannel.SMS], expires_at)
        for s in slots
    ]
    prefs = [CustomerPreferences("payer", timezone, [NoticeChannel.SMS])]
    decided = plan(sends, prefs, delivery, created_at)
    moved = [ReminderSlot(d.sends[0], d.at) for d in decided.deliveries]
    return [s for s in moved if created_at < s.due_at < expires_at]

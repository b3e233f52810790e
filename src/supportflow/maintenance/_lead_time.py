"""`LeadTimePolicy`: how far ahead a maintenance window must be announced."""

from __future__ import annotations

import datetime as dt

import attrs

from supportflow import _pendulum, _validators
from supportflow._declarative import REFERENCE, Document, declared, optional, spec
from supportflow._serialization import dump_duration
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError
from supportflow.registry import parse_ref

__all__ = ["LeadTimePolicy"]


def _days(value: object) -> int:
    # Ten years of business days is far beyond any notice period and keeps the lookup fast.
    return _validators.integer("business_days", value, minimum=1, maximum=2_600)


_MAX_LEAD_DAYS = 3_660  # ten years
_TOO_LATE = "leave room for the lead time before the year 9999"


@declared(schema=1)
@attrs.frozen
class LeadTimePolicy(Document):
    """How far ahead a maintenance window must be announced (unless it is an emergency).

    Either a fixed `minimum` (e.g. 3 days) or `business_days` on `calendar` (e.g. the
    5 business days some jurisdictions require of payment-service providers): the window
    must then start no earlier than 00:00 (calendar zone) of the n-th business day after
    the day of the announcement. Its document (schema 1) embeds the calendar in full and
    writes `ref` only when it is set.

    Attributes:
        minimum: The least elapsed time between announcement and start.
        business_days: The least number of business days, counted on `calendar`.
        calendar: The calendar for `business_days`.
        ref: The reference (`"notice_period@2"`) it is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add`.

    Raises:
        InvalidFieldError: neither or both rules given, or a value out of range.
    """

    minimum: dt.timedelta | None = None
    business_days: int | None = None
    calendar: BusinessCalendar | None = None
    ref: str | None = attrs.field(
        default=None, kw_only=True, metadata=spec(optional(REFERENCE), omit_default=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.ref is not None:
            parse_ref(self.ref)
        if (self.minimum is None) == (self.business_days is None):
            raise InvalidFieldError(
                "minimum", self.minimum, "be given, or business_days, but not both"
            )
        if self.minimum is not None and not isinstance(self.minimum, dt.timedelta):
            raise InvalidFieldError("minimum", self.minimum, "be a non-negative duration")
        if self.minimum is not None:
            _validators.duration("minimum", self.minimum)
        if self.business_days is not None:
            _days(self.business_days)
            if not isinstance(self.calendar, BusinessCalendar):
                raise InvalidFieldError(
                    "calendar", self.calendar, "be a BusinessCalendar for business_days"
                )

    @classmethod
    def days(cls, n: int) -> LeadTimePolicy:
        """At least `n` days (of 24 hours) ahead."""
        days = _validators.integer("n", n, minimum=1, maximum=_MAX_LEAD_DAYS)
        return cls(minimum=dt.timedelta(days=days))

    @classmethod
    def five_business_days(cls, calendar: BusinessCalendar) -> LeadTimePolicy:
        """The preset of 5 business days' notice on `calendar`."""
        return cls(business_days=5, calendar=calendar)

    def earliest_start(self, announced_at: dt.datetime | str) -> dt.datetime:
        """The earliest start a window announced at `announced_at` may have."""
        at = _pendulum.instant(announced_at, field="announced_at")
        if self.minimum is not None:
            try:
                return at + self.minimum
            except OverflowError as exc:
                raise InvalidFieldError("announced_at", announced_at, _TOO_LATE) from exc
        calendar = self.calendar
        assert isinstance(calendar, BusinessCalendar)  # noqa: S101 - checked at construction
        assert self.business_days is not None  # noqa: S101 - checked at construction
        day = calendar.add_business_days(calendar.local_date(at), self.business_days)
        return calendar.end_of_day(day - dt.timedelta(days=1))

    def check(self, start: dt.datetime | str, announced_at: dt.datetime | str) -> None:
        """Refuse a start that is too soon after the announcement.

        Raises:
            InvalidFieldError: `announced_at` is too late for `start` (names `announced_at`).
        """
        earliest = self.earliest_start(announced_at)
        if _pendulum.instant(start, field="start") < earliest:
            rule = (
                f"{dump_duration(self.minimum)}"
                if self.minimum is not None
                else f"{self.business_days} business days"
            )
            raise InvalidFieldError(
                "announced_at",
                announced_at,
                f"leave at least {rule} before the start (earliest start "
                f"{earliest.isoformat()}); flag the window emergency otherwise",
            )

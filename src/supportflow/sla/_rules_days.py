"""The deadline rule in calendar days: `CalendarDays` (the PRC Civil Code way), and `Cutoff`."""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

import attrs

from supportflow import _pendulum
from supportflow._declarative import Referring, declared, spec
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError
from supportflow.sla._codecs import CALENDAR
from supportflow.sla._meters import _DAY, _ELAPSED, _Meter
from supportflow.sla._rule_fields import _calendar, _count, _flag, _ordinal, _shift, _text

__all__ = ["CalendarDays", "Cutoff"]


class Cutoff(enum.Enum):
    """When the last day of a day-counted period ends."""

    END_OF_DAY = "end_of_day"
    """24:00 of the last day in the calendar's zone."""
    CLOSE_OF_BUSINESS = "close_of_business"
    """The end of the last business interval of the last day (it must be a business day)."""


def _check_cutoff(instance: CalendarDays, _attribute: object, value: object) -> None:
    if not isinstance(value, Cutoff):
        raise InvalidFieldError("cutoff", value, "be a Cutoff")
    if value is Cutoff.CLOSE_OF_BUSINESS and not instance.roll:
        raise InvalidFieldError(
            "cutoff", value, "be END_OF_DAY unless roll=True (the last day may have no business)"
        )


@declared(schema=1, constants={"kind": "calendar_days"})
@attrs.frozen
class CalendarDays(Referring):
    """Due at the end of the Nth calendar day after the day of receipt.

    The day of receipt (the calendar date of `start` in the calendar's zone) is not counted:
    a 15-day period for a complaint received on 1 March ends at 24:00 on 16 March. With
    `roll=True`, a last day that is not a business day of the calendar moves to the next
    business day. This is how the PRC Civil Code counts legal periods (arts. 201, 203):
    the starting day is not counted, and a period whose last day is a statutory rest day
    or holiday ends on the next working day. On the `cn_mainland` calendar a make-up
    working Saturday or Sunday (调休) is a business day, so a period can end on one.

    With `cutoff=Cutoff.CLOSE_OF_BUSINESS` (needs `roll`) the last day ends when business
    stops on it, as art. 203 para. 2 says where business hours apply.

    A clock on this rule counts days, so a pause moves the last day by whole days and the
    period still ends at the end of a day (a working day with `roll`): each pause counts
    its real length in 24-hour days, a part day as a whole one; the *counted* last day
    (before rolling) moves by that many days, counted from the day the pause began if that
    is later; `roll` and `cutoff` then apply afresh, and days are added until the deadline
    falls after the end of the pause. A pause that begins at or after the deadline changes
    nothing. Weeks are 7 days: see `CalendarDays.weeks`.

    Attributes:
        days: N (>= 1).
        calendar: The calendar whose zone defines the days (and, with `roll`, business days).
        roll: Move a last day that is not a business day to the next business day.
        cutoff: `END_OF_DAY` (24:00) or `CLOSE_OF_BUSINESS` (needs `roll=True`).
        source: Where the rule comes from, for audits.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    kind: ClassVar[str] = "calendar_days"

    days: int = attrs.field(validator=_count)
    calendar: BusinessCalendar = attrs.field(validator=_calendar, metadata=spec(CALENDAR))
    roll: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    cutoff: Cutoff = attrs.field(default=Cutoff.END_OF_DAY, validator=_check_cutoff, kw_only=True)
    source: str = attrs.field(default="", validator=_text, kw_only=True)

    @classmethod
    def weeks(
        cls, weeks: int, calendar: BusinessCalendar, *, roll: bool = False, source: str = ""
    ) -> CalendarDays:
        """A period of `weeks` whole weeks (7 days each) after the day of receipt.

        Raises:
            InvalidFieldError: `weeks` is not a positive integer.
        """
        if type(weeks) is not int or weeks < 1:
            raise InvalidFieldError("weeks", weeks, "be a positive integer")
        return cls(7 * weeks, calendar, roll=roll, source=source)

    @classmethod
    def civil_code(
        cls,
        days: int,
        calendar: BusinessCalendar,
        *,
        cutoff: Cutoff = Cutoff.END_OF_DAY,
        source: str = "",
    ) -> CalendarDays:
        """A period of `days` counted as the PRC Civil Code arts. 201 and 203 count it.

        The day of receipt is not counted; a period whose last day is a rest day or a
        holiday of `calendar` ends on the next working day, at 24:00 (art. 203 para. 1).
        With `cutoff=Cutoff.CLOSE_OF_BUSINESS` the last day ends when business stops on
        it (art. 203 para. 2: where business hours apply); the presets keep 24:00.

        Raises:
            InvalidFieldError: a field is out of range; nothing is built.
        """
        return cls(days, calendar, roll=True, cutoff=cutoff, source=source)

    def last_day(self, start: dt.datetime | str) -> dt.date:
        """The last day of the period for a cycle starting at `start` (nothing paused)."""
        return self._rolled(self._counted_last_day(start))

    def due(self, start: dt.datetime | str) -> dt.datetime:
        """The end (24:00, or close of business) of `last_day(start)`."""
        return self._deadline(self._counted_last_day(start))

    def goal(self, start: dt.datetime | str) -> dt.timedelta:
        """The real time from `start` to `due(start)`."""
        begin = _pendulum.instant(start, field="start")
        return _ELAPSED.between(begin, self.due(begin))

    # -- day counting with pauses (used by SLA clocks) --------------------------------

    def _counted_last_day(self, start: dt.datetime | str) -> dt.date:
        """The `days`-th day after the day of `start`, before any rolling."""
        received = self.calendar.local_date(_pendulum.instant(start, field="start"))
        return _shift(received, self.days)

    def _rolled(self, day: dt.date) -> dt.date:
        """`day`, or with `roll` the next business day when `day` is not one (art. 203)."""
        cal = self.calendar
        if self.roll and not cal.is_business_day(day):
            return cal.next_business_day(day)
        return day

    def _deadline(self, counted: dt.date) -> dt.datetime:
        """The instant a period whose unrolled last day is `counted` ends."""
        day = self._rolled(counted)
        if self.cutoff is Cutoff.CLOSE_OF_BUSINESS:
            return self.calendar.close_of_business(day)
        return self.calendar.end_of_day(day)

    def _after_pause(
        self, counted: dt.date, paused_from: dt.datetime, paused_to: dt.datetime
    ) -> tuple[dt.date, dt.datetime]:
        """The unrolled last day, and its deadline, once a pause is excluded.

        The pause runs from `paused_from` to `paused_to` and must begin before the deadline
        in force (`_deadline(counted)`); one that begins later excludes nothing, the period
        having run out. The pause counts in whole days: its real length in 24-hour days, a
        part day counting as a whole day, and more if needed for the new deadline to fall
        after `paused_to` (business may stop before the pause ends, or a DST change make a
        day 23 hours long). The days are added to `counted`, or to the day the pause began
        when that is later (a pause in the rest days art. 203 added after the counted last
        day). `_deadline` then applies art. 203 afresh. The result never decreases when the
        pause is longer, nor when `counted` is later.
        """
        began = self.calendar.local_date(paused_from)
        base = max(counted, began)
        length = paused_to - paused_from
        whole = -(-length // _DAY)
        day = _shift(base, whole)
        deadline = self._deadline(day)
        while deadline <= paused_to:
            day = _shift(day, 1)
            deadline = self._deadline(day)
        return day, deadline

    def describe(self) -> str:
        """The rule in plain words."""
        when = "24:00" if self.cutoff is Cutoff.END_OF_DAY else "close of business"
        text = f"{when} on the {_ordinal(self.days)} day after the day of receipt"
        if self.roll:
            text += ", moved to the next business day when that is not one"
        return f"{text} (calendar {self.calendar.name!r})"

    def _meter(self) -> _Meter:
        return _ELAPSED

"""Deadlines that say whether they rest on provisional holiday data.

A calendar built with `beyond_data="provisional"` computes the years its official data
does not cover from the statutory rules (`supportflow.holidays.provisional`). Every figure
computed from such a year says so: `deadline(rule, start)` returns the due instant with
the years it assumed, and `SlaCycle.assumed` / `SlaStatus.assumed` carry the same for a
clock. Reloading a stored case after the official year was loaded gives the official
figure and an empty `assumed`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import attrs

from supportflow import _pendulum
from supportflow._serialization import Reader, dump_instant
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError
from supportflow.sla._rules import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    Cutoff,
    DeadlineRule,
    is_rule,
)

__all__ = ["Deadline", "deadline", "provisional_note"]


def _rests_on(rule: DeadlineRule) -> BusinessCalendar | None:
    """The calendar whose holidays `rule`'s figures depend on, if any.

    A `CalendarDays` rule that neither rolls to a business day nor ends at close of
    business counts calendar days in its zone only: no holiday changes it.
    """
    if isinstance(rule, BusinessDuration | BusinessDays):
        return rule.calendar
    if isinstance(rule, CalendarDays) and (rule.roll or rule.cutoff is Cutoff.CLOSE_OF_BUSINESS):
        return rule.calendar
    return None


def _assumed(rule: DeadlineRule, start: dt.datetime, end: dt.datetime) -> tuple[str, ...]:
    """The provisional years figures of `rule` over `[start, end]` rest on."""
    # The common case first, cheaply (this runs for every status of every clock): no
    # calendar, or one that never assumes anything.
    cal: BusinessCalendar | None = getattr(rule, "calendar", None)
    if cal is None or cal.beyond_data != "provisional" or _rests_on(rule) is None:
        return ()
    return cal.assumed(start, end) if start <= end else cal.assumed(end, start)


def provisional_note(assumed: tuple[str, ...]) -> str:
    """The words a service shows next to a provisional figure; `""` when nothing was assumed.

    `("CN 2027",)` gives `"provisional: CN 2027 schedule not yet published"`.

    Raises:
        InvalidFieldError: `assumed` is not a tuple or list of strings.
    """
    given: object = assumed
    if not isinstance(given, tuple | list) or not all(isinstance(a, str) for a in given):
        raise InvalidFieldError("assumed", assumed, "be a tuple of labels such as ('CN 2027',)")
    if not assumed:
        return ""
    if len(assumed) == 1:
        return f"provisional: {assumed[0]} schedule not yet published"
    return f"provisional: {', '.join(assumed[:-1])} and {assumed[-1]} schedules not yet published"


def _zone_of(rule: DeadlineRule) -> str:
    if isinstance(rule, BusinessDuration | BusinessDays | CalendarDays):
        return rule.calendar.timezone.key
    return rule.timezone.key


def _due(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="due")


def _assumed_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise InvalidFieldError("assumed", value, "be a list of labels such as 'CN 2027'")
    return tuple(value)


@attrs.frozen
class Deadline:
    """A rule's due instant for one start, and the provisional years it rests on.

    Attributes:
        due: The due instant (UTC).
        assumed: The provisional holiday years used, e.g. `("CN 2027",)`; empty when
            every year came from official data.
        timezone: The zone to show `due` in (the rule's calendar or display zone).

    Raises:
        InvalidFieldError: a field is malformed.
    """

    due: dt.datetime = attrs.field(converter=_due)
    assumed: tuple[str, ...] = attrs.field(default=(), converter=_assumed_list)
    timezone: str = attrs.field(default="UTC")

    @timezone.validator
    def _check_zone(self, _attribute: object, value: object) -> None:
        try:
            zoneinfo.ZoneInfo(value)  # type: ignore[arg-type]  # checked here
        except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError) as exc:
            raise InvalidFieldError("timezone", value, "be an IANA zone name") from exc

    @property
    def provisional(self) -> bool:
        """Whether the deadline rests on provisional holiday data."""
        return bool(self.assumed)

    @property
    def note(self) -> str:
        """`provisional_note(assumed)`: `""` for an official deadline."""
        return provisional_note(self.assumed)

    def describe(self) -> str:
        """E.g. `"due 2027-01-04 18:00 Asia/Shanghai, provisional: CN 2027 schedule ..."`.

        A due instant at midnight in `timezone` is shown as 24:00 of the day before.
        """
        local = self.due.astimezone(zoneinfo.ZoneInfo(self.timezone))
        if (local.hour, local.minute, local.second) == (0, 0, 0):
            # The end of a day, as deadlines in days are worded ("24:00 on the 11th").
            day = local.date() - dt.timedelta(days=1)
            text = f"due {day:%Y-%m-%d} 24:00 {self.timezone}"
        else:
            text = f"due {local:%Y-%m-%d %H:%M} {self.timezone}"
        return f"{text}, {self.note}" if self.assumed else text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; `provisional` and `note` are included for display only."""
        return {
            "schema": 1,
            "due": dump_instant(self.due),
            "timezone": self.timezone,
            "assumed": list(self.assumed),
            "provisional": self.provisional,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Deadline:
        """Rebuild a `Deadline` from `to_dict()` output (`provisional`, `note` are derived).

        Raises:
            SerializationError: the dict is malformed; the error names the JSON path.
        """
        r = Reader.root(
            data,
            schema=1,
            keys=("due", "timezone", "assumed"),
            optional=("provisional", "note"),
            path=path,
        )
        with r.building():
            return cls(r.instant("due"), r.raw("assumed"), r.text("timezone"))


def deadline(rule: DeadlineRule, start: dt.datetime | str) -> Deadline:
    """`rule.due(start)`, with the provisional holiday years it rests on.

    Example:
        ```python
        from supportflow.calendar import cn_mainland
        from supportflow.sla import BusinessDays, deadline

        rule = BusinessDays(5, cn_mainland(beyond_data="provisional"))
        d = deadline(rule, "2026-12-25T10:00:00+08:00")
        assert d.provisional and d.assumed == ("CN 2027",)
        # 28-31 Dec, then 1 Jan 2027 (New Year's Day, by the statutory rules), then Mon 4 Jan
        assert d.describe() == (
            "due 2027-01-04 18:00 Asia/Shanghai, provisional: CN 2027 schedule not yet published"
        )
        ```

    Raises:
        InvalidFieldError: `rule` is not a deadline rule, or `start` is not an instant.
        CalendarDataMissingError: the calendar refuses the years the deadline needs.
    """
    if not is_rule(rule):
        raise InvalidFieldError("rule", rule, "be a deadline rule")
    begin = _pendulum.instant(start, field="start")
    due = rule.due(begin)
    return Deadline(due, _assumed(rule, begin, due), _zone_of(rule))

"""The deadline rule on real elapsed time, 24x7: `ElapsedDuration`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import ClassVar

import attrs

from supportflow import _pendulum
from supportflow._declarative import Referring, declared, spec
from supportflow.errors import InvalidFieldError
from supportflow.sla._meters import _ELAPSED, _Meter
from supportflow.sla._rule_fields import ZONE, _hours, _positive, _text, _to_timedelta, _to_zone

__all__ = ["ElapsedDuration"]


@declared(schema=1, constants={"kind": "elapsed_duration"})
@attrs.frozen
class ElapsedDuration(Referring):
    """A goal of real elapsed time, 24x7, e.g. "acknowledge within 24 hours".

    Attributes:
        duration: The time allowed (positive).
        timezone: A display zone kept with the rule; it changes neither the count nor the
            result, which is a UTC instant like every instant supportflow returns.
        source: Where the rule comes from, for audits.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    kind: ClassVar[str] = "elapsed_duration"

    duration: dt.timedelta = attrs.field(converter=_to_timedelta, validator=_positive)
    timezone: zoneinfo.ZoneInfo = attrs.field(
        default=zoneinfo.ZoneInfo("UTC"), converter=_to_zone, metadata=spec(ZONE)
    )
    source: str = attrs.field(default="", validator=_text)

    def due(self, start: dt.datetime | str) -> dt.datetime:
        """`start` plus `duration` of real time (DST-correct), as a UTC instant.

        Raises:
            InvalidFieldError: `start` is not an instant, or the due instant would fall
                after the year 9999.
        """
        begin = _pendulum.instant(start, field="start")
        try:
            return _ELAPSED.add(begin, self.duration)
        except OverflowError as exc:
            raise InvalidFieldError(
                "start", start, "leave room for the period before 9999"
            ) from exc

    def goal(self, start: dt.datetime | str) -> dt.timedelta:
        """The real time allowed: `duration`."""
        return self.duration

    def describe(self) -> str:
        """The rule in plain words."""
        return f"{_hours(self.duration)} of elapsed time (24x7)"

    def _meter(self) -> _Meter:
        return _ELAPSED

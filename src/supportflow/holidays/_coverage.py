"""Coverage monitoring: how long until intake needs provisional holiday data."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

import attrs

from supportflow import _pendulum
from supportflow._serialization import Reader
from supportflow.errors import InvalidFieldError
from supportflow.holidays._registry import HolidayRegistry


@attrs.frozen
class Coverage:
    """How far one data set's official holiday data reaches, seen at one instant.

    Attributes:
        dataset: The data set's id, e.g. `"cn"`.
        name: The name its calendars carry, e.g. `"cn_mainland"`.
        covered: The first and last year with official data.
        last_covered: The last date with official data (31 December of the last year).
        today: The date of the `at` instant in the data set's zone.
        longest: The longest deadline the check was made for.
        provisional_from: The first intake date whose longest deadline can reach past
            `last_covered`: from then on, deadlines may rest on provisional data.
        days_left: Days from `today` to `provisional_from`; `0` or less means intake
            already needs provisional data (or is refused, without it).
    """

    dataset: str
    name: str
    covered: tuple[int, int]
    last_covered: dt.date
    today: dt.date
    longest: dt.timedelta
    provisional_from: dt.date
    days_left: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict (`"schema": 1`), e.g. for a health-check response."""
        return {
            "schema": 1,
            "dataset": self.dataset,
            "name": self.name,
            "covered": list(self.covered),
            "last_covered": self.last_covered.isoformat(),
            "today": self.today.isoformat(),
            "longest_days": self.longest.days,
            "provisional_from": self.provisional_from.isoformat(),
            "days_left": self.days_left,
        }

    @classmethod
    def from_dict(cls, data: object) -> Coverage:
        """Rebuild a `Coverage` from `to_dict` output.

        Raises:
            NewerSchemaError: the dict was written by a newer supportflow.
            SerializationError: the dict is of an unknown schema, has a missing or unknown
                key, or a value of the wrong type; the error names its JSON path.
        """
        r = Reader.root(data, schema=1, keys=_KEYS)
        covered = r.child("covered")
        years = [item.as_(_year) for item in covered.elements()]
        if len(years) != 2:
            raise covered.fail("be [first year, last year]")
        longest = r.integer("longest_days")
        if longest <= 0:
            raise r.fail("be a positive number of days", "longest_days")
        return cls(
            dataset=r.text("dataset"),
            name=r.text("name"),
            covered=(years[0], years[1]),
            last_covered=r.date("last_covered"),
            today=r.date("today"),
            longest=dt.timedelta(days=longest),
            provisional_from=r.date("provisional_from"),
            days_left=r.integer("days_left"),
        )


_KEYS = frozenset(
    {
        "dataset",
        "name",
        "covered",
        "last_covered",
        "today",
        "longest_days",
        "provisional_from",
        "days_left",
    }
)


def _year(value: object) -> int:
    if type(value) is not int:
        raise InvalidFieldError("", value, "be a year (an integer)")
    return value


def _longest(value: object) -> dt.timedelta:
    if isinstance(value, bool):
        raise InvalidFieldError("longest", value, "be a whole number of days or a timedelta")
    if isinstance(value, int):
        value = dt.timedelta(days=value)
    if (
        not isinstance(value, dt.timedelta)
        or value <= dt.timedelta(0)
        or value % dt.timedelta(days=1)
    ):
        raise InvalidFieldError("longest", value, "be a positive whole number of days")
    return value


def coverage(
    at: dt.datetime,
    *,
    longest: dt.timedelta | int,
    datasets: Iterable[str] | None = None,
    registry: HolidayRegistry | None = None,
) -> tuple[Coverage, ...]:
    """For a health check: per data set, how many days until intake needs provisional data.

    A complaint received on date D with a deadline of at most `longest` calendar days
    needs holiday data up to D + `longest`. Give a business-day deadline as the
    calendar days it can span (15 business days: about 23 days, more over a long
    holiday). Nothing reads the clock: `at` is the instant to check for.

    Args:
        at: The instant of the check (timezone-aware).
        longest: The longest deadline, in whole days (`60`) or a `timedelta`.
        datasets: The data sets to report; default every registered one.
        registry: Where to look; default `supportflow.holidays.registry`.

    Returns:
        One `Coverage` per data set, in the order asked (sorted by id by default).

    Raises:
        InvalidFieldError: `at` is not an aware datetime, `longest` is not a positive
            number of days, or a data set is not registered.
    """
    # The live default, looked up at call time (a test may swap it); importing it at
    # module level would be circular.
    from supportflow.holidays import registry as default  # noqa: PLC0415

    when = _pendulum.instant(at, field="at").astimezone(dt.UTC)
    span = _longest(longest)
    reg = registry if registry is not None else default
    names = reg.datasets() if datasets is None else tuple(datasets)
    out = []
    for name in names:
        data = reg.load(name)
        out.append(_report(data.id, data.name, data.covered, data.timezone, when, span))
    return tuple(out)


def _report(  # noqa: PLR0917 - private; the figures of one report, in order
    dataset: str,
    name: str,
    covered: tuple[int, int],
    timezone: str,
    when: dt.datetime,
    span: dt.timedelta,
) -> Coverage:
    """The `Coverage` of official data `covered` seen at `when` (UTC) in `timezone`."""
    local = when.astimezone(zoneinfo.ZoneInfo(timezone))
    today = dt.date(local.year, local.month, local.day)
    last = dt.date(covered[1], 12, 31)
    start = last - span + dt.timedelta(days=1)
    return Coverage(
        dataset=dataset,
        name=name,
        covered=covered,
        last_covered=last,
        today=today,
        longest=span,
        provisional_from=start,
        days_left=(start - today).days,
    )

"""Coverage monitoring: how long until intake needs provisional holiday data."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import attrs

from supportflow import _pendulum
from supportflow._declarative import INTEGER, NONEMPTY, TEXT, Codec, Document, declared, spec
from supportflow._json_schema import array
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.holidays._registry import HolidayRegistry


def _dump_covered(covered: tuple[int, int]) -> object:
    return list(covered)


def _load_covered(value: object, path: str) -> tuple[int, int]:
    if not isinstance(value, list):
        raise SerializationError(path, value, "be a list")
    years = []
    for index, item in enumerate(value):
        if type(item) is not int:
            raise SerializationError(f"{path}[{index}]", item, "be a year (an integer)")
        years.append(item)
    if len(years) != 2:
        raise SerializationError(path, value, "be [first year, last year]")
    return (years[0], years[1])


def _dump_days(longest: dt.timedelta) -> object:
    return longest.days


def _load_days(value: object, path: str) -> dt.timedelta:
    days: int = INTEGER.load(value, path)
    if days <= 0:
        raise SerializationError(path, value, "be a positive number of days")
    return dt.timedelta(days=days)


#: An id or name: read as any string (as it always was), described as a non-empty one.
_ID = Codec(TEXT.dump, TEXT.load, NONEMPTY.schema)
#: The first and last covered year, as a two-item list.
_COVERED = Codec(
    _dump_covered, _load_covered, lambda: array(INTEGER.schema(), min_items=2) | {"maxItems": 2}
)
#: The longest deadline as a whole number of days, under the key `longest_days`.
_LONGEST_DAYS = Codec(_dump_days, _load_days, lambda: {**INTEGER.schema(), "minimum": 1})


@declared(schema=1)
@attrs.frozen
class Coverage(Document):
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

    dataset: str = attrs.field(metadata=spec(_ID))
    name: str = attrs.field(metadata=spec(_ID))
    covered: tuple[int, int] = attrs.field(metadata=spec(_COVERED))
    last_covered: dt.date
    today: dt.date
    longest: dt.timedelta = attrs.field(metadata=spec(_LONGEST_DAYS, key="longest_days"))
    provisional_from: dt.date
    days_left: int


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
    at: dt.datetime | str,
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

"""The one place that turns outside instants into the internal form, and names into zones.

The rule for instants, everywhere in supportflow: every instant the library stores,
compares, subtracts or returns is a plain stdlib `datetime.datetime` whose `tzinfo` is
`datetime.timezone.utc`. Such values order, subtract, compare and hash by real time: Python
compares two datetimes that share a `tzinfo` by their wall-clock fields and ignores `fold`
(PEP 495), so two *local* readings of the repeated autumn hour would compare wrongly, while
two UTC readings never can. Local time is for display and for reading wall-clock rules
(opening hours, quiet hours), and is computed from the UTC value when needed.

`instant()` converts once, at the boundary: a stdlib UTC datetime passes through untouched
(the common case for values from a database driver or a web framework), any other aware
datetime (zoneinfo, fixed offset, pendulum) goes through C-level `astimezone`, and an ISO
8601 string with an offset is parsed. No zone object is built per call.

pendulum has three unrelated error roots (`ParserError`, `InvalidTimezone`, DST errors)
and process-wide settings; everything here maps its errors to ours and never touches
those settings.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Final

import pendulum
from pendulum.tz.exceptions import InvalidTimezone

from supportflow.errors import InvalidFieldError, NaiveDatetimeError, UnknownTimezoneError

__all__ = [
    "UTC",
    "format_duration",
    "format_instant",
    "instant",
    "local",
    "parse_duration",
    "parse_instant",
    "wall_instant",
    "zone",
]

UTC: Final = dt.UTC
"""The `tzinfo` of every instant supportflow stores or returns (`datetime.timezone.utc`)."""

_datetime: Final = dt.datetime
_astimezone: Final = dt.datetime.astimezone

# Names like "CST", "IST" or "EST" mean different places to different readers; tzdata
# still carries a few of them as legacy links. Only "UTC" is unambiguous.
_ABBREVIATION = re.compile(r"^[A-Z]{2,5}[0-9]*([A-Z]{2,5})?$")
_ALLOWED_SHORT: Final = frozenset({"UTC"})


def zone(name: object, *, field: str = "timezone") -> zoneinfo.ZoneInfo:
    """Return the IANA zone called `name`, as a stdlib `zoneinfo.ZoneInfo`.

    Accepts a zone name, a `zoneinfo.ZoneInfo` or a `pendulum.Timezone`.

    Raises:
        UnknownTimezoneError: not an IANA name, or an ambiguous abbreviation such as `"CST"`.
    """
    if type(name) is zoneinfo.ZoneInfo:
        return name
    if isinstance(name, zoneinfo.ZoneInfo):
        name = name.key
    if not isinstance(name, str) or not name or name != name.strip():
        raise UnknownTimezoneError(field, name)
    if _ABBREVIATION.match(name) and name not in _ALLOWED_SHORT:
        raise UnknownTimezoneError(
            field, name, "be an IANA zone name, not an ambiguous abbreviation"
        )
    if name.lower() == "localtime" or name.startswith(("/", ".")) or ".." in name:
        raise UnknownTimezoneError(field, name)
    return _zone_by_name(name, field)


def _zone_by_name(name: str, field: str) -> zoneinfo.ZoneInfo:
    try:
        found = _ZONES.get(name)
        if found is None:
            pendulum.timezone(name)  # pendulum's check refuses some names zoneinfo takes
            found = _ZONES[name] = zoneinfo.ZoneInfo(name)
    except (InvalidTimezone, ValueError, OSError, zoneinfo.ZoneInfoNotFoundError) as exc:
        raise UnknownTimezoneError(field, name) from exc
    return found


_ZONES: dict[str, zoneinfo.ZoneInfo] = {}


def instant(value: object, *, field: str) -> dt.datetime:
    """Return `value` as the instant supportflow stores: a stdlib `datetime` in UTC.

    Accepts a stdlib `datetime` with any `tzinfo` (`timezone.utc`, a fixed offset, a
    `zoneinfo.ZoneInfo`, whose `fold` picks the right reading of a repeated hour), a pendulum
    `DateTime`, or an ISO 8601 string with an offset. The result's equality, hash and order
    are those of real time.

    Raises:
        NaiveDatetimeError: `value` has no time zone.
        InvalidFieldError: `value` is not a datetime (a `date` is not an instant), or it
            lies outside the years 1-9999 once converted to UTC.
    """
    if type(value) is _datetime:
        # The hot path: what database drivers and web frameworks hand over.
        if value.tzinfo is UTC:
            return value
    elif isinstance(value, str):
        return parse_instant(value, field=field)
    elif not isinstance(value, dt.datetime):
        raise InvalidFieldError(field, value, "be a timezone-aware datetime")
    tz = value.tzinfo
    if tz is None:
        raise NaiveDatetimeError(field, value)
    try:
        if tz.utcoffset(value) is None:
            raise NaiveDatetimeError(field, value)
        # datetime's own C `astimezone`, also for subclasses such as pendulum's, whose
        # Python-level override would be several times slower.
        utc = _astimezone(value, UTC)
    except (OverflowError, ValueError) as exc:
        raise InvalidFieldError(
            field, value, "lie between the years 1 and 9999 when converted to UTC"
        ) from exc
    if type(utc) is not _datetime:  # a subclass (pendulum) keeps its type through astimezone
        utc = _datetime(
            utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, UTC
        )
    return utc


def local(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The wall-clock reading of the instant `value` in zone `tz`, for display and rules.

    Never compare or subtract two such readings: do that on the UTC instants.
    """
    return _astimezone(value, tz)


def wall_instant(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The UTC instant at which the wall clock of zone `tz` reads `time` on `day`.

    A reading in the repeated autumn hour is its first occurrence; one in the spring-forward
    gap moves forward by the gap's length (02:30 in New York's gap is 03:30 EDT), as
    `fold=0` does under PEP 495.
    """
    wall = _datetime(day.year, day.month, day.day, time.hour, time.minute, time.second, 0, tz)
    return _astimezone(wall, UTC)


def parse_instant(text: str, *, field: str) -> dt.datetime:
    """Parse an ISO 8601 date-time that carries an offset (`Z` or `+08:00`).

    Raises:
        NaiveDatetimeError: the string has no offset.
        InvalidFieldError: the string is not an ISO 8601 date-time.
    """
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidFieldError(
            field, text, "be an ISO 8601 date-time with an offset, e.g. '2025-01-26T09:00:00+08:00'"
        ) from exc
    if "T" not in text.upper() and " " not in text:
        raise InvalidFieldError(field, text, "be a date-time, not a date")
    if parsed.tzinfo is None:
        raise NaiveDatetimeError(field, text, "carry an offset such as 'Z' or '+08:00'")
    try:
        return instant(parsed, field=field)
    except InvalidFieldError as exc:  # out of range in UTC: name the text as given
        raise InvalidFieldError(field, text, exc.reason) from exc


def format_instant(value: dt.datetime) -> str:
    """Return `value` as an ISO 8601 string in UTC (the inverse of `parse_instant`)."""
    return instant(value, field="instant").isoformat()


_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)(?:\.(?P<micro>\d{1,6}))?S)?)?$"
)


def format_duration(value: dt.timedelta) -> str:
    """Return `value` as an ISO 8601 duration of days and time, e.g. `"P1DT2H30M"`.

    Days are exact 24-hour days (a `timedelta` has no calendar days), so the string is
    exact and `parse_duration(format_duration(d)) == d`.
    """
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    days, seconds, micro = value.days, value.seconds, value.microseconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P"
    if days:
        out += f"{days}D"
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if secs or micro:
        time += f"{secs}.{micro:06d}S" if micro else f"{secs}S"
    if time:
        out += "T" + time
    if out in {"P", "-P"}:
        return "PT0S"
    return out


def parse_duration(text: object, *, field: str) -> dt.timedelta:
    """Parse the ISO 8601 durations that `format_duration` writes (days, hours, minutes, seconds).

    Years, months and weeks are rejected: they are not fixed lengths of time.

    Raises:
        InvalidFieldError: `text` is not such a duration.
    """
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None or text in {"P", "-P"} or str(text).endswith("T"):
        raise InvalidFieldError(
            field, text, "be an ISO 8601 duration of days and time, e.g. 'PT8H' or 'P1DT30M'"
        )
    parts = match.groupdict()
    value = dt.timedelta(
        days=int(parts["days"] or 0),
        hours=int(parts["hours"] or 0),
        minutes=int(parts["minutes"] or 0),
        seconds=int(parts["seconds"] or 0),
        microseconds=int((parts["micro"] or "0").ljust(6, "0")),
    )
    return -value if parts["sign"] else value

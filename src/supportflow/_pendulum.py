"""The one place that turns strings into instants and zone names into zones.

pendulum has three unrelated error roots (`ParserError`, `InvalidTimezone`, DST errors)
and process-wide settings; everything here maps its errors to ours and never touches
those settings. Callers get pendulum values, always timezone-aware.
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
    "parse_duration",
    "parse_instant",
    "zone",
]

UTC: Final = pendulum.UTC

# Names like "CST", "IST" or "EST" mean different places to different readers; tzdata
# still carries a few of them as legacy links. Only "UTC" is unambiguous.
_ABBREVIATION = re.compile(r"^[A-Z]{2,5}[0-9]*([A-Z]{2,5})?$")
_ALLOWED_SHORT: Final = frozenset({"UTC"})


def zone(name: object, *, field: str = "timezone") -> pendulum.Timezone:
    """Return the IANA zone called `name`.

    Accepts a zone name, a `pendulum.Timezone` or a `zoneinfo.ZoneInfo`.

    Raises:
        UnknownTimezoneError: not an IANA name, or an ambiguous abbreviation such as `"CST"`.
    """
    if isinstance(name, pendulum.Timezone):
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
    try:
        tz = pendulum.timezone(name)
    except (InvalidTimezone, ValueError, OSError) as exc:
        raise UnknownTimezoneError(field, name) from exc
    return tz


def instant(value: object, *, field: str) -> pendulum.DateTime:
    """Return `value` as a timezone-aware pendulum `DateTime`.

    Accepts a pendulum `DateTime`, a stdlib `datetime` with any `tzinfo` (the zone is kept
    when it is an IANA zone; a fixed offset stays a fixed offset), or an ISO 8601 string
    with an offset.

    Raises:
        NaiveDatetimeError: `value` has no time zone.
        InvalidFieldError: `value` is not a datetime (a `date` is not an instant).
    """
    if isinstance(value, str):
        return parse_instant(value, field=field)
    if not isinstance(value, dt.datetime):
        raise InvalidFieldError(field, value, "be a timezone-aware datetime")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(field, value)
    if value.year in {1, 9999}:
        try:  # An instant must exist in UTC: near year 1 or 9999 an offset can push it out.
            value.astimezone(dt.UTC)
        except (OverflowError, ValueError) as exc:
            raise InvalidFieldError(field, value, _OUT_OF_RANGE) from exc
    if isinstance(value, pendulum.DateTime):
        return value
    tz = value.tzinfo
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key:
        # Going through UTC keeps the real instant even for a `fold=1` wall time.
        utc = value.astimezone(dt.UTC)
        return pendulum.instance(utc).in_timezone(zone(tz.key, field=field))
    offset = tz.utcoffset(value)
    assert offset is not None  # checked above  # noqa: S101
    fixed = pendulum.FixedTimezone(int(offset.total_seconds()))
    return pendulum.instance(value.astimezone(dt.UTC)).in_timezone(fixed)


_OUT_OF_RANGE: Final = "be between years 1 and 9999 in UTC (and in the zones it is read in)"


def parse_instant(text: str, *, field: str) -> pendulum.DateTime:
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
    except InvalidFieldError as exc:  # out of range: name the text as given
        raise InvalidFieldError(field, text, exc.reason) from exc


def format_instant(value: dt.datetime) -> str:
    """Return `value` as an ISO 8601 string with its offset (the inverse of `parse_instant`)."""
    return value.isoformat()


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

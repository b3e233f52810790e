"""The fields deadline rules share: their checks, converters and the words that describe them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import attrs

from supportflow import _pendulum
from supportflow._declarative import TEXT, Codec
from supportflow.calendar import BusinessCalendar
from supportflow.errors import InvalidFieldError

__all__: list[str] = []

_ZERO = dt.timedelta(0)


def _calendar(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, BusinessCalendar):
        raise InvalidFieldError(attribute.name, value, "be a BusinessCalendar")


def _count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 3660:
        raise InvalidFieldError(attribute.name, value, "be an integer from 1 to 3660")


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= _ZERO:
        raise InvalidFieldError(attribute.name, value, "be a positive duration")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


def _to_timedelta(value: object) -> object:
    # pendulum durations are timedelta subclasses; store the plain value so equality,
    # hashing and pickling do not depend on pendulum's extra fields.
    if isinstance(value, dt.timedelta) and type(value) is not dt.timedelta:
        return dt.timedelta(days=value.days, seconds=value.seconds, microseconds=value.microseconds)
    return value


def _to_zone(value: object) -> zoneinfo.ZoneInfo:
    return _pendulum.zone(value, field="timezone")


def _hours(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    if value % dt.timedelta(hours=1) == _ZERO:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return _pendulum.format_duration(value)


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidFieldError(attribute.name, value, "be True or False")


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` days, refused with a typed error past the year 9999."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError as exc:
        raise InvalidFieldError("due", day, f"have a day {days} days later before 10000") from exc


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _zone_key(zone: zoneinfo.ZoneInfo) -> str:
    return zone.key


#: An IANA zone name, read as a string (the rule's converter makes it a zone).
ZONE = Codec(_zone_key, TEXT.load, lambda: {"type": "string", "minLength": 1})
#: A non-empty name, read as any string (the class's validator says what is wrong with it).
NAME = Codec(TEXT.dump, TEXT.load, lambda: {"type": "string", "minLength": 1})

"""The clock-skew rule shared by every entity that refuses time going backwards.

Servers' clocks differ by a few milliseconds. An event stamped slightly before the last
event another server wrote is not a bug, but accepting it as stamped would reorder the
history. The rule, off by default (tolerance zero):

- an event stamped at or after the last one is recorded at its own stamp;
- an event stamped before the last one by at most the tolerance is recorded AT THE LAST
  EVENT'S TIME, and its original stamp is kept beside it in the audit record
  (`stamped_at`), so nothing is lost and the order stays the order of acceptance;
- anything earlier is refused, as without a tolerance.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from supportflow import _pendulum
from supportflow.errors import InvalidFieldError

__all__ = ["MAX_TOLERANCE", "admit", "check_tolerance"]

#: The largest tolerance accepted: beyond this, two servers disagree about time so much
#: that the host's clocks need fixing, not the history.
MAX_TOLERANCE: Final = dt.timedelta(minutes=5)


def check_tolerance(value: object, *, field: str = "skew_tolerance") -> dt.timedelta:
    """`value` as a skew tolerance: a `timedelta` from zero to `MAX_TOLERANCE`.

    Raises:
        InvalidFieldError: not a timedelta, negative, or above `MAX_TOLERANCE`.
    """
    if not isinstance(value, dt.timedelta):
        raise InvalidFieldError(field, value, "be a timedelta")
    if not dt.timedelta(0) <= value <= MAX_TOLERANCE:
        raise InvalidFieldError(
            field, value, f"be between 0 and {_pendulum.format_duration(MAX_TOLERANCE)}"
        )
    return value


def admit(
    at: dt.datetime, last: dt.datetime | None, tolerance: dt.timedelta, *, field: str = "at"
) -> tuple[dt.datetime, dt.datetime | None]:
    """Where an event stamped `at` is recorded, after the last event at `last`.

    Both are UTC instants. Returns `(recorded_at, stamped_at)`: `stamped_at` is `None`
    when the event is recorded at its own stamp, else the original stamp.

    Raises:
        InvalidFieldError: `at` is before `last` by more than `tolerance`.
    """
    if last is None or at >= last:
        return at, None
    if last - at <= tolerance:
        return last, at
    allowed = (
        f" by more than the skew tolerance ({_pendulum.format_duration(tolerance)})"
        if tolerance
        else ""
    )
    raise InvalidFieldError(
        field, at, f"not be before the last event ({_pendulum.format_instant(last)}){allowed}"
    )

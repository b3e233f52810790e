"""The `Complaint`'s field checks: each input value checked, or `InvalidFieldError`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from supportflow import _pendulum
from supportflow.complaints._referrals import (
    ReferralBody,
)
from supportflow.complaints._values import (
    Transaction,
)
from supportflow.errors import (
    InvalidFieldError,
)
from supportflow.sla import (
    PRIORITIES,
    DeadlineRule,
    ElapsedDuration,
)
from supportflow.sla._rules import is_rule

__all__: list[str] = []


def raise_priority(priority: str) -> str:
    """The repeat rule: one level more urgent (`"P3"` -> `"P2"`), never above `"P1"`.

    Raises:
        InvalidFieldError: `priority` is not one of `"P1"` .. `"P5"`.
    """
    _check_priority(priority)
    return PRIORITIES[max(0, PRIORITIES.index(priority) - 1)]


def _check_priority(value: object, field: str = "priority") -> str:
    if value not in PRIORITIES:
        raise InvalidFieldError(field, value, f"be one of {', '.join(PRIORITIES)}")
    return str(value)


def _name(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(field, value, "be a non-empty string")
    return value


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError(field, value, "be a string")
    return value


def _enum(kind: type[Any], value: object, field: str) -> Any:  # noqa: ANN401 - returns `kind`
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in kind)
        raise InvalidFieldError(field, value, f"be one of {choices}") from None


def _transactions(value: object) -> tuple[Transaction, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(t, Transaction) for t in value):
        raise InvalidFieldError("transactions", value, "be a sequence of Transaction")
    return tuple(value)


def _ids(value: object, field: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidFieldError(field, value, "be a sequence of ids")
    return tuple(_name(v, f"{field}[{i}]") for i, v in enumerate(value))


def _at(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="at")


def _referred_on(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise InvalidFieldError("referred_on", value, "be a date or a YYYY-MM-DD string")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidFieldError("referred_on", value, "be a YYYY-MM-DD date") from None
    return value


def _response_rule(value: object, body: ReferralBody) -> DeadlineRule:
    if value is None:
        return ElapsedDuration(body.respond_within, source=f"{body.id}: {body.basis}")
    if isinstance(value, dt.timedelta):
        if value <= dt.timedelta(0):
            raise InvalidFieldError("respond_within", value, "be a positive duration")
        return ElapsedDuration(value, source=body.id)
    if not is_rule(value):
        raise InvalidFieldError("respond_within", value, "be a deadline rule, a timedelta or None")
    return value  # type: ignore[return-value]  # is_rule narrowed it


def _count(value: int) -> int:
    if value < 0:
        raise InvalidFieldError("reopen_count", value, "not be negative")
    return value

"""Validation of notification input: kinds, payloads, money, ids."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Final

import attrs

from supportflow.errors import InvalidFieldError
from supportflow.payments._types import FailureReason, NotificationKind

__all__: list[str] = []


def _text_field(value: object, field: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise InvalidFieldError(field, value, "be a string" if empty else "be a non-empty string")
    return value


def _currency(value: object, field: str) -> str:
    if not isinstance(value, str) or len(value) != 3 or not value.isascii() or not value.isupper():
        raise InvalidFieldError(field, value, "be an ISO 4217 code such as 'CNY'")
    return value


def _parse_kind(kind: object) -> NotificationKind:
    if isinstance(kind, NotificationKind):
        return kind
    found = _KIND_VALUES.get(kind) if isinstance(kind, str) else None
    if found is not None:
        return found
    try:
        return NotificationKind(kind)
    except ValueError as exc:
        choices = ", ".join(k.value for k in NotificationKind)
        raise InvalidFieldError("kind", kind, f"be one of {choices}") from exc


_KIND_VALUES: Final = {k.value: k for k in NotificationKind}


@attrs.frozen
class _Payload:
    amount: decimal.Decimal | None
    confirmations: int | None
    reason: FailureReason | None
    detail: tuple[tuple[str, str], ...]


_EMPTY_PAYLOAD: Final[Mapping[str, object]] = {}


def _confirmations(value: object) -> int:
    if type(value) is not int or value < 0:
        raise InvalidFieldError("payload.confirmations", value, "be an integer >= 0")
    return value


def _min_instant(a: dt.datetime | None, b: dt.datetime) -> dt.datetime:
    return b if a is None or b < a else a

"""Parsing a notification's payload: money, reasons, refund ids, deadlines."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Final

from supportflow import _pendulum
from supportflow.errors import IdempotencyConflictError, InvalidFieldError
from supportflow.payments import _fold
from supportflow.payments._payload import (
    _EMPTY_PAYLOAD,
    _confirmations,
    _Payload,
    _text_field,
)
from supportflow.payments._types import FailureReason, NotificationKind, RefundRecord, _money
from supportflow.payments._workflow import _FAILURE_KINDS, _MONEY_IN

__all__: list[str] = []

_REASONS: Final = {r.value: r for r in FailureReason}
_MONEY_KINDS_IN: Final = frozenset(_MONEY_IN)
#: Kinds that need nothing in their payload: an empty one parses to `_BARE`.
_BARE_KINDS: Final = frozenset(
    k for k in NotificationKind if k not in _fold.AMOUNT_KINDS and k not in _FAILURE_KINDS
)
_BARE: Final = _Payload(None, None, None, ())


def parse_payload(  # noqa: PLR0912 - one check per payload field
    kind: NotificationKind,
    payload: object,
    event_id: str,
    expected_currency: str,
    refunds: tuple[RefundRecord, ...],
) -> _Payload:
    """Validate a notification's payload for a payment in `expected_currency`.

    Raises:
        InvalidFieldError: a bad field; the error names it (`payload.amount`, ...).
        IdempotencyConflictError: a refund id of `refunds` with another amount.
    """
    if payload is None:
        payload = _EMPTY_PAYLOAD
    if type(payload) is not dict and not isinstance(payload, Mapping):
        raise InvalidFieldError("payload", payload, "be a mapping")
    if not payload and kind in _BARE_KINDS:
        return _BARE
    amount: decimal.Decimal | None = None
    detail: list[tuple[str, str]] = []
    if kind in _fold.AMOUNT_KINDS:
        if "amount" not in payload:
            raise InvalidFieldError("payload.amount", None, f"be given for {kind.value}")
        amount = _money(
            payload["amount"], "payload.amount", positive=True, currency=expected_currency
        )
        currency = payload.get("currency")
        if currency != expected_currency:
            raise InvalidFieldError(
                "payload.currency", currency, f"be {expected_currency}, the payment's currency"
            )
    confirmations = None
    if "confirmations" in payload:
        confirmations = _confirmations(payload["confirmations"])
        detail.append(("confirmations", str(confirmations)))
    reason = None
    if kind in _FAILURE_KINDS:
        raw = payload.get("reason", FailureReason.OTHER.value)
        reason = _REASONS.get(raw) if type(raw) is str else None
        if reason is None:
            choices = ", ".join(r.value for r in FailureReason)
            raise InvalidFieldError("payload.reason", raw, f"be one of {choices}")
        detail.append(("reason", reason.value))
    code = ""
    if "provider_code" in payload:
        code = _text_field(payload["provider_code"], "payload.provider_code", empty=True)
        detail.append(("provider_code", code))
    refund_id = ""
    if kind in _fold.REFUND_KINDS:
        refund_id = _text_field(payload.get("refund_id", event_id), "payload.refund_id")
        detail.append(("refund_id", refund_id))
        for r in refunds:
            if r.refund_id == refund_id and r.amount != amount:
                raise IdempotencyConflictError(refund_id, "amount", r.amount, amount)
    due_by = None
    if "evidence_due_by" in payload:
        due_by = _pendulum.instant(payload["evidence_due_by"], field="payload.evidence_due_by")
        detail.append(("evidence_due_by", due_by.isoformat()))
    mismatch = False
    if "mismatch" in payload:
        text = _text_field(payload["mismatch"], "payload.mismatch")
        mismatch = kind in _MONEY_KINDS_IN
        if not mismatch:
            raise InvalidFieldError("payload.mismatch", text, "be on a payment only")
        detail.append(("mismatch", text))
    return _Payload(
        amount,
        confirmations,
        reason,
        tuple(detail),
        provider_code=code,
        refund_id=refund_id,
        evidence_due_by=due_by,
        mismatch=mismatch,
    )

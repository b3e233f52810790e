"""What every provider mapper shares: the result type and typed payload readers."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final

import attrs

from supportflow.errors import ProviderPayloadError
from supportflow.payments._types import NotificationKind, NotificationResult

if TYPE_CHECKING:
    from supportflow.payments._confirmation import PaymentConfirmation

__all__ = ["MappedWebhook", "ProviderNotification"]

_UTC: Final = dt.UTC


@attrs.frozen
class ProviderNotification:
    """One notification, ready for `PaymentConfirmation.apply_notification`.

    Attributes:
        event_id: A stable idempotency key: a provider's replay maps to the same key.
        kind: What it says.
        occurred_at: When the provider says it happened (UTC).
        payload: The notification's payload (amount, currency, refund id, ...).
    """

    event_id: str
    kind: NotificationKind
    occurred_at: dt.datetime
    payload: Mapping[str, object] = attrs.field(factory=dict)


@attrs.frozen
class MappedWebhook:
    """What a provider's webhook says, as notifications for one payment.

    Attributes:
        provider: `"bitpay"`, `"stripe"`, `"alipay"` or `"wechat"`.
        reference: The provider's id of the payment (invoice, PaymentIntent, trade).
        order_id: The merchant's order id the provider echoes back (`""` if none).
        notifications: The notifications, in the order they happened (may be empty: an
            informational webhook moves nothing).
        conflict: Why the webhook contradicts the order (e.g. the amount paid is not the
            amount of the order), or `""`. The notifications then send the payment to
            review; investigate before fulfilling.
    """

    provider: str
    reference: str
    order_id: str
    notifications: tuple[ProviderNotification, ...]
    conflict: str = ""

    def __iter__(self) -> Iterator[ProviderNotification]:
        """The notifications."""
        return iter(self.notifications)

    def apply_to(
        self, payment: PaymentConfirmation, *, at: dt.datetime | str | None = None
    ) -> tuple[NotificationResult, ...]:
        """Apply every notification to `payment` (each idempotently, by event id).

        Raises:
            Whatever `apply_notification` raises; the notifications applied before it
            stay applied (each is its own idempotent fact: the provider's retry finishes).
        """
        return tuple(
            payment.apply_notification(n.event_id, n.kind, n.occurred_at, n.payload, at=at)
            for n in self.notifications
        )


class Payload:
    """A cursor over a provider payload that names the JSON path of every error."""

    __slots__ = ("path", "value")

    def __init__(self, value: object, path: str = "") -> None:
        if not isinstance(value, Mapping):
            raise ProviderPayloadError(path or "<root>", value, "be a JSON object")
        self.value: Mapping[str, object] = value
        self.path = path

    def at(self, key: str) -> str:
        """The JSON path of `key` in this object."""
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        """Whether `key` is present and not null."""
        return self.value.get(key) is not None

    def raw(self, key: str) -> object:
        """The value at `key`, which must be present."""
        if key not in self.value or self.value[key] is None:
            raise ProviderPayloadError(self.at(key), None, "be present")
        return self.value[key]

    def child(self, key: str) -> Payload:
        """The object at `key`."""
        return Payload(self.raw(key), self.at(key))

    def text(self, key: str) -> str:
        """A non-empty string."""
        value = self.raw(key)
        if not isinstance(value, str) or not value:
            raise ProviderPayloadError(self.at(key), value, "be a non-empty string")
        return value

    def optional_text(self, key: str) -> str:
        """A string, or `""` when absent or null."""
        return self.text(key) if self.has(key) else ""

    def integer(self, key: str) -> int:
        """An integer (never a bool)."""
        value = self.raw(key)
        if type(value) is not int:
            raise ProviderPayloadError(self.at(key), value, "be an integer")
        return value

    def choice(self, key: str, choices: Mapping[str, object] | frozenset[str]) -> str:
        """A string that is one of `choices`."""
        value = self.text(key)
        if value not in choices:
            raise ProviderPayloadError(
                self.at(key), value, f"be one of {', '.join(sorted(choices))}"
            )
        return value

    def decimal_text(self, key: str) -> decimal.Decimal:
        """A positive decimal written as a string ("100.00")."""
        value = self.text(key)
        try:
            amount = decimal.Decimal(value)
        except decimal.InvalidOperation as exc:
            raise ProviderPayloadError(self.at(key), value, "be a decimal number") from exc
        if not amount.is_finite() or amount <= 0:
            raise ProviderPayloadError(self.at(key), value, "be a positive amount")
        return amount

    def minor_units(self, key: str, exponent: int) -> decimal.Decimal:
        """A positive integer amount in minor units (cents, fen) as a `Decimal`."""
        value = self.integer(key)
        if value <= 0:
            raise ProviderPayloadError(self.at(key), value, "be a positive amount")
        return decimal.Decimal(value).scaleb(-exponent)

    def number(self, key: str) -> decimal.Decimal:
        """A positive JSON number (int or float, read through its shortest repr)."""
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ProviderPayloadError(self.at(key), value, "be a number")
        try:
            amount = decimal.Decimal(str(value))
        except decimal.InvalidOperation as exc:
            raise ProviderPayloadError(self.at(key), value, "be a number") from exc
        if not amount.is_finite() or amount <= 0:
            raise ProviderPayloadError(self.at(key), value, "be a positive amount")
        return amount

    def unix_seconds(self, key: str) -> dt.datetime:
        """A Unix timestamp in seconds, as a UTC instant."""
        return dt.datetime.fromtimestamp(self.integer(key), _UTC)

    def unix_millis(self, key: str) -> dt.datetime:
        """A Unix timestamp in milliseconds, as a UTC instant."""
        value = self.integer(key)
        return dt.datetime(1970, 1, 1, tzinfo=_UTC) + dt.timedelta(milliseconds=value)

    def rfc3339(self, key: str) -> dt.datetime:
        """An RFC 3339 instant with its offset ("2025-03-03T09:00:00+08:00"), in UTC."""
        value = self.text(key)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ProviderPayloadError(self.at(key), value, "be an RFC 3339 instant") from exc
        if parsed.tzinfo is None:
            raise ProviderPayloadError(self.at(key), value, "carry a UTC offset")
        return parsed.astimezone(_UTC)

    def currency(self, key: str) -> str:
        """An ISO 4217 code (any case), upper-cased."""
        value = self.text(key)
        if len(value) != 3 or not value.isascii() or not value.isalpha():
            raise ProviderPayloadError(self.at(key), value, "be an ISO 4217 code")
        return value.upper()


def money(amount: decimal.Decimal, currency: str, **extra: object) -> dict[str, object]:
    """A money payload."""
    return {"amount": amount, "currency": currency, **extra}

"""What the delivery planner is given: sends, customers' preferences and the policy.

`Send` is one notice for one customer, `CustomerPreferences` how a customer wants to be
reached, `DeliveryPolicy` the one policy every send goes through.

Their documents are declared in their fields (`supportflow._declarative`); the planner that
reads them is in `_delivery`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from supportflow import _pendulum
from supportflow._declarative import Document, declared, spec
from supportflow.errors import InvalidFieldError
from supportflow.notices._codecs import CHANNEL_SET, ID, NAME_SET, ZONE
from supportflow.notices._model import NoticeChannel, NoticeTemplate
from supportflow.notices._plans import QuietHours

__all__ = ["CustomerPreferences", "DeliveryPolicy", "Send"]


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(attribute.name, value, "be a non-empty string")


def _instant(value: object) -> dt.datetime:
    return _pendulum.instant(value, field="instant")


def _optional_instant(value: object) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="before")


def _channel_set(value: Iterable[NoticeChannel | str]) -> frozenset[NoticeChannel]:
    return frozenset(_channel_tuple(value))


def _channel_tuple(value: Iterable[NoticeChannel | str]) -> tuple[NoticeChannel, ...]:
    if isinstance(value, str | NoticeChannel):
        value = [value]
    if not isinstance(value, Iterable):
        raise InvalidFieldError("channels", value, "be sms, email or in_app channels")
    try:
        channels = tuple(NoticeChannel(c) for c in value)
    except (TypeError, ValueError) as exc:
        raise InvalidFieldError("channels", value, "be sms, email or in_app channels") from exc
    if len(set(channels)) != len(channels):
        raise InvalidFieldError("channels", value, "name each channel once")
    return channels


def _some_channels(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value:
        raise InvalidFieldError(attribute.name, value, "name at least one channel")


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidFieldError("opted_out", value, "be a collection of notice names")
    names = frozenset(value)
    if not all(isinstance(n, str) for n in names):
        raise InvalidFieldError("opted_out", value, "be notice names")
    return names


def _zone_name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be an IANA zone name")
    _pendulum.zone(value, field=attribute.name)


def _priority(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise InvalidFieldError(attribute.name, value, "be an integer")


@declared(schema=1)
@attrs.frozen
class Send(Document):
    """One notice a workflow wants to send to one customer.

    Attributes:
        id: Unique among the sends planned together; results refer to it.
        customer: The customer's id (a key of the preferences).
        notice: The notice's name.
        due: When the workflow wants it out.
        channels: The channels the notice can go out on.
        before: When set, the send announces something at that instant and is useless
            after it: quiet hours move it earlier rather than later.
        always_send: Legally required (a security alert, a regulatory response): it ignores
            opt-outs, quiet hours and the cap.
        mergeable: May be merged with others into a digest.
        priority: Higher is kept first when the cap drops sends.
    """

    id: str = attrs.field(validator=_text, metadata=spec(ID))
    customer: str = attrs.field(validator=_text, metadata=spec(ID))
    notice: str = attrs.field(validator=_text, metadata=spec(ID))
    due: dt.datetime = attrs.field(converter=_instant)
    channels: frozenset[NoticeChannel] = attrs.field(
        default=frozenset(NoticeChannel),
        converter=_channel_set,
        validator=_some_channels,
        metadata=spec(CHANNEL_SET),
    )
    before: dt.datetime | None = attrs.field(default=None, converter=_optional_instant)
    always_send: bool = attrs.field(default=False, kw_only=True)
    mergeable: bool = attrs.field(default=False, kw_only=True)
    priority: int = attrs.field(default=0, kw_only=True, validator=_priority)

    @classmethod
    def of(
        cls,
        template: NoticeTemplate,
        *,
        id: str,  # noqa: A002 - the field's name
        customer: str,
        due: dt.datetime | str,
        before: dt.datetime | str | None = None,
        priority: int = 0,
    ) -> Send:
        """A send of `template`, with its channels and its `always_send` and `mergeable` marks.

        Raises:
            InvalidFieldError: `template` is not a `NoticeTemplate`, or a bad field.
        """
        if not isinstance(template, NoticeTemplate):
            raise InvalidFieldError("template", template, "be a NoticeTemplate")
        return cls(
            id,
            customer,
            template.name,
            due,
            template.channels,
            before,
            always_send=template.always_send,
            mergeable=template.mergeable,
            priority=priority,
        )


@declared(schema=1)
@attrs.frozen
class CustomerPreferences(Document):
    """How one customer wants to be reached.

    Attributes:
        customer: The customer's id.
        timezone: The customer's IANA zone (quiet hours are read in it).
        channels: The channels the customer accepts, most preferred first; a channel left
            out is opted out of.
        opted_out: Notice names the customer asked not to receive.
    """

    customer: str = attrs.field(validator=_text, metadata=spec(ID))
    timezone: str = attrs.field(validator=_zone_name, metadata=spec(ZONE))
    channels: tuple[NoticeChannel, ...] = attrs.field(
        default=(NoticeChannel.IN_APP, NoticeChannel.EMAIL, NoticeChannel.SMS),
        converter=_channel_tuple,
    )
    opted_out: frozenset[str] = attrs.field(
        default=frozenset(), converter=_names, metadata=spec(NAME_SET)
    )


def _cap_value(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidFieldError(attribute.name, value, "be None or an integer >= 1")


def _period(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise InvalidFieldError(attribute.name, value, "be a positive timedelta")


def _quiet(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, QuietHours):
        raise InvalidFieldError(attribute.name, value, "be QuietHours or None")


@declared(schema=1)
@attrs.frozen
class DeliveryPolicy(Document):
    """The rules every send goes through; see `plan`.

    Attributes:
        quiet_hours: Local hours in which the channels they cover do not send (`None`: none).
        cap: At most this many deliveries per customer in any `period` (`None`: no cap).
            Required notices are not counted and never dropped.
        period: The cap's period, and how far apart mergeable sends may be to share a digest.
        digests: Whether mergeable sends are merged into digests.
    """

    quiet_hours: QuietHours | None = attrs.field(factory=QuietHours, validator=_quiet)
    cap: int | None = attrs.field(default=3, validator=_cap_value)
    period: dt.timedelta = attrs.field(default=dt.timedelta(days=1), validator=_period)
    digests: bool = True

"""What the delivery planner decides: `Delivery`, `Suppressed` and the `DeliveryPlan` of both.

Their documents are declared in their fields (`supportflow._declarative`); `DeliveryPlan`
writes its deliveries and suppressed sends as records nested in its own document.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supportflow._declarative import Document, declared, spec
from supportflow.errors import InvalidFieldError
from supportflow.notices._codecs import ID, ID_LIST
from supportflow.vocabulary import NoticeChannel

__all__ = ["Delivery", "DeliveryPlan", "Suppressed"]


@declared(schema=None)
@attrs.frozen
class Delivery(Document):
    """One message that goes out.

    Attributes:
        name: The send's id, or for a digest `"digest:<customer>:<first send id>"`.
        customer: The customer.
        notice: The notice's name (`"digest"` for a digest).
        channel: The channel.
        at: When it goes out (UTC).
        sends: The ids of the sends it carries (one, or the digest's members).
        reason: Why it goes out at another time, channel or form than asked (empty if not).
    """

    name: str = attrs.field(metadata=spec(ID))
    customer: str = attrs.field(metadata=spec(ID))
    notice: str = attrs.field(metadata=spec(ID))
    channel: NoticeChannel
    at: dt.datetime
    sends: tuple[str, ...] = attrs.field(metadata=spec(ID_LIST))
    reason: str = ""


@declared(schema=None)
@attrs.frozen
class Suppressed(Document):
    """A send that does not go out, and why."""

    send: str = attrs.field(metadata=spec(ID))
    customer: str = attrs.field(metadata=spec(ID))
    notice: str = attrs.field(metadata=spec(ID))
    reason: str


@declared(schema=1)
@attrs.frozen
class DeliveryPlan(Document):
    """What `plan` decided: the deliveries in time order and the suppressed sends by id."""

    deliveries: tuple[Delivery, ...]
    suppressed: tuple[Suppressed, ...]

    def outcome(self, send_id: str) -> Delivery | Suppressed:
        """What became of the send `send_id`.

        Raises:
            InvalidFieldError: no send `send_id` was planned.
        """
        for delivery in self.deliveries:
            if send_id in delivery.sends:
                return delivery
        for item in self.suppressed:
            if item.send == send_id:
                return item
        raise InvalidFieldError("send_id", send_id, "be the id of a planned send")

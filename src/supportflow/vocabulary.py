"""The shared vocabularies: channels, services and notice choices, defined once.

Complaints, contact attempts, priority, maintenance and notices all speak of the channel a
customer used, the services a maintenance window pauses, and what a notice says is paused.
Each of those words is defined here, once, and every module uses these definitions:

- `Channel`: every channel a customer reaches the firm on (or is reached on). A complaint's
  `channel`, a `ContactAttempt`'s channel and the keys of the default priority model's
  `channel_points` are its values, so `PriorityInputs.from_complaint` needs no mapping.
- `NoticeChannel`: the channels a notice goes out on; each is also a `Channel` of the
  same name (`NoticeChannel.SMS.channel is Channel.SMS`).
- `Service`: the services a maintenance window can pause.
- `SERVICE_CHOICES`: the words a maintenance notice uses for what is paused (the catalog
  templates' `services` choices): every `Service`, plus `deposits_and_withdrawals` and
  `all_services`. `services_choice` turns a window's services into one of them.

The host extends a vocabulary through configuration where the library lets it choose:
a priority model's `channel_points` may name channels of its own, and a catalog of its
own (`load_notices`) may offer more `services` choices. A value no vocabulary (and no
configuration) knows is refused with `InvalidFieldError` naming the field and the value.

```python
from supportflow.vocabulary import Channel, NoticeChannel, Service, services_choice

assert Channel("web_form") is Channel.WEB_FORM
assert NoticeChannel.IN_APP.channel is Channel.IN_APP
assert services_choice([Service.WITHDRAWALS, "deposits"]) == "deposits_and_withdrawals"
```
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final, TypeVar

from supportflow.errors import InvalidFieldError

__all__ = [
    "SERVICE_CHOICES",
    "Channel",
    "NoticeChannel",
    "Service",
    "channel",
    "service",
    "services_choice",
]


class Channel(enum.Enum):
    """A channel between a customer and the firm: how a complaint came in, or a notice goes out.

    `REGULATOR_REFERRAL` is a complaint passed on by a regulator or ombudsman (the
    customer went there first). `HOTLINE` is the firm's published customer-service number;
    `PHONE` any other call (a relationship manager, a branch). `IN_APP_CHAT` is live chat
    in the app; `IN_APP` the app's message centre.
    """

    PHONE = "phone"
    HOTLINE = "hotline"
    IN_APP_CHAT = "in_app_chat"
    IN_APP = "in_app"
    EMAIL = "email"
    SMS = "sms"
    WECHAT = "wechat"
    WEB_FORM = "web_form"
    SOCIAL_MEDIA = "social_media"
    LETTER = "letter"
    IN_PERSON = "in_person"
    REGULATOR_REFERRAL = "regulator_referral"

    def label(self, locale: str = "en") -> str:
        """The channel's name for people, in `"en"` or `"zh-Hans"`.

        Raises:
            InvalidFieldError: another locale.
        """
        if locale not in _LABEL_LOCALES:
            raise InvalidFieldError("locale", locale, f"be one of {', '.join(_LABEL_LOCALES)}")
        return _CHANNEL_LABELS[self][_LABEL_LOCALES.index(locale)]

    @property
    def notice_channel(self) -> NoticeChannel | None:
        """The `NoticeChannel` of the same name, or `None` if notices do not go out on it."""
        return _NOTICE_BY_VALUE.get(self.value)


_LABEL_LOCALES: Final = ("en", "zh-Hans")

_CHANNEL_LABELS: Final[dict[Channel, tuple[str, str]]] = {
    Channel.PHONE: ("phone", "电话"),
    Channel.HOTLINE: ("hotline", "客服热线"),
    Channel.IN_APP_CHAT: ("in-app chat", "App 在线客服"),
    Channel.IN_APP: ("in-app message", "App 内消息"),
    Channel.EMAIL: ("email", "电子邮件"),
    Channel.SMS: ("SMS", "短信"),
    Channel.WECHAT: ("WeChat", "微信"),
    Channel.WEB_FORM: ("web form", "网页表单"),
    Channel.SOCIAL_MEDIA: ("social media", "社交媒体"),
    Channel.LETTER: ("letter", "信函"),
    Channel.IN_PERSON: ("in person", "现场"),
    Channel.REGULATOR_REFERRAL: ("regulator referral", "监管转办"),
}


class NoticeChannel(enum.Enum):
    """A channel a notice goes out on; each is also the `Channel` of the same name."""

    SMS = "sms"
    EMAIL = "email"
    IN_APP = "in_app"

    @property
    def channel(self) -> Channel:
        """The `Channel` of the same name."""
        return Channel(self.value)


_NOTICE_BY_VALUE: Final = {c.value: c for c in NoticeChannel}


class Service(enum.Enum):
    """A service a maintenance window can pause.

    Besides the platform's own services, the ways customers reach support (`HOTLINE`,
    `CHAT`, `EMAIL`) and the merchants' point-of-sale service (`POS`) can be under
    maintenance; `supportflow.complaints.reachability` attributes failed contact attempts to
    the maintenance of their channel's service.
    """

    WITHDRAWALS = "withdrawals"
    DEPOSITS = "deposits"
    TRADING = "trading"
    LOGIN = "login"
    TRANSFERS = "transfers"
    PAYMENTS = "payments"
    HOTLINE = "hotline"
    CHAT = "chat"
    EMAIL = "email"
    POS = "pos"


#: What a maintenance notice says is paused (the catalog's `services` choices): one
#: service's name, `deposits_and_withdrawals`, or `all_services`.
SERVICE_CHOICES: Final[tuple[str, ...]] = (
    "withdrawals",
    "deposits_and_withdrawals",
    "trading",
    "all_services",
    "hotline",
    "chat",
    "email",
    "pos",
    "deposits",
    "login",
    "transfers",
    "payments",
)

_E = TypeVar("_E", bound=enum.Enum)

_DEPOSITS_AND_WITHDRAWALS: Final = frozenset({Service.DEPOSITS, Service.WITHDRAWALS})
_EVERY_SERVICE: Final = frozenset(Service)


def channel(value: Channel | str, field: str = "channel") -> Channel:
    """`value` as a `Channel` (a member, or its value such as `"web_form"`).

    Raises:
        InvalidFieldError: not a channel; `field` names it.
    """
    return _member(Channel, value, field)


def service(value: Service | str, field: str = "service") -> Service:
    """`value` as a `Service` (a member, or its value such as `"withdrawals"`).

    Raises:
        InvalidFieldError: not a service; `field` names it.
    """
    return _member(Service, value, field)


def _member(kind: type[_E], value: object, field: str) -> _E:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(m.value for m in kind)
        raise InvalidFieldError(field, value, f"be one of {choices}") from None


def services_choice(services: Iterable[Service | str]) -> str:
    """The catalog's `services` choice that says exactly which `services` are paused.

    One service is its own name; deposits with withdrawals is `deposits_and_withdrawals`;
    every service is `all_services`. No other combination has a word in the catalog:
    it is refused rather than described as more or less than it is.

    Example:
        ```python
        from supportflow.vocabulary import services_choice

        assert services_choice(["pos"]) == "pos"
        ```

    Raises:
        InvalidFieldError: an unknown service (`services[<i>]`), none, or a combination
            with no catalog word (`services`).
    """
    if isinstance(services, str | bytes) or not isinstance(services, Iterable):
        raise InvalidFieldError("services", services, "be a collection of services")
    chosen = frozenset(service(s, f"services[{i}]") for i, s in enumerate(services))
    if not chosen:
        raise InvalidFieldError("services", [], "name at least one service")
    if len(chosen) == 1:
        return next(iter(chosen)).value
    if chosen == _DEPOSITS_AND_WITHDRAWALS:
        return "deposits_and_withdrawals"
    if chosen == _EVERY_SERVICE:
        return "all_services"
    raise InvalidFieldError(
        "services",
        sorted(s.value for s in chosen),
        "be one service, deposits and withdrawals, or every service (the catalog's words "
        "for what is paused); give the notice's `services` value yourself otherwise",
    )

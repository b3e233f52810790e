"""Rendered notices: `RenderedNotice` and its messages per channel (SMS, email, in-app)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from supportflow import _validators
from supportflow._serialization import Reader
from supportflow.errors import (
    InvalidFieldError,
)
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._sms import SmsCost, sms_cost

__all__ = ["EmailMessage", "InAppMessage", "RenderedNotice", "SmsMessage"]


# -- rendered notices -------------------------------------------------------------------


@attrs.frozen
class SmsMessage:
    """A rendered SMS: its text and what it costs."""

    text: str
    cost: SmsCost


@attrs.frozen
class EmailMessage:
    """A rendered email: subject, preheader (or `None`), plain text and HTML bodies."""

    subject: str
    preheader: str | None
    text: str
    html: str


@attrs.frozen
class InAppMessage:
    """A rendered in-app message: title, body and an optional `https://` link."""

    title: str
    body: str
    link: str | None


@attrs.frozen
class RenderedNotice:
    """One notice rendered for one customer: every channel the template has, in one locale.

    Attributes:
        template: The template's name.
        requested_locale: The customer's language tag, as asked (e.g. `"zh-TW"`).
        locale: The locale the texts were written in (e.g. `"zh-Hant"`).
        fallbacks: The locales of the chain that the template lacks and that were skipped
            before `locale` (empty when the customer got their first choice).
        sms: The SMS, or `None` when the template has no SMS part (or it was not asked for).
        email: The email, or `None`.
        in_app: The in-app message, or `None`.
    """

    template: str
    requested_locale: str
    locale: str
    fallbacks: tuple[str, ...]
    sms: SmsMessage | None = None
    email: EmailMessage | None = None
    in_app: InAppMessage | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1); the SMS cost is included for readers, and recomputed."""
        out: dict[str, object] = {
            "schema": 1,
            "template": self.template,
            "requested_locale": self.requested_locale,
            "locale": self.locale,
            "fallbacks": list(self.fallbacks),
            "sms": None,
            "email": None,
            "in_app": None,
        }
        if self.sms is not None:
            cost = self.sms.cost
            out["sms"] = {
                "text": self.sms.text,
                "encoding": cost.encoding.value,
                "segments": cost.segments,
            }
        if self.email is not None:
            out["email"] = attrs.asdict(self.email)
        if self.in_app is not None:
            out["in_app"] = attrs.asdict(self.in_app)
        return out

    @classmethod
    def from_dict(
        cls, data: object, *, locale_tables: Iterable[LocaleTable] = ()
    ) -> RenderedNotice:
        """Rebuild a rendered notice from `to_dict()` output.

        A notice written in an added locale reads back when that locale's table is among
        `locale_tables`.

        Raises:
            SerializationError: unknown schema, missing or extra keys, wrong types, an SMS
                whose recorded cost does not match its text, or a locale that is neither
                built in nor the tag of one of `locale_tables`.
            InvalidFieldError: `locale_tables` is not a collection of `LocaleTable` objects.
        """
        known = (
            *LOCALES,
            *(t.tag for t in _validators.items_of("locale_tables", locale_tables, LocaleTable)),
        )
        reader = Reader.root(
            data,
            schema=1,
            keys={"template", "requested_locale", "locale", "fallbacks", "sms", "email", "in_app"},
        )
        fallbacks = tuple(r.as_(_string) for r in reader.items("fallbacks"))
        sms = email = in_app = None
        if reader.has("sms"):
            part = reader.child("sms")
            part.require_keys({"text", "encoding", "segments"})
            text = part.text("text")
            cost = sms_cost(text)
            if (part.text("encoding"), part.integer("segments")) != (
                cost.encoding.value,
                cost.segments,
            ):
                raise part.fail(f"match the text ({cost.encoding.value}, {cost.segments})")
            sms = SmsMessage(text, cost)
        if reader.has("email"):
            part = reader.child("email")
            part.require_keys({"subject", "preheader", "text", "html"})
            email = EmailMessage(
                part.text("subject"),
                part.text("preheader") if part.has("preheader") else None,
                part.text("text"),
                part.text("html"),
            )
        if reader.has("in_app"):
            part = reader.child("in_app")
            part.require_keys({"title", "body", "link"})
            in_app = InAppMessage(
                part.text("title"),
                part.text("body"),
                part.text("link") if part.has("link") else None,
            )
        locale = reader.text("locale")
        if locale not in known:
            raise reader.fail(
                f"be one of {', '.join(known)} (an added locale needs its table)", "locale"
            )
        return cls(
            reader.text("template"),
            reader.text("requested_locale"),
            locale,
            fallbacks,
            sms,
            email,
            in_app,
        )


def _entries(reader: Reader) -> list[tuple[str, Reader]]:
    return [
        (key, Reader(value, f"{reader.path}.{key}"))
        for key, value in reader.mapping_value().items()
    ]


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFieldError("", value, "be a string")
    return value

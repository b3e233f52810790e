"""Rendered notices: `RenderedNotice` and its messages per channel (SMS, email, in-app)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

import attrs

from supportflow import _declarative, _validators
from supportflow import _json_schema as _js
from supportflow._declarative import Codec, Document, declared, spec
from supportflow._serialization import Reader
from supportflow.errors import SerializationError
from supportflow.notices._codecs import ID
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._sms import SmsCost, SmsEncoding, sms_cost

__all__ = ["EmailMessage", "InAppMessage", "RenderedNotice", "SmsMessage"]


# -- rendered notices -------------------------------------------------------------------


@attrs.frozen
class SmsMessage:
    """A rendered SMS: its text and what it costs."""

    text: str
    cost: SmsCost


@declared(schema=None)
@attrs.frozen
class EmailMessage(Document):
    """A rendered email: subject, preheader (or `None`), plain text and HTML bodies."""

    subject: str
    preheader: str | None
    text: str
    html: str


@declared(schema=None)
@attrs.frozen
class InAppMessage(Document):
    """A rendered in-app message: title, body and an optional `https://` link."""

    title: str
    body: str
    link: str | None


def _dump_sms(message: SmsMessage) -> object:
    cost = message.cost
    return {"text": message.text, "encoding": cost.encoding.value, "segments": cost.segments}


def _load_sms(value: object, path: str) -> SmsMessage:
    # The cost is recomputed from the text; the recorded one must agree (a tamper check).
    reader = Reader(value, path)
    reader.require_keys({"text", "encoding", "segments"})
    text = reader.text("text")
    cost = sms_cost(text)
    if (reader.text("encoding"), reader.integer("segments")) != (
        cost.encoding.value,
        cost.segments,
    ):
        raise reader.fail(f"match the text ({cost.encoding.value}, {cost.segments})")
    return SmsMessage(text, cost)


def _sms_schema() -> _js.Schema:
    return _js.record(
        {"text": _js.TEXT, "encoding": _js.enum_of(SmsEncoding), "segments": _js.INTEGER}
    )


#: An SMS as its text with the encoding and segments it costs, for readers.
_SMS = Codec(_dump_sms, _load_sms, _sms_schema)


@declared(schema=1)
@attrs.frozen
class RenderedNotice(Document):
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

    template: str = attrs.field(metadata=spec(ID))
    requested_locale: str
    locale: str
    fallbacks: tuple[str, ...]
    sms: SmsMessage | None = attrs.field(default=None, metadata=spec(_declarative.optional(_SMS)))
    email: EmailMessage | None = None
    in_app: InAppMessage | None = None

    @classmethod
    def from_dict(
        cls, data: object, *, locale_tables: Iterable[LocaleTable] = (), path: str = ""
    ) -> Self:
        """Rebuild a rendered notice from `to_dict()` output (the SMS cost is recomputed).

        A notice written in an added locale reads back when that locale's table is among
        `locale_tables`.

        Args:
            data: The dict, e.g. `json.loads` output.
            locale_tables: The tables of the added locales a notice may be written in.
            path: The JSON path of `data` inside a larger document, for error messages.

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
        notice = _declarative.load(cls, data, path=path)
        if notice.locale not in known:
            raise SerializationError(
                f"{path}.locale" if path else "locale",
                notice.locale,
                f"be one of {', '.join(known)} (an added locale needs its table)",
            )
        return notice

"""A notice template's texts: the parts of a notice (`PARTS`) and `NoticeTexts` (one locale)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from supportflow.errors import (
    InvalidFieldError,
)
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._template import unsafe_character
from supportflow.vocabulary import NoticeChannel

__all__ = ["PARTS", "NoticeTexts"]


#: The parts of a notice, in order, and the channel each belongs to.
PARTS: Final[dict[str, NoticeChannel]] = {
    "sms": NoticeChannel.SMS,
    "email_subject": NoticeChannel.EMAIL,
    "email_preheader": NoticeChannel.EMAIL,
    "email_text": NoticeChannel.EMAIL,
    "email_html": NoticeChannel.EMAIL,
    "in_app_title": NoticeChannel.IN_APP,
    "in_app_body": NoticeChannel.IN_APP,
    "in_app_link": NoticeChannel.IN_APP,
}
_ONE_LINE: Final = frozenset({"email_subject", "email_preheader", "in_app_title", "in_app_link"})
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string or None")


Labels = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def _to_text_labels(value: object) -> Labels:
    """`{variable: {choice: label}}` (or the frozen form), frozen and sorted."""
    if isinstance(value, tuple):
        try:
            value = {name: dict(pairs) for name, pairs in value}
        except (TypeError, ValueError) as exc:
            raise InvalidFieldError("labels", value, "be {variable: {choice: label}}") from exc
    if not isinstance(value, Mapping):
        raise InvalidFieldError("labels", value, "be a mapping {variable: {choice: label}}")
    frozen = []
    for name, pairs in value.items():
        if not isinstance(name, str) or not isinstance(pairs, Mapping):
            raise InvalidFieldError(f"labels.{name}", pairs, "be a mapping {choice: label}")
        for choice, label in pairs.items():
            if not isinstance(choice, str):
                raise InvalidFieldError(f"labels.{name}", choice, "have string choices")
            if not isinstance(label, str) or not label.strip() or unsafe_character(label) >= 0:
                raise InvalidFieldError(
                    f"labels.{name}.{choice}", label, "be non-empty text without control characters"
                )
        frozen.append((name, tuple(sorted(pairs.items()))))
    return tuple(sorted(frozen))


def _to_table(value: object) -> LocaleTable | None:
    # A converter rather than a validator: `__init__` then takes `object`, so callers may
    # splat a `dict[str, str]` of parts without mypy seeing a clash with this keyword.
    if value is not None and not isinstance(value, LocaleTable):
        raise InvalidFieldError("table", value, "be a LocaleTable or None")
    return value


@attrs.frozen
class NoticeTexts:
    """The template texts of one locale: a part per channel element.

    A channel is present when its parts are: SMS needs `sms`; email needs `email_subject`,
    `email_text` and `email_html` (`email_preheader` is optional); in-app needs
    `in_app_title` and `in_app_body` (`in_app_link` is optional and must be an `https://`
    link). Subjects, preheaders, titles and links are one line.

    Texts in a locale that is not built in come with that locale's `LocaleTable`
    (`NoticeTexts("ja", table=ja, sms=...)`); the template carries the table, so it renders
    and serializes on its own. Their enum labels come with them too,
    `labels={variable: {choice: label}}` (the built-in locales keep theirs on the
    `Variable`), so a translator adds a locale in one place.

    Raises:
        InvalidFieldError: an unknown locale (a built-in one, or the tag of `table`), or a
            channel with some parts missing.
    """

    locale: str
    sms: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_subject: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_preheader: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_text: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_html: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    in_app_title: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    in_app_body: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    in_app_link: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    table: LocaleTable | None = attrs.field(default=None, converter=_to_table, kw_only=True)
    labels: Labels = attrs.field(default=(), converter=_to_text_labels, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.table is None:
            if self.locale not in LOCALES:
                raise InvalidFieldError(
                    "locale",
                    self.locale,
                    f"be one of {', '.join(LOCALES)}, or come with its LocaleTable (table=)",
                )
        elif self.locale != self.table.tag or self.locale in LOCALES:
            raise InvalidFieldError(
                "table", self.table.tag, f"be the table of {self.locale!r}, a locale not built in"
            )
        if self.labels and self.table is None:
            raise InvalidFieldError(
                "labels",
                self.locale,
                "be given only with texts of an added locale (a built-in locale's labels "
                "belong to the Variable)",
            )
        email = (self.email_subject, self.email_text, self.email_html)
        if any(p is not None for p in (*email, self.email_preheader)) and None in email:
            raise InvalidFieldError(
                "email", self.locale, "have a subject, a text and an HTML part (or none)"
            )
        in_app = (self.in_app_title, self.in_app_body)
        if any(p is not None for p in (*in_app, self.in_app_link)) and None in in_app:
            raise InvalidFieldError("in_app", self.locale, "have a title and a body (or neither)")
        if not self.parts():
            raise InvalidFieldError("texts", self.locale, "have at least one channel")

    def parts(self) -> dict[str, str]:
        """The parts that are present, `{part: template text}`, in `PARTS` order."""
        return {part: text for part in PARTS if (text := getattr(self, part)) is not None}

    @property
    def channels(self) -> frozenset[NoticeChannel]:
        """The channels these texts cover."""
        return frozenset(PARTS[part] for part in self.parts())

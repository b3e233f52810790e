"""A notice template's texts: the parts (`PARTS`), `NoticeTexts` and their document form.

`NoticeTexts` holds one locale's texts; `TEXTS` is how a template's document writes them
(`{locale: {part: text}}`).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from supportflow import _json_schema as _js
from supportflow._declarative import TEXT, Codec, nested, sequence
from supportflow._declarative import pairs as _pairs_of
from supportflow._serialization import Reader
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._template import unsafe_character
from supportflow.vocabulary import NoticeChannel

__all__ = ["PARTS", "TEXTS", "NoticeTexts", "added_tables"]


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


# -- in a template's document --------------------------------------------------------------


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _AddedTables:
    """The tables the texts of one template document may take, each at most once.

    First those the document embeds (its `locale_tables` key, read when first needed), then
    those the caller gave.
    """

    def __init__(self, raw: object, path: str, given: Mapping[str, LocaleTable]) -> None:
        self._raw = raw
        self._path = _at(path, "locale_tables")
        self._given = given
        self._embedded: dict[str, LocaleTable] | None = None

    def _load(self) -> dict[str, LocaleTable]:
        if self._embedded is None:
            embedded: dict[str, LocaleTable] = {}
            if self._raw is not None:
                loaded = _TABLE_LIST.load(self._raw, self._path)
                for index, table in enumerate(loaded):
                    if table.tag in embedded:
                        raise SerializationError(
                            f"{self._path}[{index}]",
                            self._raw[index],  # type: ignore[index]  # a list, just read
                            "be the only table of its locale",
                        )
                    embedded[table.tag] = table
            self._embedded = embedded
        return self._embedded

    def take(self, locale: str) -> LocaleTable | None:
        embedded = self._load()
        return embedded.pop(locale) if locale in embedded else self._given.get(locale)

    def finish(self) -> None:
        if self._load():
            raise SerializationError(
                self._path, self._raw, "hold only the tables of the texts' locales"
            )


_TABLE_LIST: Final = sequence(nested(LocaleTable))
_TABLES: contextvars.ContextVar[_AddedTables | None] = contextvars.ContextVar(
    "supportflow_notice_tables", default=None
)


@contextlib.contextmanager
def added_tables(raw: object, path: str, given: Mapping[str, LocaleTable]) -> Iterator[None]:
    """While a template's document is read, the tables `TEXTS` gives its added locales.

    Args:
        raw: The document's `locale_tables` value (`None` when it has none).
        path: The JSON path of the document.
        given: The tables the caller passed, by tag (used when the document embeds none).

    Raises:
        SerializationError: on leaving, an embedded table no text took (path
            `locale_tables`), or a malformed one.
    """
    tables = _AddedTables(raw, path, given)
    token = _TABLES.set(tables)
    try:
        yield
    finally:
        _TABLES.reset(token)
    tables.finish()


_TEXT_KEYS: Final = frozenset({*PARTS, "labels"})
_LABELS: Final = _pairs_of(_pairs_of(TEXT))


def _dump_texts(texts: Sequence[NoticeTexts]) -> object:
    out: dict[str, object] = {}
    for item in texts:
        parts: dict[str, object] = dict(item.parts())
        if item.labels:
            parts["labels"] = _LABELS.dump(item.labels)
        out[item.locale] = parts
    return out


def _load_texts(value: object, path: str) -> tuple[NoticeTexts, ...]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise SerializationError(path, value, "be an object with string keys")
    tables = _TABLES.get()
    out = []
    for locale, document in value.items():
        reader = Reader(document, _at(path, locale))
        reader.require_keys(set(), optional=_TEXT_KEYS)
        fields: dict[str, Any] = {
            part: reader.text(part) for part in reader.mapping_value() if part in PARTS
        }
        if reader.has("labels"):  # `null` reads as no labels
            fields["labels"] = _LABELS.load(reader.raw("labels"), _at(reader.path, "labels"))
        table = None
        if locale not in LOCALES and tables is not None:
            # Without a table, NoticeTexts refuses the locale (path `texts.<tag>.locale`).
            table = tables.take(locale)
        with reader.building():
            out.append(NoticeTexts(locale, table=table, **fields))
    return tuple(out)


def _texts_schema() -> _js.Schema:
    parts = {**dict.fromkeys(PARTS, _js.TEXT), "labels": _js.mapping(_js.mapping(_js.TEXT))}
    return _js.mapping(_js.record({}, parts))


#: A template's texts as `{locale: {part: text, "labels": {variable: {choice: label}}}}`;
#: an added locale takes its table from `added_tables`.
TEXTS: Final = Codec(_dump_texts, _load_texts, _texts_schema)

"""Notice templates (texts per locale and channel part), rendering, and rendered notices."""

from __future__ import annotations

import html
import re
import urllib.parse
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
import pendulum

from supportflow import _pendulum, _validators
from supportflow._serialization import Reader
from supportflow.errors import (
    InvalidFieldError,
    SerializationError,
    SmsBudgetError,
    TemplateSyntaxError,
    TemplateVariableError,
)
from supportflow.notices._locale_formats import Formats
from supportflow.notices._locale_registry import Registry, builtin_registry, registry
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._sms import SmsCost, sms_cost
from supportflow.notices._template import Slot, Template, parse, unsafe_character
from supportflow.notices._variables import (
    FILTERS_FOR,
    Variable,
    VariableType,
    dump_variable,
    load_variable,
)
from supportflow.registry import parse_ref
from supportflow.vocabulary import NoticeChannel

__all__ = [
    "PARTS",
    "EmailMessage",
    "InAppMessage",
    "NoticeChannel",
    "NoticeTemplate",
    "NoticeTexts",
    "RenderedNotice",
    "SmsMessage",
]


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


# -- templates --------------------------------------------------------------------------


def _template_name(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InvalidFieldError(
            attribute.name, value, "be a-z, 0-9 and '_', starting with a letter"
        )


def _to_variables(value: Iterable[Variable]) -> tuple[Variable, ...]:
    items: list[Variable] = []
    for item in _validators.items_of("variables", value, object):
        if not isinstance(item, Variable):
            raise InvalidFieldError("variables", item, "be Variable objects")
        items.append(item)
    return tuple(items)


def _to_texts(value: Iterable[NoticeTexts]) -> tuple[NoticeTexts, ...]:
    items: list[NoticeTexts] = []
    for item in _validators.items_of("texts", value, object):
        if not isinstance(item, NoticeTexts):
            raise InvalidFieldError("texts", item, "be NoticeTexts objects")
        items.append(item)
    # Built-in locales first, in their order, then added ones by tag.
    return tuple(
        sorted(
            items,
            key=lambda t: (
                (LOCALES.index(t.locale), "") if t.locale in LOCALES else (len(LOCALES), t.locale)
            ),
        )
    )


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if type(value) is not bool:
        raise InvalidFieldError(attribute.name, value, "be True or False")


def _budget(_instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 10):
        raise InvalidFieldError(attribute.name, value, "be None or a segment count from 1 to 10")


# Escaping applied to every value of a part (the template's own text is the operator's);
# `None` means values go in as they are.
def _quote_in_link(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _escape_html(text: str) -> str:
    return html.escape(text, quote=True)


_Key = tuple[str, str | None, str | None]
# A value's formatter: (value, the locale's formats, locale chain, zone) -> text.
_Formatter = Callable[[Any, Formats, tuple[str, ...], Any], str]
# A compiled slot: its key (what it renders to depends only on this), the variable, and
# the formatter chosen for its type and filter at compile time.
_Piece = str | tuple[_Key, str, _Formatter]
_Part = tuple[str, tuple[_Piece, ...], Callable[[str], str] | None]
_Check = tuple[str, Variable, Callable[[object], Any]]


@attrs.frozen
class _Compiled:
    """Everything rendering needs, derived from the template's source at construction."""

    parts: dict[str, tuple[_Part, ...]]  # locale -> parts
    tables: tuple[LocaleTable, ...]  # the tables of the added locales, in texts order
    registry: Registry | None  # the built-ins plus `tables` (None: built-ins only)
    used: dict[str, frozenset[str]]  # locale -> variable names used
    variables: dict[str, Variable]
    checks: tuple[_Check, ...]


def _ref(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        parse_ref(value, field=attribute.name)


@attrs.frozen
class NoticeTemplate:
    """A notice: declared variables plus texts in one or more locales, compiled once.

    Compiling checks everything that can be checked without values: the syntax of every
    part (`TemplateSyntaxError` with line and column), that every placeholder is a
    declared variable and every filter fits the variable's type, that every required
    variable is used in every locale, that customer-supplied (tainted) variables never
    appear in SMS, and that every locale has the same channels.

    Example:
        ```python
        import datetime as dt
        from supportflow.notices import NoticeTemplate, NoticeTexts, Variable, VariableType

        template = NoticeTemplate(
            "payment_due",
            variables=[Variable("due", VariableType.INSTANT)],
            texts=[
                NoticeTexts("en", sms="Please confirm your payment by {due|datetime:short}."),
                NoticeTexts("zh-Hans", sms="请于{due|datetime:short}前确认付款。"),
            ],
        )
        due = dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC)
        notice = template.render({"due": due}, locale="zh-TW", timezone="Asia/Taipei")
        assert notice.sms.text == "请于2025/3/1 18:00前确认付款。"
        assert (notice.locale, notice.fallbacks) == ("zh-Hans", ("zh-Hant",))
        ```

    Attributes:
        name: The notice's name (a-z, 0-9, `_`).
        variables: The declared variables.
        texts: The texts, one `NoticeTexts` per locale.
        sms_segments: The SMS segment budget: rendering raises `SmsBudgetError` when the
            values make the SMS longer. `None` for no budget.
        description: For operators: when the notice is sent.
        always_send: Legally required (a security alert, a regulatory response): the
            delivery planner sends it despite opt-outs, quiet hours and the frequency cap.
        mergeable: The delivery planner may merge it with other pending mergeable notices
            into one digest.
        ref: The reference (`"payment_reminder@2"`) it is registered under in a
            `supportflow.Registry` (set by `Registry.add`), or `None`: a service keeps its
            catalog's versions in the registry and stores which one a send used.

    Raises:
        TemplateSyntaxError: a part does not parse, or a filter does not fit its variable.
        TemplateVariableError: a placeholder is undeclared, a required variable is unused
            in a locale, or a tainted variable appears in SMS.
        InvalidFieldError: the fields are inconsistent (duplicate names or locales, locales
            with different channels).
    """

    name: str = attrs.field(validator=_template_name)
    variables: tuple[Variable, ...] = attrs.field(converter=_to_variables, kw_only=True)
    texts: tuple[NoticeTexts, ...] = attrs.field(converter=_to_texts, kw_only=True)
    sms_segments: int | None = attrs.field(default=None, validator=_budget, kw_only=True)
    description: str = attrs.field(default="", kw_only=True)
    always_send: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    mergeable: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    ref: str | None = attrs.field(default=None, kw_only=True, validator=_ref)
    _compiled: _Compiled = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", _compile(self))

    def __reduce__(self) -> tuple[Callable[[object], NoticeTemplate], tuple[object]]:
        # Pickle the source, never the compiled form: loading recompiles and re-checks.
        return (NoticeTemplate.from_dict, (self.to_dict(),))

    @property
    def locales(self) -> tuple[str, ...]:
        """The locales the template has texts for."""
        return tuple(t.locale for t in self.texts)

    @property
    def channels(self) -> frozenset[NoticeChannel]:
        """The channels the template covers (the same in every locale)."""
        return self.texts[0].channels

    def variable(self, name: str) -> Variable:
        """The declared variable called `name`.

        Raises:
            TemplateVariableError: no such variable.
        """
        try:
            return self._compiled.variables[name]
        except (KeyError, TypeError):  # TypeError: an unhashable name is no variable either
            raise TemplateVariableError(name, None, f"be declared by {self.name!r}") from None

    def used_variables(self, locale: str) -> frozenset[str]:
        """The names of the variables the texts of `locale` use.

        Raises:
            InvalidFieldError: the template has no texts for `locale`.
        """
        used = self._compiled.used
        given: object = locale  # typed str, but called from untyped code too
        if not isinstance(given, str) or given not in used:
            raise InvalidFieldError("locale", locale, f"be one of {', '.join(self.locales)}")
        return used[locale]

    def render(
        self,
        values: Mapping[str, object],
        *,
        locale: str,
        timezone: str | zoneinfo.ZoneInfo | pendulum.FixedTimezone,
        channels: Iterable[NoticeChannel | str] | None = None,
        locale_tables: Iterable[LocaleTable] = (),
    ) -> RenderedNotice:
        """Render the notice for one customer.

        Args:
            values: A value for every required variable (and any optional ones).
            locale: The customer's language tag; the fallback chain picks the texts.
            timezone: The customer's IANA zone; instants are shown in it.
            channels: Only these channels, as members or values (default: all the
                template has).
            locale_tables: Added locales that may serve the customer's tag besides the
                built-in ones and those the template has texts in (a `ja` table lets a
                `ja-JP` customer get the English texts of a template without Japanese,
                with `ja` reported in `fallbacks`).

        Raises:
            TemplateVariableError: a value is missing, undeclared, or does not fit its type.
            SmsBudgetError: the SMS needs more segments than `sms_segments`.
            InvalidFieldError: the locale is not served, the zone is unknown, or
                `locale_tables` is inconsistent (two tables for one tag, a fallback that
                is not known).
        """
        return _render(
            self,
            values,
            locale,
            timezone,
            channels,
            enforce_budget=True,
            locale_tables=locale_tables,
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (schema 1) holding the template's source, never compiled code.

        `always_send` and `mergeable` are written only when true.
        """
        out: dict[str, object] = {
            "schema": 1,
            "name": self.name,
            "description": self.description,
            "sms_segments": self.sms_segments,
        }
        if self.always_send:
            out["always_send"] = True
        if self.mergeable:
            out["mergeable"] = True
        if self.ref is not None:
            out["ref"] = self.ref
        out["variables"] = [dump_variable(v) for v in self.variables]
        out["texts"] = {t.locale: _texts_dict(t) for t in self.texts}
        if self._compiled.tables:
            out["locale_tables"] = [table.to_dict() for table in self._compiled.tables]
        return out

    @classmethod
    def from_dict(
        cls, data: object, *, locale_tables: Iterable[LocaleTable] = ()
    ) -> NoticeTemplate:
        """Rebuild (and recompile) a template from `to_dict()` output.

        Texts in a locale that is not built in take their table from the dict's
        `locale_tables` list (which `to_dict` writes), else from `locale_tables`.

        Raises:
            SerializationError: unknown schema, wrong keys or types, or texts in a locale
                that is neither built in nor given a table; the JSON path says where.
            TemplateError: the source in the dict no longer compiles (e.g. edited by hand).
            InvalidFieldError: `locale_tables` is not a collection of `LocaleTable` objects.
        """
        given = {
            t.tag: t for t in _validators.items_of("locale_tables", locale_tables, LocaleTable)
        }
        reader = Reader.root(
            data,
            schema=1,
            keys={"name", "description", "sms_segments", "variables", "texts"},
            optional={"always_send", "mergeable", "locale_tables", "ref"},
        )
        embedded: dict[str, LocaleTable] = {}
        if reader.has("locale_tables"):
            for item in reader.items("locale_tables"):
                added = _locale_table_at(item)
                if added.tag in embedded:
                    raise item.fail("be the only table of its locale")
                embedded[added.tag] = added
        variables = [load_variable(r) for r in reader.items("variables")]
        texts = []
        for locale, part_reader in reader.entries("texts"):
            part_reader.require_keys(set(), optional={*PARTS, "labels"})
            parts: dict[str, Any] = {
                part: part_reader.text(part)
                for part in part_reader.mapping_value()
                if part in PARTS
            }
            if part_reader.has("labels"):
                parts["labels"] = {
                    name: {choice: label.as_(_string) for choice, label in _entries(pairs)}
                    for name, pairs in part_reader.entries("labels")
                }
            table: LocaleTable | None = None
            if locale not in LOCALES:
                # Without a table, NoticeTexts refuses the locale (path `texts.<tag>.locale`).
                table = embedded.pop(locale) if locale in embedded else given.get(locale)
            with part_reader.building():
                texts.append(NoticeTexts(locale, table=table, **parts))
        if embedded:
            raise reader.fail("hold only the tables of the texts' locales", "locale_tables")
        budget = reader.integer("sms_segments") if reader.has("sms_segments") else None
        with reader.building():
            return cls(
                reader.text("name"),
                variables=variables,
                texts=texts,
                sms_segments=budget,
                description=reader.text("description"),
                always_send=reader.flag("always_send", False),  # noqa: FBT003 - a default
                mergeable=reader.flag("mergeable", False),  # noqa: FBT003 - a default
                ref=reader.text("ref") if reader.has("ref") else None,
            )


def _texts_dict(texts: NoticeTexts) -> dict[str, object]:
    out: dict[str, object] = dict(texts.parts())
    if texts.labels:
        out["labels"] = {name: dict(pairs) for name, pairs in texts.labels}
    return out


def _locale_table_at(reader: Reader) -> LocaleTable:
    try:
        return LocaleTable.from_dict(reader.value)
    except SerializationError as exc:
        inner = f"{reader.path}.{exc.path}" if exc.path else reader.path
        raise SerializationError(inner, exc.value, exc.reason) from exc


def _compile(template: NoticeTemplate) -> _Compiled:  # noqa: PLR0912 - one branch per rule
    variables: dict[str, Variable] = {}
    for var in template.variables:
        if var.name in variables:
            raise InvalidFieldError("variables", var.name, "not declare a name twice")
        variables[var.name] = var
    if not template.texts:
        raise InvalidFieldError("texts", (), "have texts in at least one locale")
    locales = [t.locale for t in template.texts]
    if len(set(locales)) != len(locales):
        raise InvalidFieldError("texts", locales, "have one NoticeTexts per locale")
    first = template.texts[0]
    first_parts = first.parts()
    parts_by_locale: dict[str, tuple[_Part, ...]] = {}
    used_by_locale: dict[str, frozenset[str]] = {}
    formatters: dict[_Key, _Formatter] = {}
    text_labels = _text_labels(template.texts, variables)
    for texts in template.texts:
        sources = texts.parts() if texts is not first else first_parts
        if sources.keys() != first_parts.keys():
            raise InvalidFieldError(
                f"texts.{texts.locale}",
                sorted(sources),
                f"have the same parts as {first.locale} ({', '.join(first_parts)})",
            )
        compiled_parts: list[_Part] = []
        used: set[str] = set()
        for part, source in sources.items():
            where = f"{template.name}[{texts.locale}].{part}"
            parsed = parse(source, where)
            _check_part(parsed, part, where, variables)
            used |= parsed.names
            pieces: list[_Piece] = []
            for piece in parsed.parts:
                if isinstance(piece, str):
                    pieces.append(piece)
                    continue
                key = piece.key
                render = formatters.get(key)
                if render is None:
                    render = formatters[key] = _formatter(
                        piece, variables[piece.name], text_labels.get(piece.name, {})
                    )
                pieces.append((key, piece.name, render))
            compiled_parts.append((part, tuple(pieces), _escaper(part, parsed, variables)))
        for var in template.variables:
            if var.required and var.name not in used:
                raise TemplateVariableError(
                    var.name, None, f"be used in every locale (no part of {texts.locale} uses it)"
                )
            added = text_labels.get(var.name, {})
            if (var.labels or added) and var.name in used:
                labelled = {loc for loc, pairs in var.labels if len(pairs) == len(var.choices)}
                labelled |= {loc for loc, pairs in added.items() if len(pairs) == len(var.choices)}
                if texts.locale not in labelled:
                    raise TemplateVariableError(
                        var.name, None, f"have a label for every choice in {texts.locale}"
                    )
        parts_by_locale[texts.locale] = tuple(compiled_parts)
        used_by_locale[texts.locale] = frozenset(used)
    checks = tuple((v.name, v, v.checker()) for v in template.variables)
    tables = tuple(t.table for t in template.texts if t.table is not None)
    return _Compiled(
        parts_by_locale,
        tables,
        registry(tables) if tables else None,
        used_by_locale,
        variables,
        checks,
    )


def _text_labels(
    texts: tuple[NoticeTexts, ...], variables: dict[str, Variable]
) -> dict[str, dict[str, dict[str, str]]]:
    """The labels the texts of added locales give, `{variable: {locale: {choice: label}}}`."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for each in texts:
        for name, pairs in each.labels:
            var = variables.get(name)
            if var is None or var.kind is not VariableType.ENUM:
                raise InvalidFieldError(
                    f"texts.{each.locale}.labels", name, "name a declared enum variable"
                )
            for choice, _label in pairs:
                if choice not in var.choices:
                    raise InvalidFieldError(
                        f"texts.{each.locale}.labels.{name}", choice, "label a declared choice"
                    )
            out.setdefault(name, {})[each.locale] = dict(pairs)
    return out


def _check_part(parsed: Template, part: str, where: str, variables: dict[str, Variable]) -> None:
    if part in _ONE_LINE and "\n" in parsed.source:
        index = parsed.source.index("\n")
        line = parsed.source.count("\n", 0, index) + 1
        column = index - (parsed.source.rfind("\n", 0, index) + 1) + 1
        raise TemplateSyntaxError(f"the {part} part must be one line", line, column, where)
    for slot in parsed.slots:
        var = variables.get(slot.name)
        if var is None:
            raise TemplateVariableError(
                slot.name, None, f"be declared (used at {where}:{slot.line}:{slot.column})"
            )
        if slot.filter is not None and slot.filter not in FILTERS_FOR[var.kind]:
            fits = ", ".join(sorted(FILTERS_FOR[var.kind])) or "none"
            raise TemplateSyntaxError(
                f"filter {slot.filter!r} does not fit {slot.name!r} of type {var.kind.value} "
                f"(filters that fit: {fits})",
                slot.line,
                slot.column + len(slot.name) + 2,
                where,
            )
        if part == "sms" and var.tainted:
            raise TemplateVariableError(
                slot.name,
                None,
                f"not appear in SMS: it is customer-supplied ({where}:{slot.line}:{slot.column})",
            )
    if part == "in_app_link":
        only_url = (
            len(parsed.parts) == 1
            and isinstance(parsed.parts[0], Slot)
            and variables[parsed.parts[0].name].kind is VariableType.URL
        )
        if not only_url and not parsed.source.startswith("https://"):
            raise TemplateSyntaxError(
                "the in_app_link part must start with 'https://' or be one URL variable",
                1,
                1,
                where,
            )


def _escaper(
    part: str, parsed: Template, variables: dict[str, Variable]
) -> Callable[[str], str] | None:
    if part == "email_html":
        return _escape_html
    if part == "in_app_link":
        only_url = len(parsed.parts) == 1 and isinstance(parsed.parts[0], Slot)
        if only_url or all(variables[s.name].kind is VariableType.URL for s in parsed.slots):
            return None
        return _quote_in_link
    return None


_ZONES: dict[object, zoneinfo.ZoneInfo | pendulum.FixedTimezone] = {}
_TRUNCATE_MARK: Final = "…"


def _zone(value: object) -> zoneinfo.ZoneInfo | pendulum.FixedTimezone:
    cached = _ZONES.get(value) if value.__class__ is str else None
    if cached is not None:
        return cached
    if isinstance(value, zoneinfo.ZoneInfo | pendulum.FixedTimezone):
        return value
    cached = _pendulum.zone(value)
    if isinstance(value, str) and len(_ZONES) < 1024:
        _ZONES[value] = cached
    return cached


def _check_values(compiled: _Compiled, name: str, values: Mapping[str, object]) -> dict[str, Any]:
    if not isinstance(values, dict) and not isinstance(values, Mapping):
        raise TemplateVariableError("values", values, "be a mapping of variable names to values")
    checked: dict[str, Any] = {}
    found = 0
    for key, var, check in compiled.checks:
        value = values.get(key, _MISSING)
        if value is _MISSING:
            if var.required:
                raise TemplateVariableError(key, None, "be given (it is required)")
            checked[key] = var.default
        else:
            found += 1
            checked[key] = check(value)
    if found != len(values):
        for key in values:
            if key not in compiled.variables:
                raise TemplateVariableError(
                    str(key), values[key], f"be declared by template {name!r}"
                )
    return checked


_MISSING: Final = object()


def _instant_formatter(format_: Callable[[Formats, Any, str], str], style: str) -> _Formatter:
    def render(value: Any, formats: Formats, _chain: tuple[str, ...], zone: Any) -> str:  # noqa: ANN401
        # `value` is a plain UTC datetime (see Variable.check); the zone's fromutc converts.
        return format_(formats, value.astimezone(zone), style)

    return render


def _text_formatter(
    var: Variable,
    filter_name: str | None,
    arg: str | None,
    added: dict[str, dict[str, str]],
) -> _Formatter:
    labels = {loc: dict(pairs) for loc, pairs in var.labels} | added

    def text_of(value: str, chain: tuple[str, ...]) -> str:
        if labels:
            for loc in chain:
                label = labels.get(loc, {}).get(value)
                if label is not None:
                    return label
        return value

    if filter_name == "upper":
        return lambda value, _formats, chain, _zone: text_of(value, chain).upper()
    if filter_name == "lower":
        return lambda value, _formats, chain, _zone: text_of(value, chain).lower()
    if filter_name == "truncate":
        limit = int(arg or 1)

        def truncate(value: Any, _formats: Formats, chain: tuple[str, ...], _zone: Any) -> str:  # noqa: ANN401
            text = text_of(value, chain)
            if len(text) <= limit:
                return text
            return text[: limit - 1].rstrip() + _TRUNCATE_MARK

        return truncate
    if labels:
        return lambda value, _formats, chain, _zone: text_of(value, chain)
    return lambda value, _formats, _chain, _zone: value


_INSTANT_FORMATS: Final = {"date": Formats.date, "time": Formats.time, "datetime": Formats.datetime}


def _formatter(slot: Slot, var: Variable, added: dict[str, dict[str, str]]) -> _Formatter:
    """The function that renders `slot` for a value of `var` (chosen once, at compile time)."""
    kind = var.kind
    if kind is VariableType.INSTANT:
        return _instant_formatter(_INSTANT_FORMATS[slot.filter or "datetime"], slot.arg or "medium")
    if kind is VariableType.MONEY:
        return lambda value, formats, _chain, _zone: formats.money(value)
    if kind is VariableType.DURATION:
        return lambda value, formats, _chain, _zone: formats.duration(value)
    if kind is VariableType.INTEGER:
        return lambda value, formats, _chain, _zone: formats.number(f"{value:,}")
    if kind is VariableType.DECIMAL:
        return lambda value, formats, _chain, _zone: formats.number(f"{value:,f}")
    return _text_formatter(var, slot.filter, slot.arg, added)


def _registry_for(compiled: _Compiled, locale_tables: Iterable[LocaleTable]) -> Registry:
    """The locales a render may use: built-ins, the template's added ones, and `locale_tables`."""
    if locale_tables == ():
        return compiled.registry or builtin_registry()
    given = _validators.items_of("locale_tables", locale_tables, LocaleTable)
    return registry((*compiled.tables, *given))


def _render(
    template: NoticeTemplate,
    values: Mapping[str, object],
    requested: str,
    timezone: object,
    channels: Iterable[NoticeChannel | str] | None,
    *,
    enforce_budget: bool,
    locale_tables: Iterable[LocaleTable] = (),
) -> RenderedNotice:
    compiled = template._compiled
    known = _registry_for(compiled, locale_tables)
    chain = known.chain(requested)
    fallbacks: tuple[str, ...] = ()
    for index, locale in enumerate(chain):
        if locale in compiled.parts:
            fallbacks = chain[:index]
            break
    else:
        # The chain always ends in "en"; a template without English and without any locale
        # of the chain cannot serve this customer.
        raise InvalidFieldError(
            "locale",
            requested,
            f"fall back to a locale of {template.name!r} ({', '.join(template.locales)})",
        )
    wanted = (
        None
        if channels is None
        else frozenset(_validators.choices("channels", channels, NoticeChannel))
    )
    zone = _zone(timezone)
    formats = known.formats(locale)
    checked = _check_values(compiled, template.name, values)
    text_chain = chain[len(fallbacks) :]
    memo: dict[_Key, str] = {}
    out: dict[str, str] = {}
    for part, pieces, escape in compiled.parts[locale]:
        if wanted is not None and PARTS[part] not in wanted:
            continue
        rendered: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                rendered.append(piece)
                continue
            key, name, render = piece
            text = memo.get(key)
            if text is None:
                text = memo[key] = render(checked[name], formats, text_chain, zone)
            rendered.append(text if escape is None else escape(text))
        out[part] = "".join(rendered)
    sms = email = in_app = None
    if "sms" in out:
        text = out["sms"]
        cost = sms_cost(text)
        budget = template.sms_segments
        if enforce_budget and budget is not None and cost.segments > budget:
            raise SmsBudgetError(template.name, locale, cost.segments, budget, cost.encoding.value)
        sms = SmsMessage(text, cost)
    if "email_subject" in out:
        email = EmailMessage(
            out["email_subject"], out.get("email_preheader"), out["email_text"], out["email_html"]
        )
    if "in_app_title" in out:
        in_app = InAppMessage(out["in_app_title"], out["in_app_body"], out.get("in_app_link"))
    return RenderedNotice(template.name, requested, locale, fallbacks, sms, email, in_app)


def render_unbudgeted(
    template: NoticeTemplate,
    values: Mapping[str, object],
    locale: str,
    timezone: object,
    locale_tables: Iterable[LocaleTable] = (),
) -> RenderedNotice:
    """Render without enforcing the SMS budget (for previews, which report it instead)."""
    return _render(
        template,
        values,
        locale,
        timezone,
        None,
        enforce_budget=False,
        locale_tables=locale_tables,
    )

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
from supportflow._template import Slot, Template, parse
from supportflow.errors import (
    InvalidFieldError,
    SmsBudgetError,
    TemplateSyntaxError,
    TemplateVariableError,
)
from supportflow.notices._locales import (
    LOCALES,
    fallback_chain,
    format_date,
    format_datetime,
    format_duration,
    format_money,
    format_time,
)
from supportflow.notices._sms import SmsCost, sms_cost
from supportflow.notices._variables import (
    FILTERS_FOR,
    Variable,
    VariableType,
    dump_variable,
    load_variable,
)
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


def _locale(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in LOCALES:
        raise InvalidFieldError(attribute.name, value, f"be one of {', '.join(LOCALES)}")


@attrs.frozen
class NoticeTexts:
    """The template texts of one locale: a part per channel element.

    A channel is present when its parts are: SMS needs `sms`; email needs `email_subject`,
    `email_text` and `email_html` (`email_preheader` is optional); in-app needs
    `in_app_title` and `in_app_body` (`in_app_link` is optional and must be an `https://`
    link). Subjects, preheaders, titles and links are one line.

    Raises:
        InvalidFieldError: an unknown locale, or a channel with some parts missing.
    """

    locale: str = attrs.field(validator=_locale)
    sms: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_subject: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_preheader: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_text: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    email_html: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    in_app_title: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    in_app_body: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)
    in_app_link: str | None = attrs.field(default=None, validator=_optional_text, kw_only=True)

    def __attrs_post_init__(self) -> None:
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
    def from_dict(cls, data: object) -> RenderedNotice:
        """Rebuild a rendered notice from `to_dict()` output.

        Raises:
            SerializationError: unknown schema, missing or extra keys, wrong types, or an SMS
                whose recorded cost does not match its text.
        """
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
        if locale not in LOCALES:
            raise reader.fail(f"be one of {', '.join(LOCALES)}", "locale")
        return cls(
            reader.text("template"),
            reader.text("requested_locale"),
            locale,
            fallbacks,
            sms,
            email,
            in_app,
        )


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
    return tuple(sorted(items, key=lambda t: LOCALES.index(t.locale)))


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
# A value's formatter: (value, locale, locale chain, zone) -> text.
_Formatter = Callable[[Any, str, tuple[str, ...], Any], str]
# A compiled slot: its key (what it renders to depends only on this), the variable, and
# the formatter chosen for its type and filter at compile time.
_Piece = str | tuple[_Key, str, _Formatter]
_Part = tuple[str, tuple[_Piece, ...], Callable[[str], str] | None]
_Check = tuple[str, Variable, Callable[[object], Any]]


@attrs.frozen
class _Compiled:
    """Everything rendering needs, derived from the template's source at construction."""

    parts: dict[str, tuple[_Part, ...]]  # locale -> parts
    used: dict[str, frozenset[str]]  # locale -> variable names used
    variables: dict[str, Variable]
    checks: tuple[_Check, ...]


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
    ) -> RenderedNotice:
        """Render the notice for one customer.

        Args:
            values: A value for every required variable (and any optional ones).
            locale: The customer's language tag; the fallback chain picks the texts.
            timezone: The customer's IANA zone; instants are shown in it.
            channels: Only these channels, as members or values (default: all the
                template has).

        Raises:
            TemplateVariableError: a value is missing, undeclared, or does not fit its type.
            SmsBudgetError: the SMS needs more segments than `sms_segments`.
            InvalidFieldError: the locale is not served, or the zone is unknown.
        """
        return _render(self, values, locale, timezone, channels, enforce_budget=True)

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
        out["variables"] = [dump_variable(v) for v in self.variables]
        out["texts"] = {t.locale: t.parts() for t in self.texts}
        return out

    @classmethod
    def from_dict(cls, data: object) -> NoticeTemplate:
        """Rebuild (and recompile) a template from `to_dict()` output.

        Raises:
            SerializationError: unknown schema, wrong keys or types; the JSON path says where.
            TemplateError: the source in the dict no longer compiles (e.g. edited by hand).
        """
        reader = Reader.root(
            data,
            schema=1,
            keys={"name", "description", "sms_segments", "variables", "texts"},
            optional={"always_send", "mergeable"},
        )
        variables = [load_variable(r) for r in reader.items("variables")]
        texts = []
        for locale, part_reader in reader.entries("texts"):
            part_reader.require_keys(set(), optional=set(PARTS))
            parts = {part: part_reader.text(part) for part in part_reader.mapping_value()}
            with part_reader.building():
                texts.append(NoticeTexts(locale, **parts))
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
            )


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
                    render = formatters[key] = _formatter(piece, variables[piece.name])
                pieces.append((key, piece.name, render))
            compiled_parts.append((part, tuple(pieces), _escaper(part, parsed, variables)))
        for var in template.variables:
            if var.required and var.name not in used:
                raise TemplateVariableError(
                    var.name, None, f"be used in every locale (no part of {texts.locale} uses it)"
                )
            if var.labels and var.name in used:
                labelled = {loc for loc, pairs in var.labels if len(pairs) == len(var.choices)}
                if texts.locale not in labelled:
                    raise TemplateVariableError(
                        var.name, None, f"have a label for every choice in {texts.locale}"
                    )
        parts_by_locale[texts.locale] = tuple(compiled_parts)
        used_by_locale[texts.locale] = frozenset(used)
    checks = tuple((v.name, v, v.checker()) for v in template.variables)
    return _Compiled(parts_by_locale, used_by_locale, variables, checks)


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


def _instant_formatter(format_: Callable[[Any, str, str], str], style: str) -> _Formatter:
    def render(value: Any, locale: str, _chain: tuple[str, ...], zone: Any) -> str:  # noqa: ANN401
        # `value` is a plain UTC datetime (see Variable.check); the zone's fromutc converts.
        return format_(value.astimezone(zone), style, locale)

    return render


def _text_formatter(var: Variable, filter_name: str | None, arg: str | None) -> _Formatter:
    labels = {loc: dict(pairs) for loc, pairs in var.labels}

    def text_of(value: str, chain: tuple[str, ...]) -> str:
        if labels:
            for loc in chain:
                label = labels.get(loc, {}).get(value)
                if label is not None:
                    return label
        return value

    if filter_name == "upper":
        return lambda value, _locale, chain, _zone: text_of(value, chain).upper()
    if filter_name == "lower":
        return lambda value, _locale, chain, _zone: text_of(value, chain).lower()
    if filter_name == "truncate":
        limit = int(arg or 1)

        def truncate(value: Any, _locale: str, chain: tuple[str, ...], _zone: Any) -> str:  # noqa: ANN401
            text = text_of(value, chain)
            if len(text) <= limit:
                return text
            return text[: limit - 1].rstrip() + _TRUNCATE_MARK

        return truncate
    if labels:
        return lambda value, _locale, chain, _zone: text_of(value, chain)
    return lambda value, _locale, _chain, _zone: value


_INSTANT_FORMATS: Final = {"date": format_date, "time": format_time, "datetime": format_datetime}


def _formatter(slot: Slot, var: Variable) -> _Formatter:
    """The function that renders `slot` for a value of `var` (chosen once, at compile time)."""
    kind = var.kind
    if kind is VariableType.INSTANT:
        return _instant_formatter(_INSTANT_FORMATS[slot.filter or "datetime"], slot.arg or "medium")
    if kind is VariableType.MONEY:
        return lambda value, locale, _chain, _zone: format_money(value, locale)
    if kind is VariableType.DURATION:
        return lambda value, locale, _chain, _zone: format_duration(value, locale)
    if kind is VariableType.INTEGER:
        return lambda value, _locale, _chain, _zone: f"{value:,}"
    if kind is VariableType.DECIMAL:
        return lambda value, _locale, _chain, _zone: f"{value:,f}"
    return _text_formatter(var, slot.filter, slot.arg)


def _render(
    template: NoticeTemplate,
    values: Mapping[str, object],
    requested: str,
    timezone: object,
    channels: Iterable[NoticeChannel | str] | None,
    *,
    enforce_budget: bool,
) -> RenderedNotice:
    compiled = template._compiled
    chain = fallback_chain(requested)
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
                text = memo[key] = render(checked[name], locale, text_chain, zone)
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
) -> RenderedNotice:
    """Render without enforcing the SMS budget (for previews, which report it instead)."""
    return _render(template, values, locale, timezone, None, enforce_budget=False)

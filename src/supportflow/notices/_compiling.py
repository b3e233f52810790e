"""How a `NoticeTemplate` is compiled and rendered: parsed parts, escapers, formatters, checks."""

from __future__ import annotations

import html
import urllib.parse
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import pendulum

from supportflow import _pendulum, _validators
from supportflow.errors import (
    InvalidFieldError,
    SmsBudgetError,
    TemplateSyntaxError,
    TemplateVariableError,
)
from supportflow.notices._locale_formats import Formats
from supportflow.notices._locale_registry import Registry, builtin_registry, registry
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._rendered import (
    EmailMessage,
    InAppMessage,
    RenderedNotice,
    SmsMessage,
)
from supportflow.notices._sms import sms_cost
from supportflow.notices._template import Slot, Template, parse
from supportflow.notices._texts import (
    _ONE_LINE,
    PARTS,
    NoticeTexts,
)
from supportflow.notices._variables import (
    FILTERS_FOR,
    Variable,
    VariableType,
)
from supportflow.vocabulary import NoticeChannel

if TYPE_CHECKING:
    from supportflow.notices._model import NoticeTemplate

__all__: list[str] = []


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

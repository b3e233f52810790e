"""Notice templates (texts per locale and channel part), rendering, and rendered notices.

`NoticeTemplate` is here; its texts (`NoticeTexts`, `PARTS`) are in `_texts`, what it renders
to (`RenderedNotice` and the messages) in `_rendered`, and its compiling and rendering in
`_compiling`. Every public name is still importable from this module.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self

import attrs
import pendulum

from supportflow import _declarative, _validators
from supportflow._declarative import REFERENCE, Document, declared, optional, sequence, spec
from supportflow.errors import (
    InvalidFieldError,
    TemplateVariableError,
)
from supportflow.notices._codecs import ID
from supportflow.notices._compiling import (
    _compile,
    _Compiled,
    _render,
)
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._rendered import (
    EmailMessage,
    InAppMessage,
    RenderedNotice,
    SmsMessage,
)
from supportflow.notices._texts import (
    _NAME,
    PARTS,
    TEXTS,
    NoticeTexts,
    added_tables,
)
from supportflow.notices._variables import VARIABLE, Variable
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


def _ref(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        parse_ref(value, field=attribute.name)


@declared(schema=1)
@attrs.frozen
class NoticeTemplate(Document):
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

    # The fields in the order of the document's keys (all but `name` are keyword-only).
    name: str = attrs.field(validator=_template_name, metadata=spec(ID))
    description: str = attrs.field(default="", kw_only=True)
    sms_segments: int | None = attrs.field(default=None, validator=_budget, kw_only=True)
    always_send: bool = attrs.field(
        default=False, kw_only=True, validator=_flag, metadata=spec(omit_default=True)
    )
    mergeable: bool = attrs.field(
        default=False, kw_only=True, validator=_flag, metadata=spec(omit_default=True)
    )
    ref: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_ref,
        metadata=spec(optional(REFERENCE), omit_default=True),
    )
    variables: tuple[Variable, ...] = attrs.field(
        converter=_to_variables, kw_only=True, metadata=spec(sequence(VARIABLE))
    )
    texts: tuple[NoticeTexts, ...] = attrs.field(
        converter=_to_texts, kw_only=True, metadata=spec(TEXTS)
    )
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

        `always_send`, `mergeable` and `ref` are written only when set; the tables of the
        added locales the texts use are embedded under `locale_tables`.
        """
        out = _declarative.dump(self)
        if self._compiled.tables:
            out["locale_tables"] = [table.to_dict() for table in self._compiled.tables]
        return out

    @classmethod
    def from_dict(
        cls, data: object, *, locale_tables: Iterable[LocaleTable] = (), path: str = ""
    ) -> Self:
        """Rebuild (and recompile) a template from `to_dict()` output.

        Texts in a locale that is not built in take their table from the dict's
        `locale_tables` list (which `to_dict` writes), else from `locale_tables`.

        Args:
            data: The dict, e.g. `json.loads` output.
            locale_tables: Tables for added locales the dict does not embed.
            path: The JSON path of `data` inside a larger document, for error messages.

        Raises:
            SerializationError: unknown schema, wrong keys or types, or texts in a locale
                that is neither built in nor given a table; the JSON path says where.
            TemplateError: the source in the dict no longer compiles (e.g. edited by hand).
            InvalidFieldError: `locale_tables` is not a collection of `LocaleTable` objects.
        """
        given = {
            t.tag: t for t in _validators.items_of("locale_tables", locale_tables, LocaleTable)
        }
        embedded = None
        if isinstance(data, dict) and "locale_tables" in data:
            # Not a field: the tables belong to the texts, which take them while read.
            embedded = data["locale_tables"]
            data = {key: value for key, value in data.items() if key != "locale_tables"}
        with added_tables(embedded, path, given):
            return _declarative.load(cls, data, path=path)

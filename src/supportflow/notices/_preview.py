"""Previews: a template rendered in every locale and channel, with what each costs."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping

import attrs
import pendulum

from supportflow import _validators
from supportflow.errors import InvalidFieldError
from supportflow.notices._compiling import render_unbudgeted
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import LOCALES
from supportflow.notices._model import NoticeTemplate, RenderedNotice
from supportflow.notices._sms import SmsCost

__all__ = ["NoticePreview", "PreviewEntry", "preview"]


@attrs.frozen
class PreviewEntry:
    """One locale of a preview.

    Attributes:
        requested_locale: The locale asked for.
        locale: The locale whose texts were used.
        fallbacks: The locales skipped because the template lacks them.
        lengths: `(part, characters)` for every rendered part, in part order.
        sms: The SMS cost, or `None` without an SMS part.
        over_budget: The SMS exceeds the template's segment budget (a render would raise).
        unused: Declared variables this locale's texts never use.
        notice: The rendered notice itself.
    """

    requested_locale: str
    locale: str
    fallbacks: tuple[str, ...]
    lengths: tuple[tuple[str, int], ...]
    sms: SmsCost | None
    over_budget: bool
    unused: tuple[str, ...]
    notice: RenderedNotice


@attrs.frozen
class NoticePreview:
    """A template rendered for every requested locale; see `preview`."""

    template: str
    entries: tuple[PreviewEntry, ...]

    @property
    def unused(self) -> tuple[str, ...]:
        """Variables that no previewed locale uses (candidates for removal)."""
        sets = [set(e.unused) for e in self.entries]
        return tuple(sorted(set.intersection(*sets))) if sets else ()

    def report(self) -> str:
        """A plain-text table: one line per locale with lengths, SMS cost and fallbacks."""
        lines = [f"{self.template}:"]
        for entry in self.entries:
            if entry.sms is None:
                sms = "no SMS"
            else:
                flag = " OVER BUDGET" if entry.over_budget else ""
                sms = (
                    f"SMS {entry.sms.encoding.value} {entry.sms.units} units "
                    f"{entry.sms.segments} seg{flag}"
                )
            via = f" via {' > '.join(entry.fallbacks)}" if entry.fallbacks else ""
            lengths = " ".join(f"{part}={n}" for part, n in entry.lengths)
            unused = f"; unused: {', '.join(entry.unused)}" if entry.unused else ""
            lines.append(
                f"  {entry.requested_locale:<8}-> {entry.locale:<7}{via}: {sms}; {lengths}{unused}"
            )
        return "\n".join(lines)


def _lengths(notice: RenderedNotice) -> tuple[tuple[str, int], ...]:
    out: list[tuple[str, int]] = []
    if notice.sms is not None:
        out.append(("sms", len(notice.sms.text)))
    if notice.email is not None:
        out.append(("email_subject", len(notice.email.subject)))
        if notice.email.preheader is not None:
            out.append(("email_preheader", len(notice.email.preheader)))
        out += [("email_text", len(notice.email.text)), ("email_html", len(notice.email.html))]
    if notice.in_app is not None:
        out += [
            ("in_app_title", len(notice.in_app.title)),
            ("in_app_body", len(notice.in_app.body)),
        ]
        if notice.in_app.link is not None:
            out.append(("in_app_link", len(notice.in_app.link)))
    return tuple(out)


def preview(
    template: NoticeTemplate,
    values: Mapping[str, object],
    *,
    timezone: str | zoneinfo.ZoneInfo | pendulum.FixedTimezone,
    locales: Iterable[str] | None = None,
    locale_tables: Iterable[LocaleTable] = (),
) -> NoticePreview:
    """Render `template` with `values` for every locale in `locales`, on every channel.

    `locales` defaults to the built-in locales followed by the template's added ones;
    `locale_tables` adds locales that may serve a requested tag, as in `render`.

    Unlike `NoticeTemplate.render`, an SMS over its segment budget is reported
    (`over_budget`), not raised, so an operator sees every problem at once.

    Example:
        ```python
        from supportflow.notices import catalog, example_values, preview

        template = catalog()["complaint_acknowledged"]
        values = example_values("complaint_acknowledged")
        report = preview(template, values, timezone="Asia/Hong_Kong")
        assert [e.locale for e in report.entries] == ["en", "zh-Hans", "zh-Hant"]
        assert all(e.sms.segments <= 2 for e in report.entries)
        ```

    Raises:
        TemplateVariableError: a value is missing, undeclared or of the wrong type.
        InvalidFieldError: a requested locale is not served, or `locale_tables` is
            inconsistent.
    """
    if not isinstance(template, NoticeTemplate):
        raise InvalidFieldError("template", template, "be a NoticeTemplate")
    if locales is None:
        locales = (*LOCALES, *(loc for loc in template.locales if loc not in LOCALES))
    entries = []
    for requested in _validators.items_of("locales", locales, str):
        notice = render_unbudgeted(template, values, requested, timezone, locale_tables)
        budget = template.sms_segments
        cost = notice.sms.cost if notice.sms is not None else None
        used = template.used_variables(notice.locale)
        unused = tuple(v.name for v in template.variables if v.name not in used)
        entries.append(
            PreviewEntry(
                requested,
                notice.locale,
                notice.fallbacks,
                _lengths(notice),
                cost,
                budget is not None and cost is not None and cost.segments > budget,
                unused,
                notice,
            )
        )
    return NoticePreview(template.name, tuple(entries))

"""Hypothesis strategies for `supportflow.notices` (re-exported by `testing.strategies`).

`notice_values(template)` draws a complete set of values that a template's declared
variables accept, including hostile-looking but valid text (HTML, quotes, CJK, emoji), so
a property test can assert that rendering never fails and never leaks markup.
"""

# ruff: noqa: RUF001 - the CJK sample text uses full-width punctuation on purpose
from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Any

import pendulum
from hypothesis import strategies as st

from supportflow.notices import (
    CATALOG_NAMES,
    LOCALES,
    EmailMessage,
    InAppMessage,
    Money,
    NoticeChannel,
    NoticePreview,
    NoticeTemplate,
    NoticeTexts,
    PreviewEntry,
    RenderedNotice,
    SendPlan,
    SmsCost,
    SmsMessage,
    Variable,
    VariableType,
    catalog,
    fallback_chain,
    plan_maintenance_notices,
    preview,
    sms_cost,
)
from supportflow.notices._compiling import render_unbudgeted

__all__ = [
    "CURRENCIES",
    "email_messages",
    "in_app_messages",
    "money_amounts",
    "notice_previews",
    "notice_templates",
    "notice_texts",
    "notice_values",
    "notice_variables",
    "preview_entries",
    "rendered_notices",
    "send_plans",
    "sms_costs",
    "sms_messages",
]

#: Currencies the locale tables know, plus one they do not (shown by its code).
CURRENCIES: tuple[str, ...] = ("CNY", "HKD", "USD", "TWD", "GBP", "EUR", "JPY", "CHF")
_ZONES = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
)
_LO = int(pendulum.datetime(2020, 1, 1).timestamp())
_HI = int(pendulum.datetime(2030, 12, 31).timestamp())
_LINK = re.compile(r"://|www\.|\bhttps?\b", re.IGNORECASE)
# Printable text with the characters that matter: markup, quotes, ampersands, braces
# (a value is never parsed as a template), CJK, GSM-7 extension characters and emoji.
_TEXT_ALPHABET = st.one_of(
    st.sampled_from("abcXYZ 019<>&\"'/{}[]|~^€£¥éü-_.,:;!?@#%*=+()"),
    st.sampled_from("维护提現帳戶訊息客服熱線，。（）"),
    st.sampled_from(["\U0001f600", "\U0001f4b0"]),
)


def _instants() -> st.SearchStrategy[dt.datetime]:
    return st.builds(
        lambda ts, tz: pendulum.from_timestamp(ts, tz=tz),
        st.integers(_LO, _HI),
        st.sampled_from(_ZONES),
    )


def money_amounts() -> st.SearchStrategy[Money]:
    """`Money` in the known currencies (and CHF), with 0 to 2 decimal places."""
    return st.builds(
        Money,
        st.decimals(
            min_value=decimal.Decimal("-1e9"),
            max_value=decimal.Decimal("1e9"),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ),
        st.sampled_from(CURRENCIES),
    )


def _text(var: Variable) -> st.SearchStrategy[str]:
    limit = var.limit or 200
    strategy = st.text(_TEXT_ALPHABET, min_size=1, max_size=min(limit, 60)).filter(
        lambda s: bool(s.strip())
    )
    if var.tainted:
        strategy = strategy.filter(lambda s: not _LINK.search(s))
    return strategy


def _value(var: Variable) -> st.SearchStrategy[Any]:  # noqa: PLR0911 - one strategy per type
    kind = var.kind
    if kind is VariableType.TEXT:
        return _text(var)
    if kind is VariableType.REFERENCE:
        limit = var.limit or 40
        return st.from_regex(rf"\A[A-Za-z0-9][A-Za-z0-9_-]{{0,{limit - 1}}}\Z")
    if kind is VariableType.URL:
        path = st.text("abcxyz0123456789-_/", max_size=30)
        return st.builds(lambda host, p: f"https://{host}/{p}", st.sampled_from(var.hosts), path)
    if kind is VariableType.ENUM:
        return st.sampled_from(var.choices)
    if kind is VariableType.INTEGER:
        return st.integers(-(10**12), 10**12)
    if kind is VariableType.DECIMAL:
        return st.decimals(
            min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
        )
    if kind is VariableType.MONEY:
        return money_amounts()
    if kind is VariableType.INSTANT:
        return _instants()
    return st.timedeltas(dt.timedelta(0), dt.timedelta(days=40))


def notice_values(template: NoticeTemplate) -> st.SearchStrategy[dict[str, Any]]:
    """Values `template` accepts: every required variable, and optional ones sometimes.

    Example:
        ```python
        from hypothesis import given
        from supportflow.notices import catalog
        from supportflow.testing import strategies as sfst

        template = catalog()["withdrawal_queued"]


        @given(sfst.notice_values(template))
        def test_renders(values):
            notice = template.render(values, locale="en", timezone="UTC", channels=["email"])
            assert notice.email is not None and notice.sms is None


        test_renders()
        ```
    """
    required = {v.name: _value(v) for v in template.variables if v.required}
    optional = {v.name: _value(v) for v in template.variables if not v.required}
    return st.fixed_dictionaries(required, optional=optional)


_KINDS = (
    VariableType.TEXT,
    VariableType.INTEGER,
    VariableType.DECIMAL,
    VariableType.MONEY,
    VariableType.INSTANT,
    VariableType.DURATION,
    VariableType.REFERENCE,
    VariableType.URL,
    VariableType.ENUM,
)
_FILTERS = {
    VariableType.INSTANT: ["", "|date", "|time:short", "|datetime:long", "|datetime:medium"],
    VariableType.TEXT: ["", "|upper", "|truncate:8"],
    VariableType.ENUM: ["", "|lower"],
    VariableType.REFERENCE: ["", "|upper"],
    VariableType.MONEY: ["", "|money"],
    VariableType.DURATION: ["", "|duration"],
}


@st.composite
def _generated_templates(draw: st.DrawFn) -> NoticeTemplate:
    kinds = draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=4))
    variables = []
    for index, kind in enumerate(kinds):
        name = f"v{index}"
        required = draw(st.booleans()) or index == 0
        extra: dict[str, Any] = {}
        if kind is VariableType.ENUM:
            extra["choices"] = ("alpha", "beta")
            if draw(st.booleans()):
                extra["labels"] = {loc: {"alpha": f"A-{loc}", "beta": "B"} for loc in LOCALES}
        if kind is VariableType.URL:
            extra["hosts"] = ("app.example.com",)
        if kind is VariableType.TEXT:
            extra["tainted"] = draw(st.booleans())
            extra["max_length"] = draw(st.integers(1, 80))
        variable = Variable(name, kind, **extra)
        if not required:
            default = draw(_value(variable))
            variable = Variable(name, kind, required=False, default=default, **extra)
        variables.append(variable)
    locales = draw(st.lists(st.sampled_from(LOCALES), min_size=1, max_size=3, unique=True))
    channels = draw(st.sets(st.sampled_from(list(NoticeChannel)), min_size=1))
    texts = []
    for locale in locales:
        placeholders = [
            "{" + v.name + draw(st.sampled_from(_FILTERS.get(v.kind, [""]))) + "}"
            for v in variables
        ]
        safe_for_sms = [p for p, v in zip(placeholders, variables, strict=True) if not v.tainted]
        everything = f"{locale} <b>&amp;</b> {{{{}}}}: " + " / ".join(placeholders)
        parts: dict[str, str] = {}
        if NoticeChannel.SMS in channels:
            parts["sms"] = f"{locale}: " + " ".join(safe_for_sms)
        if NoticeChannel.EMAIL in channels:
            parts |= {
                "email_subject": f"Subject {locale}",
                "email_text": everything,
                "email_html": f"<p>{everything}</p>",
            }
        if NoticeChannel.IN_APP in channels:
            parts |= {"in_app_title": "Title", "in_app_body": everything}
            parts["in_app_link"] = "https://app.example.com/n/{v0}"
        texts.append(NoticeTexts(locale, **parts))
    # A tainted required variable needs a non-SMS part to appear in.
    if NoticeChannel.EMAIL not in channels and NoticeChannel.IN_APP not in channels:
        variables = [v for v in variables if not v.tainted or not v.required]
    return NoticeTemplate("generated", variables=variables, texts=texts)


def notice_templates() -> st.SearchStrategy[NoticeTemplate]:
    """Catalog templates and generated ones (random variables, locales and channels)."""
    return st.one_of(
        st.sampled_from(CATALOG_NAMES).map(lambda name: catalog()[name]),
        _generated_templates(),
    )


def _servable(template: NoticeTemplate) -> list[str]:
    """The locale tags `template` can render: its own or one falling back to them."""
    return [
        tag
        for tag in ("en", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-CN")
        if any(locale in template.locales for locale in fallback_chain(tag))
    ]


@st.composite
def _rendered(draw: st.DrawFn) -> RenderedNotice:
    template = draw(notice_templates())
    values = draw(notice_values(template))
    locale = draw(st.sampled_from(_servable(template)))
    zone = draw(st.sampled_from(_ZONES))
    return render_unbudgeted(template, values, locale, zone)


def rendered_notices() -> st.SearchStrategy[RenderedNotice]:
    """Notices rendered from `notice_templates()` with `notice_values()` (any SMS length)."""
    return _rendered()


def send_plans() -> st.SearchStrategy[SendPlan]:
    """Plans for windows of up to 2 days, customers in 1-3 zones, with or without `not_before`."""
    return st.builds(
        lambda start, hours, zones, lead: plan_maintenance_notices(
            start=start,
            end=start + dt.timedelta(hours=hours),
            services="withdrawals",
            zones=zones,
            not_before=None if lead is None else start - dt.timedelta(hours=lead),
        ),
        _instants(),
        st.integers(1, 48),
        st.lists(st.sampled_from(_ZONES), min_size=1, max_size=3),
        st.none() | st.integers(0, 100),
    )


def notice_texts() -> st.SearchStrategy[NoticeTexts]:
    """The texts of one locale of a drawn template (see `notice_templates`)."""
    return notice_templates().flatmap(lambda template: st.sampled_from(template.texts))


def sms_costs() -> st.SearchStrategy[SmsCost]:
    """What `sms_cost` says of drawn texts, GSM-7 ones and UCS-2 ones (CJK, emoji)."""
    gsm = st.text(alphabet="abcXYZ 0123@$\n{}[]~^|€", max_size=400)
    ucs2 = st.text(alphabet="ab 中文字😀", max_size=200)
    return st.one_of(gsm, ucs2).map(sms_cost)


def notice_variables() -> st.SearchStrategy[Variable]:
    """The declared variables of drawn templates (see `notice_templates`).

    Every kind, required or with a default, tainted text, enum labels, URL hosts.
    """
    return (
        notice_templates()
        .filter(lambda template: bool(template.variables))
        .flatmap(lambda template: st.sampled_from(template.variables))
    )


@st.composite
def _email(draw: st.DrawFn) -> EmailMessage:
    message = draw(rendered_notices().filter(lambda n: n.email is not None)).email
    assert message is not None  # noqa: S101 - filtered
    return message


@st.composite
def _sms(draw: st.DrawFn) -> SmsMessage:
    message = draw(rendered_notices().filter(lambda n: n.sms is not None)).sms
    assert message is not None  # noqa: S101 - filtered
    return message


@st.composite
def _in_app(draw: st.DrawFn) -> InAppMessage:
    message = draw(rendered_notices().filter(lambda n: n.in_app is not None)).in_app
    assert message is not None  # noqa: S101 - filtered
    return message


def email_messages() -> st.SearchStrategy[EmailMessage]:
    """The email part of drawn rendered notices (hostile-looking values escaped)."""
    return _email()


def sms_messages() -> st.SearchStrategy[SmsMessage]:
    """The SMS part of drawn rendered notices, GSM-7 and UCS-2, one or more segments."""
    return _sms()


def in_app_messages() -> st.SearchStrategy[InAppMessage]:
    """The in-app part of drawn rendered notices, with or without a link."""
    return _in_app()


@st.composite
def _previews(draw: st.DrawFn) -> NoticePreview:
    template = draw(notice_templates())
    values = draw(notice_values(template))
    servable = _servable(template)
    chosen = st.lists(st.sampled_from(servable), min_size=1, unique=True)
    # The default (every built-in locale) only when the template serves them all.
    everything = all(tag in servable for tag in LOCALES)
    locales = draw(st.none() | chosen if everything else chosen)
    return preview(template, values, timezone=draw(st.sampled_from(_ZONES)), locales=locales)


def notice_previews() -> st.SearchStrategy[NoticePreview]:
    """What `preview(template, values, ...)` reports for drawn templates and values.

    In the template's locales or requested ones (with fallbacks, some over the SMS budget).
    """
    return _previews()


def preview_entries() -> st.SearchStrategy[PreviewEntry]:
    """One locale's entry of a drawn `notice_previews()` value."""
    return (
        _previews().filter(lambda p: bool(p.entries)).flatmap(lambda p: st.sampled_from(p.entries))
    )

"""Notices: the template language, variables, locales, channels, SMS cost, catalog, plans."""
# mypy: disable-error-code="union-attr"
# ruff: noqa: RUF001 - Chinese expectations use full-width punctuation

from __future__ import annotations

import datetime as dt
import html
import io
import json
import locale as process_locale
import pickle
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportflow import (
    InvalidFieldError,
    SerializationError,
    SmsBudgetError,
    TemplateError,
    TemplateSyntaxError,
    TemplateVariableError,
)
from supportflow._demo import notices as notices_demo
from supportflow.notices import (
    CATALOG_NAMES,
    LOCALES,
    Money,
    NoticeChannel,
    NoticeTemplate,
    NoticeTexts,
    QuietHours,
    RenderedNotice,
    SendAnchor,
    SendPlan,
    SendPoint,
    SendPolicy,
    SmsEncoding,
    Variable,
    VariableType,
    catalog,
    example_values,
    fallback_chain,
    plan_maintenance_notices,
    preview,
    sms_cost,
)
from supportflow.notices._gallery import END, START, gallery_markdown, rewrite
from supportflow.notices._locales import (
    format_date,
    format_datetime,
    format_duration,
    format_money,
    format_time,
)
from supportflow.notices._template import _parse_slowly, parse
from supportflow.testing import strategies as sfst

T = VariableType
UTC = dt.UTC
# Sat 14 Mar 2026 02:00 in Beijing.
INSTANT = pendulum.datetime(2026, 3, 13, 18, 0, tz="UTC")


def simple(sms: str, *variables: Variable, **parts: str) -> NoticeTemplate:
    return NoticeTemplate("t", variables=variables, texts=[NoticeTexts("en", sms=sms, **parts)])


# -- the template language ----------------------------------------------------------------

SYNTAX_ERRORS = [
    # (source, line, column, fragment of the message)
    ("{a.b}", 1, 3, "attribute access"),
    ("{0}", 1, 2, "positional"),
    ("{0.__class__}", 1, 2, "positional"),
    ("{t.__class__.__init__.__globals__[KEY]}", 1, 3, "attribute access"),
    ("{x[0]}", 1, 3, "indexing"),
    ("{x()}", 1, 3, "calls"),
    ("{x!r}", 1, 3, "conversions"),
    ("{x:>1000000}", 1, 3, "format specs"),
    ("{x:{y}}", 1, 1, "nested braces"),
    ("{{ x }}", 1, 1, "Jinja-style"),
    ("{{x.y}}", 1, 1, "Jinja-style"),
    ("{% for x in y %}", 1, 2, "statements"),
    ("{# c #}", 1, 2, "statements and comments"),
    ("ab }", 1, 4, "single '}'"),
    ("line one\n  {x", 2, 3, "unclosed placeholder"),
    ("{x\n}", 1, 1, "unclosed placeholder"),
    ("{}", 1, 2, "empty placeholder"),
    ("{ x }", 1, 2, "spaces"),
    ("{X}", 1, 2, "only a-z"),
    ("{_x}", 1, 2, "starts with a lower-case letter"),
    ("{é}", 1, 2, "starts with a lower-case letter"),
    ("{a-b}", 1, 3, "only a-z"),
    ("{x|nope}", 1, 4, "unknown filter 'nope'"),
    ("{x|upper|lower}", 1, 9, "only one filter"),
    ("{x|upper:3}", 1, 10, "takes no argument"),
    ("{x|date:huge}", 1, 9, "short, medium or long"),
    ("{x|truncate}", 1, 4, "needs a length"),
    ("{x|truncate:0}", 1, 13, "from 1 to 1000"),
    ("{x|truncate:1001}", 1, 13, "from 1 to 1000"),
    ("{x|trunc-ate}", 1, 4, "a filter is written"),
    ("ok\nbad\u202etext", 2, 4, "U+202E"),
    ("nul\x00", 1, 4, "U+0000"),
    ("{" + "a" * 41 + "}", 1, 2, "at most 40"),
]


@pytest.mark.parametrize(("source", "line", "column", "fragment"), SYNTAX_ERRORS)
def test_syntax_errors_point_at_the_problem(source, line, column, fragment):
    """Every construct outside names-and-filters is refused with its line and column."""
    with pytest.raises(TemplateSyntaxError) as info:
        parse(source, "tpl")
    assert (info.value.line, info.value.column) == (line, column)
    assert fragment in info.value.message
    assert str(info.value).startswith(f"tpl:{line}:{column}: ")


def test_parse_refuses_non_strings_and_huge_templates():
    """A template is a string of at most 20,000 characters."""
    with pytest.raises(TemplateSyntaxError, match="must be a string"):
        parse(b"{x}")
    with pytest.raises(TemplateSyntaxError, match="at most 20000"):
        parse("a" * 20_001)


def test_parse_splits_literals_and_slots():
    """Literals keep their text (escapes unescaped); slots keep name, filter, arg, position."""
    parsed = parse("Hi {name},\n{{1}} {amount|money} {at|date:short}")
    literal, slot = parsed.parts[0], parsed.parts[1]
    assert literal == "Hi "
    assert (slot.name, slot.filter, slot.arg, slot.line, slot.column) == ("name", None, None, 1, 4)
    assert parsed.parts[2] == ",\n{1} "
    assert [(s.name, s.filter, s.arg, s.line, s.column) for s in parsed.slots[1:]] == [
        ("amount", "money", None, 2, 7),
        ("at", "date", "short", 2, 22),
    ]
    assert parsed.names == {"name", "amount", "at"}
    assert parse("{{}}").parts == ("{}",)


def test_escaped_braces_render_literally():
    """`{{` and `}}` are literal braces in the output, never placeholders."""
    template = simple("Set {{1}} or {{ }} then {{ {code}", Variable("code", T.REFERENCE))
    notice = template.render({"code": "X1"}, locale="en", timezone="UTC")
    assert notice.sms.text == "Set {1} or { } then { X1"


# -- compile-time checks ------------------------------------------------------------------


def test_undeclared_placeholder_is_refused_at_compile_time():
    """Every placeholder must be a declared variable; the error names it and where it is."""
    with pytest.raises(TemplateVariableError) as info:
        simple("Hello {name}", Variable("other", T.TEXT, required=False, default="x"))
    assert info.value.variable == "name"
    assert "t[en].sms:1:7" in info.value.reason


@pytest.mark.parametrize(
    ("kind", "filter_name"),
    [
        (T.MONEY, "date"),
        (T.INSTANT, "money"),
        (T.TEXT, "duration"),
        (T.INTEGER, "upper"),
        (T.URL, "truncate:5"),
        (T.REFERENCE, "truncate:5"),
        (T.DURATION, "time"),
    ],
)
def test_filters_must_fit_the_variable_type(kind, filter_name):
    """A filter that does not fit the type is a syntax error at the filter's column."""
    extra = {"hosts": ("a.example.com",)} if kind is T.URL else {}
    with pytest.raises(TemplateSyntaxError) as info:
        simple("Value: {v|" + filter_name + "}", Variable("v", kind, **extra))  # type: ignore[arg-type]
    assert (info.value.line, info.value.column) == (1, 11)
    assert "does not fit 'v'" in info.value.message


def test_required_variables_must_be_used_in_every_locale():
    """A required variable that a locale never uses is refused (the text would omit it)."""
    with pytest.raises(TemplateVariableError) as info:
        NoticeTemplate(
            "t",
            variables=[Variable("ref", T.REFERENCE)],
            texts=[NoticeTexts("en", sms="Ref {ref}"), NoticeTexts("zh-Hans", sms="参考号")],
        )
    assert info.value.variable == "ref"
    assert "zh-Hans" in info.value.reason


def test_tainted_variables_are_never_allowed_in_sms():
    """Customer-supplied text may go in email or in-app, never in SMS."""
    note = Variable("note", T.TEXT, tainted=True)
    with pytest.raises(TemplateVariableError, match="customer-supplied"):
        simple("{note}", note)
    ok = NoticeTemplate(
        "t",
        variables=[note],
        texts=[NoticeTexts("en", sms="New note", in_app_title="Note", in_app_body="{note}")],
    )
    assert ok.used_variables("en") == {"note"}
    with pytest.raises(TemplateVariableError, match="be declared"):
        ok.variable("nope")


def test_channel_shape_rules():
    """Email needs subject, text, HTML; in-app needs title and body; some parts are one line."""
    with pytest.raises(InvalidFieldError, match="subject, a text and an HTML part"):
        NoticeTexts("en", email_subject="S", email_text="T")
    with pytest.raises(InvalidFieldError, match="title and a body"):
        NoticeTexts("en", in_app_title="T")
    with pytest.raises(InvalidFieldError, match="at least one channel"):
        NoticeTexts("en")
    with pytest.raises(InvalidFieldError):
        NoticeTexts("fr", sms="x")
    with pytest.raises(InvalidFieldError):
        NoticeTexts("en", sms=3)  # type: ignore[arg-type]
    with pytest.raises(TemplateSyntaxError) as info:
        NoticeTemplate(
            "t",
            variables=[],
            texts=[NoticeTexts("en", email_subject="A\nB", email_text="x", email_html="x")],
        )
    assert (info.value.line, info.value.column) == (1, 2)
    with pytest.raises(TemplateSyntaxError, match="https://"):
        NoticeTemplate(
            "t",
            variables=[],
            texts=[
                NoticeTexts(
                    "en", in_app_title="T", in_app_body="B", in_app_link="javascript:alert(1)"
                )
            ],
        )


def test_template_level_consistency():
    """Locales need the same parts; names and locales are unique; the budget is 1-10."""
    with pytest.raises(InvalidFieldError, match="same parts"):
        NoticeTemplate(
            "t",
            variables=[],
            texts=[
                NoticeTexts("en", sms="a"),
                NoticeTexts("zh-Hans", in_app_title="a", in_app_body="b"),
            ],
        )
    with pytest.raises(InvalidFieldError, match="one NoticeTexts per locale"):
        NoticeTemplate("t", variables=[], texts=[NoticeTexts("en", sms="a")] * 2)
    with pytest.raises(InvalidFieldError, match="twice"):
        NoticeTemplate(
            "t", variables=[Variable("a", T.TEXT)] * 2, texts=[NoticeTexts("en", sms="{a}")]
        )
    with pytest.raises(InvalidFieldError, match="at least one locale"):
        NoticeTemplate("t", variables=[], texts=[])
    with pytest.raises(InvalidFieldError):
        NoticeTemplate("Bad Name", variables=[], texts=[NoticeTexts("en", sms="a")])
    with pytest.raises(InvalidFieldError):
        NoticeTemplate("t", variables=[], texts=[NoticeTexts("en", sms="a")], sms_segments=0)
    with pytest.raises(InvalidFieldError):
        NoticeTemplate("t", variables=["a"], texts=[NoticeTexts("en", sms="a")])  # type: ignore[list-item]
    with pytest.raises(InvalidFieldError):
        NoticeTemplate("t", variables=[], texts=[{"en": "a"}])  # type: ignore[list-item]


def test_enum_labels_must_cover_the_locales_that_use_them():
    """An enum with labels needs a label for every choice in each locale that uses it."""
    with pytest.raises(TemplateVariableError, match="label for every choice in zh-Hans"):
        NoticeTemplate(
            "t",
            variables=[
                Variable("s", T.ENUM, choices=("a", "b"), labels={"en": {"a": "A", "b": "B"}})
            ],
            texts=[NoticeTexts("en", sms="{s}"), NoticeTexts("zh-Hans", sms="{s}")],
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "Bad", "kind": T.TEXT}, "name"),
        ({"name": "a", "kind": "colour"}, "kind"),
        ({"name": "a", "kind": T.ENUM}, "choices"),
        ({"name": "a", "kind": T.TEXT, "choices": ("x",)}, "choices"),
        ({"name": "a", "kind": T.ENUM, "choices": ("x", "x")}, "choices"),
        ({"name": "a", "kind": T.ENUM, "choices": ("Not ok",)}, "choices"),
        ({"name": "a", "kind": T.ENUM, "choices": "xy"}, "choices"),
        ({"name": "a", "kind": T.ENUM, "choices": (1,)}, "choices"),
        (
            {"name": "a", "kind": T.ENUM, "choices": ("x",), "labels": {"en": {"y": "Y"}}},
            "labels.en",
        ),
        (
            {"name": "a", "kind": T.ENUM, "choices": ("x",), "labels": {"fr": {"x": "X"}}},
            "labels.fr",
        ),
        ({"name": "a", "kind": T.ENUM, "choices": ("x",), "labels": {"en": "X"}}, "labels.en"),
        (
            {"name": "a", "kind": T.ENUM, "choices": ("x",), "labels": {"en": {"x": ""}}},
            "labels.en.x",
        ),
        ({"name": "a", "kind": T.ENUM, "choices": ("x",), "labels": ["x"]}, "labels"),
        ({"name": "a", "kind": T.URL}, "hosts"),
        ({"name": "a", "kind": T.URL, "hosts": ("Bad Host",)}, "hosts"),
        ({"name": "a", "kind": T.TEXT, "hosts": ("a.example.com",)}, "hosts"),
        ({"name": "a", "kind": T.TEXT, "max_length": 0}, "max_length"),
        ({"name": "a", "kind": T.MONEY, "max_length": 5}, "max_length"),
        ({"name": "a", "kind": T.TEXT, "required": "yes"}, "required"),
        ({"name": "a", "kind": T.TEXT, "description": 3}, "description"),
        ({"name": "a", "kind": T.TEXT, "default": "x"}, "default"),
        ({"name": "a", "kind": T.TEXT, "required": False}, "default"),
        ({"name": "a", "kind": T.TEXT, "required": False, "default": ""}, "default"),
    ],
)
def test_inconsistent_variables_are_refused(kwargs, field):
    """A variable declaration that cannot work names the field at fault."""
    kwargs = dict(kwargs)
    name, kind = kwargs.pop("name"), kwargs.pop("kind")
    with pytest.raises(InvalidFieldError) as info:
        Variable(name, kind, **kwargs)
    assert info.value.field == field


# -- render-time checks -------------------------------------------------------------------

HOSTS = ("app.example.com",)
ALL_KINDS = [
    Variable("text", T.TEXT, max_length=10),
    Variable("note", T.TEXT, tainted=True),
    Variable("count", T.INTEGER),
    Variable("rate", T.DECIMAL),
    Variable("amount", T.MONEY),
    Variable("at", T.INSTANT),
    Variable("length", T.DURATION),
    Variable("ref", T.REFERENCE, max_length=8),
    Variable("url", T.URL, hosts=HOSTS),
    Variable("choice", T.ENUM, choices=("yes", "no")),
]
GOOD = {
    "text": "hello",
    "note": "fine",
    "count": 12345,
    "rate": Decimal("1234.5"),
    "amount": Money(Decimal(10), "GBP"),
    "at": INSTANT,
    "length": dt.timedelta(minutes=90),
    "ref": "AB-12",
    "url": "https://app.example.com/x?y=1&z=2",
    "choice": "yes",
}
EVERYTHING = NoticeTemplate(
    "everything",
    variables=ALL_KINDS,
    texts=[
        NoticeTexts(
            "en",
            sms="{text} {count} {rate} {amount} {at} {length} {ref} {url} {choice}",
            email_subject="{text}",
            email_text="{note}",
            email_html='<p title="{note}">{note}</p><a href="{url}">{text}</a>',
            in_app_title="{choice|upper}",
            in_app_body="{note|truncate:6}",
            in_app_link="https://app.example.com/r/{note}",
        )
    ],
)


def test_every_type_renders_in_its_default_format():
    """Integers and decimals are grouped, money has its symbol, instants the medium style."""
    notice = EVERYTHING.render(GOOD, locale="en", timezone="Asia/Shanghai")
    assert notice.sms.text == (
        "hello 12,345 1,234.5 £10.00 Sat 14 Mar 2026, 02:00 (Beijing time) "
        "1 hour and 30 minutes AB-12 https://app.example.com/x?y=1&z=2 yes"
    )
    assert notice.in_app.title == "YES"
    assert notice.in_app.body == "fine"


HOSTILE_VALUES = [
    ("text", "x" * 11, "at most 10"),
    ("text", "", "not be blank"),
    ("text", "   ", "not be blank"),
    ("text", 42, "be a string"),
    ("text", "a\u202eb", "U+202E"),
    ("text", "a\x1bb", "U+001B"),
    ("text", "two\nlines", "U+000A"),
    ("text", "a\u2066b", "U+2066"),
    ("note", "visit https://evil.example", "not contain a link"),
    ("note", "visit www.evil.example", "not contain a link"),
    ("count", True, "an int"),
    ("count", 1.0, "an int"),
    ("count", 10**15, "smaller than 10^15"),
    ("rate", 1.5, "never a float"),
    ("rate", Decimal("NaN"), "finite"),
    ("rate", Decimal("Infinity"), "finite"),
    ("amount", Decimal(10), "Money"),
    ("at", dt.datetime(2026, 3, 14, 2, 0), "timezone-aware"),
    ("at", dt.date(2026, 3, 14), "timezone-aware"),
    ("at", "2026-03-14T02:00:00", "offset"),
    ("length", dt.timedelta(seconds=-1), "from 0"),
    ("length", 90, "timedelta"),
    ("ref", "AB 12", "reference code"),
    ("ref", "ÄB-12", "reference code"),
    ("ref", "ABCDEFGHI", "at most 8"),
    ("url", "http://app.example.com/x", "https://"),
    ("url", "https://evil.example.com/x", "allowed host"),
    ("url", "https://app.example.com.evil.example/x", "allowed host"),
    ("url", "https://app.example.com@evil.example/x", "allowed host"),
    ("url", 'https://app.example.com/"><script>', "without spaces, quotes"),
    ("url", "https://app.example.com/ x", "without spaces"),
    ("url", "javascript:alert(1)", "https://"),
    ("url", "https://[::1/x", "well-formed"),
    ("url", "https://app.example.com:99999/x", "well-formed"),
    ("choice", "maybe", "one of yes, no"),
    ("choice", None, "one of yes, no"),
]


@pytest.mark.parametrize(("name", "value", "fragment"), HOSTILE_VALUES)
def test_hostile_or_wrong_values_are_refused(name, value, fragment):
    """Each bad value is refused with a typed error naming the variable and the value."""
    with pytest.raises(TemplateVariableError) as info:
        EVERYTHING.render({**GOOD, name: value}, locale="en", timezone="UTC")
    assert info.value.variable == name
    assert info.value.value == value or value != value  # NaN is never equal to itself
    assert fragment in info.value.reason


def test_missing_and_undeclared_values_are_refused():
    """A missing required value or an undeclared one is an error; nothing renders blank."""
    missing = {k: v for k, v in GOOD.items() if k != "ref"}
    with pytest.raises(TemplateVariableError) as info:
        EVERYTHING.render(missing, locale="en", timezone="UTC")
    assert (info.value.variable, info.value.value, info.value.reason) == (
        "ref",
        None,
        "be given (it is required)",
    )
    with pytest.raises(TemplateVariableError) as info:
        EVERYTHING.render({**GOOD, "__class__": 1}, locale="en", timezone="UTC")
    assert info.value.variable == "__class__"
    with pytest.raises(TemplateVariableError):
        EVERYTHING.render([("text", "x")], locale="en", timezone="UTC")  # type: ignore[arg-type]


def test_optional_variables_render_their_checked_default():
    """An optional variable falls back to its default, which was checked like a value."""
    template = simple(
        "Call {hotline}",
        Variable("hotline", T.TEXT, required=False, default="95588"),
    )
    assert template.render({}, locale="en", timezone="UTC").sms.text == "Call 95588"
    assert template.render({"hotline": "400"}, locale="en", timezone="UTC").sms.text == "Call 400"


def test_html_is_escaped_in_the_html_part_only():
    """Values are HTML-escaped in the HTML part and left alone in the text parts."""
    note = "<script>alert(\"x\")</script> & 'q'"
    notice = EVERYTHING.render({**GOOD, "note": note}, locale="en", timezone="UTC")
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;"
    assert notice.email.html == (
        f'<p title="{escaped}">{escaped}</p>'
        '<a href="https://app.example.com/x?y=1&amp;z=2">hello</a>'
    )
    assert notice.email.text == note
    assert notice.in_app.body == "<scri…"
    assert notice.in_app.link == (
        "https://app.example.com/r/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E%20%26%20%27q%27"
    )


def test_truncate_counts_characters_and_marks_the_cut():
    """truncate:n keeps at most n characters, the last being an ellipsis when cut."""
    template = NoticeTemplate(
        "t",
        variables=[Variable("note", T.TEXT)],
        texts=[NoticeTexts("en", sms="[{note|truncate:5}]")],
    )
    render = lambda v: template.render({"note": v}, locale="en", timezone="UTC").sms.text  # noqa: E731
    assert render("abcde") == "[abcde]"
    assert render("abcdef") == "[abcd…]"
    assert render("ab   cdef") == "[ab…]"
    assert render("😀😀😀😀😀😀") == "[😀😀😀😀…]"
    one = NoticeTemplate(
        "t",
        variables=[Variable("note", T.TEXT)],
        texts=[NoticeTexts("en", sms="[{note|truncate:1}]")],
    )
    assert one.render({"note": "abc"}, locale="en", timezone="UTC").sms.text == "[…]"


def test_enum_labels_follow_the_locale_and_its_fallbacks():
    """Enum values render as labels of the text's locale, or the raw choice without one."""
    status = Variable(
        "status",
        T.ENUM,
        choices=("open", "closed"),
        labels={
            "en": {"open": "Open", "closed": "Closed"},
            "zh-Hans": {"open": "处理中", "closed": "已关闭"},
        },
    )
    template = NoticeTemplate(
        "t",
        variables=[status],
        texts=[
            NoticeTexts("en", sms="{status|lower}"),
            NoticeTexts("zh-Hans", sms="状态：{status}"),
        ],
    )
    assert (
        template.render({"status": "open"}, locale="zh-TW", timezone="UTC").sms.text
        == "状态：处理中"
    )
    assert template.render({"status": "closed"}, locale="en", timezone="UTC").sms.text == "closed"
    assert status.label("open", ("fr", "en")) == "Open"
    assert status.label("open", ("zh-Hant",)) == "open"


# -- locales ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "chain"),
    [
        ("en", ("en",)),
        ("en-GB", ("en",)),
        ("EN_us", ("en",)),
        ("zh", ("zh-Hans", "en")),
        ("zh-CN", ("zh-Hans", "en")),
        ("zh_SG", ("zh-Hans", "en")),
        ("zh-Hans", ("zh-Hans", "en")),
        ("zh-HK", ("zh-Hant", "zh-Hans", "en")),
        ("zh-tw", ("zh-Hant", "zh-Hans", "en")),
        ("zh-MO", ("zh-Hant", "zh-Hans", "en")),
        ("zh-Hant-TW", ("zh-Hant", "zh-Hans", "en")),
    ],
)
def test_fallback_chain(tag, chain):
    """Each tag falls back along the documented chain."""
    assert fallback_chain(tag) == chain


@pytest.mark.parametrize("tag", ["fr", "ja-JP", "", None, "zh-XX", "en-\u00e9"])
def test_unknown_languages_are_refused(tag):
    """No silent English for a language supportflow cannot serve."""
    with pytest.raises(InvalidFieldError) as info:
        fallback_chain(tag)
    assert info.value.field == "locale"


def test_render_reports_the_fallback_it_used():
    """A zh-HK customer of an en + zh-Hans template gets zh-Hans, and the result says so."""
    template = NoticeTemplate(
        "t",
        variables=[],
        texts=[NoticeTexts("en", sms="Hello"), NoticeTexts("zh-Hans", sms="您好")],
    )
    notice = template.render({}, locale="zh-HK", timezone="UTC")
    assert (notice.requested_locale, notice.locale, notice.fallbacks) == (
        "zh-HK",
        "zh-Hans",
        ("zh-Hant",),
    )
    only_chinese = NoticeTemplate("t", variables=[], texts=[NoticeTexts("zh-Hant", sms="您好")])
    with pytest.raises(InvalidFieldError, match="fall back to a locale"):
        only_chinese.render({}, locale="zh-CN", timezone="UTC")


# Hand-written expectations for Sat 14 Mar 2026 02:00 Beijing time (18:00Z on the 13th).
FORMATS = [
    ("en", "date", "short", "14 Mar 2026"),
    ("en", "date", "medium", "Sat 14 Mar 2026"),
    ("en", "date", "long", "Saturday, 14 March 2026"),
    ("en", "time", "short", "02:00"),
    ("en", "time", "medium", "02:00 (Beijing time)"),
    ("en", "time", "long", "02:00:00 (Beijing time)"),
    ("en", "datetime", "short", "14 Mar 2026 02:00"),
    ("en", "datetime", "medium", "Sat 14 Mar 2026, 02:00 (Beijing time)"),
    ("en", "datetime", "long", "Saturday, 14 March 2026 at 02:00 (Beijing time)"),
    ("zh-Hans", "date", "short", "2026/3/14"),
    ("zh-Hans", "date", "medium", "2026年3月14日（周六）"),
    ("zh-Hans", "date", "long", "2026年3月14日 星期六"),
    ("zh-Hans", "time", "medium", "02:00（北京时间）"),
    ("zh-Hans", "datetime", "short", "2026/3/14 02:00"),
    ("zh-Hans", "datetime", "medium", "2026年3月14日（周六）02:00（北京时间）"),
    ("zh-Hans", "datetime", "long", "2026年3月14日 星期六 02:00（北京时间）"),
    ("zh-Hant", "date", "medium", "2026年3月14日（週六）"),
    ("zh-Hant", "date", "long", "2026年3月14日 星期六"),
    ("zh-Hant", "time", "long", "02:00:00（北京時間）"),
    ("zh-Hant", "datetime", "medium", "2026年3月14日（週六）02:00（北京時間）"),
]


@pytest.mark.parametrize(("locale", "kind", "style", "expected"), FORMATS)
def test_date_and_time_tables(locale, kind, style, expected):
    """Our own tables give the expected text in each locale and style."""
    local = INSTANT.in_timezone("Asia/Shanghai")
    formatter = {"date": format_date, "time": format_time, "datetime": format_datetime}[kind]
    assert formatter(local, style, locale) == expected


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "Fri 13 Mar 2026, 14:00 (UTC-4)"),  # US DST began on 8 March
        ("Europe/London", "Fri 13 Mar 2026, 18:00 (UK time)"),
        ("Asia/Kolkata", "Fri 13 Mar 2026, 23:30 (UTC+5:30)"),
        ("Asia/Kathmandu", "Fri 13 Mar 2026, 23:45 (UTC+5:45)"),
        ("UTC", "Fri 13 Mar 2026, 18:00 (UTC)"),
        ("Asia/Taipei", "Sat 14 Mar 2026, 02:00 (Taipei time)"),
    ],
)
def test_instants_are_shown_in_the_customers_zone(zone, expected):
    """pendulum converts the zone; the label is a city name or the UTC offset."""
    template = simple("{at}", Variable("at", T.INSTANT))
    assert template.render({"at": INSTANT}, locale="en", timezone=zone).sms.text == expected


def test_stdlib_and_iso_instants_are_accepted():
    """An aware stdlib datetime or an ISO string with an offset is the same instant."""
    template = simple("{at|datetime:short}", Variable("at", T.INSTANT))
    for value in (
        dt.datetime(2026, 3, 13, 18, 0, tzinfo=UTC),
        "2026-03-14T02:00:00+08:00",
    ):
        notice = template.render({"at": value}, locale="zh-CN", timezone="Asia/Shanghai")
        assert notice.sms.text == "14 Mar 2026 02:00"  # the template has only English texts
    fixed = template.render({"at": INSTANT}, locale="en", timezone=pendulum.FixedTimezone(3600))
    assert fixed.sms.text == "13 Mar 2026 19:00"


def test_unknown_zone_is_refused():
    """The customer's zone must be an IANA name."""
    with pytest.raises(InvalidFieldError):
        simple("x").render({}, locale="en", timezone="CST")


@pytest.mark.parametrize(
    ("seconds", "en", "hans", "hant"),
    [
        (0, "0 minutes", "0分钟", "0分鐘"),
        (1, "1 second", "1秒", "1秒"),
        (45, "45 seconds", "45秒", "45秒"),
        (60, "1 minute", "1分钟", "1分鐘"),
        (90 * 60, "1 hour and 30 minutes", "1小时30分钟", "1小時30分鐘"),
        (4 * 3600, "4 hours", "4小时", "4小時"),
        (2 * 3600 + 30 * 60 + 20, "2 hours and 30 minutes", "2小时30分钟", "2小時30分鐘"),
        (
            86400 + 2 * 3600 + 5 * 60,
            "1 day, 2 hours and 5 minutes",
            "1天2小时5分钟",
            "1天2小時5分鐘",
        ),
        (2 * 86400 + 60, "2 days and 1 minute", "2天1分钟", "2天1分鐘"),
    ],
)
def test_duration_tables(seconds, en, hans, hant):
    """Durations in words, per locale; seconds only under a minute."""
    value = dt.timedelta(seconds=seconds)
    assert (format_duration(value, "en"), format_duration(value, "zh-Hans")) == (en, hans)
    assert format_duration(value, "zh-Hant") == hant


@pytest.mark.parametrize(
    ("amount", "currency", "en", "hans", "hant"),
    [
        ("1234.5", "CNY", "CN¥1,234.50", "¥1,234.50", "CN¥1,234.50"),
        ("1200", "TWD", "NT$1,200", "NT$1,200", "NT$1,200"),
        ("1200.5", "TWD", "NT$1,200.5", "NT$1,200.5", "NT$1,200.5"),
        ("88", "HKD", "HK$88.00", "HK$88.00", "HK$88.00"),
        ("9999999.99", "USD", "US$9,999,999.99", "US$9,999,999.99", "US$9,999,999.99"),
        ("1000000", "GBP", "£1,000,000.00", "£1,000,000.00", "£1,000,000.00"),
        ("-3.456", "EUR", "-€3.456", "-€3.456", "-€3.456"),
        ("1000", "JPY", "JP¥1,000", "JP¥1,000", "JP¥1,000"),
        ("12", "CHF", "CHF 12.00", "CHF 12.00", "CHF 12.00"),
        ("0", "HKD", "HK$0.00", "HK$0.00", "HK$0.00"),
    ],
)
def test_money_tables(amount, currency, en, hans, hant):
    """Symbol per locale and currency, comma grouping, the currency's decimals, never rounded."""
    money = Money(Decimal(amount), currency)
    assert [format_money(money, loc) for loc in LOCALES] == [en, hans, hant]


def test_money_validation():
    """Money takes a finite Decimal (ints are exact) and an ISO code; floats are refused."""
    assert Money(5, "USD").amount == Decimal(5)
    assert str(Money(Decimal("1.50"), "USD")) == "1.50 USD"
    for amount, currency in [
        (1.5, "USD"),
        (Decimal("NaN"), "USD"),
        (Decimal("1e15"), "USD"),
        (Decimal(1), "usd"),
        (Decimal(1), "US"),
        (True, "USD"),
    ]:
        with pytest.raises(InvalidFieldError):
            Money(amount, currency)


def test_rendering_never_touches_process_or_pendulum_locale():
    """Rendering in all three locales leaves the process locale and pendulum's locale alone."""
    before = (process_locale.setlocale(process_locale.LC_ALL), pendulum.get_locale())
    for name in CATALOG_NAMES:
        for loc in LOCALES:
            catalog()[name].render(example_values(name), locale=loc, timezone="Asia/Taipei")
    assert (process_locale.setlocale(process_locale.LC_ALL), pendulum.get_locale()) == before


# -- SMS cost -----------------------------------------------------------------------------

# The GSM 03.38 default alphabet by code (0x1B, the escape, left out) and the extension
# table, written out independently of the module under test.
_GSM_CODES = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x00ÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
REF_BASIC = {c for i, c in enumerate(_GSM_CODES) if i != 0x1B}
REF_EXTENSION = {"\x0c", "^", "{", "}", "\\", "[", "~", "]", "|", "€"}
assert len(_GSM_CODES) == 128


def reference_segments(text: str) -> tuple[str, int, int]:
    """An independent counter: encode, then cut fixed-size chunks, backing off a split pair."""
    if all(c in REF_BASIC or c in REF_EXTENSION for c in text):
        septets: list[str] = []
        for c in text:
            septets += ["ESC", c] if c in REF_EXTENSION else [c]
        if len(septets) <= 160:
            return "GSM-7", len(septets), 1 if septets else 0
        count, i = 0, 0
        while i < len(septets):
            end = i + 153
            if end < len(septets) and septets[end - 1] == "ESC":
                end -= 1
            count, i = count + 1, end
        return "GSM-7", len(septets), count
    data = text.encode("utf-16-be")
    units = [int.from_bytes(data[k : k + 2], "big") for k in range(0, len(data), 2)]
    if len(units) <= 70:
        return "UCS-2", len(units), 1
    count, i = 0, 0
    while i < len(units):
        end = i + 67
        if end < len(units) and 0xD800 <= units[end - 1] <= 0xDBFF:
            end -= 1
        count, i = count + 1, end
    return "UCS-2", len(units), count


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),
        ("a" * 159 + "€", "GSM-7", 161, 2),
        # 152 septets, then an escape pair that must not straddle the 153 boundary.
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3),
        ("a" * 151 + "€" + "a" * 153, "GSM-7", 306, 2),
        ("维" * 70, "UCS-2", 70, 1),
        ("维" * 71, "UCS-2", 71, 2),
        ("维" * 134, "UCS-2", 134, 2),
        ("维" * 135, "UCS-2", 135, 3),
        ("😀" * 35, "UCS-2", 70, 1),
        # 66 units, then a surrogate pair that must not straddle the 67 boundary.
        ("维" * 66 + "😀" + "维" * 66, "UCS-2", 134, 3),
        ("维" * 65 + "😀" + "维" * 67, "UCS-2", 134, 2),
    ],
)
def test_sms_cost_hand_checked(text, encoding, units, segments):
    """Segment counts at the 160/153 and 70/67 boundaries, escapes and pairs never split."""
    cost = sms_cost(text)
    assert (cost.encoding.value, cost.units, cost.segments) == (encoding, units, segments)
    assert reference_segments(text) == (encoding, units, segments)
    assert cost.characters == len(text)


def test_sms_cost_reports_what_forced_ucs2():
    """The first non-GSM character and its index are reported; GSM-7 reports none."""
    cost = sms_cost("Your code: 1234 — thanks")
    assert (cost.encoding, cost.forced_by, cost.forced_at) == (SmsEncoding.UCS2, "—", 16)
    assert cost.per_segment == 70
    gsm = sms_cost("Hello [world] €5 {ok}")
    assert (gsm.encoding, gsm.forced_by, gsm.forced_at, gsm.units) == (
        SmsEncoding.GSM7,
        None,
        None,
        26,  # 21 characters, 5 of them from the extension table,
    )
    assert gsm.per_segment == 160
    assert sms_cost("a" * 200).per_segment == 153
    assert sms_cost("维" * 80).per_segment == 67


_SMS_ALPHABET = st.sampled_from(
    list("abcXYZ019 @£$¥èÇ\nΔ_ÆÉ!?¡§¿äà") + list("^{}\\[~]|€\x0c") + ["维", "帳", "—", "😀", "𠀀"]
)


@given(st.text(_SMS_ALPHABET, max_size=400))
def test_sms_cost_matches_the_reference_counter(text):
    """For any text, encoding, units and segments match the independent counter."""
    cost = sms_cost(text)
    assert (cost.encoding.value, cost.units, cost.segments) == reference_segments(text)


def test_sms_budget_is_enforced_at_render():
    """Values that push the SMS past the template's budget raise SmsBudgetError."""
    template = NoticeTemplate(
        "short",
        variables=[Variable("name", T.TEXT, max_length=300)],
        texts=[NoticeTexts("zh-Hans", sms="您好，{name}")],
        sms_segments=1,
    )
    assert (
        template.render({"name": "王" * 67}, locale="zh-CN", timezone="UTC").sms.cost.segments == 1
    )
    with pytest.raises(SmsBudgetError) as info:
        template.render({"name": "王" * 69}, locale="zh-CN", timezone="UTC")
    error = info.value
    assert (error.template, error.locale, error.segments, error.budget, error.encoding) == (
        "short",
        "zh-Hans",
        2,
        1,
        "UCS-2",
    )
    assert isinstance(error, TemplateError)


# -- channels -----------------------------------------------------------------------------


def test_channels_can_be_selected():
    """render(channels=...) renders only those channels."""
    notice = EVERYTHING.render(GOOD, locale="en", timezone="UTC", channels=[NoticeChannel.EMAIL])
    assert (notice.sms, notice.in_app) == (None, None)
    assert notice.email.subject == "hello"
    assert EVERYTHING.channels == frozenset(NoticeChannel)


_CONTROL_OR_BIDI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# One mark per variable (templates have few): tokens carry no markup and mean nothing to the
# template engine, and their case and length show which filter a placeholder applied.
_MARKS = "\u3280\u3281\u3282\u3283\u3284\u3285\u3286\u3287"


def _render_for_test(template, values, loc):
    if template.sms_segments is None:
        return template.render(values, locale=loc, timezone="Asia/Hong_Kong")
    return preview(template, values, timezone="Asia/Hong_Kong", locales=[loc]).entries[0].notice


def _escaped_html_pattern(tokened_html, shown_values):
    """A regex the real email HTML must match in full: `tokened_html` (rendered with a token
    in place of every text value) with each token occurrence replaced by `html.escape` of
    the real value, filtered as the token's case and length show (plain, upper, lower,
    truncate:8 -> first 7 characters, trailing spaces dropped, then an ellipsis). A one-
    character token cannot show its filter, so there any of plain/upper/lower is allowed."""
    variants: dict[str, list[str]] = {}
    for token, real in shown_values:
        short = real if len(real) <= 8 else real[:7].rstrip() + "\u2026"
        shown = [(token, real), (token.upper(), real.upper()), (token.lower(), real.lower())]
        if len(token) > 8:
            shown.append((token[:7] + "\u2026", short))
        for text, expected in shown:
            variants.setdefault(text, []).append(html.escape(expected, quote=True))
    if not variants:
        return re.escape(tokened_html)
    finder = re.compile("|".join(re.escape(t) for t in sorted(variants, key=len, reverse=True)))
    pieces, position = [], 0
    for match in finder.finditer(tokened_html):
        pieces.append(re.escape(tokened_html[position : match.start()]))
        choices = dict.fromkeys(variants[match.group()])
        pieces.append("(?:" + "|".join(re.escape(c) for c in choices) + ")")
        position = match.end()
    pieces.append(re.escape(tokened_html[position:]))
    return "".join(pieces)


def test_escaped_html_pattern_matches_hand_worked_renderings():
    """The reference itself, on hand-worked cases (so a broken reference cannot pass)."""
    token = "\u3280" + "Zqxxxxxx"
    pattern = _escaped_html_pattern(
        f"<p>{token} {token.upper()} {token[:7]}\u2026</p>",
        [
            (token, "a<b & 'c' long"),
        ],
    )
    good = (
        "<p>a&lt;b &amp; &#x27;c&#x27; long A&lt;B &amp; &#x27;C&#x27; LONG "
        "a&lt;b &amp; &#x27;\u2026</p>"
    )
    assert re.fullmatch(pattern, good)
    assert not re.fullmatch(pattern, good.replace("&lt;", "<", 1))
    assert not re.fullmatch(pattern, good.replace("A&lt;B", "a&lt;b"))


@given(st.data())
def test_any_valid_values_render_safely(data):
    """For values drawn from the schema, rendering never raises, the HTML part is exactly an
    independently escaped rendering, and no part carries control or bidi characters."""
    template = data.draw(sfst.notice_templates())
    values = data.draw(sfst.notice_values(template))
    loc = data.draw(st.sampled_from(template.locales))
    notice = _render_for_test(template, values, loc)
    if notice.email is not None:
        tokened = dict(values)
        shown_values = []
        texts = [v for v in template.variables if v.kind is VariableType.TEXT]
        for index, var in enumerate(texts):
            real = values.get(var.name, var.default)
            if real is None:
                continue
            token = (_MARKS[index] + "Zqxxxxxx")[: min(9, var.limit or 200)]
            tokened[var.name] = token
            shown_values.append((token, real))
        reference = _render_for_test(template, tokened, loc).email
        assert reference is not None
        pattern = _escaped_html_pattern(reference.html, shown_values)
        assert re.fullmatch(pattern, notice.email.html), (reference.html, notice.email.html)
    parts = [notice.sms.text if notice.sms else ""]
    if notice.email:
        parts += [notice.email.subject, notice.email.text, notice.email.html]
    if notice.in_app:
        parts += [notice.in_app.title, notice.in_app.body, notice.in_app.link or ""]
    for part in parts:
        assert not _CONTROL_OR_BIDI.search(part.replace("\n", "").replace("\t", ""))
    if notice.sms is not None:
        cost = notice.sms.cost
        assert (cost.encoding.value, cost.units, cost.segments) == reference_segments(
            notice.sms.text
        )


# -- preview ------------------------------------------------------------------------------


def test_preview_reports_every_locale():
    """Lengths, SMS cost, over-budget, unused variables and fallbacks for each locale."""
    template = NoticeTemplate(
        "p",
        variables=[
            Variable("name", T.TEXT, max_length=100),
            Variable("extra", T.TEXT, required=False, default="x"),
        ],
        texts=[
            NoticeTexts("en", sms="Hi {name}", in_app_title="Hi", in_app_body="{name} {extra}"),
            NoticeTexts("zh-Hans", sms="您好{name}", in_app_title="您好", in_app_body="{name}"),
        ],
        sms_segments=1,
    )
    report = preview(template, {"name": "王" * 70}, timezone="UTC")
    en, hans, hant = report.entries
    assert (en.locale, en.fallbacks, en.over_budget, en.sms.encoding) == (
        "en",
        (),
        True,
        SmsEncoding.UCS2,
    )
    assert en.lengths == (("sms", 73), ("in_app_title", 2), ("in_app_body", 72))
    assert (hans.unused, hant.locale, hant.fallbacks) == (("extra",), "zh-Hans", ("zh-Hant",))
    assert report.unused == ()
    text = report.report()
    assert text.splitlines()[0] == "p:"
    assert "zh-Hant -> zh-Hans via zh-Hant: SMS UCS-2 72 units 2 seg OVER BUDGET" in text
    assert "unused: extra" in text
    no_sms = NoticeTemplate(
        "q", variables=[], texts=[NoticeTexts("en", in_app_title="T", in_app_body="B")]
    )
    assert "no SMS" in preview(no_sms, {}, timezone="UTC", locales=["en"]).report()


# -- the catalog --------------------------------------------------------------------------


def test_catalog_has_fifteen_notices_in_every_locale_and_channel():
    """All 15 notices, each in en, zh-Hans and zh-Hant, each on SMS, email and in-app."""
    notices = catalog()
    assert list(notices) == list(CATALOG_NAMES)
    assert len(notices) == 16
    for template in notices.values():
        assert template.locales == LOCALES
        assert template.channels == frozenset(NoticeChannel)
        assert template.sms_segments == 2
        for texts in template.texts:
            assert set(texts.parts()) == {
                "sms",
                "email_subject",
                "email_preheader",
                "email_text",
                "email_html",
                "in_app_title",
                "in_app_body",
                "in_app_link",
            }
    assert catalog(hosts=["app.aurumpay.example"])["security_alert"].variable(
        "details_url"
    ).hosts == ("app.aurumpay.example",)


def _longest_values(template: NoticeTemplate, loc: str) -> dict[str, object]:
    """The longest realistic values the variables accept (for the 2-segment check)."""
    values: dict[str, object] = {}
    for var in template.variables:
        kind, limit = var.kind, var.limit or 0
        if kind is T.TEXT:
            values[var.name] = ("W" if loc == "en" else "漢") * limit
        elif kind is T.REFERENCE:
            values[var.name] = "W" * limit
        elif kind is T.URL:
            values[var.name] = f"https://{var.hosts[0]}/n"
        elif kind is T.MONEY:
            values[var.name] = Money(Decimal("9999999.99"), "USD")
        elif kind is T.DURATION:
            values[var.name] = dt.timedelta(days=1, hours=23, minutes=59)
        elif kind is T.INSTANT:
            # A long month and weekday, in a zone with a long label.
            values[var.name] = pendulum.datetime(2026, 9, 30, 23, 59, tz="Asia/Singapore")
        else:
            values[var.name] = max(
                var.choices, key=lambda c: len(var.label(c, fallback_chain(loc)))
            )
    return values


@pytest.mark.parametrize("name", CATALOG_NAMES)
def test_catalog_sms_fits_two_segments_with_the_longest_values(name):
    """Every catalog SMS fits 2 segments in every locale, even with maximal values."""
    template = catalog()[name]
    for loc in LOCALES:
        values = _longest_values(template, loc)
        notice = template.render(values, locale=loc, timezone="Asia/Singapore")
        assert notice.sms.cost.segments <= 2
        assert reference_segments(notice.sms.text)[2] <= 2
        example = template.render(example_values(name), locale=loc, timezone="Asia/Shanghai")
        assert example.sms.cost.segments <= 2
        assert example.sms.cost.encoding is (SmsEncoding.GSM7 if loc == "en" else SmsEncoding.UCS2)


# Characters that exist only in one script: a Traditional text must not use the first
# set, a Simplified text must not use the second.
SIMPLIFIED_ONLY = set("账户维护时间请确认热线网络现务这说单额码处结发联证银进还关让们于过")
TRADITIONAL_ONLY = set("帳戶維護時間請確認熱線網絡現務這說單額碼處結發聯證銀進還關讓們於過")


def _all_text(template: NoticeTemplate, loc: str) -> str:
    texts = next(t for t in template.texts if t.locale == loc)
    labels = "".join(
        label
        for v in template.variables
        for lo, pairs in v.labels
        if lo == loc
        for _, label in pairs
    )
    return "".join(texts.parts().values()) + labels


@pytest.mark.parametrize("name", CATALOG_NAMES)
def test_catalog_scripts_do_not_mix(name):
    """Traditional texts use no Simplified-only characters, and the other way round."""
    template = catalog()[name]
    assert not SIMPLIFIED_ONLY & set(_all_text(template, "zh-Hant"))
    assert not TRADITIONAL_ONLY & set(_all_text(template, "zh-Hans"))
    assert not (SIMPLIFIED_ONLY | TRADITIONAL_ONLY) & set(_all_text(template, "en"))


def test_catalog_uses_traditional_vocabulary_not_converted_characters():
    """zh-Hant says 提款/存款/帳戶/客服專線/依序 where zh-Hans says 提现/充值/账户/客服热线/依次."""
    notices = catalog()
    hant = "".join(_all_text(t, "zh-Hant") for t in notices.values())
    hans = "".join(_all_text(t, "zh-Hans") for t in notices.values())
    for word in ("提款", "存款", "帳戶", "客服專線", "依序", "簡訊", "聯絡", "遺失"):
        assert word in hant, word
    for word in ("提现", "充值", "账户", "客服热线", "依次", "短信", "联系", "丢失"):
        assert word in hans, word
    # Converted-character forms that Traditional readers would not write.
    for converted in ("提現", "充值", "賬戶", "客服熱線", "短信", "聯繫", "丟失"):
        assert converted not in hant, converted


def test_catalog_example_gives_a_complete_notice():
    """A rendered catalog notice has every part filled, in the customer's zone."""
    template = catalog()["complaint_acknowledged"]
    notice = template.render(
        example_values("complaint_acknowledged"), locale="zh-Hant", timezone="Asia/Taipei"
    )
    assert notice.sms.text == (
        "【AurumPay】我們已收到您的投訴，受理編號CMP-2026-0815。我們將於2026/3/15 02:00前回覆您，"
        "處理進度可於App「我的投訴」查詢。客服專線400-820-8820。"
    )
    assert notice.email.subject == "投訴已受理（編號CMP-2026-0815）"
    assert "&lt;b&gt;and nobody answers&lt;/b&gt;" in notice.email.html
    assert "<b>and nobody answers</b>" in notice.email.text
    assert notice.in_app.link == "https://app.example.com/n/complaint-acknowledged"
    with pytest.raises(InvalidFieldError) as info:
        example_values("nope")
    assert info.value.field == "name"


def test_gallery_rewrite_replaces_only_the_marked_part(tmp_path):
    """The maintainer's tool rewrites the gallery between the markers and nothing else."""
    page = tmp_path / "page.md"
    page.write_text(f"# Title\n\n{START}\nstale\n{END}\n\nAfter.\n", encoding="utf-8")
    assert rewrite(page) is True
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\n" + START)
    assert text.endswith(END + "\n\nAfter.\n")
    assert "stale" not in text
    assert rewrite(page) is False


def test_demo_section_prints_three_locales_and_the_sms_cost():
    """The demo shows the announcement in en, zh-Hans and zh-Hant with encoding and segments."""
    out = io.StringIO()
    notices_demo.run(out)
    text = out.getvalue()
    assert "[zh-TW in Asia/Taipei] texts in zh-Hant" in text
    assert "cost: UCS-2, forced by '【', 113 units, 2 segment(s)" in text
    assert "cost: GSM-7, 255 units, 2 segment(s)" in text
    assert "Asia/Shanghai  maintenance_announced  Tue 10 Mar 21:30" in text
    assert "TemplateSyntaxError: operator-template:1:7: attribute access" in text


def test_gallery_in_the_docs_matches_the_code():
    """docs/notices.md shows exactly what the catalog renders (regenerate it if this fails)."""
    page = (Path(__file__).parent.parent / "docs" / "notices.md").read_text(encoding="utf-8")
    start, end = page.index(START), page.index(END) + len(END)
    assert page[start:end] == gallery_markdown(), (
        "run: python -m supportflow.notices._gallery docs/notices.md"
    )


# -- send plans ---------------------------------------------------------------------------

START_AT = "2026-03-14T02:00:00+08:00"
END_AT = "2026-03-14T06:00:00+08:00"


def test_default_plan_moves_night_sms_earlier_and_defers_the_end():
    """Hand-checked plan for Shanghai and London customers of a 02:00-06:00 Beijing window."""
    plan = plan_maintenance_notices(
        start=START_AT, end=END_AT, services="withdrawals", zones=["Europe/London", "Asia/Shanghai"]
    )
    got = [
        (s.timezone, s.notice, s.channel.value, s.at.isoformat(), s.reason != "")
        for s in plan.sends
    ]
    sh, ld = "Asia/Shanghai", "Europe/London"
    ann, fin = "maintenance_announced", "maintenance_finished"
    expected = [
        (sh, ann, "sms", "2026-03-10T13:30:00+00:00", True),  # 02:00 local -> 21:30 the day before
        (sh, ann, "email", "2026-03-10T18:00:00+00:00", False),
        (sh, ann, "in_app", "2026-03-10T18:00:00+00:00", False),
        (ld, ann, "sms", "2026-03-10T18:00:00+00:00", False),  # 18:00 in London: allowed
        (ld, ann, "email", "2026-03-10T18:00:00+00:00", False),
        (ld, ann, "in_app", "2026-03-10T18:00:00+00:00", False),
        (sh, ann, "sms", "2026-03-12T13:30:00+00:00", True),
        (sh, ann, "in_app", "2026-03-12T18:00:00+00:00", False),
        (ld, ann, "sms", "2026-03-12T18:00:00+00:00", False),
        (ld, ann, "in_app", "2026-03-12T18:00:00+00:00", False),
        (sh, ann, "sms", "2026-03-13T13:30:00+00:00", True),
        (ld, ann, "sms", "2026-03-13T18:00:00+00:00", False),
        (sh, fin, "email", "2026-03-13T22:00:00+00:00", False),
        (sh, fin, "in_app", "2026-03-13T22:00:00+00:00", False),
        (ld, fin, "email", "2026-03-13T22:00:00+00:00", False),
        (ld, fin, "in_app", "2026-03-13T22:00:00+00:00", False),
        (sh, fin, "sms", "2026-03-14T00:00:00+00:00", True),  # 06:00 local -> 08:00
        (ld, fin, "sms", "2026-03-14T08:00:00+00:00", True),  # 22:00 local -> 08:00 next day
    ]
    assert got == expected
    assert plan.skipped == ()
    assert all(s.at <= plan.start for s in plan.sends if s.notice == ann)
    moved = plan.sends[0]
    assert moved.planned_for.isoformat() == "2026-03-10T18:00:00+00:00"
    assert moved.reason == "moved earlier out of quiet hours (22:00-08:00 local)"
    assert moved.local.isoformat() == "2026-03-10T21:30:00+08:00"
    assert plan.values()["duration"] == dt.timedelta(hours=4)


def test_late_planning_sends_immediately_or_skips():
    """Sends due before not_before go out then, unless quiet hours leave no time before it."""
    plan = plan_maintenance_notices(
        start=START_AT,
        end=END_AT,
        services="withdrawals",
        zones=["Asia/Shanghai", "Europe/London"],
        not_before="2026-03-12T00:00:00+00:00",
        policy=SendPolicy(
            points=[SendPoint("maintenance_announced", offset=-dt.timedelta(days=3))]
        ),
    )
    sends = [(s.timezone, s.channel.value, s.at.isoformat()) for s in plan.sends]
    assert ("Asia/Shanghai", "sms", "2026-03-12T00:00:00+00:00") in sends  # 08:00 local: allowed
    assert ("Europe/London", "email", "2026-03-12T00:00:00+00:00") in sends
    assert [(s.timezone, s.channel.value) for s in plan.skipped] == [("Europe/London", "sms")]
    assert "no earlier time" in plan.skipped[0].reason
    assert all("had passed" in s.reason for s in plan.sends)


def test_planning_after_the_start_skips_announcements():
    """An announcement cannot be sent once the window has started; the end notice still can."""
    plan = plan_maintenance_notices(
        start=START_AT,
        end=END_AT,
        services="withdrawals",
        zones="Asia/Shanghai",
        not_before="2026-03-14T03:00:00+08:00",
        policy=SendPolicy(quiet_hours=None),
    )
    assert {s.notice for s in plan.sends} == {"maintenance_finished"}
    assert len(plan.skipped) == 6
    assert all(s.reason == "the window had started before the plan was made" for s in plan.skipped)


def test_custom_quiet_hours_within_one_day():
    """Quiet hours that do not cross midnight, on email too, with no margin."""
    quiet = QuietHours(dt.time(0, 0), dt.time(6, 0), {"sms", "email"}, dt.timedelta(minutes=1))
    assert quiet.contains(pendulum.datetime(2026, 1, 1, 5, 59))
    assert not quiet.contains(pendulum.datetime(2026, 1, 1, 6, 0))
    plan = plan_maintenance_notices(
        start="2026-03-14T03:00:00+00:00",
        end="2026-03-14T05:00:00+00:00",
        services="trading",
        zones=["UTC"],
        policy=SendPolicy(
            points=[
                SendPoint("maintenance_announced", SendAnchor.START, dt.timedelta(0), ["email"])
            ],
            quiet_hours=quiet,
        ),
    )
    assert [s.at.isoformat() for s in plan.sends] == ["2026-03-13T23:59:00+00:00"]
    with pytest.raises(InvalidFieldError):
        QuietHours(margin=dt.timedelta(0))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"end": START_AT}, "end"),
        ({"services": " "}, "services"),
        ({"zones": []}, "zones"),
        ({"zones": ["CST"]}, "zones"),
        ({"start": "2026-03-14T02:00:00"}, "start"),
    ],
)
def test_plan_input_errors(kwargs, field):
    """Bad windows, services and zones are refused with the field named."""
    args = {"start": START_AT, "end": END_AT, "services": "withdrawals", "zones": ["UTC"]}
    with pytest.raises(InvalidFieldError) as info:
        plan_maintenance_notices(**{**args, **kwargs})
    assert info.value.field == field


def test_policy_input_errors():
    """Send points, quiet hours and policies refuse what they cannot use."""
    with pytest.raises(InvalidFieldError):
        SendPoint("x", "middle")
    with pytest.raises(InvalidFieldError):
        SendPoint("x", channels=[])
    with pytest.raises(InvalidFieldError):
        SendPoint("x", channels=["fax"])
    with pytest.raises(InvalidFieldError):
        SendPoint("x", offset=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        QuietHours(dt.time(22, 0), dt.time(22, 0))
    with pytest.raises(InvalidFieldError):
        QuietHours(dt.time(22, 0, tzinfo=UTC))
    with pytest.raises(InvalidFieldError):
        QuietHours(margin=dt.timedelta(hours=7))
    with pytest.raises(InvalidFieldError):
        SendPolicy(points=[])


@given(sfst.send_plans())
def test_announcements_never_go_out_after_the_start_nor_sms_in_quiet_hours(plan):
    """Every announcement is at or before the start; no SMS falls in 22:00-08:00 local."""
    quiet = QuietHours()
    for send in plan.sends:
        if send.notice == "maintenance_announced":
            assert send.at <= plan.start
        if send.channel is NoticeChannel.SMS:
            assert not quiet.contains(send.local)
        if send.notice == "maintenance_finished":
            assert send.at >= plan.end


# -- serialization ------------------------------------------------------------------------


def test_template_round_trip_recompiles_from_source():
    """to_dict holds the source; from_dict and pickle rebuild an equal, working template."""
    data = json.loads(json.dumps(EVERYTHING.to_dict()))
    assert data["texts"]["en"]["in_app_link"] == "https://app.example.com/r/{note}"
    copy = NoticeTemplate.from_dict(data)
    assert copy == EVERYTHING
    assert copy.render(GOOD, locale="en", timezone="UTC") == EVERYTHING.render(
        GOOD, locale="en", timezone="UTC"
    )
    pickled = pickle.dumps(EVERYTHING)
    assert b"_Compiled" not in pickled
    assert pickle.loads(pickled) == EVERYTHING
    optional = simple("{a}", Variable("a", T.MONEY, required=False, default=Money(1, "EUR")))
    assert NoticeTemplate.from_dict(optional.to_dict()) == optional
    for kind, default in [
        (T.INSTANT, INSTANT),
        (T.DURATION, dt.timedelta(hours=1)),
        (T.DECIMAL, Decimal("1.5")),
        (T.INTEGER, 3),
    ]:
        template = simple("{a}", Variable("a", kind, required=False, default=default))
        assert NoticeTemplate.from_dict(json.loads(json.dumps(template.to_dict()))) == template


def test_corrupted_template_dicts_name_the_path():
    """A bad dict raises SerializationError with its JSON path; bad source a TemplateError."""
    good = EVERYTHING.to_dict()
    bad_kind = json.loads(json.dumps(good))
    bad_kind["variables"][2]["kind"] = "float"
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(bad_kind)
    assert info.value.path == "variables[2].kind"
    bad_part = json.loads(json.dumps(good))
    bad_part["texts"]["en"]["fax"] = "x"
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(bad_part)
    assert info.value.path == "texts.en.fax"
    bad_source = json.loads(json.dumps(good))
    bad_source["texts"]["en"]["sms"] = "{text.__class__}"
    with pytest.raises(TemplateSyntaxError):
        NoticeTemplate.from_dict(bad_source)
    bad_locale = json.loads(json.dumps(good))
    bad_locale["texts"]["fr"] = bad_locale["texts"].pop("en")
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(bad_locale)
    assert info.value.path == "texts.fr.locale"
    with pytest.raises(SerializationError):
        NoticeTemplate.from_dict({**good, "schema": 2})


def test_rendered_notice_round_trip_and_tamper_check():
    """A rendered notice round-trips; an SMS whose recorded cost lies is refused."""
    notice = EVERYTHING.render(GOOD, locale="en", timezone="UTC")
    data = json.loads(json.dumps(notice.to_dict()))
    assert RenderedNotice.from_dict(data) == notice
    assert pickle.loads(pickle.dumps(notice)) == notice
    data["sms"]["segments"] = 1 + data["sms"]["segments"]
    with pytest.raises(SerializationError) as info:
        RenderedNotice.from_dict(data)
    assert info.value.path == "sms"
    data = notice.to_dict()
    data["locale"] = "fr"
    with pytest.raises(SerializationError) as info:
        RenderedNotice.from_dict(data)
    assert info.value.path == "locale"


def test_send_plan_round_trip_and_errors():
    """A plan round-trips through JSON and pickle; a bad zone names its path."""
    plan = plan_maintenance_notices(
        start=START_AT,
        end=END_AT,
        services="withdrawals",
        zones=["Asia/Shanghai"],
        not_before="2026-03-13T00:00:00+00:00",
    )
    data = json.loads(json.dumps(plan.to_dict()))
    assert SendPlan.from_dict(data) == plan
    assert pickle.loads(pickle.dumps(plan)) == plan
    data["sends"][0]["timezone"] = "Mars/Base"
    with pytest.raises(SerializationError) as info:
        SendPlan.from_dict(data)
    assert info.value.path == "sends[0].timezone"


_PIECES = st.sampled_from(
    [
        "{a}",
        "{b_1|date:long}",
        "{c|truncate:0040}",
        "{d|money}",
        "{{",
        "}}",
        "x",
        "\n",
        "中",
        "{",
        "}",
        "{{ a }}",
        "{a|money:x}",
        "{a|truncate:1001}",
        "{A}",
        " ",
        # Whitespace other than space and tab, inside and outside placeholders (issue 12).
        "\r",
        "\xa0",
        "\u3000",
        "\u2003",
        "{a\r}",
        "{a\xa0}",
        "{a\u3000}",
        "{a\u2003}",
        # What attribute access, indexing, calls and conversions would look like: refused
        # by both parsers alike, never read as a name (point 8 of the public-surface work).
        ".",
        "[",
        "(",
        "!",
        "{a.b}",
        "{a[0]}",
        "{a()}",
        "{a!r}",
        "{a.__class__}",
        "{a|date:long.x}",
    ]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_fast_path_agrees_with_the_reference_parser(source):
    """The regex fast path parses exactly like the piece-by-piece parser, errors included."""
    try:
        expected = _parse_slowly(source, "t")
    except TemplateSyntaxError as error:
        reference = (error.message, error.line, error.column)
        with pytest.raises(TemplateSyntaxError) as again:
            parse(source, "t")
        assert (again.value.message, again.value.line, again.value.column) == reference
    else:
        assert parse(source, "t") == expected


def test_null_optional_keys_of_a_template_read_as_left_out():
    """`null` for a variable's optional list, labels or default, for a locale's labels and
    for the embedded tables reads as the key left out; `null` for a text is refused."""
    template = catalog()["payment_reminder"]
    data = json.loads(json.dumps(template.to_dict()))
    for variable in data["variables"]:
        variable.update(choices=None, labels=None, default=None, max_length=None)
        if variable["kind"] != "url":
            variable["hosts"] = None
    data["texts"]["en"]["labels"] = None
    data["locale_tables"] = None
    loose = NoticeTemplate.from_dict(data)
    assert [v.max_length for v in loose.variables] == [None] * len(template.variables)
    assert loose == attrs.evolve(
        template,
        variables=[attrs.evolve(v, max_length=None) for v in template.variables],
    )
    data["texts"]["en"]["sms"] = None
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(data)
    assert info.value.path == "texts.en.sms"


def test_documents_nested_in_larger_ones_name_the_full_path():
    """`path=` prefixes every error of a template or rendered notice read inside another
    document (a host's list of them, say)."""
    data = json.loads(json.dumps(EVERYTHING.to_dict()))
    data["variables"][2]["kind"] = "float"
    with pytest.raises(SerializationError) as info:
        NoticeTemplate.from_dict(data, path="templates[3]")
    assert info.value.path == "templates[3].variables[2].kind"
    notice = EVERYTHING.render(GOOD, locale="en", timezone="UTC").to_dict()
    notice["locale"] = "fr"
    with pytest.raises(SerializationError) as info:
        RenderedNotice.from_dict(notice, path="sent[0]")
    assert info.value.path == "sent[0].locale"

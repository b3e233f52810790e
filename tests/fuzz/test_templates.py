"""Template safety under fuzzing: nothing escapes the grammar, leaks, or gets called.

The parser is the security boundary for operator-written texts. Drawn sources mix valid
placeholders, literal braces, injection attempts (attribute access, indexing, calls,
conversions, format specs, Jinja syntax) and every kind of whitespace inside and outside
placeholders (`\\r`, no-break, ideographic and em spaces included).
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from _fuzzing import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportflow import NoticeTemplate, NoticeTexts, TemplateError, TemplateSyntaxError
from supportflow.notices import Variable, VariableType
from supportflow.notices._template import FILTERS, Slot, parse

WHITESPACE = ["\r", "\xa0", "\u3000", "\u2003", " ", "\t", "\n"]
PIECES = st.sampled_from(
    [
        "{a}",
        "{a|upper}",
        "{{",
        "}}",
        "x",
        "中",
        "{",
        "}",
        "{a.__class__}",
        "{a[0]}",
        "{a()}",
        "{a!r}",
        "{a:>10}",
        "{0}",
        "{{ a }}",
        "{% if a %}",
        "{# a #}",
        "{a|truncate:5}",
        "{a|nope}",
        *WHITESPACE,
        *(f"{{a{space}}}" for space in WHITESPACE),
        *(f"{{{space}a}}" for space in WHITESPACE),
        *(f"{{a|{space}upper}}" for space in WHITESPACE),
    ]
)
SOURCES = st.lists(PIECES, max_size=12).map("".join)
FUZZ = settings(
    max_examples=max(EXAMPLES * 10, 60),
    deadline=None,
    derandomize=not os.environ.get("SUPPORTFLOW_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow],
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@FUZZ
@given(SOURCES)
def test_parse_accepts_only_names_and_filters(source):
    """A source parses to names and known filters, or raises TemplateSyntaxError (nothing else)."""
    try:
        template = parse(source, "t")
    except TemplateSyntaxError as error:
        where = (error.line, error.column)
        str(error)
        assert 1 <= where[0] <= source.count("\n") + 1
        assert where[1] >= 1
        return
    slots = [part for part in template.parts if isinstance(part, Slot)]
    for slot in slots:
        assert _NAME.match(slot.name)
        assert slot.filter is None or slot.filter in FILTERS
    # Whitespace is never part of a placeholder.
    assert not any(c.isspace() for slot in slots for c in slot.name)


def _reference(source: str, value: str) -> str:
    """What the SMS must say: `{{`/`}}` are braces, `{a}` is the value, the rest literal."""
    replacements = {"{{": "{", "}}": "}", "{a}": value}
    return re.sub(r"\{\{|\}\}|\{a\}", lambda m: replacements[m.group()], source)


@FUZZ
@given(SOURCES, st.text("abcXYZ 09中文", min_size=1, max_size=10).filter(str.strip))
def test_render_is_literal_text_plus_the_value(source, value):
    """An accepted template renders to its literal text with the value substituted, no more."""
    try:
        template = NoticeTemplate(
            "t",
            variables=[Variable("a", VariableType.TEXT, required=False, default="-")],
            texts=[NoticeTexts("en", sms=source)],
        )
    except TemplateError:
        return
    if any(isinstance(p, Slot) and p.filter for p in parse(source, "t").parts):
        return  # filters transform the value; the reference covers plain placeholders
    notice = template.render({"a": value}, locale="en", timezone="UTC")
    assert notice.sms is not None
    assert notice.sms.text == _reference(source, value)


class _Trap:
    """A value that fails loudly if rendering touches anything but its type."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"rendering read .{name}")

    def __str__(self) -> str:
        raise AssertionError("rendering called str()")

    def __format__(self, spec: str) -> str:
        raise AssertionError("rendering called format()")


@FUZZ
@given(st.sampled_from(list(VariableType)))
def test_nothing_is_called_on_a_value_of_the_wrong_type(kind):
    """A foreign object is refused by type; none of its methods is called."""
    extra: dict[str, Any] = {}
    if kind is VariableType.ENUM:
        extra["choices"] = ("x",)
    if kind is VariableType.URL:
        extra["hosts"] = ("example.com",)
    template = NoticeTemplate(
        "t", variables=[Variable("a", kind, **extra)], texts=[NoticeTexts("en", sms="{a}")]
    )
    with pytest.raises(TemplateError) as info:
        template.render({"a": _Trap()}, locale="en", timezone="UTC")
    assert "a" in str(info.value)

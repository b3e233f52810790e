"""The notice template language: parser and compiled form (names and filters only).

Operators write templates, so the language is deliberately tiny and the parser is the
security boundary:

- literal text, `{name}`, `{name|filter}` and `{name|filter:arg}` placeholders;
- `{{` and `}}` for literal braces;
- nothing else: no attribute access, indexing, calls, conversions, format specs,
  expressions, loops or includes. There is no `eval`, no `str.format` and no `getattr`
  anywhere on the rendering path, so a template can only ever read the values it is given.

Anything outside that grammar raises `TemplateSyntaxError` with a 1-based line and column.
Control characters (other than newline and tab) and Unicode bidi overrides are refused in
the template text itself, so what an operator sees in an editor is what the customer gets.

This module knows nothing about types, locales or channels; `supportflow.notices` checks
placeholders against a template's declared variables and does the formatting.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

import attrs

from supportflow.errors import TemplateSyntaxError

__all__ = [
    "FILTERS",
    "MAX_SOURCE_LENGTH",
    "STYLES",
    "UNSAFE_IN_VALUE",
    "Slot",
    "Template",
    "parse",
    "position",
    "unsafe_character",
]

#: The largest template text accepted (characters); longer text is refused, not truncated.
MAX_SOURCE_LENGTH: Final = 20_000
#: The styles the date and time filters take.
STYLES: Final = ("short", "medium", "long")
#: Every filter, with whether its argument is none, a style or a positive integer.
FILTERS: Final[dict[str, str]] = {
    "date": "style",
    "datetime": "style",
    "time": "style",
    "duration": "none",
    "money": "none",
    "upper": "none",
    "lower": "none",
    "truncate": "count",
}
_MAX_TRUNCATE: Final = 1000
_MAX_NAME: Final = 40

# Control characters (C0 except tab/newline/carriage return, DEL, C1), the bidi
# embedding/override/isolate controls and marks, and the Unicode line/paragraph
# separators: invisible characters that can reorder or hide text.
_UNSAFE_IN_SOURCE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]"
)
# In values, tab and line breaks are refused too: a value is one run of text.
UNSAFE_IN_VALUE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]"
)

_TOKENS = re.compile(r"(\{\{|\}\}|\{[^{}\n]*\}|[{}])")
# The fast path: one regular expression, run in C by `re.split`, that finds every *valid*
# placeholder (the name, and a filter with its argument only where `FILTERS` allows them)
# and every `{{` that is not a Jinja-style `{{ name }}`. Split on it, a template is literal
# text alternating with four groups: the name, filter and argument of a placeholder, or
# the second brace of a `{{`. A brace it does not consume is left in the literal text; the
# brace counts in `parse` notice it and hand the text to `_parse_slowly`, which finds the
# mistake and its exact line and column. Both read the text the same way, so the fast
# path only ever accepts what the slow one accepts, with the same result.
_FAST = re.compile(
    r"\{(?:"
    rf"(?P<name>[a-z][a-z0-9_]{{0,{_MAX_NAME - 1}}})"
    r"(?:\|(?="
    rf"(?:{'|'.join(f for f, kind in FILTERS.items() if kind == 'style')})"
    rf"(?::(?:{'|'.join(STYLES)}))?\}}"
    rf"|(?:{'|'.join(f for f, kind in FILTERS.items() if kind == 'none')})\}}"
    rf"|(?:{'|'.join(f for f, kind in FILTERS.items() if kind == 'count')})"
    r":0*(?:[1-9][0-9]{0,2}|1000)\}"  # 1 to _MAX_TRUNCATE
    r")(?P<filter>[a-z]+)(?::(?P<arg>[A-Za-z0-9_]+))?)?\}"
    r"|(\{)(?!\s*[A-Za-z_][^{}\n]*\}\})"
    r")"
)
_new_slot = tuple.__new__
_BODY = re.compile(
    r"(?P<name>[a-z][a-z0-9_]*)(?:\|(?P<filter>[a-z]+)(?::(?P<arg>[A-Za-z0-9_]+))?)?"
)
_JINJA_EXPRESSION = re.compile(r"\{\{\s*[A-Za-z_][^{}\n]*\}\}")


def unsafe_character(text: str, *, in_value: bool = False) -> int:
    """Return the index of the first control or bidi character in `text`, or -1."""
    match = (UNSAFE_IN_VALUE if in_value else _UNSAFE_IN_SOURCE).search(text)
    return -1 if match is None else match.start()


def position(source: str, index: int) -> tuple[int, int]:
    """The 1-based `(line, column)` of `source[index]`."""
    line = source.count("\n", 0, index) + 1
    column = index - (source.rfind("\n", 0, index) + 1) + 1
    return line, column


class Slot(NamedTuple):
    """One placeholder: a variable name, an optional filter and argument, and where it is."""

    name: str
    filter: str | None
    arg: str | None
    line: int
    column: int

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What the placeholder renders to depends only on this: `(name, filter, arg)`."""
        return (self.name, self.filter, self.arg)


@attrs.frozen
class Template:
    """A parsed template: literal strings and `Slot`s, in order."""

    source: str
    parts: tuple[str | Slot, ...]
    slots: tuple[Slot, ...]

    @property
    def names(self) -> frozenset[str]:
        """The variable names the template uses."""
        return frozenset(slot.name for slot in self.slots)


def _fail(message: str, source: str, index: int, name: str) -> TemplateSyntaxError:
    line, column = position(source, index)
    return TemplateSyntaxError(message, line, column, name)


def parse(source: object, name: str = "") -> Template:
    """Parse `source` into a `Template`.

    Args:
        source: The template text.
        name: What to call the template in errors (e.g. `"maintenance_announced[en].sms"`).

    Raises:
        TemplateSyntaxError: the text does not parse, or holds control or bidi characters.
    """
    source = _checked_source(source, name)
    tokens = _FAST.split(source)
    parts: list[str | Slot] = []
    slots: list[Slot] = []
    text = ""
    pos = 0  # index in source of the current piece
    line, line_start = 1, 0
    multiline = "\n" in source
    escapes = 0  # `{{` tokens
    pieces = iter(tokens)
    for literal, variable, filter_name, arg, brace in zip(
        pieces, pieces, pieces, pieces, pieces, strict=False
    ):
        if literal:
            pos += len(literal)
            if multiline and "\n" in literal:
                line += literal.count("\n")
                line_start = pos - len(literal) + literal.rfind("\n") + 1
            text += literal
        if brace is None:
            slot = _new_slot(Slot, (variable, filter_name, arg, line, pos - line_start + 1))
            if text:
                parts.append(text)
                text = ""
            parts.append(slot)
            slots.append(slot)
            pos += len(variable) + 2
            if filter_name is not None:
                pos += len(filter_name) + 1 if arg is None else len(filter_name) + len(arg) + 2
        else:
            text += "{"
            pos += 2
            escapes += 1
    text += tokens[-1]
    if text:
        parts.append(text)
    # Every `{` must be in a token; every `}` in a placeholder or, doubled, in the text.
    if source.count("{") != len(slots) + 2 * escapes or (
        source.count("}") != len(slots) and not _unescape_closing(parts)
    ):
        # A brace no valid token took: let the slow parser say what it is and where.
        return _parse_slowly(source, name)
    return Template(source, tuple(parts), tuple(slots))


def _unescape_closing(parts: list[str | Slot]) -> bool:
    """Turn each `}}` in the text parts into `}`; False if there is a single `}`."""
    for index, part in enumerate(parts):
        if isinstance(part, str) and "}" in part:
            # Text parts hold literal text and `{`s, so their runs of `}` are the source's.
            if part.count("}") != 2 * part.count("}}"):
                return False
            parts[index] = part.replace("}}", "}")
    return True


def _parse_slowly(source: str, name: str) -> Template:
    """Parse `source` piece by piece: the reference parser that pinpoints every mistake."""
    parts: list[str | Slot] = []
    slots: list[Slot] = []
    text = ""
    pos = 0  # index in source of the current piece
    line, line_start = 1, 0
    # re.split with one capturing group alternates literal text and tokens.
    tokens = _TOKENS.split(source)
    for index in range(0, len(tokens) - 1, 2):
        literal, piece = tokens[index], tokens[index + 1]
        if literal:
            newlines = literal.count("\n")
            if newlines:
                line += newlines
                line_start = pos + literal.rfind("\n") + 1
            text += literal
            pos += len(literal)
        if piece == "{{":
            if _JINJA_EXPRESSION.match(source, pos):
                raise _fail(
                    "Jinja-style '{{ name }}' is not supported: write {name} for a placeholder "
                    "('{{' and '}}' are literal braces)",
                    source,
                    pos,
                    name,
                )
            text += "{"
        elif piece == "}}":
            text += "}"
        elif piece == "}":
            raise _fail("single '}' (write '}}' for a literal brace)", source, pos, name)
        elif piece == "{":
            raise _fail(_unclosed_reason(source, pos), source, pos, name)
        else:
            key = _checked_body(piece[1:-1], source, pos, name)  # raises where it is wrong
            slot = Slot(*key, line, pos - line_start + 1)
            if text:
                parts.append(text)
                text = ""
            parts.append(slot)
            slots.append(slot)
        pos += len(piece)
    text += tokens[-1]
    if text:
        parts.append(text)
    return Template(source, tuple(parts), tuple(slots))


def _checked_source(source: object, name: str) -> str:
    """`source` if it is a string of acceptable length without control or bidi characters."""
    if not isinstance(source, str):
        kind = type(source).__name__
        raise TemplateSyntaxError(f"a template must be a string, not {kind}", 1, 1, name)
    if len(source) > MAX_SOURCE_LENGTH:
        raise _fail(
            f"the template is {len(source)} characters long; at most {MAX_SOURCE_LENGTH}",
            source,
            MAX_SOURCE_LENGTH,
            name,
        )
    if source.isprintable():
        # Every refused character is non-printable (Cc, Cf, Zl, Zp), and this C loop is
        # twice as fast as the search, which texts with a newline or tab still need.
        return source
    bad = _UNSAFE_IN_SOURCE.search(source)
    if bad is not None:
        char = bad.group()
        raise _fail(
            f"control or bidi character U+{ord(char):04X} is not allowed in a template",
            source,
            bad.start(),
            name,
        )
    return source


def _unclosed_reason(source: str, start: int) -> str:
    following = re.compile(r"[{}\n]").search(source, start + 1)
    if following is not None and following.group() == "{":
        if source.startswith("{%", start) or source.startswith("{#", start):
            return "statements and comments ({% ... %}, {# ... #}) are not supported"
        return "'{' inside a placeholder: nested braces are not allowed (write '{{' for a brace)"
    return "unclosed placeholder: '{' needs a '}' on the same line (write '{{' for a brace)"


def _checked_body(
    body: str, source: str, start: int, name: str
) -> tuple[str, str | None, str | None]:
    """Parse the inside of `{...}` found at `source[start]` into `(name, filter, arg)`."""
    at = start + 1  # index of body[0] in source
    match = _BODY.fullmatch(body)
    if match is None:
        message, offset = _body_reason(body)
        raise _fail(message, source, at + offset, name)
    variable, filter_name, arg = match.group("name", "filter", "arg")
    if len(variable) > _MAX_NAME:
        raise _fail(f"variable names are at most {_MAX_NAME} characters", source, at, name)
    if filter_name is not None:
        filter_at = at + len(variable) + 1
        kind = FILTERS.get(filter_name)
        if kind is None:
            known = ", ".join(sorted(FILTERS))
            raise _fail(f"unknown filter {filter_name!r} (known: {known})", source, filter_at, name)
        arg_at = filter_at + len(filter_name) + 1
        if kind == "none" and arg is not None:
            raise _fail(f"filter {filter_name!r} takes no argument", source, arg_at, name)
        if kind == "style" and arg is not None and arg not in STYLES:
            raise _fail(
                f"filter {filter_name!r} takes a style: short, medium or long (not {arg!r})",
                source,
                arg_at,
                name,
            )
        if kind == "count":
            if arg is None:
                raise _fail(
                    f"filter {filter_name!r} needs a length, e.g. {{{variable}|truncate:40}}",
                    source,
                    filter_at,
                    name,
                )
            if not arg.isdigit() or not 1 <= int(arg) <= _MAX_TRUNCATE:
                raise _fail(
                    f"filter {filter_name!r} takes a length from 1 to {_MAX_TRUNCATE} "
                    f"(not {arg!r})",
                    source,
                    arg_at,
                    name,
                )
    return variable, filter_name, arg


def _body_reason(body: str) -> tuple[str, int]:  # noqa: PLR0911 - one reason per mistake
    """Why `body` is not a placeholder, and the offset in it to point at."""
    if not body:
        return "empty placeholder '{}' (write '{{}}' for literal braces)", 0
    if body[0] in "%#":
        return "statements and comments ({% ... %}, {# ... #}) are not supported", 0
    # Any whitespace, not only space and tab: `\r`, no-break, ideographic and em spaces too.
    offset = next((i for i, c in enumerate(body) if c.isspace()), -1)
    if offset >= 0:
        return "spaces are not allowed inside a placeholder: write {name}", offset
    if body[0].isdigit():
        return "positional placeholders such as {0} are not allowed: name the variable", 0
    reasons = {
        ".": "attribute access is not allowed in a placeholder",
        "[": "indexing is not allowed in a placeholder",
        "(": "calls are not allowed in a placeholder",
        "!": "conversions such as !r are not allowed in a placeholder",
    }
    for offset, char in enumerate(body):
        if char in reasons:
            return reasons[char], offset
        if char == ":" and "|" not in body[:offset]:
            return "format specs are not allowed: use a filter such as {name|truncate:40}", offset
        if char == "|" and "|" in body[:offset]:
            return "only one filter per placeholder", offset
    if body[0] == "_" or not body[0].isalpha() or not body.split("|", maxsplit=1)[0].isascii():
        return "a variable name starts with a lower-case letter (a-z)", 0
    head = body.split("|", 1)[0]
    for offset, char in enumerate(head):
        if not (char.isascii() and (char.islower() or char.isdigit() or char == "_")):
            return "variable names use only a-z, 0-9 and '_'", offset
    offset = len(head) + 1
    return "a filter is written |name or |name:argument (letters, digits, '_')", offset

"""What every subcommand shares: reading input files, errors, output, colour, presets.

Every failure a user can cause is turned into a `Failure` (exit status 1) whose lines are
printed on stderr as `file: json.path: message` (`file:line:column: ...` for JSON that does
not parse); a usage mistake is a `UsageError` (exit status 2). Nothing here prints a
traceback for input the library refuses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import zoneinfo
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO, TypeVar

from supportflow import _pendulum
from supportflow._serialization import dump_duration, dump_instant
from supportflow.calendar import (
    BusinessCalendar,
    cn_mainland,
    hong_kong,
    uk_england_wales,
    us_federal,
)
from supportflow.errors import (
    InvalidFieldError,
    SerializationError,
    SupportflowError,
    TemplateSyntaxError,
    TemplateVariableError,
)

T = TypeVar("T")

#: Calendar presets by name (the `name` their calendars carry) and by data-set id.
CALENDARS: dict[str, Callable[[], BusinessCalendar]] = {
    "cn_mainland": cn_mainland,
    "hong_kong": hong_kong,
    "us_federal": us_federal,
    "uk_england_wales": uk_england_wales,
}
_CALENDAR_ALIASES = {
    "cn": "cn_mainland",
    "hk": "hong_kong",
    "us": "us_federal",
    "uk": "uk_england_wales",
}

_MAX_VALUE = 80
_PART = re.compile(r"[^\[]*\[(?P<locale>[^\]]+)\]\.(?P<part>\w+)")


class Failure(Exception):  # noqa: N818 - not an error of the library: the CLI's exit path
    """The command failed on its input: print `lines` on stderr, exit with status 1."""

    def __init__(
        self, *lines: str, message: str = "", line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(*lines)
        self.lines = lines
        #: For a file that does not parse: the parser's message and its 1-based position.
        self.message = message
        self.line = line
        self.column = column


class UsageError(Exception):
    """The command line itself is wrong: print `usage` and `message`, exit with status 2."""

    def __init__(self, usage: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage
        self.message = message


class Parser(argparse.ArgumentParser):
    """An `ArgumentParser` whose usage errors are raised, so `main` decides how to exit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - argparse's signature
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Raise `UsageError` instead of printing and exiting."""
        raise UsageError(self.format_usage(), f"{self.prog}: error: {message}")


def usage_error(parser: argparse.ArgumentParser, message: str) -> NoReturn:
    """Refuse the command line with `message` (exit status 2)."""
    raise UsageError(parser.format_usage(), f"{parser.prog}: error: {message}")


# -- messages ------------------------------------------------------------------------------


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_VALUE else f"{text[: _MAX_VALUE - 5]}...{text[-2:]}"


def _must(reason: str, value: object) -> str:
    if value is None and reason.startswith("be present"):
        return f"must {reason}"
    return f"must {reason} (got {_shown(value)})"


def describe(exc: SupportflowError) -> tuple[str, str]:
    """`(json_path, message)` for an error the library raised while loading a document."""
    if isinstance(exc, SerializationError):
        return exc.path or "<root>", _must(exc.reason, exc.value)
    if isinstance(exc, InvalidFieldError):
        return exc.field or "<root>", _must(exc.reason, exc.value)
    if isinstance(exc, TemplateSyntaxError):
        # The template names the part as `name[locale].part`: that is `texts.locale.part`.
        part = _PART.fullmatch(exc.template)
        path = f"texts.{part['locale']}.{part['part']}" if part else "texts"
        return path, f"{exc.line}:{exc.column}: {exc.message}"
    if isinstance(exc, TemplateVariableError):
        return "variables", str(exc)
    return "<root>", f"{type(exc).__name__}: {exc}"


def located(file: str, exc: SupportflowError) -> str:
    """`file: json.path: message` for `exc`."""
    path, message = describe(exc)
    return f"{file}: {path}: {message}"


# -- input files ---------------------------------------------------------------------------


def read_json(file: str) -> object:
    """The JSON document in `file` (`-` is stdin).

    Raises:
        Failure: the file cannot be read, or is not JSON (`file:line:column: ...`).
    """
    text = read_text(file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg}"
        raise Failure(
            f"{file}:{exc.lineno}:{exc.colno}: {message}",
            message=message,
            line=exc.lineno,
            column=exc.colno,
        ) from exc


def read_text(file: str) -> str:
    """The text of `file` (UTF-8; `-` is stdin).

    Raises:
        Failure: the file cannot be read.
    """
    try:
        if file == "-":
            return sys.stdin.read()
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Failure(f"{file}: cannot read: {reason}", message=f"cannot read: {reason}") from exc


def load(file: str, loader: Callable[[Any], T]) -> T:
    """Read `file` as JSON and build it with `loader` (a `from_dict`).

    Raises:
        Failure: unreadable file, bad JSON, or a document the loader refuses.
    """
    data = read_json(file)
    try:
        return loader(data)
    except SupportflowError as exc:
        raise Failure(located(file, exc)) from exc


def looks_like_file(name: str) -> bool:
    """Whether a NAME-or-FILE argument names a file rather than a preset."""
    return name == "-" or name.endswith(".json") or "/" in name or Path(name).is_file()


# -- arguments -----------------------------------------------------------------------------


def instant(text: str, option: str) -> dt.datetime:
    """Parse an ISO 8601 instant given on the command line (with its offset).

    Raises:
        Failure: not an instant with an offset.
    """
    try:
        return _pendulum.instant(text, field=option)
    except SupportflowError as exc:
        _path, message = describe(exc)
        raise Failure(f"{option}: {message}") from exc


def calendar(name: str | None, file: str | None, *, provisional: bool = False) -> BusinessCalendar:
    """The calendar given by `--calendar NAME` or `--calendar-file FILE`.

    With `provisional`, a preset uses its jurisdiction's statutory rules for the years its
    published data does not cover (`beyond_data="provisional"`); figures say so.

    Raises:
        Failure: unknown preset, or a file the calendar loader refuses.
    """
    if file is not None:
        return load(file, BusinessCalendar.from_dict)
    assert name is not None  # noqa: S101 - argparse requires one of the two
    key = _CALENDAR_ALIASES.get(name, name)
    if key not in CALENDARS:
        raise Failure(f"--calendar: must be one of {', '.join(CALENDARS)} (got {name!r})")
    if provisional:
        return CALENDARS[key](beyond_data="provisional")  # type: ignore[call-arg]
    return CALENDARS[key]()


# -- output --------------------------------------------------------------------------------


class Style:
    """ANSI colour for a terminal; plain text otherwise, and always with `NO_COLOR` set."""

    def __init__(self, stream: TextIO) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) and "NO_COLOR" not in os.environ

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text

    def good(self, text: str) -> str:
        """Green."""
        return self._wrap("32", text)

    def bad(self, text: str) -> str:
        """Bold red."""
        return self._wrap("1;31", text)

    def warn(self, text: str) -> str:
        """Yellow."""
        return self._wrap("33", text)

    def bold(self, text: str) -> str:
        """Bold."""
        return self._wrap("1", text)


def write_json(out: TextIO, document: object) -> None:
    """Write `document` as indented JSON (UTF-8 characters kept) and a newline."""
    out.write(json.dumps(document, ensure_ascii=False, indent=2))
    out.write("\n")


def utc(value: dt.datetime) -> str:
    """An instant as ISO 8601 in UTC."""
    return dump_instant(value)


def local(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """An instant as ISO 8601 in `zone`, to the second."""
    return value.astimezone(zone).isoformat(timespec="seconds")


def duration(value: dt.timedelta) -> str:
    """A duration as ISO 8601 (`P1DT2H`)."""
    return dump_duration(value)


def words(value: dt.timedelta) -> str:
    """A duration for people: `-2d 3h 5m`, `45m`, `0m`."""
    sign = "-" if value < dt.timedelta(0) else ""
    total = int(abs(value).total_seconds()) // 60
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n]
    return sign + (" ".join(parts) or "0m")


def examples(*lines: str) -> str:
    """An argparse epilog listing example command lines."""
    return "example" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {x}" for x in lines)


def choices_text(values: Sequence[str]) -> str:
    """`a, b, c`."""
    return ", ".join(values)

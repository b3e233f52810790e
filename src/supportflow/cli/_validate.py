"""`supportflow validate KIND FILE...`: check configuration files with the library's loaders."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from supportflow._serialization import check_schema
from supportflow.calendar import BusinessCalendar
from supportflow.cli._common import Failure, Style, describe, examples, read_json, write_json
from supportflow.errors import (
    HolidayDataConflictError,
    NewerSchemaError,
    SerializationError,
    SupportflowError,
)
from supportflow.holidays import HolidayRegistry
from supportflow.notices import NoticeTemplate
from supportflow.priority import PriorityModel
from supportflow.sla import SlaPolicy, SlaTarget

#: One problem: (JSON path, message).
Problem = tuple[str, str]


def _join(prefix: str, path: str) -> str:
    if path == "<root>":
        return prefix or path
    if not prefix:
        return path
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def _attempt(build: Callable[[], object], prefix: str = "") -> list[Problem]:
    try:
        build()
    except SupportflowError as exc:
        path, message = describe(exc)
        return [(_join(prefix, path), message)]
    return []


def _calendar(data: object, _file: str) -> list[Problem]:
    return _attempt(lambda: BusinessCalendar.from_dict(data))


def _target_builder(data: object, path: str) -> Callable[[], object]:
    return lambda: SlaTarget.from_dict(data, path=path)


def _sla_policy(data: object, _file: str) -> list[Problem]:
    # Each target is checked on its own first, so every broken target is reported.
    targets = data.get("targets") if isinstance(data, dict) else None
    problems: list[Problem] = []
    if isinstance(targets, list):
        for i, target in enumerate(targets):
            problems += _attempt(_target_builder(target, f"targets[{i}]"))
    return problems or _attempt(lambda: SlaPolicy.from_dict(data))


def _priority_model(data: object, _file: str) -> list[Problem]:
    return _attempt(lambda: PriorityModel.from_dict(data))


def _notice_template(data: object, _file: str) -> list[Problem]:
    return _attempt(lambda: NoticeTemplate.from_dict(data))


def load_catalog(data: object) -> tuple[dict[str, NoticeTemplate], list[Problem]]:
    """A notice catalog file: `{"schema": 1, "templates": [template, ...]}`.

    Returns the templates by name and every problem found (each template is checked).
    """
    if not isinstance(data, dict):
        return {}, [("<root>", f"must be a JSON object (got {type(data).__name__})")]
    problems: list[Problem] = []
    try:
        check_schema(data.get("schema"), 1)
    except NewerSchemaError as exc:
        problems.append(
            (
                "schema",
                f"must be 1 (got {exc.found}: a newer supportflow's schema; upgrade supportflow)",
            )
        )
    except SerializationError:
        problems.append(("schema", f"must be 1 (got {data.get('schema')!r})"))
    problems += [
        (key, "must not be present") for key in sorted(set(data) - {"schema", "templates"})
    ]
    items = data.get("templates")
    if not isinstance(items, list) or not items:
        problems.append(("templates", "must be a non-empty list of notice templates"))
        return {}, problems
    found: dict[str, NoticeTemplate] = {}
    for i, item in enumerate(items):
        path = f"templates[{i}]"
        try:
            template = NoticeTemplate.from_dict(item)
        except SupportflowError as exc:
            inner, message = describe(exc)
            problems.append((_join(path, inner), message))
            continue
        if template.name in found:
            problems.append((f"{path}.name", f"must be unique (got {template.name!r} again)"))
        found[template.name] = template
    return found, problems


def _notice_catalog(data: object, _file: str) -> list[Problem]:
    return load_catalog(data)[1]


def _holidays(_data: object, file: str) -> list[Problem]:
    # A fresh registry with the packaged data: a file is checked against the published
    # years exactly as `supportflow.holidays.registry.load_file` would check it.
    try:
        HolidayRegistry().load_file(file)
    except HolidayDataConflictError as exc:
        return [(f"years.{exc.year}", f"must not differ from the year already known ({exc})")]
    except SupportflowError as exc:
        path, message = describe(exc)
        for prefix in (f"{file}.", f"{file}: ", file, f"{Path(file)}.", f"{Path(file)}: "):
            if path.startswith(prefix):
                path = path[len(prefix) :] or "<root>"
                break
        return [(path, message)]
    return []


KINDS: dict[str, Callable[[Any, str], list[Problem]]] = {
    "calendar": _calendar,
    "sla-policy": _sla_policy,
    "priority-model": _priority_model,
    "notice-template": _notice_template,
    "notice-catalog": _notice_catalog,
    "holidays": _holidays,
}


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register the `validate` subcommand."""
    parser = commands.add_parser(
        "validate",
        help="check calendar, SLA policy, priority model, notice and holiday data files",
        description=(
            "Load each FILE with the library's own loader and report every problem as\n"
            "`file: json.path: message` on stderr (JSON syntax errors as\n"
            "`file:line:column: invalid JSON: ...`). Exit status 0 when every file is\n"
            "valid, 1 otherwise."
        ),
        epilog=examples(
            "supportflow validate calendar config/calendars/*.json",
            "supportflow validate sla-policy --json policy.json",
        ),
    )
    parser.add_argument("kind", choices=list(KINDS), metavar="KIND", help=", ".join(KINDS))
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSON files to check")
    parser.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    parser.set_defaults(run=run, parser=parser)


def _error(
    text: str, message: str, path: str | None, line: int | None = None, column: int | None = None
) -> dict[str, Any]:
    return {"path": path, "line": line, "column": column, "message": message, "text": text}


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every file; report; 0 when all are valid, 1 otherwise."""
    check = KINDS[args.kind]
    reports: list[tuple[str, list[dict[str, Any]]]] = []
    for file in args.files:
        try:
            data = read_json(file)
        except Failure as failure:
            error = _error(failure.lines[0], failure.message, None, failure.line, failure.column)
            reports.append((file, [error]))
            continue
        problems = check(data, file)
        errors = [_error(f"{file}: {path}: {msg}", msg, path) for path, msg in problems]
        reports.append((file, errors))
    valid = all(not errors for _file, errors in reports)
    if args.json:
        files = [
            {
                "file": file,
                "valid": not errors,
                "errors": [
                    {k: e[k] for k in ("path", "line", "column", "message")} for e in errors
                ],
            }
            for file, errors in reports
        ]
        write_json(out, {"schema": 1, "kind": args.kind, "valid": valid, "files": files})
        return 0 if valid else 1
    style, err_style = Style(out), Style(err)
    for file, errors in reports:
        for error in errors:
            err.write(f"{err_style.bad(error['text'])}\n")
        if not errors:
            out.write(f"{file}: {style.good('ok')} ({args.kind})\n")
    return 0 if valid else 1

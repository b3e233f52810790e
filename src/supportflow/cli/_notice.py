"""`supportflow notice render TEMPLATE VALUES.json`: a notice as the customer gets it."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from supportflow._serialization import Reader
from supportflow.cli._common import (
    Failure,
    Style,
    describe,
    examples,
    load,
    looks_like_file,
    read_json,
    usage_error,
    write_json,
)
from supportflow.errors import SerializationError, SmsBudgetError, TemplateVariableError
from supportflow.notices import (
    CATALOG_NAMES,
    DEFAULT_LINK_HOSTS,
    NoticeChannel,
    NoticeTemplate,
    RenderedNotice,
    VariableType,
    catalog,
)
from supportflow.notices._variables import load_value

_EXAMPLE = (
    "supportflow notice render complaint_acknowledged values.json --locale zh-Hant "
    "--channel sms --timezone Asia/Taipei"
)


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register `notice render`."""
    group = commands.add_parser("notice", help="customer notices", epilog=examples(_EXAMPLE))
    sub = group.add_subparsers(dest="notice_command", metavar="COMMAND", required=True)
    parser = sub.add_parser(
        "render",
        help="render a notice template with values, with the SMS cost",
        description=(
            "Render TEMPLATE (a catalog notice name or a JSON file, NoticeTemplate.to_dict)\n"
            "with VALUES (a JSON object: variable -> value; instants as ISO 8601 with an\n"
            'offset, durations as ISO 8601 (\'PT4H\'), money as {"amount": "5000.00",\n'
            '"currency": "CNY"}, decimals as strings). The SMS is shown with its\n'
            "encoding (GSM-7 or UCS-2) and segment count.\n\n"
            f"Catalog notices: {', '.join(CATALOG_NAMES)}."
        ),
        epilog=examples(_EXAMPLE),
    )
    parser.add_argument("template", metavar="TEMPLATE")
    parser.add_argument("values", metavar="VALUES", help="JSON file of values")
    parser.add_argument("--locale", required=True, help="language tag, e.g. en, zh-Hans, zh-TW")
    parser.add_argument(
        "--channel",
        action="append",
        choices=[c.value for c in NoticeChannel],
        help="only this channel (repeatable; default: every channel)",
    )
    parser.add_argument(
        "--timezone", metavar="ZONE", help="the customer's IANA zone (needed to show instants)"
    )
    parser.add_argument(
        "--link-host",
        action="append",
        metavar="HOST",
        help=f"a host catalog links may point at (repeatable; default {DEFAULT_LINK_HOSTS[0]})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
    parser.set_defaults(run=run, parser=parser)


def _template(args: argparse.Namespace) -> NoticeTemplate:
    if args.template not in CATALOG_NAMES and looks_like_file(args.template):
        return load(args.template, NoticeTemplate.from_dict)
    if args.template not in CATALOG_NAMES:
        raise Failure(
            f"TEMPLATE: must be a JSON file or a catalog notice: {', '.join(CATALOG_NAMES)} "
            f"(got {args.template!r})"
        )
    hosts = args.link_host or DEFAULT_LINK_HOSTS
    return catalog(hosts)[args.template]


def _values(file: str, template: NoticeTemplate) -> dict[str, object]:
    data = read_json(file)
    if not isinstance(data, dict):
        raise Failure(f"{file}: <root>: must be a JSON object: variable -> value")
    reader = Reader(data)
    values: dict[str, object] = {}
    problems = []
    declared = {v.name: v for v in template.variables}
    for key, raw in data.items():
        var = declared.get(key)
        if var is None:
            problems.append(f"{file}: {key}: must be a variable of {template.name!r}")
            continue
        try:
            values[key] = load_value(var.kind, reader, key) if raw is not None else None
        except SerializationError as exc:
            path, message = describe(exc)
            problems.append(f"{file}: {path}: {message}")
    if problems:
        raise Failure(*problems)
    return values


def _document(notice: RenderedNotice) -> dict[str, object]:
    document = notice.to_dict()
    if notice.sms is not None:
        sms = document["sms"]
        assert isinstance(sms, dict)  # noqa: S101 - to_dict writes a dict for an SMS
        cost = notice.sms.cost
        sms.update(characters=cost.characters, units=cost.units, forced_by=cost.forced_by)
    return document


def run(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Render and print the notice."""
    template = _template(args)
    values = _values(args.values, template)
    shows_instants = any(
        v.kind is VariableType.INSTANT and values.get(v.name) is not None
        for v in template.variables
    )
    if shows_instants and args.timezone is None:
        usage_error(args.parser, f"--timezone is needed: {template.name} shows instants")
    try:
        notice = template.render(
            values,
            locale=args.locale,
            timezone=args.timezone or "UTC",
            channels=None if args.channel is None else [NoticeChannel(c) for c in args.channel],
        )
    except TemplateVariableError as exc:
        raise Failure(f"{args.values}: {exc.variable}: must {exc.reason}") from exc
    except SmsBudgetError as exc:
        raise Failure(f"{args.values}: {exc}") from exc
    if args.json:
        write_json(out, {"schema": 1, "notice": _document(notice)})
        return 0
    style = Style(out)
    head = f"{notice.template} [{notice.locale}]"
    if notice.fallbacks:
        head += f" (asked {notice.requested_locale}; no {', '.join(notice.fallbacks)})"
    out.write(style.bold(head) + "\n")
    if notice.sms is not None:
        cost = notice.sms.cost
        out.write(f"\n-- sms: {cost.encoding.value}, {cost.segments} segment(s), ")
        out.write(f"{cost.units} units")
        if cost.forced_by is not None:
            out.write(f", UCS-2 from {cost.forced_by!r} at {cost.forced_at}")
        out.write(f"\n{notice.sms.text}\n")
    if notice.email is not None:
        email = notice.email
        out.write(f"\n-- email\nSubject: {email.subject}\n")
        if email.preheader is not None:
            out.write(f"Preheader: {email.preheader}\n")
        out.write(f"\n{email.text}\n")
    if notice.in_app is not None:
        in_app = notice.in_app
        out.write(f"\n-- in_app\n{in_app.title}\n{in_app.body}\n")
        if in_app.link is not None:
            out.write(f"{in_app.link}\n")
    return 0

"""`supportflow deadline`: when a deadline falls, in UTC and in the calendar's zone."""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
from typing import Any, TextIO

from supportflow.cli._common import (
    CALENDARS,
    Style,
    calendar,
    examples,
    instant,
    local,
    usage_error,
    utc,
    write_json,
)
from supportflow.sla import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    deadline,
    explain_deadline,
)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"must be a whole number >= 1 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return value


def _hours(text: str) -> dt.timedelta:
    try:
        value = decimal.Decimal(text)
    except decimal.InvalidOperation:
        value = decimal.Decimal(0)
    if not value.is_finite() or value <= 0 or (value * 3600) % 1:
        msg = f"must be a positive number of hours, to the second (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return dt.timedelta(seconds=int(value * 3600))


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register the `deadline` subcommand."""
    parser = commands.add_parser(
        "deadline",
        help="compute a deadline on a business calendar",
        description=(
            "Compute when a deadline falls for something received at --from, and print it\n"
            "in UTC and in the calendar's zone.\n\n"
            "  --business-hours N   N hours of business time (opening hours only)\n"
            "  --business-days N    close of business on the Nth business day after the\n"
            "                       day of receipt (the day of receipt never counts)\n"
            "  --days N             24:00 on the Nth calendar day after the day of receipt;\n"
            "                       with --civil-code a last day that is a rest day or a\n"
            "                       holiday moves to the next working day (PRC Civil Code\n"
            "                       arts. 201, 203)\n\n"
            f"Calendar presets: {', '.join(CALENDARS)}."
        ),
        epilog=examples(
            "supportflow deadline --calendar cn_mainland --from 2026-09-16T10:00+08:00 --days 15 "
            "--civil-code",
            "supportflow deadline --calendar-file team.json --from 2026-09-16T10:00+08:00 "
            "--business-hours 24 --json",
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--calendar", metavar="NAME", help="a calendar preset")
    source.add_argument("--calendar-file", metavar="FILE", help="a calendar JSON file")
    parser.add_argument(
        "--from", dest="start", required=True, metavar="INSTANT", help="ISO 8601 with an offset"
    )
    amount = parser.add_mutually_exclusive_group(required=True)
    amount.add_argument("--business-hours", type=_hours, metavar="N")
    amount.add_argument("--business-days", type=_positive_int, metavar="N")
    amount.add_argument("--days", type=_positive_int, metavar="N")
    parser.add_argument(
        "--civil-code", action="store_true", help="with --days: roll past rest days and holidays"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="say why: the days counted, and the weekends and named holidays skipped",
    )
    parser.add_argument(
        "--lang", choices=LANGS, default="en", help="language of --explain (default: en)"
    )
    parser.add_argument(
        "--short", action="store_true", help="with --explain: one sentence, for a customer"
    )
    parser.add_argument(
        "--provisional",
        action="store_true",
        help="with --calendar: past the published holiday data, use the statutory rules "
        "(the deadline then says it is provisional)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
    parser.set_defaults(run=run, parser=parser)


#: The languages explanations are rendered in.
LANGS = ("en", "zh-Hans", "zh-Hant")


def rule_of(args: argparse.Namespace) -> BusinessDuration | BusinessDays | CalendarDays:
    """The deadline rule the arguments ask for."""
    if args.civil_code and args.days is None:
        usage_error(args.parser, "--civil-code goes with --days")
    if (args.short or args.lang != "en") and not args.explain:
        usage_error(args.parser, "--lang and --short go with --explain")
    if args.provisional and args.calendar is None:
        usage_error(args.parser, "--provisional goes with --calendar")
    cal = calendar(args.calendar, args.calendar_file, provisional=args.provisional)
    if args.business_hours is not None:
        return BusinessDuration(args.business_hours, cal)
    if args.business_days is not None:
        return BusinessDays(args.business_days, cal)
    return CalendarDays(args.days, cal, roll=args.civil_code)


def run(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Print the deadline."""
    rule = rule_of(args)
    start = instant(args.start, "--from")
    due = rule.due(start)
    cal = rule.calendar
    zone = cal.timezone
    document: dict[str, object] = {
        "schema": 1,
        "calendar": cal.name,
        "timezone": zone.key,
        "from": utc(start),
        "rule": rule.to_dict() | {"calendar": cal.name},
        "description": rule.describe(),
        "due_utc": utc(due),
        "due_local": local(due, zone),
    }
    if isinstance(rule, CalendarDays):
        document["last_day"] = rule.last_day(start).isoformat()
    marked = deadline(rule, start)
    document["provisional"] = marked.provisional
    document["assumed"] = list(marked.assumed)
    why = explain_deadline(rule, start) if args.explain else None
    if why is not None:
        document["explanation"] = why.to_dict()
        document["explanation_text"] = why.render(args.lang, short=args.short)
    if args.json:
        write_json(out, document)
        return 0
    style = Style(out)
    weekday = due.astimezone(zone).strftime("%A")
    out.write(f"rule:      {rule.describe()}\n")
    out.write(f"received:  {utc(start)}  ({local(start, zone)} {zone.key})\n")
    out.write(f"due (UTC): {style.bold(utc(due))}\n")
    out.write(f"due local: {style.bold(local(due, zone))} {zone.key} ({weekday})\n")
    if isinstance(rule, CalendarDays):
        last = rule.last_day(start)
        out.write(f"last day:  {last.isoformat()} ({last.strftime('%A')}), until its end\n")
    if marked.provisional:
        out.write(f"{style.bad('provisional')}: {marked.describe()}\n")
    if why is not None:
        out.write("\n" + why.render(args.lang, short=args.short) + "\n")
    return 0

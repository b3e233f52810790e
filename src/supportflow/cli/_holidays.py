"""`supportflow holidays list|status`: the holiday data, and how long it lasts."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from supportflow.cli._common import Failure, Style, examples, instant, write_json
from supportflow.cli._deadline import LANGS
from supportflow.clock import SystemClock
from supportflow.holidays import HolidayYear, coverage, provisional, registry
from supportflow.holidays._names import holiday_names

_LIST = "supportflow holidays list cn 2026"
_STATUS = "supportflow holidays status --longest 60 --at 2026-11-01T09:00+08:00"


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        msg = f"must be a whole number of days >= 1 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        msg = f"must be a four-digit year (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register `holidays list` and `holidays status`."""
    group = commands.add_parser(
        "holidays", help="holiday data and its coverage", epilog=examples(_LIST, _STATUS)
    )
    sub = group.add_subparsers(dest="holidays_command", metavar="COMMAND", required=True)
    listing = sub.add_parser(
        "list",
        help="the days off and make-up workdays of one year",
        description=(
            "List the closed days and the make-up working days (weekend days that are\n"
            "official working days) of DATASET in YEAR, with the source of the figures.\n"
            "--provisional computes a year the official data does not cover from the\n"
            "statutory rules (marked provisional)."
        ),
        epilog=examples(_LIST, "supportflow holidays list cn 2027 --provisional --json"),
    )
    listing.add_argument("dataset", metavar="DATASET", help=", ".join(registry.datasets()))
    listing.add_argument("year", type=_year, metavar="YEAR")
    listing.add_argument(
        "--provisional", action="store_true", help="compute an uncovered year from the rules"
    )
    listing.add_argument(
        "--lang", choices=LANGS, default="en", help="language of the names (default: en)"
    )
    listing.add_argument("--json", action="store_true", help="print JSON on stdout")
    listing.set_defaults(run=run_list, parser=listing)
    status = sub.add_parser(
        "status",
        help="how many days until intake needs provisional holiday data",
        description=(
            "For each data set: the years the official data covers, and the days left until\n"
            "a deadline of --longest days from intake can run past them. Exit status 1 when\n"
            "any data set has no days left (a failed check, for monitoring)."
        ),
        epilog=examples(_STATUS),
    )
    status.add_argument("--at", metavar="INSTANT", help="the instant to check for (default: now)")
    status.add_argument(
        "--longest", type=_days, default=60, metavar="DAYS", help="longest deadline (default 60)"
    )
    status.add_argument("--json", action="store_true", help="print JSON on stdout")
    status.set_defaults(run=run_status, parser=status)


def _year_data(dataset: str, year: int, *, allow_provisional: bool) -> HolidayYear:
    known = registry.datasets()
    if dataset not in known:
        raise Failure(f"DATASET: must be one of {', '.join(known)} (got {dataset!r})")
    data = registry.load(dataset)
    found = data.year(year)
    if found is not None:
        return found
    first, last = data.covered
    if not allow_provisional:
        raise Failure(
            f"{dataset} {year}: no official data (covered: {first}-{last}); "
            "--provisional computes it from the rules"
        )
    return provisional(dataset, year)


def _names(dataset: str, year: HolidayYear, lang: str) -> dict[dt.date, str]:
    """The name of each day off in `lang`, from the jurisdiction's festivals."""
    weekend = {6, 7}  # the data's make-up workdays are Saturdays and Sundays
    names = holiday_names(
        dataset,
        year.holidays,
        closed=lambda d: d.isoweekday() in weekend and d not in year.workdays,
    )
    return {day: name[lang] for day, name in names.items()}


def run_list(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Print the year's days off and make-up workdays."""
    year = _year_data(args.dataset, args.year, allow_provisional=args.provisional)
    names = _names(args.dataset, year, args.lang)
    days = [(d, "day_off") for d in year.holidays] + [(d, "workday") for d in year.workdays]
    days.sort()
    if args.json:
        write_json(
            out,
            {
                "schema": 1,
                "dataset": args.dataset,
                "year": year.year,
                "provisional": year.provisional,
                "source": year.source,
                "verified": year.verified,
                "days": [
                    {
                        "date": d.isoformat(),
                        "weekday": d.strftime("%a"),
                        "kind": kind,
                        "name": names.get(d),
                    }
                    for d, kind in days
                ],
            },
        )
        return 0
    style = Style(out)
    title = f"{args.dataset} {year.year}"
    if year.provisional:
        title += " " + style.warn("(PROVISIONAL: computed from the rules, not published)")
    out.write(f"{style.bold(title)}\nsource: {year.source}\n")
    for day, kind in days:
        label = "day off        " if kind == "day_off" else style.warn("make-up workday")
        name = f"  {names[day]}" if day in names else ""
        out.write(f"  {day.isoformat()} {day.strftime('%a')}  {label}{name}\n")
    out.write(f"{len(year.holidays)} days off, {len(year.workdays)} make-up workdays\n")
    return 0


def run_status(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Print every data set's coverage; 1 when one has no days left."""
    at = SystemClock().now() if args.at is None else instant(args.at, "--at")
    report = coverage(at, longest=args.longest)
    failed = any(c.days_left <= 0 for c in report)
    if args.json:
        write_json(
            out,
            {
                "schema": 1,
                "at": at.astimezone(dt.UTC).isoformat(),
                "longest_days": args.longest,
                "ok": not failed,
                "datasets": [c.to_dict() for c in report],
            },
        )
        return 1 if failed else 0
    style = Style(out)
    out.write(f"holiday data coverage for deadlines up to {args.longest} days\n")
    for c in report:
        if c.days_left <= 0:
            left = style.bad(f"{c.days_left} days left: intake needs provisional data")
        elif c.days_left <= 30:  # a month's notice to load the next year
            left = style.warn(f"{c.days_left} days left")
        else:
            left = style.good(f"{c.days_left} days left")
        out.write(
            f"  {c.dataset} ({c.name}): covers {c.covered[0]}-{c.covered[1]}, "
            f"provisional from {c.provisional_from.isoformat()}, {left}\n"
        )
    return 1 if failed else 0

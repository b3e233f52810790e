"""`supportflow sla status POLICY EVENTS.jsonl --at T`: every clock of a case at an instant."""

from __future__ import annotations

import argparse
import json
import zoneinfo
from collections.abc import Callable
from typing import Any, TextIO

from supportflow.calendar import BusinessCalendar
from supportflow.cli._common import (
    CALENDARS,
    Failure,
    Style,
    calendar,
    describe,
    duration,
    examples,
    instant,
    load,
    local,
    looks_like_file,
    read_text,
    usage_error,
    utc,
    words,
    write_json,
)
from supportflow.cli._deadline import LANGS
from supportflow.errors import SupportflowError
from supportflow.sla import (
    SlaClock,
    SlaCycle,
    SlaEvent,
    SlaPolicy,
    SlaStatus,
    cfpb_portal,
    cn_banking_insurance,
    fca_disp,
    fca_disp_payments,
    industry_default,
)


def _industry_default(calendar: BusinessCalendar | None) -> SlaPolicy:
    assert calendar is not None  # noqa: S101 - `policy` insists on a calendar
    return industry_default(calendar)


#: Policy presets; `industry_default` needs a calendar (`industry_default:cn_mainland`).
POLICIES: dict[str, Callable[[BusinessCalendar | None], SlaPolicy]] = {
    "fca_disp": fca_disp,
    "fca_disp_payments": fca_disp_payments,
    "cfpb_portal": cfpb_portal,
    "cn_banking_insurance": cn_banking_insurance,
    "industry_default": _industry_default,
}


def policy(spec: str) -> SlaPolicy:
    """The preset `spec` (`NAME` or `NAME:CALENDAR`), else the policy in the JSON file `spec`.

    Raises:
        Failure: unknown preset or calendar, or a file the policy loader refuses.
    """
    name, _sep, cal_name = spec.partition(":")
    if name not in POLICIES and looks_like_file(spec):
        return load(spec, SlaPolicy.from_dict)
    if name not in POLICIES:
        raise Failure(f"POLICY: must be a JSON file or one of {', '.join(POLICIES)} (got {spec!r})")
    if name == "industry_default" and not cal_name:
        raise Failure(
            f"POLICY: industry_default needs a calendar, e.g. industry_default:cn_mainland "
            f"(calendars: {', '.join(CALENDARS)})"
        )
    return POLICIES[name](calendar(cal_name, None) if cal_name else None)


def read_events(file: str, names: tuple[str, ...]) -> list[tuple[int, str, SlaEvent]]:
    """The events of a JSON Lines file: `(line number, target name, event)`, in order.

    Each non-blank line is an `SlaEvent.to_dict()` object with a `"target"` key added.

    Raises:
        Failure: every line that is not such an event (all of them are reported).
    """
    problems: list[str] = []
    events: list[tuple[int, str, SlaEvent]] = []
    for number, line in enumerate(read_text(file).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}:{exc.colno}: invalid JSON: {exc.msg}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{where}: <root>: must be a JSON object")
            continue
        target = data.pop("target", None)
        if target not in names:
            problems.append(f"{where}: target: must be one of {', '.join(names)} (got {target!r})")
            continue
        try:
            events.append((number, target, SlaEvent.from_dict(data)))
        except SupportflowError as exc:
            path, message = describe(exc)
            problems.append(f"{where}: {path}: {message}")
    if problems:
        raise Failure(*problems)
    return events


def _zone(cycle: SlaCycle) -> zoneinfo.ZoneInfo:
    rule = cycle.rule
    cal = getattr(rule, "calendar", None)
    return cal.timezone if cal is not None else rule.timezone  # type: ignore[union-attr]


def _cycle(cycle: SlaCycle) -> dict[str, object]:
    return {
        "index": cycle.index,
        "state": cycle.state.value,
        "rule": cycle.rule.describe(),
        "extension": cycle.extension,
        "started_at": utc(cycle.started_at),
        "stopped_at": None if cycle.stopped_at is None else utc(cycle.stopped_at),
        "due_at": utc(cycle.due_at),
        "due_local": local(cycle.due_at, _zone(cycle)),
        "timezone": _zone(cycle).key,
        "goal": duration(cycle.goal),
        "elapsed": duration(cycle.elapsed),
        "remaining": duration(cycle.remaining),
        "percent": round(cycle.percent, 2),
        "warning": cycle.warning,
        "breached": cycle.breached,
        "breached_at": None if cycle.breached_at is None else utc(cycle.breached_at),
        "paused": cycle.paused,
        "pause_reason": cycle.pause_reason,
    }


def _status(status: SlaStatus) -> dict[str, object]:
    latest = status.latest
    return {
        "target": status.target,
        "state": status.state.value,
        "breached": status.breached,
        "latest": None if latest is None else _cycle(latest),
        "completed_cycles": len(status.completed),
    }


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register `sla status`."""
    group = commands.add_parser("sla", help="SLA clocks", epilog=examples(_EXAMPLE))
    sub = group.add_subparsers(dest="sla_command", metavar="COMMAND", required=True)
    parser = sub.add_parser(
        "status",
        help="every SLA clock of a case at an instant, from its events",
        description=(
            "Replay a case's SLA events under POLICY and print every target's clock at --at.\n"
            f"POLICY is a JSON file (SlaPolicy.to_dict) or a preset: {', '.join(POLICIES)};\n"
            "NAME:CALENDAR picks the calendar (industry_default needs one).\n"
            'EVENTS is JSON Lines: one SlaEvent.to_dict() object per line with a "target" key.'
        ),
        epilog=examples(_EXAMPLE),
    )
    parser.add_argument("policy", metavar="POLICY")
    parser.add_argument("events", metavar="EVENTS")
    parser.add_argument("--at", required=True, metavar="INSTANT", help="ISO 8601 with an offset")
    parser.add_argument(
        "--explain", action="store_true", help="say why each deadline is where it is"
    )
    parser.add_argument(
        "--lang", choices=LANGS, default="en", help="language of --explain (default: en)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
    parser.set_defaults(run=run, parser=parser)


_EXAMPLE = "supportflow sla status cn_banking_insurance case-42.jsonl --at 2026-09-30T12:00+08:00"


def run(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Print every target's status."""
    if args.lang != "en" and not args.explain:
        usage_error(args.parser, "--lang goes with --explain")
    chosen = policy(args.policy)
    at = instant(args.at, "--at")
    events = read_events(args.events, chosen.names)
    clocks: dict[str, SlaClock] = chosen.clocks()
    for number, target, event in events:
        try:
            clocks[target] = clocks[target].apply(event)
        except SupportflowError as exc:
            raise Failure(f"{args.events}:{number}: {exc}") from exc
    statuses = [clocks[name].status(at) for name in chosen.names]
    why = {
        s.target: clocks[s.target].explain(at)
        for s in statuses
        if args.explain and s.latest is not None
    }
    if args.json:
        targets = [_status(s) for s in statuses]
        if args.explain:
            for entry, status in zip(targets, statuses, strict=True):
                found = why.get(status.target)
                entry["explanation"] = None if found is None else found.to_dict()
                entry["explanation_text"] = None if found is None else found.render(args.lang)
        write_json(out, {"schema": 1, "policy": chosen.name, "at": utc(at), "targets": targets})
        return 0
    out.write(f"policy {chosen.name} at {utc(at)}\n")
    style = Style(out)
    for status in statuses:
        out.write(_line(status, style))
        found = why.get(status.target)
        if found is not None:
            out.writelines(f"    {line}\n" for line in found.render(args.lang).splitlines())
    return 0


def _line(status: SlaStatus, style: Style) -> str:
    cycle = status.latest
    if cycle is None:
        return f"  {status.target}: {status.state.value}\n"
    zone = _zone(cycle)
    if cycle.breached:
        flag = style.bad(f"BREACHED, {words(-cycle.remaining)} over")
    elif cycle.warning is not None:
        flag = style.warn(f"warning {cycle.warning:g}%, {words(cycle.remaining)} left")
    else:
        flag = style.good(f"{words(cycle.remaining)} left")
    state = status.state.value
    if cycle.paused and cycle.pause_reason:
        state += f" ({cycle.pause_reason})"
    return (
        f"  {status.target}: {state}, due {utc(cycle.due_at)} "
        f"({local(cycle.due_at, zone)} {zone.key}), {cycle.percent:.1f}% used, {flag}\n"
    )

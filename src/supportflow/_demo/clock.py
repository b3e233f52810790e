"""Demo section: the injected clock and loud errors."""

from __future__ import annotations

import datetime as dt
from typing import TextIO
from zoneinfo import ZoneInfo

from supportflow import FixedClock, NaiveDatetimeError, SupportflowError, UnknownTimezoneError
from supportflow._demo import heading
from supportflow._pendulum import zone


def run(out: TextIO) -> None:
    """Show a FixedClock moving and the errors supportflow raises for bad instants and zones."""
    heading(out, "Time comes from an injected clock")
    clock = FixedClock("2026-09-30T17:45:00+08:00")
    out.write(f"clock.now()                      -> {clock.now().isoformat()}\n")
    clock.advance(hours=6)
    out.write(f"after clock.advance(hours=6)     -> {clock.now().isoformat()}\n")
    out.write(
        "  in Asia/Shanghai                -> "
        f"{clock.now().astimezone(ZoneInfo('Asia/Shanghai')).isoformat()}\n"
    )
    out.write("\nBad input is refused loudly, with the field and the value:\n")
    attempts: list[tuple[str, object]] = [
        ("FixedClock(datetime(2026, 10, 1, 9, 0))", dt.datetime(2026, 10, 1, 9, 0)),  # noqa: DTZ001 - the demo shows the refusal
        ("FixedClock('2026-10-01T09:00:00')", "2026-10-01T09:00:00"),
    ]
    for label, value in attempts:
        try:
            FixedClock(value)
        except NaiveDatetimeError as exc:
            out.write(f"  {label}\n    -> {type(exc).__name__}: {exc}\n")
    for name in ("CST", "Mars/Olympus_Mons"):
        try:
            zone(name)
        except UnknownTimezoneError as exc:
            out.write(f"  zone({name!r})\n    -> {type(exc).__name__}: {exc}\n")
    try:
        clock.advance(hours=-1)
    except SupportflowError as exc:
        out.write(f"  clock.advance(hours=-1)\n    -> {type(exc).__name__}: {exc}\n")

"""The walkthrough printed by `supportflow demo`.

Each capability adds one module here with a `run(out)` function and one entry in
`SECTIONS`, in the order a reader meets them.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TextIO

SECTIONS: tuple[str, ...] = (
    "clock",
    "calendar",
    "priority",
    "sla",
    "complaints",
    "outage",
    "notices",
    "payments",
    "maintenance",
)


def run_demo(out: TextIO, only: Sequence[str] = ()) -> int:
    """Print the walkthrough (or only the named sections) to `out`; return 0, or 2 if unknown."""
    unknown = [name for name in only if name not in SECTIONS]
    if unknown:
        out.write(f"unknown demo section(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}\n")
        return 2
    for name in only or SECTIONS:
        module = importlib.import_module(f"supportflow._demo.{name}")
        module.run(out)
        out.write("\n")
    return 0


def heading(out: TextIO, title: str) -> None:
    """Print a section heading."""
    out.write(f"== {title} ==\n")

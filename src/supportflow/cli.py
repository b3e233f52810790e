"""The `supportflow` command: `supportflow --version` and `supportflow demo`.

The demo is a short walkthrough of each capability, printed from fixed instants so its
output is the same on every machine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

import supportflow
from supportflow._demo import run_demo

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status."""
    stream = out if out is not None else sys.stdout
    parser = argparse.ArgumentParser(
        prog="supportflow",
        description="Customer-support domain logic for payment and fintech services.",
    )
    parser.add_argument(
        "--version", action="version", version=f"supportflow {supportflow.__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="print a walkthrough of what supportflow does")
    demo.add_argument(
        "sections",
        nargs="*",
        metavar="SECTION",
        help="only these sections of the walkthrough (default: all)",
    )
    args = parser.parse_args(argv)
    if args.command == "demo":
        return run_demo(stream, args.sections)
    parser.print_help(stream)
    return 0

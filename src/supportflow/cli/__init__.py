"""The `supportflow` command: check configuration files and answer operations questions.

```text
supportflow validate KIND FILE...          check calendars, policies, models, notices, holidays
supportflow deadline ...                   when a deadline falls, and why
supportflow sla status POLICY EVENTS --at  every SLA clock of a case at an instant
supportflow priority explain MODEL ITEM    a priority score and its reasons
supportflow notice render TEMPLATE VALUES  a notice as the customer gets it (SMS cost too)
supportflow holidays list|status           holiday data and how long it lasts
supportflow diagram WORKFLOW               a lifecycle as a Mermaid diagram
supportflow demo                           a walkthrough of the library
```

Exit status: 0 success, 1 invalid input or a failed check, 2 a usage error. Errors go to
stderr, never with a traceback for input the library refuses. `--json` prints a stable,
documented shape (docs/cli.md). Colour only when stdout is a terminal and `NO_COLOR` is
not set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

import supportflow
from supportflow._demo import run_demo
from supportflow.cli import (
    _deadline,
    _diagram,
    _holidays,
    _notice,
    _priority,
    _sla,
    _validate,
)
from supportflow.cli._common import Failure, Parser, UsageError, examples
from supportflow.errors import SupportflowError

__all__ = ["main"]


def _parser() -> Parser:
    parser = Parser(
        prog="supportflow",
        description="Customer-support domain logic for payment and fintech services.",
        epilog=examples(
            "supportflow validate calendar calendars/*.json",
            "supportflow deadline --calendar cn_mainland --from 2026-09-16T10:00+08:00 "
            "--days 15 --civil-code",
        )
        + "\n\nexit status: 0 ok, 1 invalid input or failed check, 2 usage error",
    )
    parser.add_argument(
        "--version", action="version", version=f"supportflow {supportflow.__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="print a walkthrough of what supportflow does",
        epilog=examples("supportflow demo", "supportflow demo calendar sla"),
    )
    demo.add_argument(
        "sections",
        nargs="*",
        metavar="SECTION",
        help="only these sections of the walkthrough (default: all)",
    )
    for module in (_validate, _deadline, _sla, _priority, _notice, _holidays, _diagram):
        module.add(commands)
    return parser


def _dispatch(parser: Parser, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command is None:
        parser.print_help(out)
        return 0
    if args.command == "demo":
        return run_demo(out, args.sections)
    status: int = args.run(args, out, err)
    return status


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status.

    Args:
        argv: The arguments, without the program name.
        out: Where output goes (default stdout).
        err: Where errors go (default stderr).

    Returns:
        0 on success, 1 for invalid input or a failed check, 2 for a usage error.
        `--help` and `--version` print and raise `SystemExit(0)`, as argparse does.
    """
    stream = out if out is not None else sys.stdout
    errors = err if err is not None else sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        status = _dispatch(parser, args, stream, errors)
    except UsageError as exc:
        errors.write(exc.usage)
        errors.write(f"{exc.message}\n")
        return 2
    except Failure as exc:
        for line in exc.lines:
            errors.write(f"{line}\n")
        return 1
    except BrokenPipeError:
        # The reader went away (`supportflow demo | head`): stop quietly.
        if stream is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (SupportflowError, OSError, json.JSONDecodeError) as exc:
        leaf = getattr(locals().get("args"), "parser", parser)
        errors.write(f"{leaf.prog}: error: {type(exc).__name__}: {exc}\n")
        return 1
    return status

"""`supportflow diagram complaints|payments|withdrawals`: a lifecycle in Mermaid."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from supportflow.cli._common import examples
from supportflow.complaints import mermaid as complaint_mermaid
from supportflow.maintenance import WITHDRAWAL_WORKFLOW
from supportflow.payments import PAYMENT_WORKFLOW

WORKFLOWS = ("complaints", "payments", "withdrawals")


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register `diagram`."""
    parser = commands.add_parser(
        "diagram",
        help="a workflow's states and events as a Mermaid state diagram",
        description=(
            "Print the transition table of a lifecycle as a Mermaid stateDiagram-v2,\n"
            "generated from the workflow's own machine. Events that keep the state are\n"
            "named in a %% comment line rather than drawn as self-loops."
        ),
        epilog=examples("supportflow diagram complaints > complaints.mmd"),
    )
    parser.add_argument(
        "workflow", choices=WORKFLOWS, metavar="WORKFLOW", help=", ".join(WORKFLOWS)
    )
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Print the diagram."""
    if args.workflow == "complaints":
        out.write(complaint_mermaid())
    elif args.workflow == "payments":
        out.write(PAYMENT_WORKFLOW.mermaid(internal=False))
    else:
        out.write(WITHDRAWAL_WORKFLOW.mermaid(internal=False))
    return 0

"""`supportflow priority explain MODEL ITEM.json --at T`: a score and its reasons."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from supportflow.cli._common import examples, instant, load, write_json
from supportflow.priority import DEFAULT_MODEL, PriorityInputs, PriorityModel

_EXAMPLE = (
    "supportflow priority explain default item.json --at 2026-01-05T10:00+08:00 --lang zh-Hans"
)


def add(commands: Any) -> None:  # noqa: ANN401 - argparse's private subparsers action
    """Register `priority explain`."""
    group = commands.add_parser("priority", help="priority scores", epilog=examples(_EXAMPLE))
    sub = group.add_subparsers(dest="priority_command", metavar="COMMAND", required=True)
    parser = sub.add_parser(
        "explain",
        help="score one work item and explain every point",
        description=(
            "Score ITEM (a JSON file, PriorityInputs.to_dict) with MODEL (`default` or a\n"
            "JSON file, PriorityModel.to_dict) at --at, and print the breakdown: every\n"
            "factor's points and reason; the points add up to the score."
        ),
        epilog=examples(_EXAMPLE),
    )
    parser.add_argument("model", metavar="MODEL", help="`default` or a model JSON file")
    parser.add_argument("item", metavar="ITEM", help="the item's JSON file")
    parser.add_argument("--at", required=True, metavar="INSTANT", help="ISO 8601 with an offset")
    parser.add_argument("--lang", choices=["en", "zh-Hans"], default="en", help="default: en")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Print the score and its breakdown."""
    model = DEFAULT_MODEL if args.model == "default" else load(args.model, PriorityModel.from_dict)
    item = load(args.item, PriorityInputs.from_dict)
    at = instant(args.at, "--at")
    score = model.score(item, at)
    if args.json:
        document = score.to_dict()
        document["lang"] = args.lang
        document["breakdown"] = [
            {
                "factor": part.factor.value,
                "points": part.points,
                "detail": list(part.detail),
                "reason": part.reason(args.lang),
            }
            for part in score.breakdown
        ]
        write_json(out, document)
        return 0
    out.write(score.explain(args.lang) + "\n")
    return 0

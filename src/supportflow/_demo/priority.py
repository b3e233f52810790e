"""Demo section: rank a small mixed queue and explain every score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from supportflow import InvalidFieldError, PriorityInputs, PriorityModel, Vulnerability
from supportflow._demo import heading


def run(out: TextIO) -> None:
    """Rank three items at a fixed instant and print each breakdown in English and Chinese."""
    heading(out, "Priority: what is most at risk comes first")
    model = PriorityModel(rates={"USD": Decimal("7.2")})
    queue = [
        PriorityInputs(
            id="Q-ROUTINE",
            received_at="2026-01-07T09:30:00+08:00",
            impact=3,
            urgency=3,
            due_at="2026-01-08T09:30:00+08:00",
            channel="in_app_chat",
        ),
        PriorityInputs(
            id="W-ELDERLY",
            received_at="2026-01-06T20:00:00+08:00",
            impact=3,
            urgency=2,
            due_at="2026-01-09T20:00:00+08:00",
            amount=Decimal(12000),
            vulnerabilities={Vulnerability.ELDERLY},
            funds_held=True,
            hold_ends_at="2026-01-06T18:00:00+08:00",
            channel="phone",
        ),
        PriorityInputs(
            id="D-DISPUTE",
            received_at="2026-01-06T12:00:00+08:00",
            impact=2,
            urgency=1,
            due_at="2026-01-07T12:00:00+08:00",
            amount=Decimal(80000),
            currency="USD",
            channel="email",
        ),
    ]
    at = "2026-01-07T10:00:00+08:00"
    out.write(f"Queue ranked at {at} (USD at 7.2 CNY):\n")
    for position, item in enumerate(model.rank(queue, at), start=1):
        result = model.score(item, at)
        out.write(f"\n{position}.\n")
        for locale in ("en", "zh-Hans"):
            out.writelines(f"   {line}\n" for line in result.explain(locale).splitlines())
    later = "2026-01-09T10:00:00+08:00"
    order = ", ".join(f"{i.id} {model.score(i, later).value}" for i in model.rank(queue, later))
    out.write(f"\nTwo days later (the same item objects, re-ranked): {order}\n")
    out.write("(a tie at 100 goes to the earliest SLA breach, then the earliest receipt)\n")
    hours = model.max_wait // dt.timedelta(hours=1)
    out.write(f"No item waits more than max_wait = {hours}h before it is labelled P1.\n")
    out.write("\nBad input is refused, never clamped:\n")
    try:
        PriorityInputs(id="X", received_at=at, impact=3, urgency=3, amount=Decimal(-5))
    except InvalidFieldError as exc:
        out.write(f"  amount=-5          -> {type(exc).__name__}: {exc}\n")
    try:
        model.score(
            PriorityInputs(
                id="X", received_at=at, impact=3, urgency=3, amount=Decimal(5), currency="EUR"
            ),
            at,
        )
    except InvalidFieldError as exc:
        out.write(f"  currency='EUR'     -> {type(exc).__name__}: {exc}\n")

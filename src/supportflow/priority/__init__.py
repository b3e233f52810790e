"""Explainable priority scoring: what is most at risk is worked on first.

A `PriorityModel` turns the facts about a work item (`PriorityInputs`) into a
`PriorityScore`: a value from 0 to 100, a label `P1`..`P5`, and a breakdown in which
every factor's points and reason (in English and Simplified Chinese) add up exactly to
the value. The base is ITIL's impact x urgency matrix; financial-complaint risk factors
(money at stake, vulnerable customers, regulator or media involvement, repeat complaints,
frozen funds, fraud signals, channel) and time (SLA breach proximity, aging) add to it.

```python
from decimal import Decimal
from supportflow.priority import PriorityInputs, PriorityModel

model = PriorityModel()
item = PriorityInputs(
    id="C-1",
    received_at="2026-01-05T09:00:00+08:00",
    impact=2,
    urgency=2,
    amount=Decimal("58000"),
)
result = model.score(item, "2026-01-05T10:00:00+08:00")
assert (result.value, result.label.value) == (42, "P3")
assert result.breakdown[1].reason() == "amount at stake ¥58,000 -> +12"
```

Scores are pure: the clock is never read; the instant is an argument. The SLA factor
takes the nearest breach instant (`PriorityInputs.due_at`) as a plain input, so any SLA
tracking can feed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from supportflow.errors import InvalidFieldError
from supportflow.priority._from_complaint import COMPLAINT_PRIORITY_LEVELS
from supportflow.priority._inputs import PriorityInputs, Vulnerability
from supportflow.priority._model import PriorityModel
from supportflow.priority._score import (
    Priority,
    PriorityContribution,
    PriorityFactor,
    PriorityScore,
)

__all__ = [
    "COMPLAINT_PRIORITY_LEVELS",
    "DEFAULT_MODEL",
    "Priority",
    "PriorityContribution",
    "PriorityFactor",
    "PriorityInputs",
    "PriorityModel",
    "PriorityScore",
    "Vulnerability",
    "rank",
    "score",
]

#: The default model, `PriorityModel()` (weights documented in docs/priority.md).
DEFAULT_MODEL = PriorityModel()


def score(
    inputs: PriorityInputs, at: dt.datetime | str, model: PriorityModel = DEFAULT_MODEL
) -> PriorityScore:
    """Score one item at `at` with `model` (default `DEFAULT_MODEL`); see `PriorityModel.score`.

    Raises:
        InvalidFieldError: bad `at`, or inputs that do not fit the model.
    """
    _check_model(model)
    return model.score(inputs, at)


def rank(
    items: Iterable[PriorityInputs], at: dt.datetime | str, model: PriorityModel = DEFAULT_MODEL
) -> list[PriorityInputs]:
    """Order items most at risk first at `at`; see `PriorityModel.rank`.

    Raises:
        InvalidFieldError: bad `at`, or an item that does not fit the model
            (`field` is `items[<index>].<field>`).
    """
    _check_model(model)
    return model.rank(items, at)


def _check_model(model: object) -> None:
    if not isinstance(model, PriorityModel):
        raise InvalidFieldError("model", model, "be a PriorityModel")

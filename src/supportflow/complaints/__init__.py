"""The complaint lifecycle: intake to closure, owned, timed and recorded.

A `Complaint` moves through the states of `ComplaintState` only through its typed event
methods (`acknowledge`, `triage`, `assign`, `request_info`, `customer_replied`, `escalate`,
`de_escalate`, `post_update`, `merge`, `propose_resolution`, `accept`, `dispute`,
`resolve`, `record_feedback`, `reopen`, `withdraw`, `close`). Each event is checked against
ONE shared transition table (drawn by `mermaid()`), appends a
`TransitionRecord` to the complaint's `history`, and drives its SLA clocks. A refused event
changes nothing.

Collection metrics (`metrics`) are pure functions over any iterable of complaints.
"""

from __future__ import annotations

from supportflow import _validators
from supportflow.complaints._complaint import Complaint, raise_priority
from supportflow.complaints._metrics import ComplaintMetrics, DurationStats, metrics
from supportflow.complaints._values import (
    KNOWN_CURRENCIES,
    Ask,
    Channel,
    ComplaintRules,
    ComplaintState,
    Feedback,
    Resolution,
    ResolutionKind,
    Transaction,
)
from supportflow.complaints._values import ComplaintState as _State
from supportflow.complaints._workflow import OPEN_STATES, WORKFLOW

__all__ = [
    "KNOWN_CURRENCIES",
    "OPEN_STATES",
    "Ask",
    "Channel",
    "Complaint",
    "ComplaintMetrics",
    "ComplaintRules",
    "ComplaintState",
    "DurationStats",
    "Feedback",
    "Resolution",
    "ResolutionKind",
    "Transaction",
    "allowed_events",
    "events",
    "mermaid",
    "metrics",
    "raise_priority",
]


def mermaid() -> str:
    """The complaint workflow as a Mermaid `stateDiagram-v2`, generated from the machine.

    State changes are arrows; the events that keep the state (`assign`, `post_update`, ...)
    are named in a `%%` comment line rather than drawn as a dozen self-loops.
    """
    return WORKFLOW.mermaid(internal=False)


def events() -> frozenset[str]:
    """The names of every complaint event, as the shared machine knows them."""
    return WORKFLOW.events


def allowed_events(state: _State) -> frozenset[str]:
    """The events the transition table allows from `state` (guards may still refuse).

    Raises:
        InvalidFieldError: `state` is not a `ComplaintState` (or its value).
    """
    return WORKFLOW.allowed_events(_validators.choice("state", state, _State))

"""The complaint lifecycle: intake to closure, owned, timed and recorded.

A `Complaint` moves through the states of `ComplaintState` only through its typed event
methods (`acknowledge`, `triage`, `assign`, `request_info`, `customer_replied`, `escalate`,
`de_escalate`, `post_update`, `merge`, `propose_resolution`, `accept`, `dispute`,
`resolve`, `record_feedback`, `reopen`, `withdraw`, `close`, `external_referral`,
`answer_referral`, `assess_complexity`, `reselect_policy`, `add_evidence`,
`record_root_cause`, `link_incident`, `unlink_incident`). Each event is checked against
ONE shared transition table (drawn by `mermaid()`), appends a `TransitionRecord` to the
complaint's `history`, and drives its SLA clocks. A refused event changes nothing.

An `Incident` links many complaints to one cause and acts on them together.
`ContactAttempt` and `Callback` record customers who cannot reach us; `reachability`
measures it per channel and period.

Collection metrics (`metrics`) are pure functions over any iterable of complaints.

Referral rights (where a customer may take a complaint next: ombudsman, regulator,
mediation) are data per jurisdiction and language, loaded by `load_referral_rights`
(packaged: `referral_rights("GB")`); a rejection carries them as a `ReferralStatement`.

A `PolicyBook` (JSON: `load_policy_book`) chooses a complaint's SLA policy by ordered
conditions, first match wins, at intake and again on `reselect_policy`.
"""

from __future__ import annotations

from supportflow import _validators
from supportflow.complaints._complaint import Complaint, raise_priority
from supportflow.complaints._contact import (
    CHANNEL_SERVICES,
    Callback,
    ContactAttempt,
    ContactOutcome,
    Reachability,
    reachability,
)
from supportflow.complaints._incident import Incident
from supportflow.complaints._investigation import (
    ROOT_CAUSES,
    Evidence,
    EvidenceKind,
    RootCauseTaxonomy,
)
from supportflow.complaints._metrics import Breakdown, ComplaintMetrics, DurationStats, metrics
from supportflow.complaints._notice_plan import IncidentNoticePlan, PlannedNotice, notices_for
from supportflow.complaints._referrals import (
    LANGUAGES,
    BodyKind,
    ExternalReferral,
    ReferralBody,
    ReferralRights,
    ReferralStatement,
    load_referral_rights,
    referral_rights,
)
from supportflow.complaints._selection import (
    AmountBand,
    CaseFacts,
    PolicyBook,
    PolicyCondition,
    PolicyRule,
    load_policy_book,
)
from supportflow.complaints._values import (
    KNOWN_CURRENCIES,
    Ask,
    Channel,
    ComplaintRules,
    ComplaintState,
    Complexity,
    Feedback,
    Resolution,
    ResolutionKind,
    Transaction,
)
from supportflow.complaints._values import ComplaintState as _State
from supportflow.complaints._workflow import OPEN_STATES, WORKFLOW

__all__ = [
    "CHANNEL_SERVICES",
    "KNOWN_CURRENCIES",
    "LANGUAGES",
    "OPEN_STATES",
    "ROOT_CAUSES",
    "AmountBand",
    "Ask",
    "BodyKind",
    "Breakdown",
    "Callback",
    "CaseFacts",
    "Channel",
    "Complaint",
    "ComplaintMetrics",
    "ComplaintRules",
    "ComplaintState",
    "Complexity",
    "ContactAttempt",
    "ContactOutcome",
    "DurationStats",
    "Evidence",
    "EvidenceKind",
    "ExternalReferral",
    "Feedback",
    "Incident",
    "IncidentNoticePlan",
    "PlannedNotice",
    "PolicyBook",
    "PolicyCondition",
    "PolicyRule",
    "Reachability",
    "ReferralBody",
    "ReferralRights",
    "ReferralStatement",
    "Resolution",
    "ResolutionKind",
    "RootCauseTaxonomy",
    "Transaction",
    "allowed_events",
    "events",
    "load_policy_book",
    "load_referral_rights",
    "mermaid",
    "metrics",
    "notices_for",
    "raise_priority",
    "reachability",
    "referral_rights",
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

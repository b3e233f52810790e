"""The complaint workflow's transition table: ONE shared machine, built once at import."""

from __future__ import annotations

from supportflow._machine import Edge, Workflow
from supportflow.complaints._values import ComplaintState

__all__ = ["OPEN_STATES", "WORKFLOW"]

_S = ComplaintState
RECEIVED, ACKNOWLEDGED, INVESTIGATING = _S.RECEIVED, _S.ACKNOWLEDGED, _S.INVESTIGATING
AWAITING, ESCALATED, PROPOSED = _S.AWAITING_CUSTOMER, _S.ESCALATED, _S.RESOLUTION_PROPOSED
RESOLVED, REDIRECTED, WITHDRAWN, CLOSED = _S.RESOLVED, _S.REDIRECTED, _S.WITHDRAWN, _S.CLOSED

#: States in which work is still owed to the customer.
OPEN_STATES: tuple[ComplaintState, ...] = (
    RECEIVED,
    ACKNOWLEDGED,
    INVESTIGATING,
    AWAITING,
    ESCALATED,
    PROPOSED,
)
_WORKING = (INVESTIGATING, ESCALATED)

_EDGES = (
    Edge("acknowledge", (RECEIVED,), ACKNOWLEDGED),
    # Both triage edges check the owner first, so a missing owner is the reason reported.
    Edge("triage", (ACKNOWLEDGED,), INVESTIGATING, ("_guard_owner", "_guard_in_scope")),
    Edge("triage", (ACKNOWLEDGED,), REDIRECTED, ("_guard_owner", "_guard_out_of_scope")),
    Edge("assign", (*OPEN_STATES, RESOLVED), None),
    Edge("request_info", _WORKING, AWAITING),
    Edge("customer_replied", (AWAITING,), ESCALATED, ("_guard_was_escalated",)),
    Edge("customer_replied", (AWAITING,), INVESTIGATING),
    Edge("escalate", (INVESTIGATING,), ESCALATED),
    Edge("de_escalate", (ESCALATED,), INVESTIGATING),
    Edge("post_update", OPEN_STATES, None),
    Edge("merge", OPEN_STATES, None),
    Edge("suspend_clocks", (INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("resume_clocks", (INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("extend_deadline", (INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("assess_complexity", (INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("add_evidence", (ACKNOWLEDGED, INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("record_root_cause", (INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("link_incident", (*OPEN_STATES, RESOLVED), None),
    Edge("unlink_incident", (*OPEN_STATES, RESOLVED), None),
    Edge("reselect_policy", (ACKNOWLEDGED, INVESTIGATING, ESCALATED, AWAITING, PROPOSED), None),
    Edge("propose_resolution", _WORKING, PROPOSED),
    Edge("accept", (PROPOSED,), None, ("_guard_not_accepted",)),
    Edge("dispute", (PROPOSED,), ESCALATED, ("_guard_dispute_escalates",)),
    Edge("dispute", (PROPOSED,), INVESTIGATING),
    Edge("resolve", (PROPOSED,), RESOLVED, ("_guard_accepted",)),
    Edge("record_feedback", (RESOLVED,), None, ("_guard_no_feedback",)),
    Edge("reopen", (RESOLVED,), INVESTIGATING, ("_guard_within_reopen_window",)),
    Edge("withdraw", OPEN_STATES, WITHDRAWN),
    Edge("close", (RESOLVED, REDIRECTED, WITHDRAWN), CLOSED, ("_guard_referrals_answered",)),
    # A customer who takes the complaint to an outside body keeps an open case open and
    # reopens a finished one (the firm owes the body an answer): even a CLOSED one.
    Edge("external_referral", OPEN_STATES, None),
    Edge(
        "external_referral", (RESOLVED, REDIRECTED, WITHDRAWN, CLOSED), ESCALATED, ("_guard_owner",)
    ),
    Edge("answer_referral", (*OPEN_STATES, RESOLVED, REDIRECTED, WITHDRAWN), None),
)

#: The complaint workflow (the one shared `transitions.Machine`).
WORKFLOW: Workflow[ComplaintState] = Workflow(
    "complaint", ComplaintState, RECEIVED, _EDGES, final=(CLOSED,)
)

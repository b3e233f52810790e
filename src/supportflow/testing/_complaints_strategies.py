"""Hypothesis strategies for `supportflow.complaints` (re-exported by `strategies`).

`complaints()` draws a complaint taken in under a drawn SLA policy and then walked through
a drawn sequence of events (refused ones are skipped), so every state and every SLA clock
state is reachable. Instants are drawn in 2025 and walks last weeks, not years, so every
deadline stays inside the years the packaged holiday data covers.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from supportflow.complaints import (
    Ask,
    Channel,
    Complaint,
    ComplaintMetrics,
    ComplaintRules,
    Complexity,
    Feedback,
    Resolution,
    ResolutionKind,
    Transaction,
    allowed_events,
    metrics,
)
from supportflow.complaints._contact import Callback, ContactAttempt, ContactOutcome
from supportflow.complaints._incident import Incident
from supportflow.complaints._investigation import (
    ROOT_CAUSES,
    Evidence,
    EvidenceKind,
    RootCauseTaxonomy,
)
from supportflow.complaints._notice_plan import IncidentNoticePlan, PlannedNotice
from supportflow.complaints._referrals import (
    LANGUAGES,
    ExternalReferral,
    ReferralBody,
    ReferralRights,
    ReferralStatement,
    load_referral_rights,
)
from supportflow.errors import SupportflowError
from supportflow.sla import (
    PRIORITIES,
    ElapsedDuration,
    SlaPolicy,
    SlaTarget,
)
from supportflow.testing._complaint_selection_strategies import (
    CURRENCIES,
    JURISDICTIONS,
    complaint_policy_books,
    packaged_policies,
)

__all__ = [
    "complaint_callbacks",
    "complaint_contact_attempts",
    "complaint_event_arguments",
    "complaint_evidence",
    "complaint_external_referrals",
    "complaint_feedbacks",
    "complaint_incident_notice_plans",
    "complaint_incidents",
    "complaint_metrics",
    "complaint_planned_notices",
    "complaint_referral_bodies",
    "complaint_referral_rights",
    "complaint_referral_statements",
    "complaint_resolutions",
    "complaint_root_cause_taxonomies",
    "complaint_rules",
    "complaint_sla_policies",
    "complaint_transactions",
    "complaints",
]

_START = pendulum.datetime(2025, 1, 1, tz="UTC")
_SPAN_SECONDS = 330 * 24 * 3600
_PAUSE_REASONS = ("external_appraisal", "awaiting_customer")
_ENDINGS = frozenset({"withdraw", "close"})
_AGENTS = ("agent-1", "agent-2", "team-lead", "specialist")
_ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)
_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
_amounts = st.decimals(
    min_value=decimal.Decimal(0), max_value=decimal.Decimal(10**6), places=2, allow_nan=False
)


@functools.cache
def _rights() -> tuple[ReferralRights, ...]:
    return tuple(load_referral_rights().values())


def complaint_referral_rights() -> st.SearchStrategy[ReferralRights]:
    """The packaged referral rights of one jurisdiction (GB, US, CN, HK)."""
    return st.sampled_from(_rights())


def complaint_referral_bodies() -> st.SearchStrategy[ReferralBody]:
    """Packaged referral bodies, and variants with a drawn response time and window."""
    packaged = st.sampled_from(tuple(b for r in _rights() for b in r.bodies))
    return packaged | st.builds(
        lambda body, days, months: attrs.evolve(
            body, respond_within=dt.timedelta(days=days), refer_within_months=months
        ),
        packaged,
        st.integers(1, 90),
        st.none() | st.integers(1, 24),
    )


@st.composite
def complaint_referral_statements(
    draw: st.DrawFn, *, jurisdiction: str | None = None, language: str | None = None
) -> ReferralStatement:
    """Referral statements: the packaged wording, or own wording naming the same bodies."""
    if jurisdiction is None:
        rights = draw(complaint_referral_rights())
    else:
        rights = next(r for r in _rights() if r.jurisdiction == jurisdiction)
    lang = draw(st.sampled_from(LANGUAGES)) if language is None else language
    statement = rights.statement(lang)
    if draw(st.booleans()):
        return statement
    return attrs.evolve(statement, text=draw(_words))


@st.composite
def complaint_external_referrals(draw: st.DrawFn) -> ExternalReferral:
    """External referrals with a started (sometimes answered) response clock."""
    body = draw(complaint_referral_bodies())
    start = _START.add(seconds=draw(st.integers(0, _SPAN_SECONDS)))
    reference = draw(_ids)
    clock = (
        SlaTarget(f"referral:{reference}", ElapsedDuration(body.respond_within))
        .clock()
        .start(start)
    )
    if draw(st.booleans()):
        clock = clock.stop(start.add(seconds=draw(st.integers(0, 30 * 24 * 3600))), "answered")
    referred = start.date() - dt.timedelta(days=draw(st.integers(0, 30)))
    return ExternalReferral(body, reference, referred, clock)


def complaint_evidence() -> st.SearchStrategy[Evidence]:
    """Evidence of every kind, added by an agent at a 2025 instant."""
    return st.builds(
        Evidence,
        kind=st.sampled_from(EvidenceKind),
        reference=_ids,
        added_by=st.sampled_from(_AGENTS),
        added_at=st.integers(0, _SPAN_SECONDS).map(lambda s: _START.add(seconds=s)),
        description=st.text(max_size=20),
    )


def _instants() -> st.SearchStrategy[dt.datetime]:
    return st.integers(0, _SPAN_SECONDS).map(lambda s: _START.add(seconds=s))


def complaint_contact_attempts() -> st.SearchStrategy[ContactAttempt]:
    """Contact attempts on every channel with every outcome, with or without a complaint."""
    return st.builds(
        ContactAttempt,
        customer=_ids,
        channel=st.sampled_from(Channel),
        at=_instants(),
        outcome=st.sampled_from(ContactOutcome),
        complaint=st.none() | _ids,
        inbound=st.booleans(),
    )


@st.composite
def complaint_callbacks(draw: st.DrawFn) -> Callback:
    """Promised callbacks, some already made (after the promise)."""
    promised = draw(_instants())
    callback = Callback.promise(
        id=draw(_ids),
        customer=draw(_ids),
        promised_at=promised,
        within=dt.timedelta(minutes=draw(st.integers(5, 48 * 60))),
        channel=draw(st.sampled_from(Channel)),
        complaint=draw(st.none() | _ids),
    )
    if draw(st.booleans()):
        callback = callback.complete(promised + dt.timedelta(minutes=draw(st.integers(0, 72 * 60))))
    return callback


def complaint_incidents() -> st.SearchStrategy[Incident]:
    """Incidents linking a few complaint, maintenance-window and payment ids."""
    ids = st.lists(_ids, max_size=4, unique=True).map(tuple)
    return st.builds(
        Incident,
        id=_ids,
        cause=_words,
        started_at=st.integers(0, _SPAN_SECONDS).map(lambda s: _START.add(seconds=s)),
        complaints=ids,
        maintenance_windows=ids,
        payments=ids,
    )


def complaint_planned_notices() -> st.SearchStrategy[PlannedNotice]:
    """Planned notices: a progress update or a resolution, for a customer in some zone."""
    instant = st.integers(0, _SPAN_SECONDS).map(lambda s: _START.add(seconds=s))
    progress = st.fixed_dictionaries(
        {
            "reference": _ids,
            "stage": st.sampled_from(("investigating", "awaiting_information", "escalated")),
            "eta": instant,
        }
    ).map(lambda v: ("complaint_progress", v))
    resolution = st.fixed_dictionaries(
        {
            "reference": _ids,
            "resolution": st.sampled_from([k.value for k in ResolutionKind]),
            "respond_by": instant,
        }
    ).map(lambda v: ("resolution_proposed", v))
    return st.builds(
        lambda complaint, customer, chosen, locale, zone: PlannedNotice(
            complaint, customer, chosen[0], chosen[1], locale, zone
        ),
        _ids,
        _ids,
        progress | resolution,
        st.sampled_from(LANGUAGES),
        st.sampled_from(("UTC", "Asia/Shanghai", "Asia/Hong_Kong", "Europe/London")),
    )


def complaint_incident_notice_plans() -> st.SearchStrategy[IncidentNoticePlan]:
    """Plans of a few planned notices and skipped complaints."""
    skipped = st.lists(st.tuples(_ids, _words), max_size=3).map(tuple)
    return st.builds(
        IncidentNoticePlan,
        _ids,
        st.lists(complaint_planned_notices(), max_size=3).map(tuple),
        skipped,
    )


def complaint_root_cause_taxonomies() -> st.SearchStrategy[RootCauseTaxonomy]:
    """The default taxonomy, or a few unique names of one's own."""
    own = st.lists(
        st.sampled_from(("system", "network", "vendor", "fraud", "data")),
        min_size=1,
        max_size=5,
        unique=True,
    ).map(lambda names: RootCauseTaxonomy(tuple(names)))
    return st.just(ROOT_CAUSES) | own


def complaint_sla_policies() -> st.SearchStrategy[SlaPolicy | None]:
    """The policies complaints are drawn under: none, the industry default, CN and UK rules."""
    return st.none() | st.sampled_from(packaged_policies())


def complaint_transactions() -> st.SearchStrategy[Transaction]:
    """Transactions with a `Decimal` amount in a known currency."""
    return st.builds(
        Transaction,
        id=_ids,
        amount=st.decimals(
            min_value=decimal.Decimal("-1e6"),
            max_value=decimal.Decimal("1e6"),
            places=2,
            allow_nan=False,
        ),
        currency=st.sampled_from(CURRENCIES),
    )


@st.composite
def complaint_resolutions(
    draw: st.DrawFn, *, jurisdiction: str | None = None, language: str | None = None
) -> Resolution:
    """Valid resolutions of every kind (amounts only where they pay).

    A rejection always carries a referral statement (of `jurisdiction` and in `language`
    when given); other kinds sometimes do (a partly upheld complaint).
    """
    kind = draw(st.sampled_from(ResolutionKind))
    text = draw(_words)
    statements = complaint_referral_statements(jurisdiction=jurisdiction, language=language)
    referral = (
        draw(statements) if kind is ResolutionKind.REJECTION else draw(st.none() | statements)
    )
    if kind.pays:
        return Resolution(kind, text, draw(_amounts), draw(st.sampled_from(CURRENCIES)), referral)
    return Resolution(kind, text, referral=referral)


def complaint_feedbacks() -> st.SearchStrategy[Feedback]:
    """Feedback with a score of 1 to 5."""
    return st.builds(Feedback, score=st.integers(1, 5), comment=st.text(max_size=20))


def complaint_rules() -> st.SearchStrategy[ComplaintRules]:
    """Reopen windows and auto-close periods from an hour to three weeks."""
    durations = st.integers(3600, 21 * 24 * 3600).map(lambda s: dt.timedelta(seconds=s))
    return st.builds(ComplaintRules, reopen_window=durations, auto_close_after=durations)


@st.composite
def complaint_event_arguments(  # noqa: PLR0911, PLR0912 - one branch and return per event kind
    draw: st.DrawFn, event: str, *, complaint: Complaint | None = None
) -> dict[str, Any]:
    """Keyword arguments (besides `at`) for the complaint event method called `event`.

    With `complaint`, the arguments fit it where they can (a rejection's referral rights
    in its jurisdiction and language, the reference of one of its unanswered referrals);
    without, they are drawn blind and the complaint may refuse them.
    """
    actor = draw(st.sampled_from(_AGENTS))
    if event == "external_referral":
        body = draw(complaint_referral_bodies())
        if complaint is not None and complaint.jurisdiction is not None:
            own = next(r for r in _rights() if r.jurisdiction == complaint.jurisdiction)
            body = draw(st.sampled_from(own.bodies))
        return {
            "actor": actor,
            "body": body,
            "reference": draw(_ids),
            "referred_on": _START.date(),
            "respond_within": draw(
                st.none() | st.integers(1, 60).map(lambda d: dt.timedelta(days=d))
            ),
            "owner": draw(st.none() | st.sampled_from(_AGENTS)),
        }
    if event == "answer_referral":
        waiting = (
            []
            if complaint is None
            else [r.reference for r in complaint.referrals if not r.answered]
        )
        return {
            "actor": actor,
            "reference": draw(st.sampled_from(waiting) if waiting else _ids),
        }
    if event == "triage":
        in_scope = draw(st.booleans())
        return {
            "actor": actor,
            "in_scope": in_scope,
            "category": draw(st.sampled_from(("payments", "account", "app", "trading"))),
            "priority": draw(st.sampled_from(PRIORITIES)),
            "owner": draw(st.none() | st.sampled_from(_AGENTS)),
            "redirect_to": None if in_scope else "your card issuer's dispute line",
        }
    if event == "assign":
        return {"actor": actor, "owner": draw(st.sampled_from(_AGENTS))}
    if event == "merge":
        return {
            "actor": actor,
            "reference": draw(_ids),
            "channel": draw(st.sampled_from(Channel)),
            "new_facts": draw(st.booleans()),
        }
    if event == "propose_resolution":
        fit = (
            {}
            if complaint is None
            else {
                "jurisdiction": complaint.jurisdiction,
                "language": complaint.language,
            }
        )
        resolution = draw(complaint_resolutions(**fit))
        return {
            "actor": actor,
            "kind": resolution.kind,
            "text": resolution.text,
            "amount": resolution.amount,
            "currency": resolution.currency,
            "referral": resolution.referral,
        }
    if event == "dispute":
        return {"actor": "customer", "escalate": draw(st.booleans())}
    if event == "record_feedback":
        feedback = draw(complaint_feedbacks())
        return {"actor": "customer", "score": feedback.score, "comment": feedback.comment}
    if event in {"suspend_clocks", "resume_clocks"}:
        return {"actor": actor, "reason": draw(st.sampled_from(_PAUSE_REASONS))}
    if event == "extend_deadline":
        return {
            "actor": actor,
            "target": draw(st.sampled_from(("decision", "resolution"))),
            "extension": draw(st.sampled_from(("complex", "particularly_complex"))),
            "reason": "complex case",
            "approved_by": draw(st.sampled_from(("", "head-office"))),
        }
    if event == "link_incident":
        return {"actor": actor, "incident": draw(st.sampled_from(("INC-1", "INC-2")))}
    if event == "add_evidence":
        return {
            "actor": actor,
            "kind": draw(st.sampled_from(EvidenceKind)),
            "reference": draw(_ids),
            "description": draw(st.sampled_from(("", "fill log of the order"))),
        }
    if event == "record_root_cause":
        return {"actor": actor, "cause": draw(st.sampled_from(ROOT_CAUSES.causes))}
    if event == "reselect_policy":
        return {"actor": actor, "book": draw(complaint_policy_books())}
    if event == "assess_complexity":
        return {
            "actor": actor,
            "complexity": draw(st.sampled_from(Complexity)),
            "reason": "facts disputed",
            "approved_by": draw(st.sampled_from(("", "head-office"))),
        }
    if event == "post_update":
        return {"actor": actor, "eta": draw(st.none() | st.just("in 3 days"))}
    return {"actor": actor}


@st.composite
def complaints(
    draw: st.DrawFn,
    *,
    max_events: int = 12,
    policies: st.SearchStrategy[SlaPolicy | None] | None = None,
) -> Complaint:
    """Complaints taken in under a drawn policy and walked through up to `max_events` events.

    Each step draws an event the current state allows and its arguments; an event a guard
    refuses is skipped. Any state can come out, with a history and SLA clocks to match.
    """
    policy = draw(complaint_sla_policies() if policies is None else policies)
    received = _START.add(seconds=draw(st.integers(0, _SPAN_SECONDS)))
    received = received.in_timezone(draw(st.sampled_from(("Asia/Shanghai", "Europe/London"))))
    complaint = Complaint.receive(
        id=draw(_ids),
        customer=draw(_ids),
        channel=draw(st.sampled_from(Channel)),
        description=draw(_words),
        received_at=received,
        actor="intake",
        category=draw(st.sampled_from(("general", "payments", "account"))),
        transactions=draw(st.lists(complaint_transactions(), max_size=2)),
        ask=draw(st.sampled_from(Ask)),
        priority=draw(st.sampled_from(PRIORITIES)),
        sla_policy=policy,
        rules=draw(complaint_rules()),
        jurisdiction=draw(st.none() | st.sampled_from(JURISDICTIONS)),
        language=draw(st.sampled_from(LANGUAGES)),
    )
    at = received
    for _ in range(draw(st.integers(0, max_events))):
        allowed = allowed_events(complaint.state)
        if not allowed:
            break
        # Ending events are drawn rarely, so walks get deep before they end.
        going_on = sorted(allowed - _ENDINGS)
        ending = sorted(allowed & _ENDINGS)
        pick_ending = not going_on or (ending and draw(st.integers(0, 9)) == 0)
        event = draw(st.sampled_from(ending if pick_ending else going_on))
        at = at.add(seconds=draw(st.integers(0, 3 * 24 * 3600)))
        kwargs = draw(complaint_event_arguments(event, complaint=complaint))
        try:
            getattr(complaint, event)(at, **kwargs)
        except SupportflowError:
            continue
    return complaint


@st.composite
def _metrics(draw: st.DrawFn) -> ComplaintMetrics:
    cases = draw(st.lists(complaints(max_events=6), max_size=4))
    last = max((record.at for case in cases for record in case.history), default=_START)
    # At the last event or up to 60 days later, so open SLA cycles may have breached.
    return metrics(cases, last + dt.timedelta(seconds=draw(st.integers(0, 60 * 86_400))))


def complaint_metrics() -> st.SearchStrategy[ComplaintMetrics]:
    """What `metrics(complaints, at)` reports over 0 to 4 drawn complaints."""
    return _metrics()

"""Registered under the `hypothesis` entry point: teaches `st.from_type` supportflow's types.

Only lazy strategies are registered (`st.deferred`), so loading Hypothesis stays cheap and
nothing of supportflow.testing.strategies is built until a test asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__: list[str] = []


def _lazy(name: str) -> Callable[[], Any]:
    """A factory that looks the strategy up only when called.

    Hypothesis runs this hook while it is being imported, which can happen in the middle of
    importing `supportflow.testing.strategies` itself; nothing of that module may be read
    before a strategy is actually drawn.
    """

    def factory() -> object:
        from supportflow.testing import strategies  # noqa: PLC0415

        return getattr(strategies, name)()

    factory.__name__ = name
    return factory


def _registry() -> dict[type, Callable[[], Any]]:
    """Each public type with the strategy factory that draws it (read by the tests too)."""
    from supportflow import (  # noqa: PLC0415 - lazily on purpose
        BusinessCalendar,
        ComplaintMetrics,
        FixedClock,
        NoticeTemplate,
        PriorityContribution,
        PriorityInputs,
        PriorityModel,
        PriorityScore,
        RenderedNotice,
        SendPlan,
        TransitionRecord,
    )
    from supportflow.complaints import (  # noqa: PLC0415
        Callback,
        Complaint,
        ComplaintRules,
        ContactAttempt,
        Evidence,
        ExternalReferral,
        Feedback,
        Incident,
        IncidentNoticePlan,
        PlannedNotice,
        PolicyBook,
        ReferralBody,
        ReferralRights,
        ReferralStatement,
        RootCauseTaxonomy,
        Transaction,
    )
    from supportflow.complaints import Resolution as ComplaintResolution  # noqa: PLC0415
    from supportflow.maintenance import (  # noqa: PLC0415
        LeadTimePolicy,
        MaintenanceNotice,
        MaintenanceWindow,
        WithdrawalQueue,
        WithdrawalRequest,
    )
    from supportflow.payments import (  # noqa: PLC0415
        PaymentConfirmation,
        ReminderPolicy,
    )
    from supportflow.sla import (  # noqa: PLC0415
        BusinessDays,
        BusinessDuration,
        CalendarDays,
        ElapsedDuration,
        Extension,
        SlaClock,
        SlaCycle,
        SlaEvent,
        SlaPolicy,
        SlaStatus,
        SlaTarget,
    )
    from supportflow.testing import strategies as sfst  # noqa: PLC0415

    return {
        BusinessCalendar: _lazy("business_calendars"),
        FixedClock: _lazy("fixed_clocks"),
        NoticeTemplate: _lazy("notice_templates"),
        RenderedNotice: _lazy("rendered_notices"),
        SendPlan: _lazy("send_plans"),
        PriorityInputs: _lazy("priority_inputs"),
        PriorityModel: _lazy("priority_models"),
        PriorityScore: _lazy("priority_scores"),
        PriorityContribution: _lazy("priority_contributions"),
        TransitionRecord: _lazy("transition_records"),
        PaymentConfirmation: _lazy("payment_confirmations"),
        ReminderPolicy: _lazy("reminder_policies"),
        LeadTimePolicy: _lazy("lead_time_policies"),
        MaintenanceNotice: _lazy("maintenance_notices"),
        MaintenanceWindow: _lazy("maintenance_windows"),
        WithdrawalQueue: _lazy("withdrawal_queues"),
        WithdrawalRequest: _lazy("withdrawal_requests"),
        BusinessDays: lambda: sfst.deadline_rules(kinds=(BusinessDays,)),
        BusinessDuration: lambda: sfst.deadline_rules(kinds=(BusinessDuration,)),
        CalendarDays: lambda: sfst.deadline_rules(kinds=(CalendarDays,)),
        ElapsedDuration: lambda: sfst.deadline_rules(kinds=(ElapsedDuration,)),
        Extension: _lazy("sla_extensions"),
        SlaClock: _lazy("sla_clocks"),
        SlaCycle: _lazy("sla_cycles"),
        SlaStatus: _lazy("sla_statuses"),
        SlaEvent: _lazy("sla_events"),
        SlaPolicy: _lazy("sla_policies"),
        SlaTarget: _lazy("sla_targets"),
        Complaint: _lazy("complaints"),
        ComplaintMetrics: _lazy("complaint_metrics"),
        ComplaintRules: _lazy("complaint_rules"),
        ComplaintResolution: _lazy("complaint_resolutions"),
        Feedback: _lazy("complaint_feedbacks"),
        Transaction: _lazy("complaint_transactions"),
        ReferralBody: _lazy("complaint_referral_bodies"),
        ReferralRights: _lazy("complaint_referral_rights"),
        ReferralStatement: _lazy("complaint_referral_statements"),
        ExternalReferral: _lazy("complaint_external_referrals"),
        PolicyBook: _lazy("complaint_policy_books"),
        Incident: _lazy("complaint_incidents"),
        IncidentNoticePlan: _lazy("complaint_incident_notice_plans"),
        PlannedNotice: _lazy("complaint_planned_notices"),
        ContactAttempt: _lazy("complaint_contact_attempts"),
        Callback: _lazy("complaint_callbacks"),
        Evidence: _lazy("complaint_evidence"),
        RootCauseTaxonomy: _lazy("complaint_root_cause_taxonomies"),
    }


def _hypothesis_setup_hook() -> None:
    """Register a deferred strategy for every public supportflow type."""
    from hypothesis import strategies as st  # noqa: PLC0415

    for kind, factory in _registry().items():
        st.register_type_strategy(kind, st.deferred(factory))

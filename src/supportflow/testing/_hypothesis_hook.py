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


def _deadline_rules(kind: type) -> Callable[[], Any]:
    """Like `_lazy`, for `deadline_rules` narrowed to one rule type."""

    def factory() -> object:
        from supportflow.testing import strategies  # noqa: PLC0415

        return strategies.deadline_rules(kinds=(kind,))

    factory.__name__ = f"deadline_rules_{kind.__name__}"
    return factory


def _registry() -> dict[type, Callable[[], Any]]:
    """Each public type with the strategy factory that draws it (read by the tests too)."""
    import supportflow  # noqa: PLC0415 - lazily on purpose
    from supportflow import (  # noqa: PLC0415
        audit,
        calendar,
        clock,
        complaints,
        holidays,
        maintenance,
        notices,
        payments,
        priority,
        registry,
        sla,
    )
    from supportflow.payments import providers  # noqa: PLC0415

    return {
        # the shared pieces
        audit.TransitionRecord: _lazy("transition_records"),
        clock.FixedClock: _lazy("fixed_clocks"),
        clock.SystemClock: _lazy("system_clocks"),
        supportflow.EventArgument: _lazy("event_arguments"),
        supportflow.EventSpec: _lazy("event_specs"),
        registry.Registry: _lazy("registries"),
        # calendars and holiday data
        calendar.BusinessCalendar: _lazy("business_calendars"),
        calendar.Explanation: _lazy("calendar_explanations"),
        calendar.ExplanationSpan: _lazy("explanation_spans"),
        holidays.Coverage: _lazy("holiday_coverages"),
        holidays.HolidayData: _lazy("holiday_data"),
        holidays.HolidayRegistry: _lazy("holiday_registries"),
        holidays.HolidayYear: _lazy("holiday_years"),
        holidays.LoadedYear: _lazy("loaded_years"),
        holidays.LunarFestivals: _lazy("lunar_festival_years"),
        # SLA
        sla.BusinessDays: _deadline_rules(sla.BusinessDays),
        sla.BusinessDuration: _deadline_rules(sla.BusinessDuration),
        sla.CalendarDays: _deadline_rules(sla.CalendarDays),
        sla.ElapsedDuration: _deadline_rules(sla.ElapsedDuration),
        sla.Deadline: _lazy("deadlines"),
        sla.DeadlineExplanation: _lazy("deadline_explanations"),
        sla.Extension: _lazy("sla_extensions"),
        sla.ExtensionNote: _lazy("extension_notes"),
        sla.PauseNote: _lazy("pause_notes"),
        sla.PausePeriod: _lazy("pause_periods"),
        sla.SlaClock: _lazy("sla_clocks"),
        sla.SlaCycle: _lazy("sla_cycles"),
        sla.SlaEvent: _lazy("sla_events"),
        sla.SlaPolicy: _lazy("sla_policies"),
        sla.SlaStatus: _lazy("sla_statuses"),
        sla.SlaTarget: _lazy("sla_targets"),
        # priority
        priority.PriorityContribution: _lazy("priority_contributions"),
        priority.PriorityInputs: _lazy("priority_inputs"),
        priority.PriorityModel: _lazy("priority_models"),
        priority.PriorityScore: _lazy("priority_scores"),
        # notices
        notices.CustomerPreferences: _lazy("customer_preferences"),
        notices.Delivery: _lazy("deliveries"),
        notices.DeliveryPlan: _lazy("delivery_plans"),
        notices.DeliveryPolicy: _lazy("delivery_policies"),
        notices.EmailMessage: _lazy("email_messages"),
        notices.InAppMessage: _lazy("in_app_messages"),
        notices.LocaleTable: _lazy("locale_table_values"),
        notices.Money: _lazy("money_amounts"),
        notices.NoticePreview: _lazy("notice_previews"),
        notices.NoticeTemplate: _lazy("notice_templates"),
        notices.NoticeTexts: _lazy("notice_texts"),
        notices.PlannedSend: _lazy("planned_sends"),
        notices.PreviewEntry: _lazy("preview_entries"),
        notices.QuietHours: _lazy("quiet_hours"),
        notices.RenderedNotice: _lazy("rendered_notices"),
        notices.Send: _lazy("sends"),
        notices.SendPlan: _lazy("send_plans"),
        notices.SendPoint: _lazy("send_points"),
        notices.SendPolicy: _lazy("send_policies"),
        notices.SkippedSend: _lazy("skipped_sends"),
        notices.SmsCost: _lazy("sms_costs"),
        notices.SmsMessage: _lazy("sms_messages"),
        notices.Suppressed: _lazy("suppressed_sends"),
        notices.Variable: _lazy("notice_variables"),
        # complaints
        complaints.AmountBand: _lazy("amount_bands"),
        complaints.Breakdown: _lazy("complaint_breakdowns"),
        complaints.Callback: _lazy("complaint_callbacks"),
        complaints.CaseFacts: _lazy("complaint_case_facts"),
        complaints.Complaint: _lazy("complaints"),
        complaints.ComplaintMetrics: _lazy("complaint_metrics"),
        complaints.ComplaintRules: _lazy("complaint_rules"),
        complaints.ContactAttempt: _lazy("complaint_contact_attempts"),
        complaints.DurationStats: _lazy("complaint_duration_stats"),
        complaints.Evidence: _lazy("complaint_evidence"),
        complaints.ExternalReferral: _lazy("complaint_external_referrals"),
        complaints.Feedback: _lazy("complaint_feedbacks"),
        complaints.Incident: _lazy("complaint_incidents"),
        complaints.IncidentNoticePlan: _lazy("complaint_incident_notice_plans"),
        complaints.PlannedNotice: _lazy("complaint_planned_notices"),
        complaints.PolicyBook: _lazy("complaint_policy_books"),
        complaints.PolicyCondition: _lazy("complaint_policy_conditions"),
        complaints.PolicyRule: _lazy("complaint_policy_rules"),
        complaints.Reachability: _lazy("complaint_reachabilities"),
        complaints.ReferralBody: _lazy("complaint_referral_bodies"),
        complaints.ReferralRights: _lazy("complaint_referral_rights"),
        complaints.ReferralStatement: _lazy("complaint_referral_statements"),
        complaints.Resolution: _lazy("complaint_resolutions"),
        complaints.RootCauseTaxonomy: _lazy("complaint_root_cause_taxonomies"),
        complaints.Transaction: _lazy("complaint_transactions"),
        # payments
        payments.CommandRecord: _lazy("command_records"),
        payments.Dispute: _lazy("disputes"),
        payments.Escalation: _lazy("escalations"),
        payments.EvidenceAlarm: _lazy("evidence_alarms"),
        payments.ExpiryPreset: _lazy("expiry_presets"),
        payments.NotificationRecord: _lazy("notification_records"),
        payments.NotificationResult: _lazy("notification_results"),
        payments.PaymentConfirmation: _lazy("payment_confirmations"),
        payments.PaymentMetrics: _lazy("payment_metrics_reports"),
        payments.RefundInstruction: _lazy("refund_instructions"),
        payments.RefundRecord: _lazy("refund_records"),
        payments.ReminderPolicy: _lazy("reminder_policies"),
        payments.ReminderSlot: _lazy("reminder_slots"),
        payments.SentReminder: _lazy("sent_reminders"),
        providers.MappedWebhook: _lazy("mapped_webhooks"),
        providers.ProviderNotification: _lazy("provider_notifications"),
        # maintenance
        maintenance.HeldWithdrawal: _lazy("held_withdrawals"),
        maintenance.LeadTimePolicy: _lazy("lead_time_policies"),
        maintenance.MaintenanceNotice: _lazy("maintenance_notices"),
        maintenance.MaintenanceWindow: _lazy("maintenance_windows"),
        maintenance.ServiceWindow: _lazy("service_windows"),
        maintenance.StatusUpdate: _lazy("status_updates"),
        maintenance.SubmitResult: _lazy("submit_results"),
        maintenance.WindowLedger: _lazy("window_ledgers"),
        maintenance.WindowVersion: _lazy("window_versions"),
        maintenance.WithdrawalQueue: _lazy("withdrawal_queues"),
        maintenance.WithdrawalRequest: _lazy("withdrawal_requests"),
    }


def _hypothesis_setup_hook() -> None:
    """Register a deferred strategy for every public supportflow type."""
    from hypothesis import strategies as st  # noqa: PLC0415

    for kind, factory in _registry().items():
        st.register_type_strategy(kind, st.deferred(factory))

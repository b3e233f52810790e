"""Hypothesis strategies for supportflow's types, for your own property-based tests.

Needs the `supportflow[testing]` extra. Every strategy draws valid values; the ones
supportflow's own test suite uses are these, so they are exercised on every release.

Example:
    ```python
    from hypothesis import given
    from supportflow.testing import strategies as sfst


    @given(sfst.aware_datetimes())
    def test_instants_are_aware(t):
        assert t.utcoffset() is not None


    test_instants_are_aware()
    ```
"""

from __future__ import annotations

from hypothesis import strategies as st

from supportflow import (
    EventArgument,
    EventSpec,
    FixedClock,
    Registry,
    SlaPolicy,
    SystemClock,
    TransitionRecord,
)
from supportflow.notices import LocaleTable
from supportflow.testing._calendar_strategies import (
    business_calendars,
    business_durations,
    calendar_explanations,
    calendar_instants,
    explanation_spans,
)
from supportflow.testing._complaint_reports_strategies import (
    complaint_breakdowns,
    complaint_case_facts,
    complaint_duration_stats,
    complaint_reachabilities,
)
from supportflow.testing._complaint_selection_strategies import (
    amount_bands,
    complaint_policy_books,
    complaint_policy_conditions,
    complaint_policy_rules,
)
from supportflow.testing._complaints_strategies import (
    complaint_callbacks,
    complaint_contact_attempts,
    complaint_event_arguments,
    complaint_evidence,
    complaint_external_referrals,
    complaint_feedbacks,
    complaint_incident_notice_plans,
    complaint_incidents,
    complaint_metrics,
    complaint_planned_notices,
    complaint_referral_bodies,
    complaint_referral_rights,
    complaint_referral_statements,
    complaint_resolutions,
    complaint_root_cause_taxonomies,
    complaint_rules,
    complaint_sla_policies,
    complaint_transactions,
    complaints,
)
from supportflow.testing._delivery_strategies import (
    customer_preferences,
    deliveries,
    delivery_plans,
    delivery_policies,
    planned_sends,
    quiet_hours,
    send_points,
    send_policies,
    sends,
    skipped_sends,
    suppressed_sends,
)
from supportflow.testing._holidays_strategies import (
    holiday_coverages,
    holiday_data,
    holiday_registries,
    holiday_years,
    loaded_years,
    lunar_festival_years,
)
from supportflow.testing._instant_strategies import (
    INSTANT_KINDS,
    INTERESTING_ZONES,
    aware_datetimes,
    timezones,
)
from supportflow.testing._maintenance_strategies import (
    held_withdrawals,
    lead_time_policies,
    maintenance_notices,
    maintenance_windows,
    service_windows,
    status_updates,
    submit_results,
    window_ledgers,
    window_versions,
    withdrawal_queues,
    withdrawal_requests,
)
from supportflow.testing._notices_strategies import (
    email_messages,
    in_app_messages,
    money_amounts,
    notice_previews,
    notice_templates,
    notice_texts,
    notice_values,
    notice_variables,
    preview_entries,
    rendered_notices,
    send_plans,
    sms_costs,
    sms_messages,
)
from supportflow.testing._payment_records_strategies import (
    command_records,
    disputes,
    escalations,
    evidence_alarms,
    expiry_presets,
    mapped_webhooks,
    notification_records,
    notification_results,
    payment_metrics_reports,
    provider_notifications,
    refund_instructions,
    refund_records,
    reminder_slots,
    sent_reminders,
)
from supportflow.testing._payments_strategies import (
    SCENARIOS,
    payment_confirmations,
    payment_scenarios,
    reminder_policies,
)
from supportflow.testing._priority_strategies import (
    priority_contributions,
    priority_inputs,
    priority_models,
    priority_scores,
)
from supportflow.testing._sla_strategies import (
    deadline_explanations,
    deadline_rules,
    deadlines,
    extension_notes,
    pause_notes,
    pause_periods,
    sla_clocks,
    sla_cycles,
    sla_event_logs,
    sla_events,
    sla_extensions,
    sla_policies,
    sla_statuses,
    sla_targets,
)

__all__ = [
    "INSTANT_KINDS",
    "INTERESTING_ZONES",
    "SCENARIOS",
    "amount_bands",
    "aware_datetimes",
    "business_calendars",
    "business_durations",
    "calendar_explanations",
    "calendar_instants",
    "command_records",
    "complaint_breakdowns",
    "complaint_callbacks",
    "complaint_case_facts",
    "complaint_contact_attempts",
    "complaint_duration_stats",
    "complaint_event_arguments",
    "complaint_evidence",
    "complaint_external_referrals",
    "complaint_feedbacks",
    "complaint_incident_notice_plans",
    "complaint_incidents",
    "complaint_metrics",
    "complaint_planned_notices",
    "complaint_policy_books",
    "complaint_policy_conditions",
    "complaint_policy_rules",
    "complaint_reachabilities",
    "complaint_referral_bodies",
    "complaint_referral_rights",
    "complaint_referral_statements",
    "complaint_resolutions",
    "complaint_root_cause_taxonomies",
    "complaint_rules",
    "complaint_sla_policies",
    "complaint_transactions",
    "complaints",
    "customer_preferences",
    "deadline_explanations",
    "deadline_rules",
    "deadlines",
    "deliveries",
    "delivery_plans",
    "delivery_policies",
    "disputes",
    "email_messages",
    "escalations",
    "event_arguments",
    "event_specs",
    "evidence_alarms",
    "expiry_presets",
    "explanation_spans",
    "extension_notes",
    "fixed_clocks",
    "held_withdrawals",
    "holiday_coverages",
    "holiday_data",
    "holiday_registries",
    "holiday_years",
    "in_app_messages",
    "lead_time_policies",
    "loaded_years",
    "locale_table_values",
    "lunar_festival_years",
    "maintenance_notices",
    "maintenance_windows",
    "mapped_webhooks",
    "money_amounts",
    "notice_previews",
    "notice_templates",
    "notice_texts",
    "notice_values",
    "notice_variables",
    "notification_records",
    "notification_results",
    "pause_notes",
    "pause_periods",
    "payment_confirmations",
    "payment_metrics_reports",
    "payment_scenarios",
    "planned_sends",
    "preview_entries",
    "priority_contributions",
    "priority_inputs",
    "priority_models",
    "priority_scores",
    "provider_notifications",
    "quiet_hours",
    "refund_instructions",
    "refund_records",
    "registries",
    "reminder_policies",
    "reminder_slots",
    "rendered_notices",
    "send_plans",
    "send_points",
    "send_policies",
    "sends",
    "sent_reminders",
    "service_windows",
    "skipped_sends",
    "sla_clocks",
    "sla_cycles",
    "sla_event_logs",
    "sla_events",
    "sla_extensions",
    "sla_policies",
    "sla_statuses",
    "sla_targets",
    "sms_costs",
    "sms_messages",
    "status_updates",
    "submit_results",
    "suppressed_sends",
    "system_clocks",
    "timezones",
    "transition_records",
    "window_ledgers",
    "window_versions",
    "withdrawal_queues",
    "withdrawal_requests",
]


def fixed_clocks() -> st.SearchStrategy[FixedClock]:
    """`FixedClock`s standing at any instant `aware_datetimes()` draws."""
    return st.builds(FixedClock, aware_datetimes())


def system_clocks() -> st.SearchStrategy[SystemClock]:
    """The real clock (it has no state, so every draw is the same)."""
    return st.just(SystemClock())


_JSON_SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=12)


def transition_records() -> st.SearchStrategy[TransitionRecord]:
    """Audit records with JSON-safe data (any event and state names)."""
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
    return st.builds(
        TransitionRecord,
        event=names,
        from_state=names,
        to_state=names,
        at=aware_datetimes(),
        actor=st.text(max_size=12),
        note=st.text(max_size=40),
        data=st.dictionaries(st.text(max_size=8), _JSON_SCALARS, max_size=4),
    )


_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)


def event_arguments() -> st.SearchStrategy[EventArgument]:
    """Descriptions of one argument of an event fired by name."""
    return st.builds(
        EventArgument,
        name=_NAMES,
        annotation=st.sampled_from(["datetime | str", "str", "Mapping[str, object]", "object"]),
        required=st.booleans(),
        description=st.text(max_size=30),
    )


def event_specs() -> st.SearchStrategy[EventSpec]:
    """Descriptions of events fired by name, with distinct argument names."""
    return st.builds(
        EventSpec,
        name=_NAMES,
        description=st.text(max_size=30),
        arguments=st.lists(event_arguments(), max_size=4, unique_by=lambda a: a.name).map(tuple),
    )


def registries() -> st.SearchStrategy[Registry]:
    """Registries holding a few versions of drawn SLA policies (distinct references)."""

    def build(entries: list[tuple[str, int, SlaPolicy]]) -> Registry:
        registry = Registry()
        for name, version, policy in entries:
            registry.add(policy, name=name, version=version)
        return registry

    entry = st.tuples(st.sampled_from(["default", "fca", "cn"]), st.integers(1, 5), sla_policies())
    return st.lists(entry, max_size=3, unique_by=lambda e: (e[0], e[1])).map(build)


def locale_table_values() -> st.SearchStrategy[LocaleTable]:
    """The built-in locale tables (en, zh-Hans, zh-Hant), as an added locale would be given."""
    from supportflow.notices import locale_tables  # noqa: PLC0415 - loads the data files

    return st.sampled_from(sorted(locale_tables().values(), key=lambda t: t.tag))

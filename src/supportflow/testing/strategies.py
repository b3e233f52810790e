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
from supportflow.testing._calendar_strategies import business_calendars, business_durations
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
    complaint_policy_books,
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
from supportflow.testing._instant_strategies import (
    INSTANT_KINDS,
    INTERESTING_ZONES,
    aware_datetimes,
    timezones,
)
from supportflow.testing._maintenance_strategies import (
    lead_time_policies,
    maintenance_notices,
    maintenance_windows,
    withdrawal_queues,
    withdrawal_requests,
)
from supportflow.testing._notices_strategies import (
    money_amounts,
    notice_templates,
    notice_texts,
    notice_values,
    rendered_notices,
    send_plans,
    sms_costs,
)
from supportflow.testing._payments_strategies import (
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
    deadline_rules,
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
    "aware_datetimes",
    "business_calendars",
    "business_durations",
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
    "complaint_policy_books",
    "complaint_referral_bodies",
    "complaint_referral_rights",
    "complaint_referral_statements",
    "complaint_resolutions",
    "complaint_root_cause_taxonomies",
    "complaint_rules",
    "complaint_sla_policies",
    "complaint_transactions",
    "complaints",
    "deadline_rules",
    "event_arguments",
    "event_specs",
    "fixed_clocks",
    "lead_time_policies",
    "locale_table_values",
    "maintenance_notices",
    "maintenance_windows",
    "money_amounts",
    "notice_templates",
    "notice_texts",
    "notice_values",
    "payment_confirmations",
    "payment_scenarios",
    "priority_contributions",
    "priority_inputs",
    "priority_models",
    "priority_scores",
    "registries",
    "reminder_policies",
    "rendered_notices",
    "send_plans",
    "sla_clocks",
    "sla_cycles",
    "sla_event_logs",
    "sla_events",
    "sla_extensions",
    "sla_policies",
    "sla_statuses",
    "sla_targets",
    "sms_costs",
    "system_clocks",
    "timezones",
    "transition_records",
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

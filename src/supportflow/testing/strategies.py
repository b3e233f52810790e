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

import datetime as dt

import pendulum
from hypothesis import strategies as st

from supportflow import FixedClock, TransitionRecord, _pendulum
from supportflow.testing._calendar_strategies import business_calendars, business_durations
from supportflow.testing._complaints_strategies import (
    complaint_event_arguments,
    complaint_feedbacks,
    complaint_resolutions,
    complaint_rules,
    complaint_sla_policies,
    complaint_transactions,
    complaints,
)
from supportflow.testing._maintenance_strategies import (
    maintenance_notices,
    maintenance_windows,
    withdrawal_queues,
    withdrawal_requests,
)
from supportflow.testing._notices_strategies import (
    money_amounts,
    notice_templates,
    notice_values,
    rendered_notices,
    send_plans,
)
from supportflow.testing._payments_strategies import (
    payment_confirmations,
    payment_scenarios,
    reminder_policies,
)
from supportflow.testing._priority_strategies import (
    priority_inputs,
    priority_models,
    priority_scores,
)
from supportflow.testing._sla_strategies import (
    deadline_rules,
    sla_clocks,
    sla_event_logs,
    sla_events,
    sla_extensions,
    sla_policies,
    sla_targets,
)

__all__ = [
    "INTERESTING_ZONES",
    "aware_datetimes",
    "business_calendars",
    "business_durations",
    "complaint_event_arguments",
    "complaint_feedbacks",
    "complaint_resolutions",
    "complaint_rules",
    "complaint_sla_policies",
    "complaint_transactions",
    "complaints",
    "deadline_rules",
    "fixed_clocks",
    "maintenance_notices",
    "maintenance_windows",
    "money_amounts",
    "notice_templates",
    "notice_values",
    "payment_confirmations",
    "payment_scenarios",
    "priority_inputs",
    "priority_models",
    "priority_scores",
    "reminder_policies",
    "rendered_notices",
    "send_plans",
    "sla_clocks",
    "sla_event_logs",
    "sla_events",
    "sla_extensions",
    "sla_policies",
    "sla_targets",
    "timezones",
    "transition_records",
    "withdrawal_queues",
    "withdrawal_requests",
]

#: Zones that break naive date arithmetic: DST in both hemispheres, 30- and 45-minute
#: offsets, a negative-DST zone, a 30-minute DST shift, and zones without DST.
INTERESTING_ZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
)

_DEFAULT_MIN = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
_DEFAULT_MAX = dt.datetime(2030, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def timezones() -> st.SearchStrategy[pendulum.Timezone]:
    """IANA zones as pendulum `Timezone` values, drawn from `INTERESTING_ZONES`."""
    return st.sampled_from(INTERESTING_ZONES).map(_pendulum.zone)


def aware_datetimes(
    min_value: dt.datetime = _DEFAULT_MIN,
    max_value: dt.datetime = _DEFAULT_MAX,
    *,
    zones: st.SearchStrategy[pendulum.Timezone] | None = None,
) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware pendulum `DateTime`s with second precision between two aware bounds.

    Instants are drawn uniformly in real time and then shown in a drawn zone, so DST gaps
    are never produced and both readings of an autumn fold are.
    """
    lo = int(_pendulum.instant(min_value, field="min_value").timestamp())
    hi = int(_pendulum.instant(max_value, field="max_value").timestamp())
    if lo > hi:
        msg = f"min_value {min_value!r} is after max_value {max_value!r}"
        raise ValueError(msg)
    zone_strategy = zones if zones is not None else timezones()
    return st.builds(
        lambda ts, tz: pendulum.from_timestamp(ts, tz=tz),
        st.integers(lo, hi),
        zone_strategy,
    )


def fixed_clocks() -> st.SearchStrategy[FixedClock]:
    """`FixedClock`s standing at any instant `aware_datetimes()` draws."""
    return st.builds(FixedClock, aware_datetimes())


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

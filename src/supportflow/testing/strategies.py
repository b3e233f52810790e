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
import zoneinfo

import pendulum
from hypothesis import strategies as st

from supportflow import FixedClock, TransitionRecord, _pendulum
from supportflow._calendar_time import year_segments
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
    "fixed_clocks",
    "lead_time_policies",
    "maintenance_notices",
    "maintenance_windows",
    "money_amounts",
    "notice_templates",
    "notice_values",
    "payment_confirmations",
    "payment_scenarios",
    "priority_contributions",
    "priority_inputs",
    "priority_models",
    "priority_scores",
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


def timezones() -> st.SearchStrategy[zoneinfo.ZoneInfo]:
    """IANA zones as stdlib `zoneinfo.ZoneInfo` values, drawn from `INTERESTING_ZONES`."""
    return st.sampled_from(INTERESTING_ZONES).map(_pendulum.zone)


#: The kinds of aware datetime `aware_datetimes` draws: what services pass (stdlib UTC from a
#: database driver, a zoneinfo zone, a fixed offset from an ISO string) and pendulum values.
INSTANT_KINDS: tuple[str, ...] = ("utc", "zoneinfo", "fixed_offset", "pendulum")


def _show(ts: int, tz: zoneinfo.ZoneInfo, kind: str) -> dt.datetime:
    """The instant `ts` as an aware datetime of `kind`, read in zone `tz` (fold set right)."""
    utc = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=ts)
    if kind == "utc":
        return utc
    local = utc.astimezone(tz)
    if kind == "zoneinfo":
        return local
    if kind == "fixed_offset":
        offset = local.utcoffset()
        assert offset is not None  # noqa: S101 - an IANA zone always has an offset
        return utc.astimezone(dt.timezone(offset))
    return pendulum.instance(local).in_timezone(tz.key)


def _transitions_near(key: str, lo: int, hi: int) -> list[int]:
    """The UTC-offset changes of zone `key` between the instants `lo` and `hi`."""
    first = dt.datetime.fromtimestamp(max(lo, -(10**10)), dt.UTC).year
    last = dt.datetime.fromtimestamp(min(hi, 10**10), dt.UTC).year
    out: list[int] = []
    for year in range(first, min(last, first + 40) + 1):
        segments = year_segments(key, year)
        out += [s[1] for s in segments[:-1] if lo <= s[1] <= hi]
    return sorted(set(out))


def aware_datetimes(
    min_value: dt.datetime = _DEFAULT_MIN,
    max_value: dt.datetime = _DEFAULT_MAX,
    *,
    zones: st.SearchStrategy[zoneinfo.ZoneInfo] | None = None,
    kinds: tuple[str, ...] = INSTANT_KINDS,
) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes with second precision between two aware bounds, of every kind.

    Instants are drawn in real time and then shown in a drawn zone as one of
    `INSTANT_KINDS` (stdlib UTC, stdlib zoneinfo, stdlib fixed offset, pendulum), so DST gaps
    are never produced and both readings of an autumn fold are. Half of the draws land
    within three hours of a change of the zone's UTC offset (a DST transition), where
    wall-clock arithmetic goes wrong; the rest are uniform over the span.

    Args:
        min_value: The earliest instant (aware).
        max_value: The latest instant (aware).
        zones: The zones to read instants in; default `timezones()`.
        kinds: The kinds of datetime to draw; default all of `INSTANT_KINDS`.
    """
    lo = int(_pendulum.instant(min_value, field="min_value").timestamp())
    hi = int(_pendulum.instant(max_value, field="max_value").timestamp())
    if lo > hi:
        msg = f"min_value {min_value!r} is after max_value {max_value!r}"
        raise ValueError(msg)
    for kind in kinds:
        if kind not in INSTANT_KINDS:
            msg = f"kinds: {kind!r} is not one of {INSTANT_KINDS}"
            raise ValueError(msg)
    zone_strategy = zones if zones is not None else timezones()

    @st.composite
    def draw_instant(draw: st.DrawFn) -> dt.datetime:
        tz = draw(zone_strategy)
        ts = draw(st.integers(lo, hi), label="uniform")
        if draw(st.booleans(), label="near a transition"):
            near = _transitions_near(tz.key, lo, hi)
            if near:
                change = draw(st.sampled_from(near), label="transition")
                shift = draw(st.integers(-3 * 3600, 3 * 3600), label="shift")
                ts = min(max(change + shift, lo), hi)
        return _show(ts, tz, draw(st.sampled_from(kinds), label="kind"))

    return draw_instant()


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

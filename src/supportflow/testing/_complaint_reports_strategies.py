"""Hypothesis strategies for what complaint reports return (re-exported by `strategies`).

Metrics and their breakdowns come from `metrics(...)` over drawn complaints; reachability
from `reachability(...)` over drawn contact attempts, some at the same second and some
on a period's boundary; the facts a policy book sees from `Complaint.facts()`.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from supportflow.complaints import (
    Breakdown,
    CaseFacts,
    Channel,
    ContactAttempt,
    ContactOutcome,
    DurationStats,
    Reachability,
    metrics,
    reachability,
)
from supportflow.testing._complaints_strategies import complaint_metrics, complaints

__all__ = [
    "complaint_breakdowns",
    "complaint_case_facts",
    "complaint_duration_stats",
    "complaint_reachabilities",
]

_START = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)


def complaint_case_facts() -> st.SearchStrategy[CaseFacts]:
    """What `Complaint.facts()` shows a policy book, for drawn complaints."""
    return complaints(max_events=3).map(lambda complaint: complaint.facts())


def complaint_duration_stats() -> st.SearchStrategy[DurationStats]:
    """Times to acknowledge and to resolve of drawn `complaint_metrics()` (empty included)."""
    return complaint_metrics().flatmap(
        lambda m: st.sampled_from((m.time_to_acknowledge, m.time_to_resolve))
    )


@st.composite
def _breakdowns(draw: st.DrawFn) -> Breakdown:
    cases = draw(st.lists(complaints(max_events=6), min_size=1, max_size=3))
    last = max(record.at for case in cases for record in case.history)
    report = metrics(cases, last + dt.timedelta(seconds=draw(st.integers(0, 60 * 86_400))))
    rows = [
        row
        for table in (report.by_category, report.by_channel, report.by_root_cause)
        for _, row in sorted(table.items())
    ]
    rows += [row for _, row in sorted(report.by_incident.items())]
    return draw(st.sampled_from(rows))  # every complaint has a category and a channel


def complaint_breakdowns() -> st.SearchStrategy[Breakdown]:
    """One row of a drawn metrics report by category, channel, root cause or incident."""
    return _breakdowns()


@st.composite
def _reachabilities(draw: st.DrawFn) -> Reachability:
    period = dt.timedelta(hours=draw(st.sampled_from((1, 24, 168))))
    periods = draw(st.integers(1, 4))
    end = _START + period * periods
    channel = draw(st.sampled_from(Channel))
    attempts = []
    for n in range(draw(st.integers(1, 8))):
        # On a period boundary, at the same second as another attempt, or anywhere.
        offset = draw(
            st.sampled_from((0, int(period.total_seconds())))
            | st.integers(0, int((end - _START).total_seconds()) - 1)
        )
        offset = 0 if n == 0 else offset  # the first one inbound at the start: listed
        attempts.append(
            ContactAttempt(
                customer=draw(st.sampled_from(("c1", "c2"))),
                channel=channel,
                at=_START + dt.timedelta(seconds=offset),
                outcome=draw(st.sampled_from(ContactOutcome)),
                inbound=n == 0 or draw(st.booleans()),
            )
        )
    report = reachability(attempts, start=_START, end=end, period=period)
    return draw(st.sampled_from(report[channel]))


def complaint_reachabilities() -> st.SearchStrategy[Reachability]:
    """One period of what `reachability(attempts, ...)` reports for a channel."""
    return _reachabilities()

"""Collection metrics: pure functions over any iterable of complaints."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

import attrs

from supportflow import _pendulum, _validators
from supportflow.complaints._complaint import Complaint
from supportflow.complaints._values import ComplaintState
from supportflow.sla import SlaState

__all__ = ["ComplaintMetrics", "DurationStats", "metrics"]


@attrs.frozen
class DurationStats:
    """How long something took, over the complaints where it happened.

    Attributes:
        count: How many complaints the figures cover.
        median: The median (the mean of the two middle values for an even count), or `None`.
        p90: The 90th percentile by nearest rank (the smallest value with at least 90 % of
            the values at or below it), or `None`.
    """

    count: int
    median: dt.timedelta | None
    p90: dt.timedelta | None

    @classmethod
    def of(cls, values: Iterable[dt.timedelta]) -> DurationStats:
        """The figures of `values` (any order).

        Raises:
            InvalidFieldError: `values` is not a collection of `timedelta`s.
        """
        ordered = sorted(_validators.items_of("values", values, dt.timedelta))
        n = len(ordered)
        if n == 0:
            return cls(0, None, None)
        middle = n // 2
        median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return cls(n, median, ordered[math.ceil(0.9 * n) - 1])


@attrs.frozen
class ComplaintMetrics:
    """Figures over a collection of complaints, as of one instant.

    Rates are fractions in `[0, 1]`, `None` when nothing was there to count.

    Attributes:
        at: The instant the figures describe (SLA compliance depends on it).
        total: How many complaints.
        by_state: How many are in each state (every state listed, zeros included).
        sla_compliance: Per SLA target: met / (met + breached) over the decided cycles
            (completed cycles, and open ones already breached); open cycles not yet
            breached are undecided and not counted.
        time_to_acknowledge: From receipt to the first `acknowledge`.
        time_to_resolve: From receipt to the first `resolve`.
        csat_average: The mean feedback score, or `None`.
        csat_distribution: How many scores of 1, 2, 3, 4 and 5.
        repeat_rate: The share of complaints that repeat an earlier one.
        reopen_rate: The share reopened at least once.
        redirect_rate: The share redirected as out of scope.
    """

    at: dt.datetime
    total: int
    by_state: Mapping[ComplaintState, int] = attrs.field(hash=False)
    sla_compliance: Mapping[str, float | None] = attrs.field(hash=False)
    time_to_acknowledge: DurationStats
    time_to_resolve: DurationStats
    csat_average: float | None
    csat_distribution: Mapping[int, int] = attrs.field(hash=False)
    repeat_rate: float | None
    reopen_rate: float | None
    redirect_rate: float | None


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def metrics(complaints: Iterable[Complaint], at: dt.datetime | str) -> ComplaintMetrics:
    """Counts, SLA compliance, timings, satisfaction and rates over `complaints` at `at`.

    Pure: reads the complaints, changes nothing. One pass over the collection.

    Raises:
        InvalidFieldError: `at` is naive or not an instant, or `complaints` holds
            something else than complaints.
    """
    when = _pendulum.instant(at, field="at")
    complaints = _validators.items_of("complaints", complaints, Complaint)
    by_state = dict.fromkeys(ComplaintState, 0)
    met: dict[str, int] = {}
    decided: dict[str, int] = {}
    to_ack: list[dt.timedelta] = []
    to_resolve: list[dt.timedelta] = []
    scores = dict.fromkeys(range(1, 6), 0)
    total = repeats = reopened = redirected = 0
    for complaint in complaints:
        total += 1
        by_state[complaint.state] += 1
        repeats += complaint.is_repeat
        reopened += complaint.reopen_count > 0
        redirected += complaint.redirect is not None
        acknowledged = complaint.first_at("acknowledge")
        if acknowledged is not None:
            to_ack.append(acknowledged - complaint.received_at)
        resolved = complaint.first_at("resolve")
        if resolved is not None:
            to_resolve.append(resolved - complaint.received_at)
        if complaint.feedback is not None:
            scores[complaint.feedback.score] += 1
        for name, status in complaint.sla_status(when).items():
            met.setdefault(name, 0)
            decided.setdefault(name, 0)
            for cycle in status.cycles:
                if cycle.breached:
                    decided[name] += 1
                elif cycle.state is SlaState.STOPPED:
                    # A cancelled cycle (a redirect) owed nothing: neither met nor missed.
                    decided[name] += 1
                    met[name] += 1
    rated = sum(scores.values())
    return ComplaintMetrics(
        at=when,
        total=total,
        by_state=by_state,
        sla_compliance={name: _rate(met[name], decided[name]) for name in met},
        time_to_acknowledge=DurationStats.of(to_ack),
        time_to_resolve=DurationStats.of(to_resolve),
        csat_average=(sum(s * n for s, n in scores.items()) / rated) if rated else None,
        csat_distribution=scores,
        repeat_rate=_rate(repeats, total),
        reopen_rate=_rate(reopened, total),
        redirect_rate=_rate(redirected, total),
    )

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

__all__ = ["Breakdown", "ComplaintMetrics", "DurationStats", "metrics"]

#: The key of every external referral's response clock in `sla_compliance`.
REFERRAL_TARGET = "external_referral"
#: The key of complaints without a root cause in `by_root_cause`.
UNKNOWN_CAUSE = "unknown"


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
class Breakdown:
    """The figures of one group of complaints (one category, root cause or channel).

    Attributes:
        total: How many complaints.
        sla_compliance: Per SLA target: met / decided cycles (as `ComplaintMetrics`).
        time_to_resolve: From receipt to the first `resolve`.
        repeat_rate: The share that repeat an earlier complaint.
    """

    total: int
    sla_compliance: Mapping[str, float | None] = attrs.field(hash=False)
    time_to_resolve: DurationStats
    repeat_rate: float | None


class _Tally:
    """Running counts for one group."""

    __slots__ = ("decided", "met", "repeats", "to_resolve", "total")

    def __init__(self) -> None:
        self.total = 0
        self.repeats = 0
        self.met: dict[str, int] = {}
        self.decided: dict[str, int] = {}
        self.to_resolve: list[dt.timedelta] = []

    def add(
        self, repeat: bool, resolved: dt.timedelta | None, sla: Mapping[str, tuple[int, int]]
    ) -> None:
        self.total += 1
        self.repeats += repeat
        if resolved is not None:
            self.to_resolve.append(resolved)
        for name, (met, decided) in sla.items():
            self.met[name] = self.met.get(name, 0) + met
            self.decided[name] = self.decided.get(name, 0) + decided

    def compliance(self) -> dict[str, float | None]:
        return {name: _rate(self.met[name], self.decided[name]) for name in self.met}

    def breakdown(self) -> Breakdown:
        return Breakdown(
            self.total,
            self.compliance(),
            DurationStats.of(self.to_resolve),
            _rate(self.repeats, self.total),
        )


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
        by_category: The figures per category.
        by_root_cause: The figures per root cause (`"unknown"`: none recorded yet).
        by_channel: The figures per channel (its value, e.g. `"wechat"`).
        by_incident: The figures per incident, over the complaints linked to one.

    External referrals' response clocks count together under `"external_referral"`.
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
    by_category: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False)
    by_root_cause: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False)
    by_channel: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False)
    by_incident: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def metrics(complaints: Iterable[Complaint], at: dt.datetime | str) -> ComplaintMetrics:
    """Counts, SLA compliance, timings, satisfaction and rates over `complaints` at `at`.

    Also broken down by category, root cause, channel and incident (`Breakdown`).

    Pure: reads the complaints, changes nothing. One pass over the collection.

    Raises:
        InvalidFieldError: `at` is naive or not an instant, or `complaints` holds
            something else than complaints.
    """
    when = _pendulum.instant(at, field="at")
    complaints = _validators.items_of("complaints", complaints, Complaint)
    by_state = dict.fromkeys(ComplaintState, 0)
    overall = _Tally()
    groups: tuple[dict[str, _Tally], ...] = ({}, {}, {}, {})
    to_ack: list[dt.timedelta] = []
    scores = dict.fromkeys(range(1, 6), 0)
    reopened = redirected = 0
    for complaint in complaints:
        by_state[complaint.state] += 1
        reopened += complaint.reopen_count > 0
        redirected += complaint.redirect is not None
        acknowledged = complaint.first_at("acknowledge")
        if acknowledged is not None:
            to_ack.append(acknowledged - complaint.received_at)
        resolved = complaint.first_at("resolve")
        took = None if resolved is None else resolved - complaint.received_at
        if complaint.feedback is not None:
            scores[complaint.feedback.score] += 1
        sla = _sla_counts(complaint, when)
        keys = (
            complaint.category,
            complaint.root_cause or UNKNOWN_CAUSE,
            complaint.channel.value,
        )
        tallies = [g.setdefault(k, _Tally()) for g, k in zip(groups, keys, strict=False)]
        if complaint.incident is not None:
            tallies.append(groups[3].setdefault(complaint.incident, _Tally()))
        for tally in (overall, *tallies):
            tally.add(complaint.is_repeat, took, sla)
    total = overall.total
    rated = sum(scores.values())
    return ComplaintMetrics(
        at=when,
        total=total,
        by_state=by_state,
        sla_compliance=overall.compliance(),
        time_to_acknowledge=DurationStats.of(to_ack),
        time_to_resolve=DurationStats.of(overall.to_resolve),
        csat_average=(sum(s * n for s, n in scores.items()) / rated) if rated else None,
        csat_distribution=scores,
        repeat_rate=_rate(overall.repeats, total),
        reopen_rate=_rate(reopened, total),
        redirect_rate=_rate(redirected, total),
        by_category={k: t.breakdown() for k, t in sorted(groups[0].items())},
        by_root_cause={k: t.breakdown() for k, t in sorted(groups[1].items())},
        by_channel={k: t.breakdown() for k, t in sorted(groups[2].items())},
        by_incident={k: t.breakdown() for k, t in sorted(groups[3].items())},
    )


def _sla_counts(complaint: Complaint, at: dt.datetime) -> dict[str, tuple[int, int]]:
    """Per target name: (met, decided) cycles of the complaint's clocks at `at`."""
    out: dict[str, tuple[int, int]] = {}
    for name, status in complaint.sla_status(at).items():
        key = REFERRAL_TARGET if name.startswith("referral:") else name
        met, decided = out.get(key, (0, 0))
        for cycle in status.cycles:
            if cycle.breached:
                decided += 1
            elif cycle.state is SlaState.STOPPED:
                # A cancelled cycle (a redirect) owed nothing: neither met nor missed.
                decided += 1
                met += 1
        out[key] = (met, decided)
    return out

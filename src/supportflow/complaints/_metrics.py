"""Collection metrics: pure functions over any iterable of complaints."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from supportflow import _json_schema as _js
from supportflow import _pendulum, _validators
from supportflow._declarative import Codec, Document, declared, spec
from supportflow._serialization import Reader, _join, dump_duration
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


# -- the document's codecs (every key always present; `None` figures are `null`) ------------


def _count(r: Reader, key: str) -> int:
    value: int = r.integer(key)
    if value < 0:
        raise r.fail("be 0 or more", key)
    return value


def _optional_number(r: Reader, key: str) -> float | None:
    if r.raw(key) is None:
        return None
    return float(r.number(key))


def _rate_at(r: Reader, key: str) -> float | None:
    value = _optional_number(r, key)
    if value is not None and not 0 <= value <= 1:
        raise r.fail("be a rate between 0 and 1 (or null)", key)
    return value


def _rates(r: Reader) -> dict[str, float | None]:
    return {name: _rate_at(r, name) for name in r.mapping_value()}


def _stats_dict(stats: DurationStats) -> dict[str, object]:
    return {
        "count": stats.count,
        "median": None if stats.median is None else dump_duration(stats.median),
        "p90": None if stats.p90 is None else dump_duration(stats.p90),
    }


def _load_stats(r: Reader) -> DurationStats:
    r.require_keys({"count", "median", "p90"})
    count = _count(r, "count")
    median = r.duration("median") if r.has("median") else None
    p90 = r.duration("p90") if r.has("p90") else None
    if (count == 0) != (median is None) or (median is None) != (p90 is None):
        raise r.fail("have a median and a p90 exactly when count is above 0")
    return DurationStats(count, median, p90)


def _breakdown_dict(group: Breakdown) -> dict[str, object]:
    return {
        "total": group.total,
        "sla_compliance": dict(group.sla_compliance),
        "time_to_resolve": _stats_dict(group.time_to_resolve),
        "repeat_rate": group.repeat_rate,
    }


def _load_breakdown(r: Reader) -> Breakdown:
    r.require_keys({"total", "sla_compliance", "time_to_resolve", "repeat_rate"})
    return Breakdown(
        _count(r, "total"),
        _rates(r.child("sla_compliance")),
        _load_stats(r.child("time_to_resolve")),
        _rate_at(r, "repeat_rate"),
    )


def _scalar(read: Callable[[Reader, str], object], schema: _js.Schema) -> Codec:
    """A codec reading one value with `read(reader, key)`, as the figures' helpers do."""

    def load(value: object, path: str) -> object:
        parent, _, key = path.rpartition(".")
        return read(Reader({key: value}, parent), key)

    return Codec(_same, load, lambda: dict(schema))


def _same(value: object) -> object:
    return value


def _whole(
    read: Callable[[Reader], object],
    dump: Callable[[Any], object],
    schema: Callable[[], _js.Schema],
) -> Codec:
    """A codec reading a whole object with `read(reader)`."""
    return Codec(dump, lambda value, path: read(Reader(value, path)), schema)


def _load_average(r: Reader, key: str) -> float | None:
    average = _optional_number(r, key)
    if average is not None and not 1 <= average <= 5:
        raise r.fail("be between 1 and 5", key)
    return average


def _load_by_state(r: Reader) -> dict[ComplaintState, int]:
    r.require_keys({state.value for state in ComplaintState})
    return {state: _count(r, state.value) for state in ComplaintState}


def _dump_by_state(value: Mapping[ComplaintState, int]) -> object:
    return {state.value: value.get(state, 0) for state in ComplaintState}


def _load_scores(r: Reader) -> dict[int, int]:
    r.require_keys({str(score) for score in _SCORES})
    return {score: _count(r, str(score)) for score in _SCORES}


def _dump_scores(value: Mapping[int, int]) -> object:
    return {str(k): v for k, v in sorted(value.items())}


def _load_groups(r: Reader) -> dict[str, Breakdown]:
    return {
        key: _load_breakdown(Reader(item, _join(r.path, key)))
        for key, item in r.mapping_value().items()
    }


def _dump_groups(value: Mapping[str, Breakdown]) -> object:
    return {k: _breakdown_dict(v) for k, v in value.items()}


_SCORES = range(1, 6)
_COUNT_SCHEMA: _js.Schema = {**_js.INTEGER, "minimum": 0}
_RATE_SCHEMA = _js.nullable({**_js.NUMBER, "minimum": 0, "maximum": 1})


def _stats_schema() -> _js.Schema:
    return _js.record(
        {
            "count": _COUNT_SCHEMA,
            "median": _js.nullable(_js.DURATION),
            "p90": _js.nullable(_js.DURATION),
        }
    )


def _breakdown_schema() -> _js.Schema:
    return _js.record(
        {
            "total": _COUNT_SCHEMA,
            "sla_compliance": _js.mapping(_RATE_SCHEMA),
            "time_to_resolve": _stats_schema(),
            "repeat_rate": _RATE_SCHEMA,
        }
    )


_COUNT = spec(_scalar(_count, _COUNT_SCHEMA))
_RATE = spec(_scalar(_rate_at, _RATE_SCHEMA))
_RATES = spec(_whole(_rates, dict, lambda: _js.mapping(_RATE_SCHEMA)))
_STATS = spec(_whole(_load_stats, _stats_dict, _stats_schema))
_GROUP = spec(_whole(_load_groups, _dump_groups, lambda: _js.mapping(_breakdown_schema())))


@declared(schema=1)
@attrs.frozen
class ComplaintMetrics(Document):
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

    Its document (`to_dict()`, e.g. for a dashboard endpoint) has every key; `None` figures
    are `null`, `by_state` has every state's value as a key, `csat_distribution` the scores
    `"1"` to `"5"` (JSON keys are strings), durations are ISO 8601 and rates JSON numbers.
    Each breakdown is `{"total", "sla_compliance", "time_to_resolve", "repeat_rate"}`.
    `from_dict` refuses a count below 0, a rate outside `[0, 1]`, or a state or score that
    does not exist, naming the JSON path.
    """

    at: dt.datetime
    total: int = attrs.field(metadata=_COUNT)
    by_state: Mapping[ComplaintState, int] = attrs.field(
        hash=False,
        metadata=spec(
            _whole(
                _load_by_state,
                _dump_by_state,
                lambda: _js.record(dict.fromkeys((s.value for s in ComplaintState), _COUNT_SCHEMA)),
            )
        ),
    )
    sla_compliance: Mapping[str, float | None] = attrs.field(hash=False, metadata=_RATES)
    time_to_acknowledge: DurationStats = attrs.field(metadata=_STATS)
    time_to_resolve: DurationStats = attrs.field(metadata=_STATS)
    csat_average: float | None = attrs.field(
        metadata=spec(
            _scalar(_load_average, _js.nullable({**_js.NUMBER, "minimum": 1, "maximum": 5}))
        )
    )
    csat_distribution: Mapping[int, int] = attrs.field(
        hash=False,
        metadata=spec(
            _whole(
                _load_scores,
                _dump_scores,
                lambda: _js.record(dict.fromkeys((str(k) for k in _SCORES), _COUNT_SCHEMA)),
            )
        ),
    )
    repeat_rate: float | None = attrs.field(metadata=_RATE)
    reopen_rate: float | None = attrs.field(metadata=_RATE)
    redirect_rate: float | None = attrs.field(metadata=_RATE)
    by_category: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False, metadata=_GROUP)
    by_root_cause: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False, metadata=_GROUP)
    by_channel: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False, metadata=_GROUP)
    by_incident: Mapping[str, Breakdown] = attrs.field(factory=dict, hash=False, metadata=_GROUP)


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

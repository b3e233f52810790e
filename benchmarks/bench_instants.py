"""Instants (issue 11, items 3-4): every hot path with the four input kinds services pass.

The four kinds, each the same instants: a pendulum `DateTime` in the calendar's or
customer's zone (Asia/Shanghai), a stdlib `datetime` in `datetime.timezone.utc`, a stdlib
`datetime` with `zoneinfo.ZoneInfo("Asia/Shanghai")`, and a stdlib `datetime` with the fixed
offset `datetime.timezone(timedelta(hours=8))`. Every section times all four in ONE run,
interleaved round-robin (repeat r of every case before repeat r+1 of any), so the ratios to
the pendulum figure compare measurements made under the same background load.

Sections (targets of issue 11 with stdlib UTC input; every stdlib kind within 1.3x of the
pendulum figure):

- calendar: `add(start, 8 h)`, `between(a, a + 8 h)`, `between(a, a + 8,000 h)` on
  `cn_mainland` with a lunch break, `beyond_data="weekly"`, warm (add <= 3 µs, between
  <= 1 µs); per-call median over 15 repeats of 2,000 inputs;
- priority: `PriorityModel.score(item, at)` with its breakdown, items and `at` of the kind
  (<= 5 µs);
- sla: `SlaClock.status(at)` (running and paused business-hours clock), and
  `evaluate(clocks, at)` over 100,000 clocks of ~10 events built from instants of the kind
  (<= 1 s);
- notices: the maintenance SMS of bench_notices.py rendered with values of the kind, against
  Jinja2 + pendulum producing the same text from the same values (>= 2x faster);
- complaints: bench_complaints.py's walk (acknowledge ... close, audit record and the three
  SLA clocks of `industry_default(cn_mainland())`) over 100,000 live complaints, received
  and walked with instants of the kind, garbage collector ON (>= 50,000 events/s and >= 5x
  python-statemachine walking 100,000 machines in the same rounds);
- payments: bench_payments.py's 1,000,000 notifications to 100,000 payments (10 %
  replays, 10 % out of order) with times of the kind, collector off during the apply loop
  as in bench_payments.py (>= 50,000 notifications/s);
- longspans (item 3): single calendar operations over spans of up to ~10,000 years, each on
  a freshly built calendar with `year_segments` and `rules` caches cleared (<= 50 ms each).

Run: `.venv/bin/python benchmarks/bench_instants.py [--quick] [--only SECTION ...]`
(`--quick`: 20,000 complaints/clocks, 10,000 payments; `--complaints`, `--payments`,
`--clocks` set the sizes). Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import functools
import gc
import statistics
import sys
import time
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Any

import pendulum

import bench_complaints
import bench_notices
import bench_payments
import bench_priority
import bench_sla
import supportflow.calendar._time
import supportflow.calendar._tzif
from bench_calendar import Cases
from supportflow.calendar import BusinessCalendar, cn_mainland, uk_england_wales
from supportflow.notices import NoticeTemplate, NoticeTexts
from supportflow.payments import PaymentState
from supportflow.priority import PriorityInputs
from supportflow.sla import BusinessDuration, SlaClock, SlaTarget, evaluate

ZONE = "Asia/Shanghai"
UTC = dt.UTC
KINDS = ("pendulum", "stdlib UTC", "zoneinfo", "fixed +08:00")
_ZI = zoneinfo.ZoneInfo(ZONE)
_FIXED = dt.timezone(dt.timedelta(hours=8))
LUNCH = {d: [("09:00", "12:00"), ("13:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}
SECTIONS = ("calendar", "priority", "sla", "notices", "complaints", "payments", "longspans")


def as_kind(kind: str, value: dt.datetime, zone: str = ZONE) -> dt.datetime:
    """`value` (any aware datetime) as the same instant in input kind `kind`."""
    x = dt.datetime.astimezone(value, UTC)
    utc = dt.datetime(x.year, x.month, x.day, x.hour, x.minute, x.second, x.microsecond, UTC)
    if kind == "pendulum":
        return pendulum.instance(utc).in_timezone(zone)
    if kind == "stdlib UTC":
        return utc
    if kind == "zoneinfo":
        return utc.astimezone(zoneinfo.ZoneInfo(zone))
    return utc.astimezone(_FIXED)


def converter(kind: str) -> Callable[[dt.datetime], dt.datetime]:
    """A memoised `as_kind` for `kind` (inputs share a few distinct instants)."""
    memo: dict[dt.datetime, dt.datetime] = {}

    def convert(value: dt.datetime) -> dt.datetime:
        key = dt.datetime.astimezone(value, UTC)
        found = memo.get(key)
        if found is None:
            found = memo[key] = as_kind(kind, value)
        return found

    return convert


class KindCases(Cases):
    """`Cases`, timing each repeat by both the process's CPU time and the wall clock.

    The machine is shared by several jobs: a process waiting for a core accrues wall time
    but no CPU time, so the CPU-time figure is the library's own cost and the one the
    targets are judged on; the wall-clock figure is reported next to it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.wall: dict[str, list[float]] = {}

    def run(self, repeats: int = 15) -> dict[str, list[float]]:
        cpu: dict[str, list[float]] = {name: [] for name in self.cases}
        self.wall = {name: [] for name in self.cases}
        for _ in range(repeats):
            for name, (fn, inputs) in self.cases.items():
                c0, w0 = time.process_time_ns(), time.perf_counter_ns()
                for item in inputs:
                    fn(item)
                c1, w1 = time.process_time_ns(), time.perf_counter_ns()
                cpu[name].append((c1 - c0) / len(inputs) / 1000)
                self.wall[name].append((w1 - w0) / len(inputs) / 1000)
        return cpu


class Report:
    """Rows of results, printed as Markdown tables, and the targets' verdicts."""

    def __init__(self) -> None:
        self.tables: list[tuple[str, list[str]]] = []
        self.missed: list[str] = []

    def kinds_table(
        self,
        title: str,
        unit: str,
        rows: dict[str, dict[str, float]],
        targets: dict[str, tuple[str, float]] | None = None,
        *,
        wall: dict[str, dict[str, float]] | None = None,
        lower_is_better: bool = True,
        unchecked: Sequence[str] = (),
    ) -> None:
        """One row per measure: the medians of the four kinds, ratios to pendulum, verdicts.

        `rows` are CPU-time figures (see `KindCases`), `wall` the same measures by the wall
        clock. `targets` maps a measure to `(text, limit)`, an absolute target for stdlib
        UTC. The ratio is the worst stdlib kind's slowdown versus pendulum (> 1 is slower)
        whatever the unit; it is checked against 1.3x except for the `unchecked` measures
        (peers, shares).
        """
        targets = targets or {}
        header = f"| Measure ({unit}) | " + " | ".join(KINDS) + " | worst stdlib / pendulum | "
        header += "targets (stdlib UTC; stdlib kinds <= 1.3x pendulum) | wall clock, same order |"
        lines = [header, "|---" * (len(KINDS) + 4) + "|"]
        for measure, by_kind in rows.items():
            base = by_kind["pendulum"]
            if lower_is_better:
                ratios = [by_kind[k] / base for k in KINDS[1:]]
            else:
                ratios = [base / by_kind[k] for k in KINDS[1:]]
            worst = max(ratios)
            verdicts = []
            if measure in targets:
                text, limit = targets[measure]
                utc = by_kind["stdlib UTC"]
                ok = utc <= limit if lower_is_better else utc >= limit
                verdicts.append(f"{text}: {'met' if ok else 'MISSED'}")
                if not ok:
                    self.missed.append(f"{title} / {measure}: stdlib UTC {utc:,.3g} vs {text}")
            if measure not in unchecked:
                ok = worst <= 1.3
                verdicts.append(f"<= 1.3x: {'met' if ok else 'MISSED'}")
                if not ok:
                    self.missed.append(f"{title} / {measure}: a stdlib kind at {worst:.2f}x")
            cells = " | ".join(_fmt(by_kind[k]) for k in KINDS)
            walls = "-"
            if wall is not None and measure in wall:
                walls = " / ".join(_fmt(wall[measure][k]) for k in KINDS)
            lines.append(
                f"| {measure} | {cells} | {worst:.2f}x | {'; '.join(verdicts) or '-'} | {walls} |"
            )
        self.tables.append((title, lines))
        self._print(title, lines)

    def table(self, title: str, lines: list[str]) -> None:
        self.tables.append((title, lines))
        self._print(title, lines)

    @staticmethod
    def _print(title: str, lines: list[str]) -> None:
        print(f"\n#### {title}\n", flush=True)
        for line in lines:
            print(line)
        sys.stdout.flush()


def _fmt(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in samples.items()}


def by_measure(med: dict[str, float], measures: Sequence[str]) -> dict[str, dict[str, float]]:
    """`{"measure [kind]": x}` -> `{measure: {kind: x}}`."""
    return {m: {k: med[f"{m} [{k}]"] for k in KINDS} for m in measures}


# -- calendar --------------------------------------------------------------------------------


def bench_calendar(report: Report, n: int = 2000) -> None:
    cal = cn_mainland(weekly=LUNCH, beyond_data="weekly")
    base = pendulum.datetime(2025, 1, 1, tz=ZONE)
    step = 360 * 86_400 // n
    starts = [base.add(seconds=7 + k * step) for k in range(n)]  # spread over 2025
    h8, h8000 = dt.timedelta(hours=8), dt.timedelta(hours=8000)
    c = KindCases()
    for kind in KINDS:
        conv = converter(kind)
        ks = [conv(s) for s in starts]
        short = [(a, conv(s + h8)) for a, s in zip(ks, starts, strict=True)]
        long = [(a, conv(s + h8000)) for a, s in zip(ks, starts, strict=True)]
        c.add(f"add(start, 8 h) [{kind}]", lambda s: cal.add(s, h8), ks)
        c.add(f"add(start, 8,000 h) [{kind}]", lambda s: cal.add(s, h8000), ks)
        c.add(f"between(a, a + 8 h) [{kind}]", lambda p: cal.between(*p), short)
        c.add(f"between(a, a + 8,000 h) [{kind}]", lambda p: cal.between(*p), long)
    # Same answers whatever the kind (and always a stdlib UTC datetime back).
    for kind in KINDS[1:]:
        conv = converter(kind)
        for s in starts[:50]:
            assert cal.add(conv(s), h8) == cal.add(s, h8)
            assert type(cal.add(conv(s), h8)) is dt.datetime
    med = medians(c.run())
    measures = ["add(start, 8 h)", "add(start, 8,000 h)"]
    measures += ["between(a, a + 8 h)", "between(a, a + 8,000 h)"]
    report.kinds_table(
        f"Calendar, cn_mainland with lunch break, beyond_data='weekly', warm; N={n}, "
        "median of 15 interleaved repeats",
        "µs per call",
        by_measure(med, measures),
        {
            "add(start, 8 h)": ("<= 3 µs", 3.0),
            "add(start, 8,000 h)": ("<= 3 µs", 3.0),
            "between(a, a + 8 h)": ("<= 1 µs", 1.0),
            "between(a, a + 8,000 h)": ("<= 1 µs", 1.0),
        },
        wall=by_measure(medians(c.wall), measures),
    )


# -- priority ------------------------------------------------------------------------------


def bench_priority_score(report: Report, n: int = 10_000) -> None:
    kwargs = bench_priority.make_kwargs(n)
    at = bench_priority.T0.add(days=8)
    model = bench_priority.MODEL

    def score_at(item: PriorityInputs, a: dt.datetime) -> object:
        return model.score(item, a)

    c = KindCases()
    results = {}
    for kind in KINDS:
        conv = converter(kind)
        items = []
        for original in kwargs:
            kw = dict(original)
            for key in ("received_at", "due_at", "hold_ends_at"):
                if kw[key] is not None:
                    kw[key] = conv(kw[key])
            items.append(PriorityInputs(**kw))
        k_at = conv(at)
        fresh = [as_kind(kind, at.add(seconds=k)) for k in range(n)]
        c.add(f"score(item, at), same `at` [{kind}]", functools.partial(score_at, a=k_at), items)
        pairs = list(zip(items, fresh, strict=True))
        c.add(f"score(item, at), a new `at` each call [{kind}]", lambda p: model.score(*p), pairs)
        results[kind] = [model.score(i, k_at).value for i in items[:200]]
    assert all(r == results["pendulum"] for r in results.values())
    med = medians(c.run(repeats=9))
    measures = ["score(item, at), same `at`", "score(item, at), a new `at` each call"]
    report.kinds_table(
        f"Priority `score` with breakdown; {n:,} items, median of 9 interleaved repeats",
        "µs per call",
        by_measure(med, measures),
        {"score(item, at), same `at`": ("<= 5 µs", 5.0)},
        wall=by_measure(medians(c.wall), measures),
    )


# -- SLA ------------------------------------------------------------------------------------


def bench_sla_status(report: Report, n_clocks: int) -> None:
    cal = cn_mainland(beyond_data="weekly")
    target = SlaTarget(
        "handling", BusinessDuration(dt.timedelta(hours=8), cal), pause_in=bench_sla.WAIT
    )
    start = pendulum.datetime(2025, 3, 3, 9, 0, tz=ZONE)
    c = KindCases()
    for kind in KINDS:
        conv = converter(kind)
        clock = SlaClock(target).start(conv(start))
        paused = clock.pause(conv(start.add(hours=2)), "awaiting_customer")
        at = [conv(start + dt.timedelta(days=30, hours=1))] * 2000
        c.add(f"status(at), running business-hours clock [{kind}]", clock.status, at)
        c.add(f"status(at), paused business-hours clock [{kind}]", paused.status, at)
    med = medians(c.run())
    measures = [
        "status(at), running business-hours clock",
        "status(at), paused business-hours clock",
    ]
    report.kinds_table(
        "SLA `status(at)`, `at` 30 days after the start; 2,000 calls, median of 15 "
        "interleaved repeats",
        "µs per call",
        by_measure(med, measures),
        wall=by_measure(medians(c.wall), measures),
    )

    # evaluate(): the clocks store UTC instants whatever kind built them, so the batch is
    # built once (bench_sla.py's clocks) and the kinds differ in `at`; replaying events
    # whose instants are of each kind is timed on its own, interleaved, on fewer clocks.
    when = pendulum.datetime(2025, 6, 2, 10, 0, tz=ZONE)
    base = pendulum.datetime(2025, 3, 3, 8, 0, tz=ZONE)
    targets = bench_sla._targets()
    n_replay = min(n_clocks, 5_000)
    logs = {k: [bench_sla._events(i, as_kind(k, base)) for i in range(n_replay)] for k in KINDS}
    n_events = sum(len(log) for log in logs["pendulum"])
    replay: dict[str, list[float]] = {k: [] for k in KINDS}
    replayed: dict[str, list[SlaClock]] = {}
    for _ in range(3):
        for kind in KINDS:
            c0 = time.process_time()
            replayed[kind] = [SlaClock(targets[i % 4], log) for i, log in enumerate(logs[kind])]
            replay[kind].append((time.process_time() - c0) / n_events * 1e6)
    assert all(replayed[k] == replayed["pendulum"] for k in KINDS)
    del logs, replayed
    clocks, _ = bench_sla.build(n_clocks)
    gc.collect()
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    walls: dict[str, list[float]] = {k: [] for k in KINDS}
    for _ in range(5):
        for kind in KINDS:
            k_at = as_kind(kind, when)
            # Each repeat from the same collector state: a full collection triggered by the
            # previous repeats' garbage would otherwise land on the same kind every round.
            gc.collect()
            c0, w0 = time.process_time(), time.perf_counter()
            evaluate(clocks, k_at)
            times[kind].append(time.process_time() - c0)
            walls[kind].append(time.perf_counter() - w0)
    evaluated = f"evaluate() of {n_clocks:,} clocks (~10 events each), s"
    rows = {
        evaluated: {k: statistics.median(v) for k, v in times.items()},
        f"replaying {n_replay:,} clocks' events (SlaClock(target, events)), µs per event": {
            k: statistics.median(v) for k, v in replay.items()
        },
    }
    report.kinds_table(
        f"SLA `evaluate(clocks, at)` over {n_clocks:,} clocks, `at` of each kind, median of 5 "
        "interleaved repeats; replay: events of each kind, median of 3",
        "see measure",
        rows,
        {f"evaluate() of {n_clocks:,} clocks (~10 events each), s": ("<= 1 s", 1.0)}
        if n_clocks >= 100_000
        else None,
        wall={evaluated: {k: statistics.median(v) for k, v in walls.items()}},
    )
    del clocks
    gc.collect()


def _render(template: NoticeTemplate, values: dict[str, Any], loc: str, _: object) -> object:
    return template.render(values, locale=loc, timezone=ZONE)


def _jinja_render(template: Any, values: dict[str, Any], _: object) -> object:
    return template.render(**values)


# -- notices --------------------------------------------------------------------------------


def bench_notice_render(report: Report) -> None:
    c = KindCases()
    for loc in ("en", "zh-Hans"):
        text = bench_notices.OURS[loc]
        template = NoticeTemplate(
            "bench", variables=bench_notices.VARIABLES, texts=[NoticeTexts(loc, sms=text)]
        )
        env = bench_notices.jinja_environment(loc)
        for name, fil in list(env.filters.items()):
            if name in ("date_long", "datetime_long", "time_medium"):
                # pendulum's filters need a pendulum DateTime: convert stdlib input first,
                # as a Jinja2 + pendulum service would (a no-op for pendulum input).
                env.filters[name] = lambda d, f=fil: f(
                    d if isinstance(d, pendulum.DateTime) else pendulum.instance(d)
                )
        jinja = env.from_string(bench_notices.JINJA[loc])
        for kind in KINDS:
            values = {
                key: as_kind(kind, v) if isinstance(v, dt.datetime) else v
                for key, v in bench_notices.VALUES.items()
            }
            ours = template.render(values, locale=loc, timezone=ZONE).sms
            assert ours is not None
            peer = jinja.render(**values)
            assert ours.text == peer, (kind, ours.text, peer)
            c.add(
                f"render the maintenance SMS, {loc}: supportflow [{kind}]",
                functools.partial(_render, template, values, loc),
                [None] * 1000,
            )
            c.add(
                f"render the maintenance SMS, {loc}: Jinja2 + pendulum [{kind}]",
                functools.partial(_jinja_render, jinja, values),
                [None] * 250,
            )
    med = medians(c.run())
    measures = [
        f"render the maintenance SMS, {loc}: {who}"
        for loc in ("en", "zh-Hans")
        for who in ("supportflow", "Jinja2 + pendulum")
    ]
    rows = by_measure(med, measures)
    for loc in ("en", "zh-Hans"):
        mine = rows[f"render the maintenance SMS, {loc}: supportflow"]
        theirs = rows[f"render the maintenance SMS, {loc}: Jinja2 + pendulum"]
        # "slower than the peer by": lower is better, target <= 0.5 (>= 2x faster).
        rows[f"supportflow / Jinja2 + pendulum, {loc} (target <= 0.5 = 2x faster)"] = {
            k: mine[k] / theirs[k] for k in KINDS
        }
        rows[f"speed-up over Jinja2 + pendulum given pendulum input, {loc}"] = {
            k: theirs["pendulum"] / mine[k] for k in KINDS
        }
    report.kinds_table(
        "Notice render (SMS, 4 datetimes + money + duration), median of 15 interleaved "
        "repeats; the peer converts stdlib input with `pendulum.instance`",
        "µs per render, or ratio",
        {k: v for k, v in rows.items() if not k.startswith("speed-up")},
        {
            f"supportflow / Jinja2 + pendulum, {loc} (target <= 0.5 = 2x faster)": (
                "<= 0.5 (>= 2x faster)",
                0.5,
            )
            for loc in ("en", "zh-Hans")
        },
        wall=by_measure(medians(c.wall), measures),
        unchecked=[k for k in rows if "Jinja2" in k],
    )
    lines = ["| Measure | " + " | ".join(KINDS) + " |", "|---" * (len(KINDS) + 1) + "|"]
    for name, by_kind in rows.items():
        if name.startswith("speed-up"):
            lines.append(f"| {name} | " + " | ".join(f"{by_kind[k]:.2f}x" for k in KINDS) + " |")
    report.table("Notice render: the strict comparison (peer always given pendulum)", lines)


def _walk(objects: list[Any], ts: Sequence[Any]) -> None:
    bench_complaints.sf_walk(objects, ts)


# -- complaints ------------------------------------------------------------------------------


def bench_complaint_walk(report: Report, n: int, repeats: int) -> None:
    ts = bench_complaints.TS
    contenders: list[tuple[str, Callable[[], list[Any]], Callable[[list[Any]], None]]] = []
    for kind in KINDS:
        k_ts = [as_kind(kind, t) for t in ts]
        contenders.append(
            (
                kind,
                functools.partial(bench_complaints.sf_create, n, received_at=k_ts[0]),
                functools.partial(_walk, ts=k_ts),
            )
        )
    contenders.append(
        (
            "python-statemachine",
            lambda: bench_complaints.psm_create(n),
            bench_complaints.psm_walk,
        )
    )
    rates: dict[str, list[float]] = {name: [] for name, _, _ in contenders}  # by CPU time
    wall_rates: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    gc_share: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    in_gc = {"began": 0.0, "spent": 0.0}

    def track(phase: str, info: dict[str, int]) -> None:
        """CPU time spent in collections (gc.callbacks brackets each one)."""
        if phase == "start":
            in_gc["began"] = time.process_time()
        else:
            in_gc["spent"] += time.process_time() - in_gc["began"]

    assert gc.isenabled()
    events = len(bench_complaints.WALK) * n
    for _ in range(repeats):
        for name, create, walk in contenders:
            gc.collect()
            objects = create()
            in_gc["spent"] = 0.0
            gc.callbacks.append(track)
            c0, w0 = time.process_time(), time.perf_counter()
            walk(objects)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            gc.callbacks.remove(track)
            rates[name].append(events / cpu)
            wall_rates[name].append(events / wall)
            gc_share[name].append(in_gc["spent"] / cpu)
            if name != "python-statemachine":
                assert all(c.state.value == "closed" for c in objects[:100])
            del objects

    def vs_psm(table: dict[str, list[float]]) -> dict[str, float]:
        psm = table["python-statemachine"]
        return {
            k: statistics.median(a / b for a, b in zip(table[k], psm, strict=True)) for k in KINDS
        }

    med = {name: statistics.median(v) for name, v in rates.items()}
    wall_med = {name: statistics.median(v) for name, v in wall_rates.items()}
    psm = med.pop("python-statemachine")
    psm_wall = wall_med.pop("python-statemachine")
    report.kinds_table(
        f"Complaint walk (audit + 3 SLA clocks), {n:,} live complaints, GC on; median of "
        f"{repeats} interleaved rounds (python-statemachine, {n:,} live machines: "
        f"{psm:,.0f} events/s of CPU, {psm_wall:,.0f} by the wall clock)",
        "events/s, higher is better",
        {
            "events/s": med,
            "x python-statemachine (same round)": vs_psm(rates),
            "share of the walk's CPU time in GC collections, %": {
                k: statistics.median(gc_share[k]) * 100 for k in KINDS
            },
        },
        {
            "events/s": (">= 50,000/s", 50_000),
            "x python-statemachine (same round)": (">= 5x", 5.0),
        },
        wall={"events/s": wall_med, "x python-statemachine (same round)": vs_psm(wall_rates)},
        lower_is_better=False,
        unchecked=["share of the walk's CPU time in GC collections, %"],
    )


# -- payments ---------------------------------------------------------------------------------


def bench_payment_notifications(report: Report, n: int) -> None:
    delivery, out_of_order, replays = bench_payments.build(n)
    rates: dict[str, float] = {}
    cpu_rates: dict[str, float] = {}
    for kind in KINDS:  # one round: each kind applies the whole stream once
        conv = converter(kind)
        stream = [(p, (e, k, conv(t), payload)) for p, (e, k, t, payload) in delivery]
        objs = bench_payments.payments(n, conv(bench_payments.T0))
        gc.collect()
        gc.disable()  # as bench_payments.py: the library, not the collector's pauses
        duplicates = 0
        start = time.perf_counter()
        cpu = time.process_time()
        for p, (event_id, kind_, occurred, payload) in stream:
            duplicates += objs[p].apply_notification(event_id, kind_, occurred, payload).duplicate
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        gc.enable()
        assert duplicates == replays
        assert all(o.state is PaymentState.SETTLED for o in objs)
        assert all(o.refunded == decimal.Decimal("10.00") for o in objs)
        rates[kind] = len(stream) / elapsed
        cpu_rates[kind] = len(stream) / cpu
        del objs, stream
        gc.collect()
    total = len(delivery)
    report.kinds_table(
        f"Payment notifications: {total:,} to {n:,} payments ({replays:,} replays, "
        f"{out_of_order:,} out of order), collector off during the apply loop; one run per kind",
        "notifications/s, higher is better",
        {"notifications/s": cpu_rates},
        {"notifications/s": (">= 50,000/s", 50_000)} if n >= 100_000 else None,
        wall={"notifications/s": rates},
        lower_is_better=False,
    )


# -- long spans, cold caches -------------------------------------------------------------------

MON_FRI = {d: [("09:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}


def _cold() -> None:
    supportflow.calendar._time.year_segments.cache_clear()
    supportflow.calendar._tzif.rules.cache_clear()


def _utc(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def bench_long_spans(report: Report, repeats: int = 5) -> None:
    def london() -> BusinessCalendar:
        return uk_england_wales(weekly=MON_FRI, beyond_data="weekly")

    def cn() -> BusinessCalendar:
        return cn_mainland(weekly=LUNCH, beyond_data="weekly")

    def only_override(day: dt.date) -> Callable[[], BusinessCalendar]:
        return lambda: BusinessCalendar(
            "Europe/London", weekly={}, overrides={day: [("09:00", "17:00")]}
        )

    # Business time of 1,000 years of each calendar, measured once (warm) for the add cases.
    thousand_london = london().between(_utc(2025, 1, 6), _utc(3025, 1, 6))
    thousand_cn = cn().between(_utc(2025, 1, 6), _utc(3025, 1, 6))
    start = _utc(2025, 9, 17, 8)  # 09:00 in London (BST)
    cases: list[tuple[str, Callable[[], BusinessCalendar], Callable[[BusinessCalendar], Any]]] = [
        (
            "London Mon-Fri 09-18: add(2025-09-17 09:00, timedelta(days=36500))",
            london,
            lambda c: c.add(start, dt.timedelta(days=36500)),
        ),
        (
            "London Mon-Fri 09-18: between(0100-01-01, 9990-01-01)",
            london,
            lambda c: c.between(_utc(100, 1, 1), _utc(9990, 1, 1)),
        ),
        (
            "only an override on 9000-01-01: add(2025-01-01, 2 h)",
            only_override(dt.date(9000, 1, 1)),
            lambda c: c.add(_utc(2025, 1, 1), dt.timedelta(hours=2)),
        ),
        (
            "London Mon-Fri 09-18: add(2025-01-06, business time of 1,000 years)",
            london,
            lambda c: c.add(_utc(2025, 1, 6), thousand_london),
        ),
        (
            "London Mon-Fri 09-18: between(2025-01-06, 3025-01-06)",
            london,
            lambda c: c.between(_utc(2025, 1, 6), _utc(3025, 1, 6)),
        ),
        (
            "cn_mainland + lunch: add(2025-01-06, business time of 1,000 years)",
            cn,
            lambda c: c.add(_utc(2025, 1, 6), thousand_cn),
        ),
        (
            "cn_mainland + lunch: between(2025-01-06, 3025-01-06)",
            cn,
            lambda c: c.between(_utc(2025, 1, 6), _utc(3025, 1, 6)),
        ),
        (
            "only an override on 3025-01-06: next_open(2025-01-06)",
            only_override(dt.date(3025, 1, 6)),
            lambda c: c.next_open(_utc(2025, 1, 6)),
        ),
        (
            "London Mon-Fri 09-18: subtract(3025-01-06, business time of 1,000 years)",
            london,
            lambda c: c.subtract(_utc(3025, 1, 6), thousand_london),
        ),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _, _ in cases}  # CPU ms
    walls: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    answers: dict[str, object] = {}
    for _ in range(repeats):
        for name, make, op in cases:
            cal = make()
            _cold()
            c0, w0 = time.process_time(), time.perf_counter()
            answer = op(cal)
            samples[name].append((time.process_time() - c0) * 1000)
            walls[name].append((time.perf_counter() - w0) * 1000)
            assert answers.setdefault(name, answer) == answer
    # Sanity of the answers (worked out independently of the calendar's range code).
    assert answers["only an override on 9000-01-01: add(2025-01-01, 2 h)"] == _utc(9000, 1, 1, 11)
    assert answers["only an override on 3025-01-06: next_open(2025-01-06)"] == _utc(3025, 1, 6, 9)
    lines = [
        (
            "| Operation (fresh calendar, caches cleared) | median ms (CPU) | max ms (CPU) "
            "| median ms (wall) | answer | target |"
        ),
        "|---|---|---|---|---|---|",
    ]
    for name, values in samples.items():
        med = statistics.median(values)
        ok = med <= 50
        if not ok:
            report.missed.append(f"long spans / {name}: median {med:.1f} ms > 50 ms")
        answer = answers[name]
        shown = answer.isoformat() if isinstance(answer, dt.datetime) else str(answer)
        verdict = "<= 50 ms: " + ("met" if ok else "MISSED")
        wall = statistics.median(walls[name])
        lines.append(
            f"| {name} | {med:.1f} | {max(values):.1f} | {wall:.1f} | {shown} | {verdict} |"
        )
    report.table(f"Long spans, cold caches; {repeats} runs of each, interleaved", lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small populations")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--complaints", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=1, help="complaint walk rounds")
    parser.add_argument("--payments", type=int, default=None)
    parser.add_argument("--clocks", type=int, default=None)
    args = parser.parse_args()
    n_complaints = args.complaints or (20_000 if args.quick else 100_000)
    n_payments = args.payments or (10_000 if args.quick else 100_000)
    n_clocks = args.clocks or (20_000 if args.quick else 100_000)
    report = Report()
    started = time.perf_counter()
    for section in SECTIONS:
        if section not in args.only:
            continue
        t0 = time.perf_counter()
        if section == "calendar":
            bench_calendar(report)
        elif section == "priority":
            bench_priority_score(report)
        elif section == "sla":
            bench_sla_status(report, n_clocks)
        elif section == "notices":
            bench_notice_render(report)
        elif section == "complaints":
            bench_complaint_walk(report, n_complaints, args.rounds)
        elif section == "payments":
            bench_payment_notifications(report, n_payments)
        else:
            bench_long_spans(report)
        print(f"({section}: {time.perf_counter() - t0:.0f} s)", flush=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if report.missed:
        print("MISSED:\n  " + "\n  ".join(report.missed))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

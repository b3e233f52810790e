"""SLA clocks: batch breach scans with `evaluate`, and `status()` cost versus distance.

Goal (issue 7): 100,000 clocks with ~10 events each evaluated in <= 1 s (<= 10 us per clock),
and the cost of one `status()` independent of how far in the future `at` is.

Method: the clocks are built once (that time is reported but is not part of the goal),
spread over four targets of different kinds (elapsed 24 h, business days on the CN
calendar, calendar days with Civil-Code rolling, 8 business hours on the CN calendar);
each has a start, three pause/resume pairs, a goal change and a reset or stop (~10 events),
and about a quarter are left paused. `evaluate(clocks, at)` is then timed several times
in the same run; the median is reported.

Run: `python benchmarks/bench_sla.py [--clocks N] [--repeat R]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

import pendulum

from supportflow.calendar import cn_mainland
from supportflow.sla import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    ElapsedDuration,
    SlaClock,
    SlaEvent,
    SlaEventKind,
    SlaTarget,
    evaluate,
)

WAIT = frozenset({"awaiting_customer"})


def _targets() -> list[SlaTarget]:
    cal = cn_mainland()
    hours8 = dt.timedelta(hours=8)
    return [
        SlaTarget(
            "first_response",
            ElapsedDuration(dt.timedelta(hours=24), "Asia/Shanghai"),
            pause_in=WAIT,
            goals={"P1": ElapsedDuration(dt.timedelta(hours=4))},
        ),
        SlaTarget(
            "next_update", BusinessDays(5, cal), pause_in=WAIT, goals={"P1": BusinessDays(2, cal)}
        ),
        SlaTarget(
            "resolution",
            CalendarDays.civil_code(15, cal),
            pause_in=WAIT,
            goals={"P1": CalendarDays.civil_code(5, cal)},
        ),
        SlaTarget(
            "handling",
            BusinessDuration(hours8 * 3, cal),
            pause_in=WAIT,
            goals={"P1": BusinessDuration(hours8, cal)},
        ),
    ]


def _events(i: int, base: pendulum.DateTime) -> list[SlaEvent]:
    minute = dt.timedelta(minutes=1)
    t = base + (i % 20_000) * 7 * minute
    out = [SlaEvent(SlaEventKind.START, t)]
    for k in range(3):
        t += (90 + 37 * k + i % 11) * minute
        out.append(SlaEvent(SlaEventKind.PAUSE, t, reason="awaiting_customer"))
        t += (30 + 13 * k) * minute
        out.append(SlaEvent(SlaEventKind.RESUME, t))
    t += 45 * minute
    out.append(SlaEvent(SlaEventKind.CHANGE_GOAL, t, priority="P1" if i % 3 == 0 else "P3"))
    t += 20 * minute
    if i % 2:
        out.append(SlaEvent(SlaEventKind.RESET, t))
    else:
        out.append(SlaEvent(SlaEventKind.STOP, t))
        out.append(SlaEvent(SlaEventKind.RESET, t + minute))
    if i % 4 == 1:
        out.append(SlaEvent(SlaEventKind.PAUSE, t + 5 * minute, reason="awaiting_customer"))
    return out


def build(n: int) -> tuple[list[SlaClock], float]:
    targets = _targets()
    base = pendulum.datetime(2025, 3, 3, 8, 0, tz="Asia/Shanghai")
    started = time.perf_counter()
    clocks = [SlaClock(targets[i % len(targets)], _events(i, base)) for i in range(n)]
    return clocks, time.perf_counter() - started


def bench_evaluate(clocks: list[SlaClock], repeat: int) -> list[float]:
    at = pendulum.datetime(2025, 6, 2, 10, 0, tz="Asia/Shanghai")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        statuses = evaluate(clocks, at)
        times.append(time.perf_counter() - started)
        assert len(statuses) == len(clocks)
    return times


def bench_distance(repeat: int) -> dict[str, float]:
    cal = cn_mainland(beyond_data="weekly")
    target = SlaTarget("handling", BusinessDuration(dt.timedelta(hours=8), cal), pause_in=WAIT)
    start = pendulum.datetime(2025, 3, 3, 9, 0, tz="Asia/Shanghai")
    clock = SlaClock(target).start(start)
    paused = clock.pause(start.add(hours=2), "awaiting_customer")
    out = {}
    for label, days in (("+1 day", 1), ("+30 days", 30), ("+3 years", 3 * 365)):
        at = start + dt.timedelta(days=days, hours=1)
        for name, c in (("running", clock), ("paused", paused)):
            n = 2000
            best = []
            for _ in range(repeat):
                started = time.perf_counter()
                for _ in range(n):
                    c.status(at)
                best.append((time.perf_counter() - started) / n)
            out[f"{name} {label}"] = statistics.median(best) * 1e6
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clocks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    clocks, built = build(args.clocks)
    events = sum(len(c.events) for c in clocks)
    print(
        f"built {len(clocks):,} clocks, {events:,} events in {built:.1f} s "
        f"({built / events * 1e6:.1f} us per event, not part of the goal)"
    )
    times = bench_evaluate(clocks, args.repeat)
    median = statistics.median(times)
    per_clock = median / len(clocks) * 1e6
    verdict = "PASS" if per_clock <= 10 else "MISS"
    print(
        f"evaluate(): median {median:.3f} s for {len(clocks):,} clocks = {per_clock:.2f} us "
        f"per clock (goal <= 10 us: {verdict}); runs: " + ", ".join(f"{t:.3f}" for t in times)
    )
    print("status() cost versus distance of `at` from the events (median us per call):")
    for label, us in bench_distance(args.repeat).items():
        print(f"  {label:<20} {us:7.2f} us")


if __name__ == "__main__":
    main()
